package certificates

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
)

// A batch's life: StartBatch queues it (with its River job, in the same
// transaction), a run of the job issues what is missing for at most a
// slice of time and gives the queue back, the next run goes on, and the
// last one writes the ZIP. A process that dies mid-run leaves the batch
// running and its job running; River rescues the job (jobs.RescueAfter)
// and the next run carries on, issuing nothing twice. Only when River no
// longer has the job (it gave up, or someone cancelled it) is the batch
// marked failed, so that a new one can start.

// How often a run writes its progress, and after how long without a
// write the page says the batch is making no progress.
const (
	batchHeartbeat = 5 * time.Second
	batchStalled   = 2 * time.Minute
)

// errBatchLost is the failure of a batch whose job River no longer has.
var errBatchLost = errors.New("certificates: the batch's background job is gone (given up or cancelled)")

func (b *Batch) open() bool { return b.Status == BatchQueued || b.Status == BatchRunning }

// StartBatch queues the bulk issue of a cohort: every completed trainee
// without a certificate gets one, and every current certificate goes into
// one ZIP. A batch already queued or running for the cohort is returned
// instead of a second one, unless its job is gone: then it is marked
// failed and a new batch starts.
func (s *Service) StartBatch(ctx context.Context, actor accounts.Actor, cohortID int64) (*Batch, error) {
	if _, err := s.enr.CohortByID(ctx, cohortID); err != nil {
		return nil, err
	}
	var b Batch
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		err := s.db.Conn(ctx).Where("cohort_id = ? AND status IN ?", cohortID, []string{BatchQueued, BatchRunning}).Order("id").First(&b).Error
		switch {
		case err == nil:
			lost, err := s.lost(ctx, &b)
			if err != nil || !lost {
				return err
			}
			if err := s.fail(ctx, b.ID, errBatchLost); err != nil {
				return err
			}
		case !errors.Is(err, gorm.ErrRecordNotFound):
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
		if err := s.acc.Record(ctx, actor, "certificates.batch", "cohort", cohortID, map[string]any{"batch_id": b.ID, "total": b.Total}); err != nil {
			return err
		}
		if s.Enqueue == nil {
			return nil
		}
		// In the transaction (jobs.Insert joins it): the batch exists
		// exactly when its job does.
		return s.Enqueue(ctx, b.ID)
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// lost reports whether an open batch's job is gone for good. Without
// River (JobPending nil) nobody can tell, and the batch is not lost.
func (s *Service) lost(ctx context.Context, b *Batch) (bool, error) {
	if s.JobPending == nil || !b.open() {
		return false, nil
	}
	pending, err := s.JobPending(ctx, b.ID)
	if err != nil {
		return false, fmt.Errorf("certificates: job of batch %d: %w", b.ID, err)
	}
	return !pending, nil
}

// settle marks an open batch whose job is gone as failed and says how it
// stands now; a batch that finished meanwhile is left as it is.
func (s *Service) settle(ctx context.Context, b *Batch) error {
	lost, err := s.lost(ctx, b)
	if err == nil && lost {
		if err = s.fail(ctx, b.ID, errBatchLost); err == nil {
			err = s.db.Conn(ctx).First(b, b.ID).Error
		}
	}
	if err != nil {
		return fmt.Errorf("certificates: settle batch %d: %w", b.ID, err)
	}
	b.Stalled = b.Status == BatchRunning && s.now().Sub(b.UpdatedAt) > batchStalled
	return nil
}

// fail marks a batch failed with the cause, if it is still open.
func (s *Service) fail(ctx context.Context, id int64, cause error) error {
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	if err := s.db.Conn(ctx).Model(&Batch{}).Where("id = ? AND status IN ?", id, []string{BatchQueued, BatchRunning}).
		Updates(map[string]any{"status": BatchFailed, "error": msg, "updated_at": s.now()}).Error; err != nil {
		return fmt.Errorf("certificates: mark batch %d failed: %w", id, err)
	}
	return nil
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

// batch loads a batch as it is stored.
func (s *Service) batch(ctx context.Context, id int64) (*Batch, error) {
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

// Batch returns a batch as it stands (one whose job is gone is failed).
func (s *Service) Batch(ctx context.Context, id int64) (*Batch, error) {
	b, err := s.batch(ctx, id)
	if err != nil {
		return nil, err
	}
	return b, s.settle(ctx, b)
}

// ManagedBatch returns a batch of a cohort user is in charge of; any other
// batch is not found.
func (s *Service) ManagedBatch(ctx context.Context, user *accounts.User, id int64) (*Batch, error) {
	b, err := s.batch(ctx, id)
	if err == nil {
		err = s.MayManage(ctx, user, &b.CohortID)
	}
	if err != nil {
		// Another cohort's batch is not there, as far as user knows.
		var de *i18n.Error
		if errors.As(err, &de) && (de.Kind == i18n.KindNotFound || de.Kind == i18n.KindForbidden) {
			return nil, ErrBatchNotFound
		}
		return nil, err
	}
	return b, s.settle(ctx, b)
}

// Batches lists a cohort's batches, newest first.
func (s *Service) Batches(ctx context.Context, cohortID int64) ([]Batch, error) {
	var out []Batch
	if err := s.db.Conn(ctx).Where("cohort_id = ?", cohortID).Order("id DESC").Limit(20).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("certificates: batches of cohort %d: %w", cohortID, err)
	}
	for i := range out {
		if err := s.settle(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OpenZip opens a finished batch's ZIP.
func (s *Service) OpenZip(ctx context.Context, b *Batch) (io.ReadCloser, error) {
	if b.Status == BatchFailed {
		return nil, ErrBatchFailed
	}
	if b.Status != BatchDone || b.ZipKey == "" {
		return nil, ErrBatchNotReady
	}
	return s.files.Open(ctx, b.ZipKey)
}
