package enrollment

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type choiceView struct {
	ID      int64
	Text    i18n.Localized
	Checked bool
	Correct bool
}

type questionView struct {
	ID       int64
	Number   int    // as the learner sees it in this attempt
	Field    string // AnswerField: the question's fieldset has the id "f-<Field>"
	Error    string // the message beside the question
	Kind     courses.QuestionKind
	Prompt   i18n.Localized
	Feedback i18n.Localized
	Choices  []choiceView
	Points   int
	Result   *courses.QuestionResult
	Answer   courses.Answer
	Typed    string // a short or number answer as typed
	Accepted string // right answer shown with feedback
}

// lockedView is a lesson that is not open yet: the lesson to finish first.
type lockedView struct {
	Message string
	Title   i18n.Localized
	Href    string
}

type lessonView struct {
	web.Page
	Enrolment    *Enrolment
	Course       *courses.Course
	CourseTitle  i18n.Localized
	ModuleTitle  i18n.Localized
	Lesson       *courses.Lesson
	Heading      i18n.Localized
	Body         i18n.Localized
	HTML         template.HTML
	Own          bool // the reader is the learner: the forms are shown
	Locked       *lockedView
	Done         bool
	Questions    []questionView
	Result       *courses.Result
	Attempts     []Attempt
	AttemptsLeft int
	Passed       bool
	PrevHref     string
	NextHref     string
	Player       *PlayerView
}

// quizState is what a quiz page shows beyond the lesson: the answers given
// (and typed) and, after grading, the result of attempt number attempt.
type quizState struct {
	answers map[int64]courses.Answer
	typed   map[int64]string
	result  *courses.Result
	attempt int // whose question order to show; 0 for the next attempt's
}

func (h *Handler) renderLesson(c *gin.Context, status int, lr *Learning, qs quizState, fail error) {
	loc := web.Localizer(c.Request.Context()).Code()
	course, l, e, p := lr.Course, lr.Lesson, lr.Enrolment, lr.Progress
	v := &lessonView{Page: web.NewPage(c, "page.lesson.title"), Enrolment: e, Course: course, Lesson: l, Own: lr.Own,
		CourseTitle: course.Title(loc), ModuleTitle: lr.Module.TitleIn(loc, course.DefaultLocale),
		Heading: l.TitleIn(loc, course.DefaultLocale), Body: l.BodyIn(loc, course.DefaultLocale), Result: qs.result}
	v.Title = v.Heading.Text
	if fail != nil && !v.AddProblems(fail) {
		h.failLesson(c, fail)
		return
	}
	_, v.Done = p.Done[l.ID]
	if l.Kind == courses.KindText {
		v.HTML = courses.RenderMarkdown(v.Body.Text)
	}
	if l.Kind == courses.KindPackage {
		v.Player = &PlayerView{Message: web.Localizer(c.Request.Context()).T("page.package.unavailable")}
		if h.player != nil {
			pv, err := h.player.PlayerView(c, lr, c.Query("item"))
			if err != nil {
				web.Fail(c, h.tpl, err)
				return
			}
			v.Player = pv
		}
	}
	if l.Kind == courses.KindQuiz {
		v.Attempts = p.Attempts[l.ID]
		v.AttemptsLeft = AttemptsLeft(l, p)
		for _, a := range v.Attempts {
			v.Passed = v.Passed || a.Passed
		}
		v.Questions = questionViews(v, lr, qs, loc)
	}
	lessons := course.OrderedLessons()
	for i, x := range lessons {
		if x.ID != l.ID {
			continue
		}
		if i > 0 {
			v.PrevHref = fmt.Sprintf("/learn/%d/%d", e.ID, lessons[i-1].ID)
		}
		if i+1 < len(lessons) && Unlocked(course, p, lessons[i+1].ID) {
			v.NextHref = fmt.Sprintf("/learn/%d/%d", e.ID, lessons[i+1].ID)
		}
	}
	web.HTML(c, h.tpl, status, templates.LessonPage, v)
}

// failLesson answers a lesson request that failed: a lesson that is not
// open yet with the page that names the lesson to finish first, anything
// else with the error page.
func (h *Handler) failLesson(c *gin.Context, err error) {
	var le *LockedError
	if !errors.As(err, &le) {
		web.Fail(c, h.tpl, err)
		return
	}
	l := web.Localizer(c.Request.Context())
	loc := l.Code()
	_, m, _ := le.Course.Lesson(le.Lesson.ID)
	v := &lessonView{Page: web.NewPage(c, "page.lesson.locked_title"), Course: le.Course, Lesson: le.Lesson,
		CourseTitle: le.Course.Title(loc), ModuleTitle: m.TitleIn(loc, le.Course.DefaultLocale),
		Heading: le.Lesson.TitleIn(loc, le.Course.DefaultLocale),
		Locked: &lockedView{Message: l.Message(le.Message(loc)), Title: le.FirstTitle(loc),
			Href: fmt.Sprintf("/learn/%d/%d", le.EnrolmentID, le.First.ID)}}
	web.HTML(c, h.tpl, http.StatusConflict, templates.LessonPage, v)
}

// learnIDs reads the enrolment and lesson ids of a /learn/… path.
func (h *Handler) learnIDs(c *gin.Context) (int64, int64, bool) {
	eid, ok1 := paramID(c, "enrolment")
	lid, ok2 := paramID(c, "lesson")
	if !ok1 || !ok2 {
		web.Fail(c, h.tpl, ErrEnrolmentNotFound)
		return 0, 0, false
	}
	return eid, lid, true
}

func (h *Handler) showLesson(c *gin.Context) {
	ctx := c.Request.Context()
	eid, lid, ok := h.learnIDs(c)
	if !ok {
		return
	}
	lr, err := h.svc.Lesson(ctx, accounts.CurrentUser(ctx), eid, lid)
	if err != nil {
		h.failLesson(c, err)
		return
	}
	h.renderLesson(c, http.StatusOK, lr, quizState{}, nil)
}

// again shows a lesson once more after a refused post, with the problem.
func (h *Handler) again(c *gin.Context, eid, lid int64, qs quizState, fail error) {
	ctx := c.Request.Context()
	lr, err := h.svc.Lesson(ctx, accounts.CurrentUser(ctx), eid, lid)
	if err != nil {
		h.failLesson(c, err)
		return
	}
	h.renderLesson(c, web.Status(fail), lr, qs, fail)
}

func (h *Handler) completePage(c *gin.Context) {
	ctx := c.Request.Context()
	eid, lid, ok := h.learnIDs(c)
	if !ok {
		return
	}
	after, err := h.svc.CompleteLesson(ctx, accounts.CurrentUser(ctx), eid, lid)
	if err != nil {
		h.again(c, eid, lid, quizState{}, err)
		return
	}
	// Go on to the next lesson, or back to the course when this was the last.
	course := after.Course
	lessons := course.OrderedLessons()
	next := fmt.Sprintf("/courses/%d", course.ID)
	for i, x := range lessons {
		if x.ID == lid && i+1 < len(lessons) {
			next = fmt.Sprintf("/learn/%d/%d", eid, lessons[i+1].ID)
		}
	}
	flash := "flash.lesson_done"
	if after.Enrolment.Status == Completed {
		flash, next = "flash.course_completed", fmt.Sprintf("/courses/%d", course.ID)
	}
	web.Redirect(c, next, flash)
}

func (h *Handler) downloadFile(c *gin.Context) {
	ctx := c.Request.Context()
	eid, lid, ok := h.learnIDs(c)
	if !ok {
		return
	}
	lr, err := h.svc.Lesson(ctx, accounts.CurrentUser(ctx), eid, lid)
	if err != nil {
		h.failLesson(c, err)
		return
	}
	l := lr.Lesson
	if l.Kind != courses.KindFile || l.FileKey == "" {
		web.Fail(c, h.tpl, courses.ErrLessonNotFound)
		return
	}
	r, err := h.files.Open(ctx, l.FileKey)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	defer r.Close()
	c.Header("Content-Type", l.FileType)
	c.Header("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(l.FileName))
	c.Header("Content-Length", strconv.FormatInt(l.FileSize, 10))
	c.Header("Cache-Control", "private, max-age=3600")
	c.Status(http.StatusOK)
	_, _ = io.Copy(c.Writer, r)
}
