package courses

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type questionForm struct {
	Kind, Prompt, Feedback, Answers, Choices, AnswerNumber, Tolerance string
	Points                                                            int
	AnswerBool                                                        bool
}

type lessonEditorView struct {
	web.Page
	Course        *Course
	Lesson        *Lesson
	LessonTitle   i18n.Localized
	DefaultTitle  string
	Body          string
	QForm         questionForm
	QKindOptions  []i18n.Option
	MaxUploadMB   int64
	QuestionTexts map[int64]i18n.Localized
	ChoiceTexts   map[int64]i18n.Localized
}

func (h *Handler) lessonAndCourse(c *gin.Context) (*Lesson, *Course, bool) {
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrLessonNotFound)
		return nil, nil, false
	}
	l, err := h.svc.LessonByID(c.Request.Context(), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, nil, false
	}
	course, err := h.svc.Course(c.Request.Context(), l.CourseID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, nil, false
	}
	return l, course, true
}

func (h *Handler) renderLessonEditor(c *gin.Context, status int, l *Lesson, course *Course, qf *questionForm, fail error) {
	v := &lessonEditorView{Page: web.NewPage(c, "page.lesson_editor.title"), Course: course, Lesson: l, MaxUploadMB: h.maxUpload >> 20,
		QuestionTexts: map[int64]i18n.Localized{}, ChoiceTexts: map[int64]i18n.Localized{}}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	loc := v.L.Code()
	title, body := lessonValues(l.Translations)
	v.LessonTitle = localized(title, loc, course.DefaultLocale)
	v.DefaultTitle = title[course.DefaultLocale]
	v.Body = body[course.DefaultLocale]
	for _, q := range l.Questions {
		prompts := map[string]string{}
		for _, t := range q.Translations {
			prompts[t.Locale] = t.Prompt
		}
		v.QuestionTexts[q.ID] = localized(prompts, loc, course.DefaultLocale)
		for _, ch := range q.Choices {
			texts := map[string]string{}
			for _, t := range ch.Translations {
				texts[t.Locale] = t.Text
			}
			v.ChoiceTexts[ch.ID] = localized(texts, loc, course.DefaultLocale)
		}
	}
	if qf != nil {
		v.QForm = *qf
	} else {
		v.QForm = questionForm{Kind: string(SingleChoice), Points: 1}
	}
	v.QKindOptions = options(v.L, "question_kind.", QuestionKinds, v.QForm.Kind)
	web.HTML(c, h.tpl, status, templates.CoordLesson, v)
}

func (h *Handler) showLessonEditor(c *gin.Context) {
	l, course, ok := h.lessonAndCourse(c)
	if !ok {
		return
	}
	h.renderLessonEditor(c, http.StatusOK, l, course, nil, nil)
}

func (h *Handler) saveLessonPage(c *gin.Context) {
	ctx := c.Request.Context()
	l, course, ok := h.lessonAndCourse(c)
	if !ok {
		return
	}
	_, err := h.svc.UpdateLesson(ctx, accounts.ActorFrom(ctx), l.ID, LessonInput{
		Required: c.PostForm("required") == "1", VideoURL: c.PostForm("video_url"), PassMark: formInt(c, "pass_mark"),
		AttemptLimit: formInt(c, "attempt_limit"), Shuffle: c.PostForm("shuffle") == "1", ShowFeedback: c.PostForm("show_feedback") == "1",
	})
	if err == nil {
		// The title and body in the default language are edited here too.
		texts := map[string]string{fmt.Sprintf("lesson.%d.title", l.ID): c.PostForm("title")}
		if l.Kind == KindText || l.Kind == KindVideo {
			texts[fmt.Sprintf("lesson.%d.body", l.ID)] = c.PostForm("body")
		}
		err = h.svc.SaveTexts(ctx, accounts.ActorFrom(ctx), course.ID, course.DefaultLocale, texts)
	}
	if err != nil {
		h.renderLessonEditor(c, web.Status(err), l, course, nil, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/lessons/%d", l.ID), "flash.saved")
}

func (h *Handler) deleteLessonPage(c *gin.Context) {
	ctx := c.Request.Context()
	l, course, ok := h.lessonAndCourse(c)
	if !ok {
		return
	}
	if err := h.svc.DeleteLesson(ctx, accounts.ActorFrom(ctx), l.ID); err != nil {
		h.renderLessonEditor(c, web.Status(err), l, course, nil, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/courses/%d", course.ID), "flash.lesson_deleted")
}

func (h *Handler) uploadFilePage(c *gin.Context) {
	ctx := c.Request.Context()
	l, course, ok := h.lessonAndCourse(c)
	if !ok {
		return
	}
	err := func() error {
		fh, err := c.FormFile("file")
		if err != nil {
			return fieldErr("file", "error.field.required")
		}
		f, err := fh.Open()
		if err != nil {
			return fmt.Errorf("courses: open upload: %w", err)
		}
		defer f.Close()
		return h.svc.AttachFile(ctx, accounts.ActorFrom(ctx), l.ID, fh.Filename, f, h.maxUpload)
	}()
	if err != nil {
		h.renderLessonEditor(c, web.Status(err), l, course, nil, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/lessons/%d", l.ID), "flash.file_uploaded")
}

// parseChoices reads one choice per line; a line starting with "*" is a
// right choice.
func parseChoices(text string) []ChoiceInput {
	var out []ChoiceInput
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		correct := strings.HasPrefix(line, "*")
		out = append(out, ChoiceInput{Text: strings.TrimSpace(strings.TrimPrefix(line, "*")), Correct: correct})
	}
	return out
}

func (h *Handler) addQuestionPage(c *gin.Context) {
	ctx := c.Request.Context()
	l, course, ok := h.lessonAndCourse(c)
	if !ok {
		return
	}
	qf := questionForm{Kind: c.PostForm("kind"), Prompt: c.PostForm("prompt"), Feedback: c.PostForm("feedback"),
		Answers: c.PostForm("answers"), Choices: c.PostForm("choices"), AnswerNumber: c.PostForm("answer_number"),
		Tolerance: c.PostForm("tolerance"), Points: formInt(c, "points"), AnswerBool: c.PostForm("answer_bool") == "true"}
	in := QuestionInput{Kind: QuestionKind(qf.Kind), Points: qf.Points, Prompt: qf.Prompt, Feedback: qf.Feedback,
		Answers: strings.Split(qf.Answers, "\n"), AnswerBool: qf.AnswerBool, Choices: parseChoices(qf.Choices)}
	var err error
	if in.Kind == Numeric {
		in.AnswerNumber, err = strconv.ParseFloat(strings.TrimSpace(qf.AnswerNumber), 64)
		if err != nil {
			err = fieldErr("answer_number", "error.field.number")
		} else if qf.Tolerance != "" {
			if in.Tolerance, err = strconv.ParseFloat(strings.TrimSpace(qf.Tolerance), 64); err != nil {
				err = fieldErr("tolerance", "error.field.number")
			}
		}
	}
	if err == nil {
		_, err = h.svc.AddQuestion(ctx, accounts.ActorFrom(ctx), l.ID, in)
	}
	if err != nil {
		h.renderLessonEditor(c, web.Status(err), l, course, &qf, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/lessons/%d#questions", l.ID), "flash.question_added")
}

func (h *Handler) deleteQuestionPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrQuestionNotFound)
		return
	}
	q, err := h.svc.QuestionByID(ctx, id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if err := h.svc.DeleteQuestion(ctx, accounts.ActorFrom(ctx), id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/lessons/%d#questions", q.LessonID), "flash.question_deleted")
}
