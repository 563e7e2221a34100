package certificates

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
)

// writeTimeout bounds a write that must happen even though the request or
// job that wanted it is gone (a batch's last progress, a clean-up).
const writeTimeout = 30 * time.Second

// defaultSlice is how long one run of a batch's job issues (BatchSlice).
const defaultSlice = time.Minute

func (s *Service) slice() time.Duration {
	if s.BatchSlice > 0 {
		return s.BatchSlice
	}
	return defaultSlice
}

// RunBatch runs a batch to the end: it issues what is missing and writes
// the ZIP. Running it again issues nothing twice, and a finished batch
// (done or failed) is left as it is. Interrupted (ctx cancelled, a
// failure), the batch is marked failed, unless River runs the jobs
// (JobPending set): then the batch's job carries it on.
func (s *Service) RunBatch(ctx context.Context, id int64) error {
	_, err := s.runBatch(ctx, id, time.Time{})
	if err != nil && s.JobPending == nil {
		return errors.Join(err, s.fail(ctx, id, err))
	}
	return err
}

// runBatch does a batch's work until it is finished or, when until is
// set, until then; it reports whether the batch is finished.
func (s *Service) runBatch(ctx context.Context, id int64, until time.Time) (finished bool, err error) {
	b, err := s.batch(ctx, id)
	if err != nil || !b.open() {
		return err == nil, err
	}
	co, err := s.enr.CohortByID(ctx, b.CohortID)
	if err != nil {
		return false, err
	}
	var todo []int64
	if err := s.db.Conn(ctx).Table("enrolments AS e").Where("e.cohort_id = ? AND e.status = ?", co.ID, enrollment.Completed).
		Where("NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id AND c.status <> ?)", Superseded).
		Order("e.id").Pluck("e.id", &todo).Error; err != nil {
		return false, fmt.Errorf("certificates: trainees of cohort %d: %w", co.ID, err)
	}
	if b.Total, err = s.completed(ctx, co.ID); err != nil {
		return false, err
	}
	b.Done = b.Total - len(todo)
	r := &batchRun{s: s, b: b}
	if err := r.write(ctx, BatchRunning); err != nil {
		return false, err
	}
	ctx, stop := r.beat(ctx)
	defer func() {
		// The last progress is written even if ctx is gone; a failed
		// write fails the run (River runs it again).
		if werr := stop(); err == nil {
			err = werr
		}
	}()
	if len(todo) > 0 {
		is, err := s.prepare(ctx, co.CourseID, &co.ID)
		if err != nil {
			return false, err
		}
		actor := accounts.Actor{}
		if b.RequestedBy != nil {
			actor.UserID = *b.RequestedBy
		}
		if paused, err := r.issueAll(ctx, actor, is, todo, until); err != nil || paused {
			return false, err
		}
	}
	key, err := s.writeZip(ctx, co)
	if err != nil {
		return false, err
	}
	r.mu.Lock()
	b.ZipKey = key
	r.mu.Unlock()
	return true, r.write(ctx, BatchDone)
}

// A batchRun is one run of a batch: its counts as the workers go, written
// by a heartbeat.
type batchRun struct {
	s  *Service
	mu sync.Mutex // b while the run works
	b  *Batch
}

// write stores the run's counts with status (done: with the ZIP), if the
// batch is still open.
func (r *batchRun) write(ctx context.Context, status string) error {
	r.mu.Lock()
	b := *r.b
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	fields := map[string]any{"total": b.Total, "done": b.Done, "issued": b.Issued, "updated_at": r.s.now()}
	if status != "" {
		fields["status"], fields["error"] = status, ""
	}
	if status == BatchDone {
		fields["zip_key"] = b.ZipKey
	}
	if err := r.s.db.Conn(ctx).Model(&Batch{}).Where("id = ? AND status IN ?", b.ID, []string{BatchQueued, BatchRunning}).
		Updates(fields).Error; err != nil {
		return fmt.Errorf("certificates: progress of batch %d: %w", b.ID, err)
	}
	return nil
}

// beat writes the run's progress every few seconds, so the page shows it
// and a run that stopped writing is seen to be stalled. A failed write
// stops the run; stop writes the last progress, or returns that failure.
func (r *batchRun) beat(ctx context.Context) (context.Context, func() error) {
	ctx, cancel := context.WithCancelCause(ctx)
	quit, over := make(chan struct{}), make(chan struct{})
	var failed error // the heartbeat's own write failure, read after over
	go func() {
		defer close(over)
		t := time.NewTicker(batchHeartbeat)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				if failed = r.write(ctx, ""); failed != nil {
					cancel(failed)
					return
				}
			case <-quit:
				return
			}
		}
	}()
	return ctx, func() error {
		close(quit)
		<-over
		cancel(nil)
		if failed != nil {
			return failed
		}
		return r.write(ctx, "")
	}
}

// issueAll issues the certificates of todo on as many workers as there
// are cores (rendering is the cost; SQLite serialises the inserts). When
// until passes it stops handing out work, lets the workers finish theirs
// and reports that it paused.
func (r *batchRun) issueAll(ctx context.Context, actor accounts.Actor, is *issuing, todo []int64, until time.Time) (paused bool, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				_, issued, err := r.s.issue(ctx, actor, is, id)
				if err != nil {
					cancel(err)
					return
				}
				r.mu.Lock()
				r.b.Done++
				if issued {
					r.b.Issued++
				}
				r.mu.Unlock()
			}
		}()
	}
feed:
	for i, id := range todo {
		if i > 0 && !until.IsZero() && time.Now().After(until) {
			paused = true
			break
		}
		select {
		case next <- id:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return paused, context.Cause(ctx)
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
		_ = w.Close() // the upload is abandoned; its error says nothing more
		s.discard(ctx, key)
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
		_ = r.Close() // read to the end or failed: err says which
		if err != nil {
			return fail(fmt.Errorf("certificates: zip %s: %w", c.Serial, err))
		}
	}
	if err := zw.Close(); err != nil {
		return fail(fmt.Errorf("certificates: close zip: %w", err))
	}
	if err := w.Close(); err != nil {
		s.discard(ctx, key)
		return "", fmt.Errorf("certificates: store zip: %w", err)
	}
	return key, nil
}

// discard deletes a blob whose row was never written, or was rolled back.
// It runs on a context of its own with a time limit: the request's or
// job's may be cancelled already (often the very reason), and a blob left
// behind is only wasted space, so its failure is logged, not returned.
func (s *Service) discard(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	if err := s.files.Delete(ctx, key); err != nil {
		slog.WarnContext(ctx, "certificates: blob left behind", "key", key, "error", err)
	}
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
