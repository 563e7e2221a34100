package enrollment

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

// EnrolmentOut is an enrolment with its progress summary.
type EnrolmentOut struct {
	ID              int64      `json:"id"`
	UserID          int64      `json:"user_id"`
	CourseID        int64      `json:"course_id"`
	Status          Status     `json:"status" enum:"active,completed,withdrawn"`
	LessonsDone     int        `json:"lessons_done"`
	LessonsRequired int        `json:"lessons_required"`
	Percent         int        `json:"percent"`
	BestScore       *float64   `json:"best_score,omitempty"`
	LastActivityAt  *time.Time `json:"last_activity_at,omitempty"`
	CompletedAt     *time.Time `json:"completed_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
}

func enrolmentOut(e *Enrolment) EnrolmentOut {
	return EnrolmentOut{ID: e.ID, UserID: e.UserID, CourseID: e.CourseID, Status: e.Status, LessonsDone: e.LessonsDone,
		LessonsRequired: e.LessonsRequired, Percent: e.Percent, BestScore: e.BestScore, LastActivityAt: e.LastActivityAt,
		CompletedAt: e.CompletedAt, CreatedAt: e.CreatedAt}
}

type enrolmentBody struct {
	Body EnrolmentOut
}

type courseIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *Handler) apiEnrol(ctx context.Context, in *courseIDIn) (*enrolmentBody, error) {
	u := accounts.CurrentUser(ctx)
	e, err := h.svc.Enrol(ctx, u, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &enrolmentBody{Body: enrolmentOut(e)}, nil
}

type enrolmentsOut struct {
	Body struct {
		Enrolments []EnrolmentOut `json:"enrolments"`
	}
}

func (h *Handler) apiMine(ctx context.Context, _ *struct{}) (*enrolmentsOut, error) {
	es, err := h.svc.Mine(ctx, accounts.CurrentUser(ctx).ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &enrolmentsOut{}
	out.Body.Enrolments = make([]EnrolmentOut, len(es))
	for i := range es {
		out.Body.Enrolments[i] = enrolmentOut(&es[i])
	}
	return out, nil
}

// LessonProgressOut is one lesson's state in an enrolment.
type LessonProgressOut struct {
	LessonID    int64      `json:"lesson_id"`
	Kind        string     `json:"kind"`
	Required    bool       `json:"required"`
	Done        bool       `json:"done"`
	Locked      bool       `json:"locked"`
	CompletedAt *time.Time `json:"completed_at,omitempty"`
	Attempts    int        `json:"attempts,omitempty"`
	BestScore   *float64   `json:"best_score,omitempty"`
}

type progressOut struct {
	Body struct {
		Enrolment EnrolmentOut        `json:"enrolment"`
		Lessons   []LessonProgressOut `json:"lessons"`
	}
}

type enrolmentIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *Handler) apiProgress(ctx context.Context, in *enrolmentIDIn) (*progressOut, error) {
	lr, err := h.svc.Learning(ctx, accounts.CurrentUser(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	c, p := lr.Course, lr.Progress
	out := &progressOut{}
	out.Body.Enrolment = enrolmentOut(lr.Enrolment)
	for _, l := range c.OrderedLessons() {
		lp := LessonProgressOut{LessonID: l.ID, Kind: string(l.Kind), Required: l.Required, Locked: !Unlocked(c, p, l.ID)}
		if at, ok := p.Done[l.ID]; ok {
			lp.Done, lp.CompletedAt = true, &at
		}
		for _, a := range p.Attempts[l.ID] {
			lp.Attempts++
			if lp.BestScore == nil || a.Score > *lp.BestScore {
				s := a.Score
				lp.BestScore = &s
			}
		}
		out.Body.Lessons = append(out.Body.Lessons, lp)
	}
	return out, nil
}

// ChoiceOut is a quiz choice as a learner sees it (never whether it is right).
type ChoiceOut struct {
	ID   int64                `json:"id"`
	Text courses.LocalizedOut `json:"text"`
}

// QuestionOut is a quiz question as a learner sees it: no answers.
type QuestionOut struct {
	ID      int64                `json:"id"`
	Kind    courses.QuestionKind `json:"kind"`
	Points  int                  `json:"points"`
	Prompt  courses.LocalizedOut `json:"prompt"`
	Choices []ChoiceOut          `json:"choices,omitempty"`
}

// LessonContentOut is a lesson's content in the caller's language.
type LessonContentOut struct {
	ID           int64                `json:"id"`
	Kind         courses.LessonKind   `json:"kind"`
	Title        courses.LocalizedOut `json:"title"`
	Body         courses.LocalizedOut `json:"body" doc:"Markdown source (text) or transcript (video)"`
	HTML         string               `json:"html,omitempty" doc:"Sanitised HTML of a text lesson"`
	VideoURL     string               `json:"video_url,omitempty"`
	FileURL      string               `json:"file_url,omitempty"`
	Done         bool                 `json:"done"`
	Questions    []QuestionOut        `json:"questions,omitempty"`
	AttemptsLeft int                  `json:"attempts_left,omitempty" doc:"-1: unlimited"`
	PassMark     int                  `json:"pass_mark,omitempty"`
}

type lessonIn struct {
	ID     int64  `path:"id" minimum:"1"`
	Lesson int64  `path:"lesson" minimum:"1"`
	Lang   string `query:"lang"`
}

type lessonContentBody struct {
	Body LessonContentOut
}

func (h *Handler) apiLesson(ctx context.Context, in *lessonIn) (*lessonContentBody, error) {
	lr, err := h.svc.Lesson(ctx, accounts.CurrentUser(ctx), in.ID, in.Lesson)
	if err != nil {
		return nil, learnAPIError(ctx, err)
	}
	e, c, l, p := lr.Enrolment, lr.Course, lr.Lesson, lr.Progress
	loc := web.Localizer(ctx).Code()
	if i18n.ValidLocale(in.Lang) {
		loc = in.Lang
	}
	out := LessonContentOut{ID: l.ID, Kind: l.Kind, Title: courses.LocalizedOut(l.TitleIn(loc, c.DefaultLocale)),
		Body: courses.LocalizedOut(l.BodyIn(loc, c.DefaultLocale)), VideoURL: l.VideoURL}
	_, out.Done = p.Done[l.ID]
	switch l.Kind {
	case courses.KindText:
		out.HTML = string(courses.RenderMarkdown(out.Body.Text))
	case courses.KindFile:
		if l.FileKey != "" {
			out.FileURL = "/learn/" + strconv.FormatInt(e.ID, 10) + "/" + strconv.FormatInt(l.ID, 10) + "/file"
		}
	case courses.KindQuiz:
		out.AttemptsLeft = AttemptsLeft(l, p)
		out.PassMark = courses.PassMarkFor(l, c.PassMark)
		for _, q := range AttemptOrder(e, l, NextAttempt(l, p)) {
			qo := QuestionOut{ID: q.ID, Kind: q.Kind, Points: q.Points, Prompt: courses.LocalizedOut(q.PromptIn(loc, c.DefaultLocale))}
			for _, ch := range q.Choices {
				qo.Choices = append(qo.Choices, ChoiceOut{ID: ch.ID, Text: courses.LocalizedOut(ch.TextIn(loc, c.DefaultLocale))})
			}
			out.Questions = append(out.Questions, qo)
		}
	}
	return &lessonContentBody{Body: out}, nil
}

type completeIn struct {
	ID     int64 `path:"id" minimum:"1"`
	Lesson int64 `path:"lesson" minimum:"1"`
}

func (h *Handler) apiComplete(ctx context.Context, in *completeIn) (*enrolmentBody, error) {
	after, err := h.svc.CompleteLesson(ctx, accounts.CurrentUser(ctx), in.ID, in.Lesson)
	if err != nil {
		return nil, learnAPIError(ctx, err)
	}
	return &enrolmentBody{Body: enrolmentOut(after.Enrolment)}, nil
}

type attemptIn struct {
	ID     int64 `path:"id" minimum:"1"`
	Lesson int64 `path:"lesson" minimum:"1"`
	Body   struct {
		Answers map[string]courses.Answer `json:"answers" doc:"Question id → answer: choices (ids), bool, text or number by the question's kind"`
	}
}

type attemptOut struct {
	Body struct {
		Attempt   int            `json:"attempt"`
		Result    courses.Result `json:"result"`
		Enrolment EnrolmentOut   `json:"enrolment"`
	}
}

func (h *Handler) apiAttempt(ctx context.Context, in *attemptIn) (*attemptOut, error) {
	answers := make(map[int64]courses.Answer, len(in.Body.Answers))
	for k, a := range in.Body.Answers {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return nil, web.APIError(ctx, courses.ErrForeignQuestion)
		}
		answers[id] = a
	}
	res, err := h.svc.Submit(ctx, accounts.CurrentUser(ctx), in.ID, in.Lesson, answers, web.Localizer(ctx).Code())
	if err != nil {
		return nil, learnAPIError(ctx, err)
	}
	out := &attemptOut{}
	out.Body.Attempt, out.Body.Result, out.Body.Enrolment = res.Attempt.Number, res.Result, enrolmentOut(res.Enrolment)
	return out, nil
}

// LessonRefOut names a lesson to go to.
type LessonRefOut struct {
	ID    int64                `json:"id"`
	Title courses.LocalizedOut `json:"title"`
	Href  string               `json:"href" doc:"The lesson's content in the API"`
}

// lockedProblem is the problem detail of a lesson that is not open yet: the
// usual fields and the lesson to finish first.
type lockedProblem struct {
	*huma.ErrorModel
	FirstLesson LessonRefOut `json:"first_lesson"`
}

// learnAPIError is web.APIError, except that a lesson that is not open yet
// names the lesson to finish first, in the caller's language.
func learnAPIError(ctx context.Context, err error) error {
	var le *LockedError
	if !errors.As(err, &le) {
		return web.APIError(ctx, err)
	}
	l := web.Localizer(ctx)
	msg := l.Message(le.Message(l.Code()))
	return &lockedProblem{
		ErrorModel: &huma.ErrorModel{Status: http.StatusConflict, Title: http.StatusText(http.StatusConflict), Detail: msg,
			Errors: []*huma.ErrorDetail{{Location: "path.lesson", Message: msg, Value: le.Lesson.ID}}},
		FirstLesson: LessonRefOut{ID: le.First.ID, Title: courses.LocalizedOut(le.FirstTitle(l.Code())),
			Href: fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", le.EnrolmentID, le.First.ID)},
	}
}
