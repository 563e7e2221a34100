package lrs

import (
	"context"
	"net/http"
	"time"

	"github.com/riverqueue/river"

	"github.com/baeum-lms/baeum/jobs"
)

// ForwardArgs is the periodic job that sends statements on to the other
// LRSs.
type ForwardArgs struct{}

// Kind names the job.
func (ForwardArgs) Kind() string { return "lrs_forward" }

// ForwardEvery is how often statements go on to the other LRSs.
const ForwardEvery = 30 * time.Second

type forwardWorker struct {
	river.WorkerDefaults[ForwardArgs]
	svc    *Service
	client *http.Client
}

// Work sends what each forward has not taken. A failure is kept on the
// forward for the admin page and retried by River (and the next period).
func (w *forwardWorker) Work(ctx context.Context, _ *river.Job[ForwardArgs]) error {
	return w.svc.ForwardAll(ctx, w.client)
}

// Timeout bounds one round of forwarding.
func (w *forwardWorker) Timeout(*river.Job[ForwardArgs]) time.Duration { return 4 * time.Minute }

// Jobs is the LRS's background work: forwarding, every ForwardEvery.
func (s *Service) Jobs() jobs.Feature {
	return jobs.Feature{
		Register: func(ws *river.Workers) {
			river.AddWorker(ws, &forwardWorker{svc: s, client: &http.Client{Timeout: 30 * time.Second}})
		},
		Periodic: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(ForwardEvery),
			func() (river.JobArgs, *river.InsertOpts) {
				return ForwardArgs{}, &river.InsertOpts{MaxAttempts: 3}
			}, nil)},
	}
}
