package certificates

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
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

// Certificate is an issued certificate. What it says is kept as issued:
// later changes to the course or the person do not change it, and the
// stored PDF's SHA-256 lets anyone check a copy.
type Certificate struct {
	ID               int64
	EnrolmentID      int64
	UserID           int64
	CourseID         int64
	CohortID         *int64
	Serial           string
	HolderName       string
	HolderNativeName string
	CourseTitle      string
	CourseTitleLocal string
	SecondLocale     string
	Hours            int
	CohortCode       string
	Country          string
	StartsOn         *store.Date
	EndsOn           *store.Date
	IssuedAt         time.Time
	Status           string // valid, revoked
	RevokedAt        *time.Time
	RevokeReason     string
	FileKey          string
	SHA256           string `gorm:"column:sha256"`
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Errors.
var (
	ErrNotFound      = i18n.NewError(i18n.KindNotFound, "error.certificate.not_found")
	ErrNotCompleted  = i18n.NewError(i18n.KindConflict, "error.certificate.not_completed")
	ErrAlreadyRevoke = i18n.NewError(i18n.KindConflict, "error.certificate.revoked")
)

// Service issues, finds and revokes certificates.
type Service struct {
	db      *store.DB
	enr     *enrollment.Service
	crs     *courses.Service
	acc     *accounts.Service
	files   *files.Store
	BaseURL string
	now     func() time.Time
}

// NewService returns the certificates service.
func NewService(db *store.DB, acc *accounts.Service, crs *courses.Service, enr *enrollment.Service, fs *files.Store) *Service {
	return &Service{db: db, acc: acc, crs: crs, enr: enr, files: fs, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
}

// VerifyURL is the public address of a certificate's verification page.
func (s *Service) VerifyURL(serial string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/verify/" + serial
}

// Issue makes the certificate of a completed enrolment, or returns the one
// it already has: the unique index on the enrolment makes concurrent calls
// produce one certificate, and the loser's PDF is deleted.
func (s *Service) Issue(ctx context.Context, actor accounts.Actor, enrolmentID int64) (*Certificate, error) {
	if c, err := s.byEnrolment(ctx, enrolmentID); err == nil {
		return c, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	e, err := s.enr.Enrolment(ctx, enrolmentID)
	if err != nil {
		return nil, err
	}
	if e.Status != enrollment.Completed {
		return nil, ErrNotCompleted
	}
	u, err := s.acc.User(ctx, e.UserID)
	if err != nil {
		return nil, err
	}
	course, err := s.crs.Course(ctx, e.CourseID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c := &Certificate{EnrolmentID: e.ID, UserID: u.ID, CourseID: course.ID, CohortID: e.CohortID, Serial: NewSerial(now.Year()),
		HolderName: u.Name, CourseTitle: course.Title("en").Text, SecondLocale: "ko", Hours: course.DurationHours,
		IssuedAt: now, Status: "valid", Country: u.Country}
	if Printable(u.NativeName) {
		c.HolderNativeName = u.NativeName
	}
	if t := course.Title("ko"); !t.Fallback {
		c.CourseTitleLocal = t.Text
	}
	if e.CohortID != nil {
		co, err := s.enr.CohortByID(ctx, *e.CohortID)
		if err != nil {
			return nil, err
		}
		c.CohortCode, c.Country = co.Code, co.Country
		c.StartsOn, c.EndsOn = &co.StartsOn, &co.EndsOn
	}
	var pdf bytes.Buffer
	if err := Render(&pdf, s.data(c)); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(pdf.Bytes())
	c.SHA256 = hex.EncodeToString(sum[:])
	if c.FileKey, err = s.files.Put(ctx, "certificates", pdf.Bytes(), "application/pdf"); err != nil {
		return nil, err
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		res := s.db.Conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "enrolment_id"}}, DoNothing: true}).Create(c)
		if res.Error != nil {
			return fmt.Errorf("certificates: issue for enrolment %d: %w", e.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return errLostRace
		}
		return s.acc.Record(ctx, actor, "certificates.issue", "certificate", c.ID, map[string]any{"serial": c.Serial, "enrolment_id": e.ID, "sha256": c.SHA256})
	})
	if errors.Is(err, errLostRace) {
		_ = s.files.Delete(ctx, c.FileKey)
		return s.byEnrolment(ctx, enrolmentID)
	}
	if err != nil {
		_ = s.files.Delete(ctx, c.FileKey)
		return nil, err
	}
	return c, nil
}

var errLostRace = errors.New("certificates: another call issued it first")

// data is what the PDF prints, in English and Korean.
func (s *Service) data(c *Certificate) Data {
	b, _ := i18n.Load()
	en, ko := b.Localizer("en"), b.Localizer("ko")
	details := []string{}
	if c.CohortCode != "" {
		details = append(details, en.T("certificate.cohort", "Code", c.CohortCode))
	}
	if c.Country != "" {
		details = append(details, en.CountryName(c.Country))
	}
	if c.StartsOn != nil && c.EndsOn != nil {
		details = append(details, string(*c.StartsOn)+" – "+string(*c.EndsOn))
	}
	if c.Hours > 0 {
		details = append(details, en.T("page.catalogue.hours", "Count", c.Hours))
	}
	return Data{
		Institute: en.T("certificate.institute"), InstituteLocal: ko.T("certificate.institute"),
		Heading: en.T("certificate.heading"), HeadingLocal: ko.T("certificate.heading"),
		Statement: en.T("certificate.statement"), StatementLocal: ko.T("certificate.statement"),
		HolderName: c.HolderName, HolderNativeName: c.HolderNativeName,
		CourseTitle: c.CourseTitle, CourseLocal: c.CourseTitleLocal,
		Details: strings.Join(details, " · "), IssuedLine: en.T("certificate.issued", "Date", c.IssuedAt.Format("2006-01-02")),
		Serial: c.Serial, VerifyURL: s.VerifyURL(c.Serial),
		Signatories: []Signatory{{Name: en.T("certificate.signatory_name"), Title: en.T("certificate.signatory_title")}},
	}
}

func (s *Service) byEnrolment(ctx context.Context, enrolmentID int64) (*Certificate, error) {
	var c Certificate
	err := s.db.Conn(ctx).Where("enrolment_id = ?", enrolmentID).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("certificates: load by enrolment %d: %w", enrolmentID, err)
	}
	return &c, nil
}

// IssueCohort issues the certificates of every completed trainee of a
// cohort that has none yet; running it again issues nothing twice. It
// returns how many it issued.
func (s *Service) IssueCohort(ctx context.Context, actor accounts.Actor, cohortID int64) (int, error) {
	var ids []int64
	err := s.db.Conn(ctx).Table("enrolments AS e").Where("e.cohort_id = ? AND e.status = ?", cohortID, enrollment.Completed).
		Where("NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id)").Order("e.id").Pluck("e.id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("certificates: completed trainees of cohort %d: %w", cohortID, err)
	}
	n := 0
	for _, id := range ids {
		if _, err := s.Issue(ctx, actor, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// BySerial finds a certificate by a serial typed in any case, with or
// without dashes.
func (s *Service) BySerial(ctx context.Context, typed string) (*Certificate, error) {
	serial, ok := NormaliseSerial(typed)
	if !ok {
		return nil, ErrNotFound
	}
	var c Certificate
	err := s.db.Conn(ctx).Where("serial = ?", serial).First(&c).Error
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

// Mine lists a person's certificates, newest first.
func (s *Service) Mine(ctx context.Context, userID int64) ([]Certificate, error) {
	var out []Certificate
	if err := s.db.Conn(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("certificates: of user %d: %w", userID, err)
	}
	return out, nil
}

// Revoke marks a certificate revoked with a reason; its verification page
// says so from then on.
func (s *Service) Revoke(ctx context.Context, actor accounts.Actor, id int64, reason string) (*Certificate, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 500 {
		v := &i18n.ValidationError{}
		v.Add("reason", "error.field.required")
		return nil, v
	}
	var out *Certificate
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.ByID(ctx, id)
		if err != nil {
			return err
		}
		if c.Status == "revoked" {
			return ErrAlreadyRevoke
		}
		now := s.now()
		c.Status, c.RevokedAt, c.RevokeReason = "revoked", &now, reason
		if err := s.db.Conn(ctx).Model(c).Select("status", "revoked_at", "revoke_reason", "updated_at").Updates(c).Error; err != nil {
			return fmt.Errorf("certificates: revoke %d: %w", id, err)
		}
		out = c
		return s.acc.Record(ctx, actor, "certificates.revoke", "certificate", id, map[string]any{"serial": c.Serial, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PDF opens the stored PDF of a certificate.
func (s *Service) PDF(ctx context.Context, c *Certificate) (io.ReadCloser, error) {
	return s.files.Open(ctx, c.FileKey)
}
