package enrollment

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

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
	Kind     courses.QuestionKind
	Prompt   i18n.Localized
	Feedback i18n.Localized
	Choices  []choiceView
	Points   int
	Result   *courses.QuestionResult
	Answer   courses.Answer
	Accepted string // right answer shown with feedback
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
	Done         bool
	Questions    []questionView
	Result       *courses.Result
	Attempts     []Attempt
	AttemptsLeft int
	Passed       bool
	PrevHref     string
	NextHref     string
}

func (h *Handler) renderLesson(c *gin.Context, status int, e *Enrolment, course *courses.Course, l *courses.Lesson, m *courses.Module, res *AttemptResult, answers map[int64]courses.Answer, fail error) {
	ctx := c.Request.Context()
	loc := web.Localizer(ctx).Code()
	p, err := h.svc.Progress(ctx, e.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if !Unlocked(course, p, l.ID) {
		web.Fail(c, h.tpl, ErrLessonLocked)
		return
	}
	v := &lessonView{Page: web.NewPage(c, "page.lesson.title"), Enrolment: e, Course: course, Lesson: l,
		CourseTitle: course.Title(loc), ModuleTitle: m.TitleIn(loc, course.DefaultLocale),
		Heading: l.TitleIn(loc, course.DefaultLocale), Body: l.BodyIn(loc, course.DefaultLocale)}
	v.Title = v.Heading.Text
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	if res != nil {
		v.Result = &res.Result
		v.Enrolment = res.Enrolment
	}
	_, v.Done = p.Done[l.ID]
	if l.Kind == courses.KindText {
		v.HTML = courses.RenderMarkdown(v.Body.Text)
	}
	if l.Kind == courses.KindQuiz {
		v.Attempts = p.Attempts[l.ID]
		v.AttemptsLeft = AttemptsLeft(l, p)
		for _, a := range v.Attempts {
			v.Passed = v.Passed || a.Passed
		}
		results := map[int64]*courses.QuestionResult{}
		if v.Result != nil {
			for i := range v.Result.Questions {
				results[v.Result.Questions[i].QuestionID] = &v.Result.Questions[i]
			}
		}
		for _, q := range courses.Order(l, courses.Seed(e.ID, len(v.Attempts)+1)) {
			qv := questionView{ID: q.ID, Kind: q.Kind, Points: q.Points, Prompt: q.PromptIn(loc, course.DefaultLocale), Answer: answers[q.ID]}
			if r, ok := results[q.ID]; ok && l.ShowFeedback {
				qv.Result = r
				qv.Feedback = q.FeedbackIn(loc, course.DefaultLocale)
				if !r.Correct {
					qv.Accepted = rightAnswer(&q, loc, course.DefaultLocale, v.L)
				}
			}
			picked := map[int64]bool{}
			for _, id := range qv.Answer.Choices {
				picked[id] = true
			}
			for _, ch := range q.Choices {
				cv := choiceView{ID: ch.ID, Text: ch.TextIn(loc, course.DefaultLocale), Checked: picked[ch.ID]}
				if qv.Result != nil {
					cv.Correct = ch.Correct // only revealed after grading, with feedback on
				}
				qv.Choices = append(qv.Choices, cv)
			}
			v.Questions = append(v.Questions, qv)
		}
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

// rightAnswer describes the right answer of a question, for feedback.
func rightAnswer(q *courses.Question, loc, def string, l *i18n.Localizer) string {
	switch q.Kind {
	case courses.TrueFalse:
		if q.AnswerBool {
			return l.T("quiz.true")
		}
		return l.T("quiz.false")
	case courses.ShortAnswer:
		return q.AnswersIn(loc, def).Text
	case courses.Numeric:
		return strconv.FormatFloat(q.AnswerNumber, 'f', -1, 64)
	}
	return ""
}

func (h *Handler) showLesson(c *gin.Context) {
	e, course, l, m, ok := h.learnTarget(c)
	if !ok {
		return
	}
	h.renderLesson(c, http.StatusOK, e, course, l, m, nil, nil, nil)
}

func (h *Handler) completePage(c *gin.Context) {
	e, course, l, m, ok := h.learnTarget(c)
	if !ok {
		return
	}
	after, err := h.svc.CompleteLesson(c.Request.Context(), e, l.ID)
	if err != nil {
		h.renderLesson(c, web.Status(err), e, course, l, m, nil, nil, err)
		return
	}
	// Go on to the next lesson, or back to the course when this was the last.
	lessons := course.OrderedLessons()
	next := fmt.Sprintf("/courses/%d", course.ID)
	for i, x := range lessons {
		if x.ID == l.ID && i+1 < len(lessons) {
			next = fmt.Sprintf("/learn/%d/%d", e.ID, lessons[i+1].ID)
		}
	}
	flash := "flash.lesson_done"
	if after.Status == Completed {
		flash, next = "flash.course_completed", fmt.Sprintf("/courses/%d", course.ID)
	}
	web.Redirect(c, next, flash)
}

// submitPage grades a quiz form and shows the result on the same page (not
// a redirect: the result belongs to this one submission).
func (h *Handler) submitPage(c *gin.Context) {
	e, course, l, m, ok := h.learnTarget(c)
	if !ok {
		return
	}
	answers, err := parseAnswers(c, l)
	var res *AttemptResult
	if err == nil {
		res, err = h.svc.Submit(c.Request.Context(), e, l.ID, answers, web.Localizer(c.Request.Context()).Code())
	}
	if err != nil {
		h.renderLesson(c, web.Status(err), e, course, l, m, nil, answers, err)
		return
	}
	h.renderLesson(c, http.StatusOK, e, course, l, m, res, answers, nil)
}

func (h *Handler) downloadFile(c *gin.Context) {
	e, course, l, _, ok := h.learnTarget(c)
	if !ok {
		return
	}
	p, err := h.svc.Progress(c.Request.Context(), e.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if !Unlocked(course, p, l.ID) {
		web.Fail(c, h.tpl, ErrLessonLocked)
		return
	}
	if l.Kind != courses.KindFile || l.FileKey == "" {
		web.Fail(c, h.tpl, courses.ErrLessonNotFound)
		return
	}
	r, err := h.files.Open(c.Request.Context(), l.FileKey)
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
