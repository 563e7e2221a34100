package projects

import (
	"slices"
	"time"

	"github.com/baeum-lms/baeum/store"
)

// Kind is the type of a project, which fixes its procedure.
type Kind string

// The project kinds.
const (
	SMUPilotVillage Kind = "smu_pilot_village"
	Consulting      Kind = "consulting"
)

// Kinds lists the project kinds.
var Kinds = []Kind{SMUPilotVillage, Consulting}

// Status is where a project stands as a whole.
type Status string

// The project statuses.
const (
	Planned   Status = "planned"
	Active    Status = "active"
	OnHold    Status = "on_hold"
	Completed Status = "completed"
	Cancelled Status = "cancelled"
)

// Statuses lists the project statuses.
var Statuses = []Status{Planned, Active, OnHold, Completed, Cancelled}

// Phase is one step of a kind's procedure, by its stable key.
type Phase string

// The procedures, in order. Global SMU: partner selection → SMU training
// in Korea → pilot project in the partner country → self-reliant growth.
// Public administration consulting: seven steps from choosing the partner
// country and area to the evaluation.
var procedures = map[Kind][]Phase{
	SMUPilotVillage: {"partner_selection", "smu_training", "pilot_project", "self_reliant_growth"},
	Consulting: {"country_selection", "policy_discussion", "korean_org_selection", "launch", "seminar",
		"follow_up", "evaluation"},
}

// Procedure returns the ordered phases of a kind.
func Procedure(k Kind) []Phase { return slices.Clone(procedures[k]) }

// PhaseIndex is the position of p in the kind's procedure, or -1.
func PhaseIndex(k Kind, p Phase) int { return slices.Index(procedures[k], p) }

// Project is one development project.
type Project struct {
	ID            int64
	Code          string
	Kind          Kind
	DefaultLocale string
	Country       string // ISO 3166-1 alpha-2
	Region        string
	Village       string // pilot villages only
	PartnerOrg    string
	KoreanOrg     string // the responsible Korean organisation
	Sector        string
	StartsOn      store.Date
	EndsOn        store.Date
	Status        Status
	Phase         Phase
	PhaseSince    store.Date
	BudgetAmount  int64  // minor units of Currency
	Currency      string // ISO 4217
	CreatedAt     time.Time
	UpdatedAt     time.Time

	Translations []ProjectTranslation `gorm:"foreignKey:ProjectID"`
}

// ProjectTranslation is a project's title and summary in one locale.
type ProjectTranslation struct {
	ID        int64
	ProjectID int64
	Locale    string
	Title     string
	Summary   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Member is a person involved in a project; UserID links an account, for
// trainees of past cohorts who lead the work at home.
type Member struct {
	ID           int64
	ProjectID    int64
	UserID       *int64
	Name         string
	Role         string
	Organisation string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// TableName keeps gorm on the migrated table name.
func (Member) TableName() string { return "project_members" }

// EventKind says what a phase event did.
type EventKind string

// The phase event kinds.
const (
	EventStart   EventKind = "start"
	EventForward EventKind = "forward"
	EventBack    EventKind = "back"
	EventSkip    EventKind = "skip"
	EventHold    EventKind = "hold"
	EventResume  EventKind = "resume"
)

// PhaseEvent is one entry of a project's phase history.
type PhaseEvent struct {
	ID        int64
	ProjectID int64
	Kind      EventKind
	FromPhase Phase
	ToPhase   Phase
	OnDate    store.Date
	Note      string
	Reason    string
	ActorID   *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName keeps gorm on the migrated table name.
func (PhaseEvent) TableName() string { return "project_phase_events" }

// Milestone is a dated step a project promises.
type Milestone struct {
	ID        int64
	ProjectID int64
	Title     string
	DueOn     store.Date
	DoneOn    *store.Date
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName keeps gorm on the migrated table name.
func (Milestone) TableName() string { return "project_milestones" }

// Overdue reports whether the milestone is open past its due date.
func (m *Milestone) Overdue(today store.Date) bool { return m.DoneOn == nil && m.DueOn < today }

// BudgetLine is the planned spending of one year and category.
type BudgetLine struct {
	ID        int64
	ProjectID int64
	Year      int
	Category  string
	Planned   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName keeps gorm on the migrated table name.
func (BudgetLine) TableName() string { return "project_budget_lines" }

// Disbursement is money paid against a budget line.
type Disbursement struct {
	ID           int64
	ProjectID    int64
	BudgetLineID int64
	PaidOn       store.Date
	Amount       int64
	Note         string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// TableName keeps gorm on the migrated table name.
func (Disbursement) TableName() string { return "project_disbursements" }

// Indicator is a results indicator with its baseline and target.
type Indicator struct {
	ID            int64
	ProjectID     int64
	Unit          string
	BaselineValue float64
	BaselineOn    store.Date
	TargetValue   float64
	TargetOn      store.Date
	CreatedAt     time.Time
	UpdatedAt     time.Time

	Translations []IndicatorTranslation `gorm:"foreignKey:IndicatorID"`
}

// TableName keeps gorm on the migrated table name.
func (Indicator) TableName() string { return "project_indicators" }

// IndicatorTranslation is an indicator's title in one locale.
type IndicatorTranslation struct {
	ID          int64
	IndicatorID int64
	Locale      string
	Title       string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName keeps gorm on the migrated table name.
func (IndicatorTranslation) TableName() string { return "project_indicator_translations" }

// Value is one measured actual value of an indicator.
type Value struct {
	ID          int64
	IndicatorID int64
	MeasuredOn  store.Date
	Value       float64
	Note        string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName keeps gorm on the migrated table name.
func (Value) TableName() string { return "project_indicator_values" }

// Progress is how far value has moved from baseline toward target, in
// percent (it may pass 100 or fall below 0); ok is false when baseline
// and target are equal.
func Progress(baseline, target, value float64) (pct float64, ok bool) {
	if target == baseline {
		return 0, false
	}
	return 100 * (value - baseline) / (target - baseline), true
}

// ReportStatus is where a periodic report stands.
type ReportStatus string

// The report statuses, in order.
const (
	Draft     ReportStatus = "draft"
	Submitted ReportStatus = "submitted"
	Approved  ReportStatus = "approved"
)

// Report is a periodic narrative report on a project.
type Report struct {
	ID            int64
	ProjectID     int64
	PeriodStart   store.Date
	PeriodEnd     store.Date
	DefaultLocale string
	Status        ReportStatus
	SubmittedAt   *time.Time
	ApprovedAt    *time.Time
	ApprovedBy    *int64
	CreatedAt     time.Time
	UpdatedAt     time.Time

	Translations []ReportTranslation `gorm:"foreignKey:ReportID"`
	Attachments  []Attachment        `gorm:"foreignKey:ReportID"`
}

// TableName keeps gorm on the migrated table name.
func (Report) TableName() string { return "project_reports" }

// ReportTranslation is a report's narrative in one locale.
type ReportTranslation struct {
	ID        int64
	ReportID  int64
	Locale    string
	Narrative string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName keeps gorm on the migrated table name.
func (ReportTranslation) TableName() string { return "project_report_translations" }

// Attachment is a file attached to a report, kept in blob storage.
type Attachment struct {
	ID          int64
	ReportID    int64
	Name        string
	FileKey     string
	ContentType string
	Size        int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName keeps gorm on the migrated table name.
func (Attachment) TableName() string { return "project_report_attachments" }
