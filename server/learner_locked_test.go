package server_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestLockedLessonNamesTheLessonToFinish: opening (or posting to) a lesson
// that is not open yet answers 409 with the lesson to finish first — on the
// page a link to it under its title, in the API a problem detail that names
// it — in the reader's language.
func TestLockedLessonNamesTheLessonToFinish(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "LOCK-1", true)
		e := mustEnrol(t, a, "learner@example.org", f.Course.ID)
		b, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		c := a.client()
		c.login("learner@example.org")
		first := fmt.Sprintf("/learn/%d/%d", e, f.Text.ID)
		for _, tc := range []struct {
			name string
			do   func() resp
		}{
			{"open the quiz", func() resp { return c.get(fmt.Sprintf("/learn/%d/%d?lang=vi", e, f.Quiz.ID)) }},
			{"answer the quiz", func() resp { return c.post(fmt.Sprintf("/learn/%d/%d/quiz?lang=vi", e, f.Quiz.ID), url.Values{}) }},
			{"mark the video done", func() resp { return c.post(fmt.Sprintf("/learn/%d/%d/complete?lang=vi", e, f.Video.ID), url.Values{}) }},
		} {
			r := tc.do()
			if r.status != http.StatusConflict {
				t.Fatalf("%s: %d, want 409", tc.name, r.status)
			}
			body := html.UnescapeString(r.body)
			if !strings.Contains(r.body, `data-testid="lesson-locked"`) || !strings.Contains(r.body, `href="`+first+`"`) {
				t.Errorf("%s: no link to %s on the page:\n%.600s", tc.name, first, r.body)
			}
			title := "The 1970 village programme" // no Vietnamese texts: in the course's default, English
			l := b.Localizer("vi")
			for _, want := range []string{l.T("error.lesson.locked_by", "Lesson", title), l.T("page.lesson.locked_go", "Lesson", title)} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: the page does not say %q", tc.name, want)
				}
			}
		}
		// The API answers in the learner's language, Vietnamese since the
		// pages above saved ?lang=vi to their profile.
		tok := a.token("learner@example.org")
		for _, r := range []resp{
			a.api("GET", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", e, f.Quiz.ID), tok, nil),
			a.api("POST", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d/attempts", e, f.Quiz.ID), tok, map[string]any{"answers": map[string]any{}}),
		} {
			if r.status != http.StatusConflict || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("API: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
			}
			p := decode[struct {
				Detail      string `json:"detail"`
				FirstLesson struct {
					ID    int64 `json:"id"`
					Title struct {
						Text string `json:"text"`
					} `json:"title"`
					Href string `json:"href"`
				} `json:"first_lesson"`
			}](t, r.body)
			title := "The 1970 village programme"
			if p.FirstLesson.ID != f.Text.ID || p.FirstLesson.Title.Text != title ||
				p.FirstLesson.Href != fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", e, f.Text.ID) {
				t.Errorf("first_lesson %+v", p.FirstLesson)
			}
			if want := b.Localizer("vi").T("error.lesson.locked_by", "Lesson", title); p.Detail != want {
				t.Errorf("detail %q, want %q", p.Detail, want)
			}
		}
	})
}
