package certificates

import (
	"time"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Status is where a certificate stands.
type Status string

// The statuses. A superseded certificate was replaced by a re-issue (after a
// name correction); its page points to the new one.
const (
	Valid      Status = "valid"
	Revoked    Status = "revoked"
	Superseded Status = "superseded"
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
	ProgrammeTitle   string
	SecondLocale     string
	Hours            int
	CohortCode       string
	Country          string
	StartsOn         *store.Date
	EndsOn           *store.Date
	IssuedAt         time.Time
	Status           Status
	RevokedAt        *time.Time
	RevokeReason     string
	SupersededBy     *int64
	FileKey          string
	SHA256           string `gorm:"column:sha256"`
	// Credential is the signed Open Badges 3.0 credential as issued (JSON),
	// empty for a certificate issued before signing until it is signed;
	// StatusList and StatusIndex are its position in the revocation
	// status lists.
	Credential  string
	StatusList  *int
	StatusIndex *int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Template is how a programme's certificates look: the second language
// beside English, the paper, the colour, the logo, the wording (blank means
// the translated default) and the signatories. ProgrammeID nil is the
// institute's default for programmes without their own.
type Template struct {
	ID             int64
	ProgrammeID    *int64
	SecondLocale   string
	Paper          string // A4 or Letter
	Colour         string // #RRGGBB
	LogoKey        string
	Institute      string
	InstituteLocal string
	Heading        string
	HeadingLocal   string
	Statement      string
	StatementLocal string
	Signatories    []Signatory `gorm:"foreignKey:TemplateID"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// TableName is the templates' table.
func (Template) TableName() string { return "certificate_templates" }

// Signatory signs a template's certificates; ImageKey is the uploaded
// signature image in blob storage, "" for none.
type Signatory struct {
	ID         int64
	TemplateID int64
	Position   int
	Name       string
	Title      string
	ImageKey   string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName is the signatories' table.
func (Signatory) TableName() string { return "certificate_signatories" }

// Batch is one bulk issue of a cohort, run by a background job: it issues
// what is missing and writes every current certificate into one ZIP.
type Batch struct {
	ID          int64
	CohortID    int64
	RequestedBy *int64
	Status      string // queued, running, done, failed
	Total       int
	Done        int
	Issued      int // new certificates this batch made
	ZipKey      string
	Error       string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Stalled: running, but no progress written for minutes (the server
	// may have restarted; River carries the batch on).
	Stalled bool `gorm:"-"`
}

// TableName is the batches' table.
func (Batch) TableName() string { return "certificate_batches" }

// The batch statuses.
const (
	BatchQueued  = "queued"
	BatchRunning = "running"
	BatchDone    = "done"
	BatchFailed  = "failed"
)

// Percent is how far the batch is.
func (b *Batch) Percent() int {
	if b.Total == 0 {
		if b.Status == BatchDone {
			return 100
		}
		return 0
	}
	return b.Done * 100 / b.Total
}

// Errors.
var (
	ErrNotFound       = i18n.NewError(i18n.KindNotFound, "error.certificate.not_found")
	ErrNotCompleted   = i18n.NewError(i18n.KindConflict, "error.certificate.not_completed")
	ErrNotCurrent     = i18n.NewError(i18n.KindConflict, "error.certificate.not_current")
	ErrAlreadyRevoked = i18n.NewError(i18n.KindConflict, "error.certificate.revoked")
	ErrForbidden      = i18n.NewError(i18n.KindForbidden, "error.forbidden")
	ErrBatchNotFound  = i18n.NewError(i18n.KindNotFound, "error.certificate.batch_not_found")
	ErrBatchNotReady  = i18n.NewError(i18n.KindConflict, "error.certificate.batch_not_ready")
	ErrBatchFailed    = i18n.NewError(i18n.KindConflict, "error.certificate.batch_failed")
)
