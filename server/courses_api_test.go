package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func apiExpect(t *testing.T, r resp, status int, what string) resp {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d: %.1500s", what, r.status, status, r.body)
	}
	return r
}

// TestCourseThroughAPI: the same capability as the page test, by program.
func TestCourseThroughAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		co := a.token("coordinator@example.org")
		le := a.token("learner.vn@example.org")

		prog := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/programmes", co, map[string]any{
			"code": "LOGODI-EL", "type": "e_learning", "default_locale": "en", "title": "E-learning",
		}), http.StatusCreated, "programme").body)
		course := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/courses", co, map[string]any{
			"programme_id": prog.ID, "code": "EL-101", "delivery": "online", "duration_hours": 3, "default_locale": "en",
			"pass_mark": 50, "self_enrol": true, "title": "Local finance", "summary": "Budgets of local governments.",
		}), http.StatusCreated, "course").body)
		cid := itoa(course.ID)
		mod := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/courses/"+cid+"/modules", co, map[string]any{"title": "Budgets"}), http.StatusCreated, "module").body)
		text := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/modules/%d/lessons", mod.ID), co, map[string]any{
			"kind": "text", "title": "What a budget is", "body": "A **plan**.", "required": true,
		}), http.StatusCreated, "text lesson").body)
		quiz := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/modules/%d/lessons", mod.ID), co, map[string]any{
			"kind": "quiz", "title": "Quiz", "required": true, "attempt_limit": 2, "show_feedback": true,
		}), http.StatusCreated, "quiz lesson").body)
		q1 := decode[struct {
			ID      int64
			Choices []int64
		}](t, apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/lessons/%d/questions", quiz.ID), co, map[string]any{
			"kind": "single", "points": 1, "prompt": "A budget is a…", "choices": []map[string]any{{"text": "plan", "correct": true}, {"text": "law"}},
		}), http.StatusCreated, "question").body)
		q2 := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/lessons/%d/questions", quiz.ID), co, map[string]any{
			"kind": "numeric", "points": 1, "prompt": "12 × 12?", "answer_number": 144, "tolerance": 0.5,
		}), http.StatusCreated, "numeric question").body)

		// Texts in Vietnamese through the texts API.
		texts := decode[struct {
			Texts []struct{ Key, Path string }
		}](t, apiExpect(t, a.api("GET", "/api/v1/courses/"+cid+"/texts", co, nil), http.StatusOK, "texts").body)
		vi := map[string]string{}
		for _, tx := range texts.Texts {
			vi[tx.Key] = "VI " + tx.Path
		}
		vi["course."+cid+".title"] = "Tài chính địa phương"
		apiExpect(t, a.api("PUT", "/api/v1/courses/"+cid+"/texts/vi", co, map[string]any{"values": vi}), http.StatusOK, "save vi")
		apiExpect(t, a.api("PUT", "/api/v1/courses/"+cid+"/texts/xx", co, map[string]any{"values": vi}), http.StatusUnprocessableEntity, "unknown locale")

		// A learner sees neither the draft nor its texts.
		apiExpect(t, a.api("GET", "/api/v1/courses/"+cid, le, nil), http.StatusNotFound, "draft hidden")
		apiExpect(t, a.api("POST", "/api/v1/courses/"+cid+"/status", co, map[string]any{"status": "published"}), http.StatusOK, "publish")

		cat := apiExpect(t, a.api("GET", "/api/v1/courses?lang=vi&q=tài", le, nil), http.StatusOK, "catalogue")
		if !strings.Contains(cat.body, `"text":"Tài chính địa phương"`) || !strings.Contains(cat.body, `"total":1`) {
			t.Fatalf("catalogue: %s", cat.body)
		}
		enr := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/courses/"+cid+"/enrolments", le, nil), http.StatusOK, "enrol").body)
		again := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/courses/"+cid+"/enrolments", le, nil), http.StatusOK, "enrol again").body)
		if again.ID != enr.ID {
			t.Fatal("enrolling twice made two enrolments")
		}
		eid := itoa(enr.ID)
		apiExpect(t, a.api("GET", fmt.Sprintf("/api/v1/enrolments/%s/lessons/%d", eid, quiz.ID), le, nil), http.StatusConflict, "quiz locked")
		lesson := apiExpect(t, a.api("GET", fmt.Sprintf("/api/v1/enrolments/%s/lessons/%d?lang=vi", eid, text.ID), le, nil), http.StatusOK, "lesson")
		if !strings.Contains(lesson.body, `"lang":"vi"`) {
			t.Fatalf("lesson not in Vietnamese: %s", lesson.body)
		}
		apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/enrolments/%s/lessons/%d/complete", eid, text.ID), le, nil), http.StatusOK, "complete")
		qc := apiExpect(t, a.api("GET", fmt.Sprintf("/api/v1/enrolments/%s/lessons/%d", eid, quiz.ID), le, nil), http.StatusOK, "quiz content")
		if strings.Contains(qc.body, "correct") || strings.Contains(qc.body, "144") {
			t.Fatalf("quiz content leaks answers: %s", qc.body)
		}
		// Wrong answers first, then right ones; the limit is two attempts.
		path := fmt.Sprintf("/api/v1/enrolments/%s/lessons/%d/attempts", eid, quiz.ID)
		wrong := apiExpect(t, a.api("POST", path, le, map[string]any{"answers": map[string]any{
			itoa(q1.ID): map[string]any{"choices": []int64{q1.Choices[1]}}, itoa(q2.ID): map[string]any{"number": 150},
		}}), http.StatusCreated, "wrong attempt")
		if !strings.Contains(wrong.body, `"passed":false`) {
			t.Fatalf("wrong attempt: %s", wrong.body)
		}
		// An answer naming a choice of another question is refused and not counted.
		apiExpect(t, a.api("POST", path, le, map[string]any{"answers": map[string]any{
			itoa(q2.ID): map[string]any{"choices": []int64{q1.Choices[0]}},
		}}), http.StatusUnprocessableEntity, "foreign choice")
		right := apiExpect(t, a.api("POST", path, le, map[string]any{"answers": map[string]any{
			itoa(q1.ID): map[string]any{"choices": []int64{q1.Choices[0]}}, itoa(q2.ID): map[string]any{"number": 144.4},
		}}), http.StatusCreated, "right attempt")
		if !strings.Contains(right.body, `"passed":true`) || !strings.Contains(right.body, `"status":"completed"`) || !strings.Contains(right.body, `"attempt":2`) {
			t.Fatalf("right attempt: %s", right.body)
		}
		apiExpect(t, a.api("POST", path, le, map[string]any{"answers": map[string]any{}}), http.StatusConflict, "third attempt")
		// Another learner cannot read or write this enrolment.
		other := a.token("learner.gh@example.org")
		apiExpect(t, a.api("GET", "/api/v1/enrolments/"+eid, other, nil), http.StatusNotFound, "another's enrolment")
		apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/enrolments/%s/lessons/%d/complete", eid, text.ID), other, nil), http.StatusNotFound, "another's progress")

		// Export, then import the same file: it updates texts, creates nothing.
		exp := apiExpect(t, a.api("GET", "/api/v1/courses/"+cid+"/export", co, nil), http.StatusOK, "export")
		apiExpect(t, a.api("POST", "/api/v1/courses/import", co, exp.body), http.StatusOK, "re-import")
		apiExpect(t, a.api("POST", "/api/v1/courses/import", co, strings.Replace(exp.body, `"EL-101"`, `"EL-102"`, 1)), http.StatusCreated, "import copy")
		bad := apiExpect(t, a.api("POST", "/api/v1/courses/import", co, strings.Replace(exp.body, `"online"`, `"postal"`, 1)), http.StatusUnprocessableEntity, "bad import")
		if !strings.Contains(bad.body, `"location":"body.course.delivery"`) {
			t.Fatalf("bad import does not point at the field: %s", bad.body)
		}
	})
}
