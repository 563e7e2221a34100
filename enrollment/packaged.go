package enrollment

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
)

// ErrPackageByPlayer refuses marking a package lesson done by hand: its
// package says when it is (SCORM completion and success, cmi5 moveOn).
var ErrPackageByPlayer = i18n.NewError(i18n.KindInvalid, "error.lesson.package_by_player")

// PlayerView is what the lesson page of a package lesson shows: the
// package's frame on the content origin and its SCOs or AUs. Package
// packages makes it (see Player); enrollment only places it in the page.
type PlayerView struct {
	// Message says why nothing plays ("no package yet", "reading as a
	// coordinator"), already translated; the rest is empty then.
	Message string
	// Frame is the address of the package's frame on the content origin;
	// Origin is that origin, the only one the page takes messages from.
	Frame, Origin string
	// Runtime is where the page posts what the package commits (SCORM);
	// Init is the data the frame starts the SCO with, as JSON.
	Runtime, Init string
	Standard      string
	Items         []PlayerItem
	Status        string // the current item's state, translated
}

// PlayerItem is a SCO or AU of the package in the list a learner picks
// from (SCORM choice navigation, cmi5 AUs).
type PlayerItem struct {
	Title   i18n.Localized
	Href    string
	Current bool
	Done    bool
	Status  string // translated
}

// Player makes the view of a package lesson for the learning lr; item is
// the SCO or AU asked for ("" for the first not done).
type Player interface {
	PlayerView(c *gin.Context, lr *Learning, item string) (*PlayerView, error)
}

// PlayWith sets the player of package lessons' pages.
func (h *Handler) PlayWith(p Player) { h.player = p }

// CompletePackage marks package lesson lessonID done in the learner's
// enrolment, as CompleteLesson does for other lessons. Package packages
// calls it once the package's own rule is met (every SCO completed, the
// cmi5 AUs' moveOn); the learner is the actor, as they are the one who
// played it.
func (s *Service) CompletePackage(ctx context.Context, user *accounts.User, enrolmentID, lessonID int64) (*Learning, error) {
	return s.complete(ctx, user, enrolmentID, lessonID, courses.KindPackage)
}
