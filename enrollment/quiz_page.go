package enrollment

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

// readAnswers reads a quiz form: field "q-<question id>" per question. It
// returns the answers, and the text typed for each short or number answer
// as typed, so a page shown again keeps it. A number that does not read as
// one is NaN, which Submit refuses at the question. A field for a question
// of another quiz is kept so grading refuses it; a field that names no
// question or choice at all is a tampered form.
func readAnswers(c *gin.Context, l *courses.Lesson) (map[int64]courses.Answer, map[int64]string, error) {
	kinds := map[int64]courses.QuestionKind{}
	for _, q := range l.Questions {
		kinds[q.ID] = q.Kind
	}
	answers, typed := map[int64]courses.Answer{}, map[int64]string{}
	var bad error
	for key, vals := range c.Request.PostForm {
		idStr, ok := strings.CutPrefix(key, "q-")
		if !ok {
			continue
		}
		qid, err := strconv.ParseInt(idStr, 10, 64)
		if err != nil {
			bad = courses.ErrForeignQuestion
			continue
		}
		var a courses.Answer
		first := ""
		if len(vals) > 0 {
			first = vals[0]
		}
		switch kinds[qid] {
		case courses.SingleChoice, courses.MultipleChoice, "":
			for _, v := range vals {
				id, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					bad = courses.ErrForeignChoice
					continue
				}
				a.Choices = append(a.Choices, id)
			}
		case courses.TrueFalse:
			if first == "true" || first == "false" {
				b := first == "true"
				a.Bool = &b
			}
		case courses.ShortAnswer:
			a.Text, typed[qid] = first, first
		case courses.Numeric:
			typed[qid] = first
			if s := strings.TrimSpace(first); s != "" {
				n := readNumber(s)
				a.Number = &n
			}
		}
		answers[qid] = a
	}
	return answers, typed, bad
}

// readNumber reads a number as people type it, with a decimal point or a
// decimal comma ("12.5", "12,5"); anything else is NaN.
func readNumber(s string) float64 {
	n, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || math.IsInf(n, 0) {
		return math.NaN()
	}
	return n
}

// submitPage grades a quiz form and shows the result on the same page (not
// a redirect: the result belongs to this one submission). A refused
// submission shows the questions again in the same order with everything
// the learner gave and the problems beside the questions.
func (h *Handler) submitPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := accounts.CurrentUser(ctx)
	eid, lid, ok := h.learnIDs(c)
	if !ok {
		return
	}
	lr, err := h.svc.Lesson(ctx, u, eid, lid)
	if err != nil {
		h.failLesson(c, err)
		return
	}
	answers, typed, err := readAnswers(c, lr.Lesson)
	qs := quizState{answers: answers, typed: typed}
	var res *AttemptResult
	if err == nil {
		res, err = h.svc.Submit(ctx, u, eid, lid, answers, web.Localizer(ctx).Code())
	}
	if err != nil {
		h.renderLesson(c, web.Status(err), lr, qs, err)
		return
	}
	after, err := h.svc.Lesson(ctx, u, eid, lid)
	if err != nil {
		h.failLesson(c, err)
		return
	}
	qs.result, qs.attempt = &res.Result, res.Attempt.Number
	h.renderLesson(c, http.StatusOK, after, qs, nil)
}

// questionViews lays out a quiz in the order of the attempt shown: the one
// just graded, or the next one (also when a submission was refused, so the
// questions stay where the learner answered them).
func questionViews(v *lessonView, lr *Learning, qs quizState, loc string) []questionView {
	course, l := lr.Course, lr.Lesson
	results := map[int64]*courses.QuestionResult{}
	if qs.result != nil {
		for i := range qs.result.Questions {
			results[qs.result.Questions[i].QuestionID] = &qs.result.Questions[i]
		}
	}
	n := qs.attempt
	if n == 0 {
		n = NextAttempt(l, lr.Progress)
	}
	var out []questionView
	for i, q := range AttemptOrder(lr.Enrolment, l, n) {
		qv := questionView{ID: q.ID, Number: i + 1, Field: AnswerField(q.ID), Kind: q.Kind, Points: q.Points,
			Prompt: q.PromptIn(loc, course.DefaultLocale), Answer: qs.answers[q.ID], Typed: qs.typed[q.ID]}
		qv.Error = v.FieldError(qv.Field)
		if _, ok := qs.typed[q.ID]; !ok && qv.Answer.Number != nil {
			qv.Typed = strconv.FormatFloat(*qv.Answer.Number, 'f', -1, 64)
		}
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
		out = append(out, qv)
	}
	return out
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
