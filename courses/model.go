// Package courses owns what the institute teaches: programmes (the LOGODI
// programme types and SMU invitational training), courses, their ordered
// modules and lessons (text, video, file, quiz), quiz questions and choices,
// every text of them in per-locale translations with fallback, and the
// JSON export and import of a whole course.
package courses

import (
	"slices"
	"time"
)

// ProgrammeType is one of the institute's kinds of programme.
type ProgrammeType string

// The programme types (LOGODI's, plus SMU invitational training).
const (
	TypeLongTerm         ProgrammeType = "long_term"
	TypeFoundation       ProgrammeType = "foundation"
	TypeSpecialized      ProgrammeType = "specialized"
	TypePolicyForum      ProgrammeType = "policy_forum"
	TypeELearning        ProgrammeType = "e_learning"
	TypeElectedOfficials ProgrammeType = "elected_officials"
	TypeForeignOfficials ProgrammeType = "foreign_officials"
	TypeSMUInvitational  ProgrammeType = "smu_invitational"
)

// ProgrammeTypes lists every programme type.
var ProgrammeTypes = []ProgrammeType{TypeLongTerm, TypeFoundation, TypeSpecialized, TypePolicyForum,
	TypeELearning, TypeElectedOfficials, TypeForeignOfficials, TypeSMUInvitational}

// Delivery is how a course is taught.
type Delivery string

// The delivery modes.
const (
	Online   Delivery = "online"
	InPerson Delivery = "in_person"
	Blended  Delivery = "blended"
)

// Deliveries lists every delivery mode.
var Deliveries = []Delivery{Online, InPerson, Blended}

// Status is where a course is in its life.
type Status string

// The course statuses: draft → published → archived.
const (
	Draft     Status = "draft"
	Published Status = "published"
	Archived  Status = "archived"
)

// Statuses lists every status.
var Statuses = []Status{Draft, Published, Archived}

// LessonKind is what a lesson holds.
type LessonKind string

// The lesson kinds.
const (
	KindText  LessonKind = "text"
	KindVideo LessonKind = "video"
	KindFile  LessonKind = "file"
	KindQuiz  LessonKind = "quiz"
	// KindPackage is an e-learning package (SCORM or cmi5), played and
	// completed through package packages.
	KindPackage LessonKind = "package"
)

// LessonKinds lists every lesson kind.
var LessonKinds = []LessonKind{KindText, KindVideo, KindFile, KindQuiz, KindPackage}

// QuestionKind is how a question is answered.
type QuestionKind string

// The question kinds.
const (
	SingleChoice   QuestionKind = "single"
	MultipleChoice QuestionKind = "multiple"
	TrueFalse      QuestionKind = "true_false"
	ShortAnswer    QuestionKind = "short"
	Numeric        QuestionKind = "numeric"
)

// QuestionKinds lists every question kind.
var QuestionKinds = []QuestionKind{SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, Numeric}

func valid[T ~string](v T, all []T) bool { return slices.Contains(all, v) }

// Programme groups courses of one programme type.
type Programme struct {
	ID            int64
	Code          string
	Type          ProgrammeType
	DefaultLocale string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Translations  []ProgrammeTranslation
}

// ProgrammeTranslation is a programme's text in one locale.
type ProgrammeTranslation struct {
	ID          int64
	ProgrammeID int64
	Locale      string
	Title       string
	Summary     string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Course is one course of a programme.
type Course struct {
	ID            int64
	ProgrammeID   int64
	Code          string
	Delivery      Delivery
	DurationHours int
	DefaultLocale string
	PassMark      int // percent, the default for its quizzes
	Status        Status
	SelfEnrol     bool // learners may enrol themselves (open online courses)
	PublishedAt   *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Translations  []CourseTranslation
	Modules       []Module `gorm:"foreignKey:CourseID"`
}

// CourseTranslation is a course's text in one locale.
type CourseTranslation struct {
	ID        int64
	CourseID  int64
	Locale    string
	Title     string
	Summary   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Module is an ordered part of a course.
type Module struct {
	ID           int64
	CourseID     int64
	Position     int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Translations []ModuleTranslation
	Lessons      []Lesson
}

// ModuleTranslation is a module's title in one locale.
type ModuleTranslation struct {
	ID        int64
	ModuleID  int64
	Locale    string
	Title     string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Lesson is an ordered step of a module. Quiz settings apply to quiz
// lessons only.
type Lesson struct {
	ID           int64
	ModuleID     int64
	CourseID     int64
	Position     int
	Kind         LessonKind
	Required     bool
	VideoURL     string
	FileKey      string
	FileName     string
	FileType     string
	FileSize     int64
	PassMark     int // percent; 0 means the course's pass mark
	AttemptLimit int // 0 means unlimited
	Shuffle      bool
	ShowFeedback bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Translations []LessonTranslation
	Questions    []Question
}

// LessonTranslation is a lesson's text in one locale: Body is Markdown for
// text lessons and the transcript for video lessons.
type LessonTranslation struct {
	ID        int64
	LessonID  int64
	Locale    string
	Title     string
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Question is one question of a quiz lesson.
type Question struct {
	ID           int64
	LessonID     int64
	Position     int
	Kind         QuestionKind
	Points       int
	AnswerBool   bool    // true/false questions
	AnswerNumber float64 // numeric questions
	Tolerance    float64 // numeric questions: accepted distance from AnswerNumber
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Translations []QuestionTranslation
	Choices      []Choice
}

// QuestionTranslation is a question's text in one locale. Answers holds the
// accepted short answers, one per line, in that language.
type QuestionTranslation struct {
	ID         int64
	QuestionID int64
	Locale     string
	Prompt     string
	Feedback   string
	Answers    string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Choice is one option of a choice question.
type Choice struct {
	ID           int64
	QuestionID   int64
	Position     int
	Correct      bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Translations []ChoiceTranslation
}

// ChoiceTranslation is a choice's text in one locale.
type ChoiceTranslation struct {
	ID        int64
	ChoiceID  int64
	Locale    string
	Text      string
	CreatedAt time.Time
	UpdatedAt time.Time
}
