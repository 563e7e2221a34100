package certificates

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/jobs"
)

// StartBatch queues the bulk issue of a cohort: every completed trainee
// without a certificate gets one, and every current certificate goes into
// one ZIP. A batch already queued or running for the cohort is returned
// instead of a second one.
func (s *Service) StartBatch(ctx context.Context, actor accounts.Actor, cohortID int64) (*Batch, error) {
	if _, err := s.enr.CohortByID(ctx, cohortID); err != nil {
		return nil, err
	}
	var b Batch
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		err := s.db.Conn(ctx).Where("cohort_id = ? AND status IN ?", cohortID, []string{BatchQueued, BatchRunning}).Order("id").First(&b).Error
		if err == nil {
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("certificates: open batches of cohort %d: %w", cohortID, err)
		}
		b = Batch{CohortID: cohortID, Status: BatchQueued}
		if actor.UserID != 0 {
			b.RequestedBy = &actor.UserID
		}
		if b.Total, err = s.completed(ctx, cohortID); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Create(&b).Error; err != nil {
			return fmt.Errorf("certificates: create batch: %w", err)
		}
		return s.acc.Record(ctx, actor, "certificates.batch", "cohort", cohortID, map[string]any{"batch_id": b.ID, "total": b.Total})
	})
	if err != nil {
		return nil, err
	}
	if b.Status == BatchQueued && s.Enqueue != nil {
		if err := s.Enqueue(ctx, b.ID); err != nil {
			s.finish(ctx, &b, err)
			return nil, err
		}
	}
	return &b, nil
}

// completed counts a cohort's completed trainees.
func (s *Service) completed(ctx context.Context, cohortID int64) (int, error) {
	var n int
	if err := s.db.Conn(ctx).Table("enrolments").Where("cohort_id = ? AND status = ?", cohortID, enrollment.Completed).
		Select("COUNT(*)").Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("certificates: count completed of cohort %d: %w", cohortID, err)
	}
	return n, nil
}

// Batch returns a batch.
func (s *Service) Batch(ctx context.Context, id int64) (*Batch, error) {
	var b Batch
	err := s.db.Conn(ctx).First(&b, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrBatchNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("certificates: batch %d: %w", id, err)
	}
	return &b, nil
}

// Batches lists a cohort's batches, newest first.
func (s *Service) Batches(ctx context.Context, cohortID int64) ([]Batch, error) {
	var out []Batch
	if err := s.db.Conn(ctx).Where("cohort_id = ?", cohortID).Order("id DESC").Limit(20).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("certificates: batches of cohort %d: %w", cohortID, err)
	}
	return out, nil
}

// RunBatch does a batch's work; running it again issues nothing twice (a
// trainee's certificate is issued once, whatever runs) and a finished batch
// is left as it is.
func (s *Service) RunBatch(ctx context.Context, id int64) (err error) {
	b, err := s.Batch(ctx, id)
	if err != nil || b.Status == BatchDone {
		return err
	}
	defer func() { s.finish(ctx, b, err) }()
	if err := s.db.Conn(ctx).Model(b).Updates(map[string]any{"status": BatchRunning, "error": "", "updated_at": s.now()}).Error; err != nil {
		return fmt.Errorf("certificates: start batch %d: %w", id, err)
	}
	co, err := s.enr.CohortByID(ctx, b.CohortID)
	if err != nil {
		return err
	}
	var todo []int64
	if err := s.db.Conn(ctx).Table("enrolments AS e").Where("e.cohort_id = ? AND e.status = ?", co.ID, enrollment.Completed).
		Where("NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id AND c.status <> ?)", Superseded).
		Order("e.id").Pluck("e.id", &todo).Error; err != nil {
		return fmt.Errorf("certificates: trainees of cohort %d: %w", co.ID, err)
	}
	total, err := s.completed(ctx, co.ID)
	if err != nil {
		return err
	}
	b.Total, b.Done = total, total-len(todo)
	s.progress(ctx, b)
	if len(todo) > 0 {
		is, err := s.prepare(ctx, co.CourseID, &co.ID)
		if err != nil {
			return err
		}
		actor := accounts.Actor{}
		if b.RequestedBy != nil {
			actor.UserID = *b.RequestedBy
		}
		if err := s.issueAll(ctx, actor, is, b, todo); err != nil {
			return err
		}
	}
	b.ZipKey, err = s.writeZip(ctx, co)
	return err
}

// issueAll issues the certificates of todo on as many workers as there
// are cores (rendering is the cost; SQLite serialises the inserts),
// writing the progress every few certificates.
func (s *Service) issueAll(ctx context.Context, actor accounts.Actor, is *issuing, b *Batch, todo []int64) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int64)
	var done, issued atomic.Int64
	var mu sync.Mutex
	start := b.Done
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				_, made, err := s.issue(ctx, actor, is, id)
				if err != nil {
					cancel(err)
					return
				}
				if made {
					issued.Add(1)
				}
				if n := done.Add(1); n%25 == 0 {
					mu.Lock()
					b.Done, b.Issued = start+int(n), int(issued.Load())
					s.progress(ctx, b)
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for _, id := range todo {
		select {
		case next <- id:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	b.Done, b.Issued = start+int(done.Load()), int(issued.Load())
	return context.Cause(ctx)
}

// progress writes how far a batch is; a failure only delays the display.
func (s *Service) progress(ctx context.Context, b *Batch) {
	_ = s.db.Conn(ctx).Model(&Batch{}).Where("id = ?", b.ID).
		Updates(map[string]any{"total": b.Total, "done": b.Done, "issued": b.Issued, "updated_at": s.now()}).Error
}

// finish records the end of a batch: done with its ZIP, or failed.
func (s *Service) finish(ctx context.Context, b *Batch, err error) {
	ctx = context.WithoutCancel(ctx)
	b.Status, b.Error = BatchDone, ""
	if err != nil {
		b.Status, b.Error = BatchFailed, err.Error()
		if len(b.Error) > 500 {
			b.Error = b.Error[:500]
		}
	}
	_ = s.db.Conn(ctx).Model(&Batch{}).Where("id = ?", b.ID).Updates(map[string]any{"status": b.Status, "error": b.Error,
		"total": b.Total, "done": b.Done, "issued": b.Issued, "zip_key": b.ZipKey, "updated_at": s.now()}).Error
}

// writeZip streams every valid certificate of the cohort into a new ZIP
// in blob storage, one stored PDF after another, and returns its key. PDFs
// are compressed already, so the entries are stored, not deflated.
func (s *Service) writeZip(ctx context.Context, co *enrollment.Cohort) (string, error) {
	var certs []Certificate
	if err := s.db.Conn(ctx).Where("cohort_id = ? AND status = ?", co.ID, Valid).Order("holder_name, id").Find(&certs).Error; err != nil {
		return "", fmt.Errorf("certificates: certificates of cohort %d: %w", co.ID, err)
	}
	key, w, err := s.files.Create(ctx, "certificate-zips", "application/zip")
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		_ = w.Close()
		_ = s.files.Delete(context.WithoutCancel(ctx), key)
		return "", err
	}
	zw := zip.NewWriter(w)
	for i := range certs {
		c := &certs[i]
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: zipName(c), Method: zip.Store, Modified: c.IssuedAt})
		if err != nil {
			return fail(fmt.Errorf("certificates: zip entry %s: %w", c.Serial, err))
		}
		r, err := s.files.Open(ctx, c.FileKey)
		if err != nil {
			return fail(err)
		}
		_, err = io.Copy(fw, r)
		_ = r.Close()
		if err != nil {
			return fail(fmt.Errorf("certificates: zip %s: %w", c.Serial, err))
		}
	}
	if err := zw.Close(); err != nil {
		return fail(fmt.Errorf("certificates: close zip: %w", err))
	}
	if err := w.Close(); err != nil {
		_ = s.files.Delete(context.WithoutCancel(ctx), key)
		return "", fmt.Errorf("certificates: store zip: %w", err)
	}
	return key, nil
}

// zipName is an entry's file name: the serial and the holder's Latin name,
// kept to letters, digits and dashes so every unzip tool reads it.
func zipName(c *Certificate) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			return r
		case r == ' ' || r == '-' || r == '.':
			return '-'
		}
		return -1
	}, c.HolderName)
	return c.Serial + "_" + strings.Trim(name, "-") + ".pdf"
}

// OpenZip opens a finished batch's ZIP.
func (s *Service) OpenZip(ctx context.Context, b *Batch) (io.ReadCloser, error) {
	if b.Status != BatchDone || b.ZipKey == "" {
		return nil, ErrBatchNotReady
	}
	return s.files.Open(ctx, b.ZipKey)
}

// SetAuto turns automatic issuing on completion on or off for a cohort.
func (s *Service) SetAuto(ctx context.Context, actor accounts.Actor, cohortID int64, on bool) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		before, err := s.Auto(ctx, cohortID)
		if err != nil {
			return err
		}
		if before == on {
			return nil
		}
		conn := s.db.Conn(ctx)
		if on {
			err = conn.Exec("INSERT INTO certificate_auto_cohorts (cohort_id, created_at) VALUES (?, ?)", cohortID, s.now()).Error
		} else {
			err = conn.Exec("DELETE FROM certificate_auto_cohorts WHERE cohort_id = ?", cohortID).Error
		}
		if err != nil {
			return fmt.Errorf("certificates: auto issue of cohort %d: %w", cohortID, err)
		}
		return s.acc.Record(ctx, actor, "certificates.auto", "cohort", cohortID, map[string]any{"before": before, "after": on})
	})
}

// Auto reports whether a cohort issues its certificates on completion.
func (s *Service) Auto(ctx context.Context, cohortID int64) (bool, error) {
	var n int64
	if err := s.db.Conn(ctx).Table("certificate_auto_cohorts").Where("cohort_id = ?", cohortID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("certificates: auto issue of cohort %d: %w", cohortID, err)
	}
	return n > 0, nil
}

// AutoIssue issues the certificates of every completed trainee without one
// in the cohorts that issue on completion; the periodic job calls it. It
// returns how many it made.
func (s *Service) AutoIssue(ctx context.Context) (int, error) {
	var rows []struct {
		ID       int64
		CohortID int64
	}
	if err := s.db.Conn(ctx).Table("enrolments AS e").Select("e.id, e.cohort_id").
		Joins("JOIN certificate_auto_cohorts a ON a.cohort_id = e.cohort_id").Where("e.status = ?", enrollment.Completed).
		Where("NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id AND c.status <> ?)", Superseded).
		Order("e.cohort_id, e.id").Limit(1000).Find(&rows).Error; err != nil {
		return 0, fmt.Errorf("certificates: auto issue: %w", err)
	}
	n := 0
	var is *issuing
	for _, r := range rows {
		if is == nil || is.cohort.ID != r.CohortID {
			co, err := s.enr.CohortByID(ctx, r.CohortID)
			if err != nil {
				return n, err
			}
			if is, err = s.prepare(ctx, co.CourseID, &co.ID); err != nil {
				return n, err
			}
		}
		_, made, err := s.issue(ctx, accounts.Actor{}, is, r.ID)
		if err != nil {
			return n, err
		}
		if made {
			n++
		}
	}
	return n, nil
}

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

func (w *batchWorker) Work(ctx context.Context, job *river.Job[BatchArgs]) error {
	return w.svc.RunBatch(ctx, job.Args.BatchID)
}

// Timeout lets a cohort of thousands finish.
func (w *batchWorker) Timeout(*river.Job[BatchArgs]) time.Duration { return time.Hour }

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
// issue-on-completion job every minute.
func (s *Service) Jobs() jobs.Feature {
	return jobs.Feature{
		Register: func(w *river.Workers) {
			river.AddWorker(w, &batchWorker{svc: s})
			river.AddWorker(w, &autoWorker{svc: s})
		},
		Periodic: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
			func() (river.JobArgs, *river.InsertOpts) { return AutoArgs{}, nil }, nil)},
	}
}
