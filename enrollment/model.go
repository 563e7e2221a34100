// Package enrollment owns who takes what: enrolments in courses, progress
// per lesson with a summary row per enrolment, quiz attempts and
// completion. (Cohorts, nominations and attendance come with the next
// capability.)
package enrollment

import "time"

// Status is where an enrolment stands.
type Status string

// The enrolment statuses.
const (
	Active    Status = "active"
	Completed Status = "completed"
	Withdrawn Status = "withdrawn"
)

// Enrolment is one person taking one course. Its counters are the progress
// summary, kept in step with every progress event in the same transaction,
// so lists of many enrolments read one row each.
type Enrolment struct {
	ID              int64
	UserID          int64
	CourseID        int64
	CohortID        *int64 // nil for self-paced enrolments
	Status          Status
	LessonsDone     int
	LessonsRequired int
	Percent         int
	BestScore       *float64
	AttendanceRate  *int // percent of the cohort's past sessions attended; nil without sessions
	LastActivityAt  *time.Time
	CompletedAt     *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// LessonProgress records that a lesson of an enrolment is done.
type LessonProgress struct {
	ID          int64
	EnrolmentID int64
	LessonID    int64
	CompletedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName keeps gorm on the migrated table name.
func (LessonProgress) TableName() string { return "lesson_progress" }

// Attempt is one submitted quiz attempt with its answers (JSON) and score.
type Attempt struct {
	ID          int64
	EnrolmentID int64
	LessonID    int64
	Number      int
	Score       float64
	Points      float64
	MaxPoints   float64
	Passed      bool
	Answers     string
	Locale      string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName keeps gorm on the migrated table name.
func (Attempt) TableName() string { return "quiz_attempts" }
