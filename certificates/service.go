package certificates

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Service issues, finds, revokes and re-issues certificates.
type Service struct {
	db    *store.DB
	enr   *enrollment.Service
	crs   *courses.Service
	acc   *accounts.Service
	files *files.Store
	keys  *Keys
	// events records certificates issued as xAPI statements (RecordTo).
	events enrollment.Recorder
	// BaseURL is the public address the QR codes and credentials point to.
	BaseURL string
	// Enqueue hands a bulk issue to the background jobs (River), inside
	// the transaction that makes the batch. Nil leaves batches queued, for
	// whoever calls RunBatch.
	Enqueue func(ctx context.Context, batchID int64) error
	// JobPending reports whether River still has a batch's job; Jobs sets
	// it with Enqueue once River runs. With it an open batch whose job is
	// gone is marked failed, and an interrupted run is left to the job;
	// nil: whoever calls RunBatch finishes the batch.
	JobPending func(ctx context.Context, batchID int64) (bool, error)
	// BatchSlice is how long one run of a batch's job issues before it
	// gives the queue back and goes on in a new run (default one minute).
	BatchSlice time.Duration
	now        func() time.Time
	status     statusCache
}

// NewService returns the certificates service, signing with keys.
func NewService(db *store.DB, acc *accounts.Service, crs *courses.Service, enr *enrollment.Service, fs *files.Store, keys *Keys) *Service {
	return &Service{db: db, acc: acc, crs: crs, enr: enr, files: fs, keys: keys, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
}

// VerifyURL is the public address of a certificate's verification page.
func (s *Service) VerifyURL(serial string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/verify/" + serial
}

// MayManage reports whether user may issue the certificates of a cohort
// (nil: self-paced enrolments): the cohort's coordinators in charge and
// admins; for self-paced courses, coordinators and admins.
func (s *Service) MayManage(ctx context.Context, user *accounts.User, cohortID *int64) error {
	if cohortID == nil {
		if user.Can(accounts.RoleCoordinator) {
			return nil
		}
		return ErrForbidden
	}
	_, err := s.enr.ManagedCohort(ctx, user, *cohortID)
	return err
}

// Issue makes the certificate of a completed enrolment, or returns the one
// it already has. The partial unique index on the enrolment makes
// concurrent calls produce one certificate; a loser's PDF is deleted.
func (s *Service) Issue(ctx context.Context, actor accounts.Actor, enrolmentID int64) (*Certificate, error) {
	c, _, err := s.issue(ctx, actor, nil, enrolmentID)
	return c, err
}

// issue is Issue with what a batch loads once (is may be nil); it reports
// whether it made a new certificate.
func (s *Service) issue(ctx context.Context, actor accounts.Actor, is *issuing, enrolmentID int64) (*Certificate, bool, error) {
	if c, err := s.current(ctx, enrolmentID); err == nil {
		return c, false, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, false, err
	}
	e, err := s.enr.Enrolment(ctx, enrolmentID)
	if err != nil {
		return nil, false, err
	}
	if e.Status != enrollment.Completed {
		return nil, false, ErrNotCompleted
	}
	if is == nil {
		if is, err = s.prepare(ctx, e.CourseID, e.CohortID); err != nil {
			return nil, false, err
		}
	}
	u, err := s.acc.User(ctx, e.UserID)
	if err != nil {
		return nil, false, err
	}
	for try := 0; try < 3; try++ {
		c := is.certificate(e, u, s.now())
		made, err := s.save(ctx, actor, is, c, nil)
		if err != nil || made {
			return c, made, err
		}
		// Another call issued it first, or (once in billions) the serial
		// was taken: the current certificate, or a new serial.
		if cur, err := s.current(ctx, enrolmentID); !errors.Is(err, ErrNotFound) {
			return cur, false, err
		}
	}
	return nil, false, fmt.Errorf("certificates: issue for enrolment %d: no free serial in 3 tries", enrolmentID)
}

// save renders and stores c's PDF and inserts c; it reports false, having
// deleted the PDF, when a current certificate of the enrolment (or the
// serial) exists already. replaced, when given, is marked superseded by c in
// the same transaction.
func (s *Service) save(ctx context.Context, actor accounts.Actor, is *issuing, c *Certificate, replaced *Certificate) (bool, error) {
	if err := s.signCredential(ctx, is.key, c, is.bundle.Localizer("en")); err != nil {
		return false, err
	}
	var pdf bytes.Buffer
	if err := Render(&pdf, is.data(c, s.VerifyURL(c.Serial))); err != nil {
		return false, err
	}
	sum := sha256.Sum256(pdf.Bytes())
	c.SHA256 = hex.EncodeToString(sum[:])
	var err error
	if c.FileKey, err = s.files.Put(ctx, "certificates", pdf.Bytes(), "application/pdf"); err != nil {
		return false, err
	}
	made := false
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		conn := s.db.Conn(ctx)
		if replaced != nil {
			res := conn.Model(&Certificate{}).Where("id = ? AND status = ?", replaced.ID, Valid).
				Updates(map[string]any{"status": Superseded, "updated_at": c.IssuedAt})
			if res.Error != nil {
				return fmt.Errorf("certificates: supersede %d: %w", replaced.ID, res.Error)
			}
			if res.RowsAffected == 0 {
				return ErrNotCurrent
			}
		}
		res := conn.Clauses(clause.OnConflict{DoNothing: true}).Create(c)
		if res.Error != nil {
			return fmt.Errorf("certificates: insert for enrolment %d: %w", c.EnrolmentID, res.Error)
		}
		if res.RowsAffected == 0 {
			if replaced != nil {
				return errSerialTaken
			}
			return nil
		}
		made = true
		if err := s.earned(ctx, c); err != nil {
			return err
		}
		detail := map[string]any{"serial": c.Serial, "enrolment_id": c.EnrolmentID, "holder_name": c.HolderName, "sha256": c.SHA256}
		action := "certificates.issue"
		if replaced != nil {
			if err := conn.Model(&Certificate{}).Where("id = ?", replaced.ID).Update("superseded_by", c.ID).Error; err != nil {
				return fmt.Errorf("certificates: point %d to %d: %w", replaced.ID, c.ID, err)
			}
			action = "certificates.reissue"
			detail["before"] = map[string]any{"serial": replaced.Serial, "holder_name": replaced.HolderName, "holder_native_name": replaced.HolderNativeName}
			detail["after"] = map[string]any{"serial": c.Serial, "holder_name": c.HolderName, "holder_native_name": c.HolderNativeName}
		}
		return s.acc.Record(ctx, actor, action, "certificate", c.ID, detail)
	})
	if err != nil || !made {
		s.discardUnlessKept(ctx, c.FileKey)
	}
	return made, err
}

// discardUnlessKept discards an issue's PDF unless a certificate row holds
// it after all. A transaction whose context is cancelled during COMMIT can
// commit on the server while the driver reports the cancellation, and
// deleting the blob then left a certificate without its PDF (a resumed
// batch could never write its ZIP).
func (s *Service) discardUnlessKept(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	var n int64
	if err := s.db.Conn(ctx).Model(&Certificate{}).Where("file_key = ?", key).Count(&n).Error; err != nil {
		slog.WarnContext(ctx, "certificates: blob kept, its row could not be checked", "key", key, "error", err)
		return
	}
	if n == 0 {
		s.discard(ctx, key)
	}
}

var errSerialTaken = errors.New("certificates: serial taken")

// current is the enrolment's certificate that is not superseded.
func (s *Service) current(ctx context.Context, enrolmentID int64) (*Certificate, error) {
	var c Certificate
	err := s.db.Conn(ctx).Where("enrolment_id = ? AND status <> ?", enrolmentID, Superseded).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("certificates: load by enrolment %d: %w", enrolmentID, err)
	}
	return &c, nil
}

// IssueSelected issues the certificates of the given enrolments of a
// cohort. Every one must belong to the cohort and be completed, or nothing
// is issued; those that have a certificate keep it. It returns how many it
// made.
func (s *Service) IssueSelected(ctx context.Context, actor accounts.Actor, cohortID int64, enrolmentIDs []int64) (int, error) {
	if len(enrolmentIDs) == 0 {
		v := &i18n.ValidationError{}
		v.Add("enrolment_ids", "error.certificate.none_selected")
		return 0, v
	}
	var rows []struct {
		ID     int64
		Status enrollment.Status
	}
	if err := s.db.Conn(ctx).Table("enrolments").Select("id, status").Where("cohort_id = ? AND id IN ?", cohortID, enrolmentIDs).
		Find(&rows).Error; err != nil {
		return 0, fmt.Errorf("certificates: selected enrolments of cohort %d: %w", cohortID, err)
	}
	found := map[int64]bool{}
	for _, r := range rows {
		if r.Status != enrollment.Completed {
			return 0, ErrNotCompleted
		}
		found[r.ID] = true
	}
	for _, id := range enrolmentIDs {
		if !found[id] {
			return 0, enrollment.ErrEnrolmentNotFound
		}
	}
	co, err := s.enr.CohortByID(ctx, cohortID)
	if err != nil {
		return 0, err
	}
	is, err := s.prepare(ctx, co.CourseID, &co.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for id := range found {
		_, made, err := s.issue(ctx, actor, is, id)
		if err != nil {
			return n, err
		}
		if made {
			n++
		}
	}
	return n, nil
}

// BySerial finds a certificate by a serial typed in any case, with or
// without dashes. A serial that cannot be one is ErrSerialInvalid or
// ErrSerialCheck; one that is well formed but was never issued,
// ErrNotFound.
func (s *Service) BySerial(ctx context.Context, typed string) (*Certificate, error) {
	serial, err := CheckSerial(typed)
	if err != nil {
		return nil, err
	}
	var c Certificate
	err = s.db.Conn(ctx).Where("serial = ?", serial).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("certificates: load %s: %w", serial, err)
	}
	return &c, nil
}

// ByID returns a certificate.
func (s *Service) ByID(ctx context.Context, id int64) (*Certificate, error) {
	var c Certificate
	err := s.db.Conn(ctx).First(&c, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("certificates: load %d: %w", id, err)
	}
	return &c, nil
}

// Readable returns a certificate its holder, the coordinators in charge of
// its cohort or an admin asks for; anyone else is told it does not exist.
func (s *Service) Readable(ctx context.Context, user *accounts.User, id int64) (*Certificate, error) {
	c, err := s.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, ErrNotFound
	}
	if user.ID == c.UserID && user.Active {
		return c, nil
	}
	if err := s.MayManage(ctx, user, c.CohortID); err != nil {
		return nil, ErrNotFound
	}
	return c, nil
}

// Mine lists a person's certificates, newest first.
func (s *Service) Mine(ctx context.Context, userID int64) ([]Certificate, error) {
	var out []Certificate
	if err := s.db.Conn(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("certificates: of user %d: %w", userID, err)
	}
	return out, nil
}

// Revoke marks a valid certificate revoked with a reason; its verification
// page says so from then on.
func (s *Service) Revoke(ctx context.Context, actor accounts.Actor, id int64, reason string) (*Certificate, error) {
	reason = strings.TrimSpace(reason)
	v := &i18n.ValidationError{}
	switch {
	case reason == "":
		v.Add("reason", "error.field.required")
	case len([]rune(reason)) > 500:
		v.Add("reason", "error.field.too_long", "Max", 500)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Certificate
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var c Certificate
		err := s.db.ForUpdate(s.db.Conn(ctx)).First(&c, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("certificates: load %d: %w", id, err)
		}
		switch c.Status {
		case Revoked:
			return ErrAlreadyRevoked
		case Superseded:
			return ErrNotCurrent
		}
		now := s.now()
		c.Status, c.RevokedAt, c.RevokeReason, c.UpdatedAt = Revoked, &now, reason, now
		if err := s.db.Conn(ctx).Model(&c).Select("status", "revoked_at", "revoke_reason", "updated_at").Updates(&c).Error; err != nil {
			return fmt.Errorf("certificates: revoke %d: %w", id, err)
		}
		out = &c
		return s.acc.Record(ctx, actor, "certificates.revoke", "certificate", id, map[string]any{
			"serial": c.Serial, "reason": reason, "before": map[string]any{"status": Valid}, "after": map[string]any{"status": Revoked}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reissue replaces a valid certificate by a new one made from the holder's
// profile as it is now (after a name correction) and today's template: the
// old one is marked superseded and points to the new one, whose serial and
// PDF are new.
func (s *Service) Reissue(ctx context.Context, actor accounts.Actor, id int64) (*Certificate, error) {
	old, err := s.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if old.Status != Valid {
		return nil, ErrNotCurrent
	}
	e, err := s.enr.Enrolment(ctx, old.EnrolmentID)
	if err != nil {
		return nil, err
	}
	u, err := s.acc.User(ctx, e.UserID)
	if err != nil {
		return nil, err
	}
	is, err := s.prepare(ctx, e.CourseID, e.CohortID)
	if err != nil {
		return nil, err
	}
	for try := 0; try < 3; try++ {
		c := is.certificate(e, u, s.now())
		_, err := s.save(ctx, actor, is, c, old)
		if !errors.Is(err, errSerialTaken) {
			if err != nil {
				return nil, err
			}
			return c, nil
		}
	}
	return nil, fmt.Errorf("certificates: reissue %d: no free serial in 3 tries", id)
}

// PDF opens the stored PDF of a certificate.
func (s *Service) PDF(ctx context.Context, c *Certificate) (io.ReadCloser, error) {
	return s.files.Open(ctx, c.FileKey)
}
