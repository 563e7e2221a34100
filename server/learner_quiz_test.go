package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// questionOrder lists the question ids of a quiz page in the order shown.
func questionOrder(body string) []int64 {
	var out []int64
	for _, m := range regexp.MustCompile(`name="q-(\d+)"`).FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// answerField is where a question's answer is reported: the field of the
// API's and the form's errors, "f-" and it the id of the question's box.
func answerField(questionID int64) string { return "answers." + strconv.FormatInt(questionID, 10) }

// summaryLinks lists the fields the error summary links to.
func summaryLinks(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<div class="error-summary"[\s\S]*?</div>`).FindAllString(body, -1) {
		for _, l := range regexp.MustCompile(`href="#f-([^"]+)"`).FindAllStringSubmatch(m, -1) {
			out = append(out, l[1])
		}
	}
	return out
}

// quizSetup enrols the demo learner in a published course whose quiz
// shuffles, completes its text lesson through the page and returns the
// signed-in client, the fixture, the enrolment and the quiz page's path.
func quizSetup(t *testing.T, a *app) (*client, *coursetest.Fixture, int64, string) {
	t.Helper()
	f := coursetest.Build(t, a.crs, "QUIZ-P", true)
	if _, err := a.crs.UpdateLesson(context.Background(), accounts.Actor{}, f.Quiz.ID, courses.LessonInput{
		Required: true, PassMark: 60, AttemptLimit: 3, Shuffle: true, ShowFeedback: true}); err != nil {
		t.Fatal(err)
	}
	e := mustEnrol(t, a, "learner@example.org", f.Course.ID)
	c := a.client()
	c.login("learner@example.org")
	if r := c.post(fmt.Sprintf("/learn/%d/%d/complete", e, f.Text.ID), url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("complete the text: %d", r.status)
	}
	return c, f, e, fmt.Sprintf("/learn/%d/%d", e, f.Quiz.ID)
}

// TestQuizErrorsKeepTheLearnersWork: a refused quiz submission (a number
// that is not one, nothing answered, some questions left out) comes back
// with every answer as given, the questions in the same order, each
// message in its question's fieldset under the id the summary links to,
// and no attempt spent. A graded attempt is shown in the order answered.
func TestQuizErrorsKeepTheLearnersWork(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c, f, e, path := quizSetup(t, a)
		page := c.get(path)
		if page.status != http.StatusOK {
			t.Fatalf("quiz page: %d", page.status)
		}
		order := questionOrder(page.body)
		if len(order) != 5 {
			t.Fatalf("quiz page shows questions %v", order)
		}
		lang := regexpFind(t, `<html lang="([a-z]+)"`, page.body)
		b, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		l := b.Localizer(lang)
		number := func(qid int64) int { return slices.Index(order, qid) + 1 }
		q := f.Questions
		var multi []string
		for _, ch := range q[1].Choices {
			if ch.Correct {
				multi = append(multi, strconv.FormatInt(ch.ID, 10))
			}
		}
		typed := url.Values{
			"q-" + strconv.FormatInt(q[0].ID, 10): {strconv.FormatInt(q[0].Choices[0].ID, 10)},
			"q-" + strconv.FormatInt(q[1].ID, 10): multi,
			"q-" + strconv.FormatInt(q[2].ID, 10): {"true"},
			"q-" + strconv.FormatInt(q[3].ID, 10): {"New-Village Movement"},
			"q-" + strconv.FormatInt(q[4].ID, 10): {"forty-one"},
		}
		quiz := path + "/quiz"

		// A number that is not one: everything comes back as given.
		r := c.post(quiz, cloneForm(typed))
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a non-numeric answer: %d", r.status)
		}
		if got := questionOrder(r.body); !slices.Equal(got, order) {
			t.Errorf("questions reordered after an error: %v, was %v", got, order)
		}
		for _, want := range []string{
			fmt.Sprintf(`value="%d" checked`, q[0].Choices[0].ID),
			fmt.Sprintf(`name="q-%d" value="true" checked`, q[2].ID),
			`value="New-Village Movement"`,
			`value="forty-one"`,
		} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the refused form lost %s", want)
			}
		}
		for _, id := range multi {
			if !strings.Contains(r.body, `value="`+id+`" checked`) {
				t.Errorf("the refused form lost choice %s", id)
			}
		}
		field := answerField(q[4].ID)
		checkFieldErrors(t, r.body, map[string]string{field: l.T("error.quiz.not_a_number", "Number", number(q[4].ID))})

		// Nothing answered: one message per question, nothing spent.
		r = c.post(quiz, url.Values{})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("an empty submission: %d", r.status)
		}
		want := map[string]string{}
		for _, qq := range q {
			want[answerField(qq.ID)] = l.T("error.quiz.unanswered", "Number", number(qq.ID))
		}
		checkFieldErrors(t, r.body, want)
		if got := questionOrder(r.body); !slices.Equal(got, order) {
			t.Errorf("questions reordered after an empty submission: %v, was %v", got, order)
		}

		// Some questions left out: those are named, the answers kept.
		part := cloneForm(typed)
		part.Del("q-" + strconv.FormatInt(q[2].ID, 10))
		part.Set("q-"+strconv.FormatInt(q[4].ID, 10), "41")
		r = c.post(quiz, part)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a partly answered submission: %d", r.status)
		}
		checkFieldErrors(t, r.body, map[string]string{answerField(q[2].ID): l.T("error.quiz.unanswered", "Number", number(q[2].ID))})
		if !strings.Contains(r.body, `value="41"`) {
			t.Error("the partly answered form lost the number")
		}
		if n := storetest.Count(t, db, "quiz_attempts"); n != 0 {
			t.Fatalf("%d attempts spent on refused submissions", n)
		}

		// A complete attempt is graded and shown in the order answered. It
		// fails (two of six points), so the quiz stays open for the next.
		typed.Set("q-"+strconv.FormatInt(q[4].ID, 10), "41,0")
		typed.Set("q-"+strconv.FormatInt(q[2].ID, 10), "false")
		typed.Set("q-"+strconv.FormatInt(q[3].ID, 10), "Green Revolution")
		typed.Set("q-"+strconv.FormatInt(q[1].ID, 10), multi[0])
		r = c.post(quiz, typed)
		if r.status != http.StatusOK || !strings.Contains(r.body, `data-testid="quiz-result"`) {
			t.Fatalf("a complete attempt: %d", r.status)
		}
		if got := questionOrder(r.body); !slices.Equal(got, order) {
			t.Errorf("the graded attempt is shown as %v, it was answered as %v", got, order)
		}
		// The next attempt is shuffled otherwise, so the check above tells
		// the two orders apart.
		if next := questionOrder(c.get(path).body); len(next) != 5 || slices.Equal(next, order) {
			t.Fatalf("attempt 2 is shown as %v, attempt 1 as %v: the order check above proves nothing", next, order)
		}
		var attempts []enrollment.Attempt
		db.Gorm.Where("enrolment_id = ?", e).Find(&attempts)
		if len(attempts) != 1 || attempts[0].Passed || attempts[0].Points != 2 {
			t.Fatalf("attempts after one complete submission: %+v", attempts)
		}
	})
}

// checkFieldErrors checks that the page's error summary links exactly to
// want's fields, that each link's target exists and that each message
// stands at its field (in the element the field's input describes).
func checkFieldErrors(t *testing.T, body string, want map[string]string) {
	t.Helper()
	links := summaryLinks(body)
	slices.Sort(links)
	var fields []string
	for f := range want {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	if !slices.Equal(links, fields) {
		t.Errorf("error summary links to %v, want %v", links, fields)
	}
	for f, msg := range want {
		if !strings.Contains(body, `id="f-`+f+`"`) {
			t.Errorf("the summary links to #f-%s, which is not on the page", f)
		}
		beside := regexp.MustCompile(`id="e-` + regexp.QuoteMeta(f) + `">([^<]*)<`).FindStringSubmatch(body)
		if beside == nil || html.UnescapeString(beside[1]) != msg {
			t.Errorf("message at %s: %v, want %q", f, beside, msg)
		}
		if !strings.Contains(body, `aria-describedby="e-`+f+`"`) {
			t.Errorf("nothing is described by the message at %s", f)
		}
	}
}
