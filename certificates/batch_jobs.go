package certificates

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/baeum-lms/baeum/jobs"
)

// BatchArgs is the River job of one batch.
type BatchArgs struct {
	BatchID int64 `json:"batch_id"`
}

// Kind names the job.
func (BatchArgs) Kind() string { return "certificate_batch" }

// InsertOpts puts batches on the bulk queue, away from the mail.
func (BatchArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: jobs.QueueBulk, MaxAttempts: 5}
}

type batchWorker struct {
	river.WorkerDefaults[BatchArgs]
	svc *Service
}

// Work runs a slice of the batch. Unfinished, the job snoozes: it goes
// back in the queue at once (a snooze spends no attempt) and another
// cohort's batch may take a turn. A failure is retried by River; on the
// last attempt the batch is marked failed, since nothing will finish it.
func (w *batchWorker) Work(ctx context.Context, job *river.Job[BatchArgs]) error {
	finished, err := w.svc.runBatch(ctx, job.Args.BatchID, time.Now().Add(w.svc.slice()))
	switch {
	case err != nil && job.Attempt >= job.MaxAttempts:
		return errors.Join(err, w.svc.fail(ctx, job.Args.BatchID, err))
	case err != nil:
		return err
	case !finished:
		return river.JobSnooze(0)
	}
	return nil
}

// Timeout is a slice of issuing and time for the ZIP; River's rescue of
// a dead process's jobs (jobs.DefaultRescueAfter) comes after it.
func (w *batchWorker) Timeout(*river.Job[BatchArgs]) time.Duration { return 5 * w.svc.slice() }

// AutoArgs is the periodic job that issues on completion.
type AutoArgs struct{}

// Kind names the job.
func (AutoArgs) Kind() string { return "certificate_auto" }

type autoWorker struct {
	river.WorkerDefaults[AutoArgs]
	svc *Service
}

func (w *autoWorker) Work(ctx context.Context, _ *river.Job[AutoArgs]) error {
	_, err := w.svc.AutoIssue(ctx)
	return err
}

// Jobs is the background work of certificates: the batch worker and the
// issue-on-completion job every minute. Once River runs, batches go to it
// and an open batch whose job River no longer has is failed.
func (s *Service) Jobs() jobs.Feature {
	return jobs.Feature{
		Register: func(w *river.Workers) {
			river.AddWorker(w, &batchWorker{svc: s})
			river.AddWorker(w, &autoWorker{svc: s})
		},
		Periodic: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
			func() (river.JobArgs, *river.InsertOpts) { return AutoArgs{}, nil }, nil)},
		Started: func() {
			s.Enqueue = func(ctx context.Context, id int64) error { return jobs.Insert(ctx, s.db, BatchArgs{BatchID: id}) }
			s.JobPending = func(ctx context.Context, id int64) (bool, error) {
				return jobs.Pending(ctx, s.db, BatchArgs{}.Kind(), "batch_id", id)
			}
		},
	}
}
