package server_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

func multipartBody(t *testing.T, fields map[string]string, name string, content []byte) (string, io.Reader) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = w.Close()
	return w.FormDataContentType(), &buf
}

var minimalPDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// TestLessonFileUpload: a coordinator uploads a PDF through the page and
// the API; a learner downloads it; wrong types, mismatched content and
// oversized files are refused with a clear error and nothing stored.
func TestLessonFileUpload(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "FILE-1", false)
		lesson, err := a.crs.AddLesson(t.Context(), accountsActor(), f.Course.Modules[0].ID, courses.LessonInput{Kind: courses.KindFile, Title: "Handbook", Required: true})
		if err != nil {
			t.Fatal(err)
		}
		co := a.client()
		co.login("coordinator@example.org")
		co.get("/?lang=en") // the demo coordinator reads Korean; these checks read English
		page := fmt.Sprintf("/coordinate/lessons/%d/file", lesson.ID)
		post := func(name string, content []byte) resp {
			ct, body := multipartBody(t, map[string]string{web.CSRFField: co.csrf()}, name, content)
			return co.do(http.MethodPost, page, body, map[string]string{"Content-Type": ct})
		}
		cases := []struct {
			name    string
			content []byte
			status  int
			message string
		}{
			{"virus.exe", []byte("MZ..."), http.StatusUnprocessableEntity, "Upload a PDF, DOCX or PPTX file."},
			{"fake.pdf", []byte("just text, not a PDF"), http.StatusUnprocessableEntity, "does not match its extension"},
			{"fake.docx", minimalPDF, http.StatusUnprocessableEntity, "does not match its extension"},
			{"empty.pdf", nil, http.StatusUnprocessableEntity, "The file is empty."},
			{"huge.pdf", append(append([]byte{}, minimalPDF...), bytes.Repeat([]byte("x"), 3<<20)...), http.StatusRequestEntityTooLarge, "too large"},
		}
		for _, tc := range cases {
			r := post(tc.name, tc.content)
			if r.status != tc.status || !strings.Contains(r.body, tc.message) {
				t.Errorf("%s: %d, want %d with %q", tc.name, r.status, tc.status, tc.message)
			}
		}
		var key string
		db.Gorm.Table("lessons").Select("file_key").Where("id = ?", lesson.ID).Scan(&key)
		if key != "" {
			t.Fatalf("a refused upload was stored: %q", key)
		}
		if r := post("handbook.pdf", minimalPDF); r.status != http.StatusSeeOther {
			t.Fatalf("PDF upload: %d %.500s", r.status, r.body)
		}

		// The API takes the same checks.
		tok := a.token("coordinator@example.org")
		ct, body := multipartBody(t, nil, "slides.pptx", minimalPDF)
		r := (&client{a: a, http: http.DefaultClient}).do(http.MethodPut, fmt.Sprintf("/api/v1/lessons/%d/file", lesson.ID), body,
			map[string]string{"Content-Type": ct, "Authorization": "Bearer " + tok})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"location":"body.file"`) {
			t.Fatalf("API mismatched upload: %d %s", r.status, r.body)
		}
		ct, body = multipartBody(t, nil, "guide.pdf", minimalPDF)
		r = (&client{a: a, http: http.DefaultClient}).do(http.MethodPut, fmt.Sprintf("/api/v1/lessons/%d/file", lesson.ID), body,
			map[string]string{"Content-Type": ct, "Authorization": "Bearer " + tok})
		if r.status != http.StatusOK || !strings.Contains(r.body, `"file_name":"guide.pdf"`) {
			t.Fatalf("API upload: %d %s", r.status, r.body)
		}

		// A learner enrolled in the published course downloads it.
		if _, err := a.crs.SetStatus(t.Context(), accountsActor(), f.Course.ID, courses.Published); err != nil {
			t.Fatal(err)
		}
		e := mustEnrol(t, a, "learner@example.org", f.Course.ID)
		le := a.client()
		le.login("learner@example.org")
		// Lessons go in order: finish the text lesson and pass the quiz first.
		le.post(fmt.Sprintf("/learn/%d/%d/complete", e, f.Text.ID), map[string][]string{})
		if _, err := a.crs.Course(t.Context(), f.Course.ID); err != nil {
			t.Fatal(err)
		}
		dl := le.get(fmt.Sprintf("/learn/%d/%d/file", e, lesson.ID))
		if dl.status == http.StatusOK {
			t.Fatal("a locked lesson's file was downloadable")
		}
		passQuiz(t, a, e, f)
		dl = le.get(fmt.Sprintf("/learn/%d/%d/file", e, lesson.ID))
		if dl.status != http.StatusOK || !bytes.Equal([]byte(dl.body), minimalPDF) || dl.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("download: %d %q %q", dl.status, dl.header.Get("Content-Type"), dl.body)
		}
		other := a.client()
		other.login("learner.gh@example.org")
		if r := other.get(fmt.Sprintf("/learn/%d/%d/file", e, lesson.ID)); r.status != http.StatusNotFound {
			t.Fatalf("another learner's download: %d", r.status)
		}
	})
}
