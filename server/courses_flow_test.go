package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

var (
	reCourseID = regexp.MustCompile(`/coordinate/courses/(\d+)`)
	reLessonID = regexp.MustCompile(`/coordinate/lessons/(\d+)`)
	reModuleID = regexp.MustCompile(`/coordinate/modules/(\d+)/lessons`)
)

func must1(t *testing.T, re *regexp.Regexp, s string) string {
	t.Helper()
	m := re.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in %.500s", re, s)
	}
	return m[1]
}

func expect(t *testing.T, r resp, status int, what string) resp {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d\n%.1500s", what, r.status, status, r.body)
	}
	return r
}

// TestCoordinatorBuildsAndLearnerPassesThroughPages is the capability end
// to end: a coordinator builds an English course with a quiz, translates it
// into Korean and publishes it; a learner reading Korean enrols, reads the
// text lesson, passes the quiz and sees the course complete.
func TestCoordinatorBuildsAndLearnerPassesThroughPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		co := a.client()
		co.login("coordinator@example.org")

		expect(t, co.get("/coordinate/courses"), http.StatusOK, "coordinate page")
		expect(t, co.post("/coordinate/programmes", url.Values{"code": {"SMU"}, "type": {"smu_invitational"}, "default_locale": {"en"},
			"title": {"SMU invitational training"}}), http.StatusSeeOther, "create programme")
		var progID int64
		db.Gorm.Table("programmes").Select("id").Where("code = ?", "SMU").Scan(&progID)

		// A course with a bad code and no title is refused with both errors.
		r := expect(t, co.post("/coordinate/courses", url.Values{"programme_id": {itoa(progID)}, "code": {"bad code!"}, "delivery": {"online"},
			"default_locale": {"en"}, "pass_mark": {"60"}, "duration_hours": {"4"}}), http.StatusUnprocessableEntity, "invalid course")
		if !strings.Contains(r.body, `href="#f-code"`) || !strings.Contains(r.body, `href="#f-title"`) {
			t.Fatal("the error summary does not link code and title")
		}
		r = expect(t, co.post("/coordinate/courses", url.Values{"programme_id": {itoa(progID)}, "code": {"SMU-E1"}, "delivery": {"online"},
			"default_locale": {"en"}, "pass_mark": {"60"}, "duration_hours": {"4"}, "self_enrol": {"1"},
			"title": {"Village development basics"}, "summary": {"How villagers plan and run their own projects."}}), http.StatusSeeOther, "create course")
		courseID := must1(t, reCourseID, r.header.Get("Location"))
		editor := "/coordinate/courses/" + courseID

		expect(t, co.post(editor+"/modules", url.Values{"title": {"Planning"}}), http.StatusSeeOther, "add module")
		page := expect(t, co.get(editor), http.StatusOK, "editor")
		moduleID := must1(t, reModuleID, page.body)
		r = expect(t, co.post("/coordinate/modules/"+moduleID+"/lessons", url.Values{"kind": {"text"}, "title": {"The village meeting"}, "required": {"1"}}),
			http.StatusSeeOther, "add text lesson")
		textID := must1(t, reLessonID, r.header.Get("Location"))
		expect(t, co.post("/coordinate/lessons/"+textID, url.Values{"title": {"The village meeting"}, "required": {"1"},
			"body": {"## Who decides?\n\nThe **villagers** choose their projects.<script>alert(1)</script>"}}), http.StatusSeeOther, "save text")
		r = expect(t, co.post("/coordinate/modules/"+moduleID+"/lessons", url.Values{"kind": {"quiz"}, "title": {"Check"}, "required": {"1"}}),
			http.StatusSeeOther, "add quiz")
		quizID := must1(t, reLessonID, r.header.Get("Location"))
		expect(t, co.post("/coordinate/lessons/"+quizID+"/questions", url.Values{"kind": {"single"}, "points": {"1"},
			"prompt": {"Who chooses the projects?"}, "choices": {"*The villagers\nThe ministry"}}), http.StatusSeeOther, "add single question")
		expect(t, co.post("/coordinate/lessons/"+quizID+"/questions", url.Values{"kind": {"short"}, "points": {"1"},
			"prompt": {"Name the movement."}, "answers": {"Saemaul Undong"}}), http.StatusSeeOther, "add short question")
		// A single-choice question with two right choices is refused.
		expect(t, co.post("/coordinate/lessons/"+quizID+"/questions", url.Values{"kind": {"single"}, "points": {"1"},
			"prompt": {"?"}, "choices": {"*a\n*b"}}), http.StatusUnprocessableEntity, "two right choices")

		// Publishing before Korean is fine (English is the default and complete).
		// Translate everything into Korean on the side-by-side page.
		tr := expect(t, co.get(editor+"/translate/ko"), http.StatusOK, "translate page")
		keys := regexp.MustCompile(`name="((?:course|module|lesson|question|choice)\.\d+\.[a-z]+)"`).FindAllStringSubmatch(tr.body, -1)
		if len(keys) < 8 {
			t.Fatalf("translate page lists %d texts", len(keys))
		}
		form := url.Values{}
		for _, k := range keys {
			form.Set(k[1], "한국어 "+k[1])
		}
		form.Set(keys[0][1], "마을 개발 기초") // course title
		expect(t, co.post(editor+"/translate/ko", form), http.StatusSeeOther, "save Korean")
		if strings.Contains(co.get(editor).body, "page.editor") {
			t.Fatal("untranslated id on the editor page")
		}
		r = expect(t, co.post(editor+"/status", url.Values{"status": {"published"}}), http.StatusSeeOther, "publish")

		// The learner reads Korean.
		le := a.client()
		le.get("/?lang=ko")
		le.login("learner@example.org")
		cat := expect(t, le.get("/courses"), http.StatusOK, "catalogue")
		if !strings.Contains(cat.body, "마을 개발 기초") {
			t.Fatal("the catalogue does not show the Korean title")
		}
		expect(t, le.post("/courses/"+courseID+"/enrol", url.Values{}), http.StatusSeeOther, "enrol")
		cp := expect(t, le.get("/courses/"+courseID), http.StatusOK, "course page")
		learn := regexp.MustCompile(`/learn/(\d+)/` + textID).FindStringSubmatch(cp.body)
		if learn == nil {
			t.Fatalf("course page has no link to the first lesson")
		}
		enrolment := learn[1]
		// The quiz is locked until the text lesson is done.
		expect(t, le.get(fmt.Sprintf("/learn/%s/%s", enrolment, quizID)), http.StatusConflict, "locked quiz")
		lesson := expect(t, le.get(fmt.Sprintf("/learn/%s/%s", enrolment, textID)), http.StatusOK, "text lesson")
		if strings.Contains(lesson.body, "<script>alert") {
			t.Fatal("lesson Markdown was not sanitised")
		}
		expect(t, le.post(fmt.Sprintf("/learn/%s/%s/complete", enrolment, textID), url.Values{}), http.StatusSeeOther, "complete text")

		quiz := expect(t, le.get(fmt.Sprintf("/learn/%s/%s", enrolment, quizID)), http.StatusOK, "quiz page")
		if strings.Contains(quiz.body, "Saemaul Undong") {
			t.Fatal("the quiz page leaks the accepted answer")
		}
		qs := regexp.MustCompile(`name="q-(\d+)" value="(\d+)"`).FindAllStringSubmatch(quiz.body, -1)
		short := regexp.MustCompile(`type="text" name="q-(\d+)"`).FindStringSubmatch(quiz.body)
		if len(qs) != 2 || short == nil {
			t.Fatalf("quiz form: %d choices, short %v", len(qs), short)
		}
		var singleQ, rightChoice string
		var choices []string
		for _, m := range qs {
			singleQ = m[1]
			choices = append(choices, m[2])
		}
		db.Gorm.Table("choices").Select("id").Where("question_id = ? AND correct = ?", singleQ, true).Scan(&rightChoice)
		if !contains(choices, rightChoice) {
			t.Fatalf("right choice %s not offered in %v", rightChoice, choices)
		}
		// An answer for a question of another quiz is refused, nothing stored.
		expect(t, le.post(fmt.Sprintf("/learn/%s/%s/quiz", enrolment, quizID), url.Values{"q-999999": {"1"}}), http.StatusUnprocessableEntity, "foreign answer")
		if n := storetest.Count(t, db, "quiz_attempts"); n != 0 {
			t.Fatalf("a refused attempt was stored (%d)", n)
		}
		res := expect(t, le.post(fmt.Sprintf("/learn/%s/%s/quiz", enrolment, quizID), url.Values{
			"q-" + singleQ: {rightChoice}, "q-" + short[1]: {"saemaul undong"},
		}), http.StatusOK, "submit quiz")
		if !strings.Contains(res.body, `data-testid="quiz-result"`) || !strings.Contains(res.body, "100%") {
			t.Fatalf("quiz result missing:\n%.2000s", res.body)
		}
		done := expect(t, le.get("/courses/"+courseID), http.StatusOK, "course page after")
		if !strings.Contains(done.body, `data-testid="course-complete"`) {
			t.Fatal("the course is not marked complete")
		}
		var status string
		db.Gorm.Table("enrolments").Select("status").Where("id = ?", enrolment).Scan(&status)
		if status != "completed" {
			t.Fatalf("enrolment status %q", status)
		}
		my := expect(t, le.get("/my"), http.StatusOK, "my page")
		if !strings.Contains(my.body, "마을 개발 기초") || !strings.Contains(my.body, "100%") {
			t.Fatal("/my does not show the completed course")
		}
	})
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
