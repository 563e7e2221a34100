package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/files/filestest"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// uploadEnv is a coordinator with a file lesson and a cohort, and staff
// with a draft project report: every place that takes an upload.
type uploadEnv struct {
	t      *testing.T
	a      *app
	token  string
	coord  *client
	staff  *client
	lesson int64
	cohort int64
	report string
}

func newUploadEnv(t *testing.T, db *store.DB) *uploadEnv {
	t.Helper()
	a := newApp(t, db)
	f := coursetest.Build(t, a.crs, "UPL-1", true)
	lesson, err := a.crs.AddLesson(t.Context(), accountsActor(), f.Course.Modules[0].ID, courses.LessonInput{Kind: courses.KindFile, Title: "Handbook"})
	if err != nil {
		t.Fatal(err)
	}
	e := &uploadEnv{t: t, a: a, token: a.token("coordinator@example.org"), coord: a.client(), staff: a.client(), lesson: lesson.ID}
	e.cohort = decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/cohorts", e.token, map[string]any{
		"course_id": f.Course.ID, "code": "LA-2027-09", "country": "LA", "starts_on": "2027-05-03", "ends_on": "2027-05-14",
		"capacity": 30, "delivery": "blended", "languages": []string{"en"}, "attendance_threshold": 80,
	}), http.StatusCreated, "create cohort").body).ID
	pf := projectFixture(t, a)
	e.report = fmt.Sprintf("/projects/%d/reports/%d", pf.project, pf.report)
	e.coord.login("coordinator@example.org")
	e.coord.get("/?lang=en")
	e.staff.login("staff@example.org")
	e.staff.get("/?lang=en")
	return e
}

// apiUpload sends a file as the coordinator, reading the answer in lang
// (?lang=, as the pages saved English to the coordinator's profile).
func (e *uploadEnv) apiUpload(method, path, name string, content []byte, lang string) resp {
	ct, body := multipartBody(e.t, nil, name, content)
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return (&client{a: e.a, http: http.DefaultClient}).do(method, path+sep+"lang="+lang, body,
		map[string]string{"Content-Type": ct, "Authorization": "Bearer " + e.token})
}

func (e *uploadEnv) pageUpload(c *client, path, name string, content []byte) resp {
	ct, body := multipartBody(e.t, map[string]string{web.CSRFField: c.csrf()}, name, content)
	return c.do(http.MethodPost, path, body, map[string]string{"Content-Type": ct})
}

// TestAPIUploadsLeaveNoTempFiles: an API upload larger than what is kept
// in memory is spooled to a multipart-* file; it is removed when the
// request ends, whether the upload was taken or refused.
func TestAPIUploadsLeaveNoTempFiles(t *testing.T) {
	left := filestest.TempLeftovers(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newUploadEnv(t, db)
		left("setting up")
		pdf := append(append([]byte{}, minimalPDF...), bytes.Repeat([]byte("%"), 1<<20)...)
		apiExpect(t, e.apiUpload(http.MethodPut, fmt.Sprintf("/api/v1/lessons/%d/file", e.lesson), "handbook.pdf", pdf, "en"), http.StatusOK, "lesson file")
		left("a lesson file taken")
		apiExpect(t, e.apiUpload(http.MethodPut, fmt.Sprintf("/api/v1/lessons/%d/file", e.lesson), "handbook.docx", pdf, "en"),
			http.StatusUnprocessableEntity, "lesson file refused")
		left("a lesson file refused")
		var list strings.Builder
		list.WriteString("email,name,country\n")
		for i := range 2000 {
			fmt.Fprintf(&list, "trainee%04d@example.la,Trainee %d,LA\n", i, i)
		}
		apiExpect(t, e.apiUpload(http.MethodPost, fmt.Sprintf("/api/v1/cohorts/%d/import?dry_run=true", e.cohort), "list.csv", []byte(list.String()), "en"),
			http.StatusOK, "trainee list")
		left("a trainee list")
	})
}

// TestArchiveBombsRefused: every entry point that takes an archive refuses
// a ZIP bomb with a translated 422 on the file field, and leaves nothing
// in the temporary folder: the trainee import (API, dry run: a 1 MB
// workbook that unpacks to 1 GiB, the test server taking 2 MB uploads),
// lesson documents (API and page)
// and project report attachments; the course import takes JSON only.
func TestArchiveBombsRefused(t *testing.T) {
	left := filestest.TempLeftovers(t)
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	sheet := filestest.Zip(t, filestest.Entry{Name: "[Content_Types].xml", Data: []byte("<Types/>")},
		filestest.Entry{Name: "xl/workbook.xml", Data: []byte("<workbook/>")},
		filestest.Entry{Name: "xl/worksheets/sheet1.xml", Repeat: []byte(" "), Size: 1 << 30})
	docx := filestest.Zip(t, filestest.Entry{Name: "word/document.xml", Data: []byte("<w:document/>")},
		filestest.Entry{Name: "word/media/big.xml", Repeat: []byte(" "), Size: 1 << 30})
	pptx := filestest.ManyEntries(t, "ppt/slides/slide", files.DocumentZip.Entries, filestest.Entry{Name: "ppt/presentation.xml", Data: []byte("<p/>")})
	unpacks := func(lang string, mb int64) string {
		return bundle.Localizer(lang).T("error.file.zip_size", "MB", mb)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newUploadEnv(t, db)
		for _, lang := range []string{"en", "ko"} {
			r := apiExpect(t, e.apiUpload(http.MethodPost, fmt.Sprintf("/api/v1/cohorts/%d/import?dry_run=true", e.cohort), "list.xlsx", sheet, lang),
				http.StatusUnprocessableEntity, "workbook bomb")
			if want := unpacks(lang, files.SheetZip.EntryBytes>>20); !strings.Contains(r.body, `"location":"file"`) || !strings.Contains(r.body, want) {
				t.Errorf("workbook bomb (%s): %s, want %q on file", lang, r.body, want)
			}
		}
		left("workbook bomb")
		r := apiExpect(t, e.apiUpload(http.MethodPut, fmt.Sprintf("/api/v1/lessons/%d/file", e.lesson), "notes.docx", docx, "en"),
			http.StatusUnprocessableEntity, "document bomb")
		if want := unpacks("en", files.DocumentZip.EntryBytes>>20); !strings.Contains(r.body, `"location":"body.file"`) || !strings.Contains(r.body, want) {
			t.Errorf("document bomb: %s, want %q on body.file", r.body, want)
		}
		page := e.pageUpload(e.coord, fmt.Sprintf("/coordinate/lessons/%d/file", e.lesson), "notes.docx", docx)
		if want := unpacks("en", files.DocumentZip.EntryBytes>>20); page.status != http.StatusUnprocessableEntity ||
			!strings.Contains(page.body, `href="#f-file"`) || !strings.Contains(page.body, want) {
			t.Errorf("document bomb on the page: %d, want %q beside the file field", page.status, want)
		}
		var key string
		db.Gorm.Table("lessons").Select("file_key").Where("id = ?", e.lesson).Scan(&key)
		if key != "" {
			t.Errorf("a bomb was stored as the lesson's file: %q", key)
		}
		page = e.pageUpload(e.staff, e.report+"/attachments", "slides.pptx", pptx)
		if want := bundle.Localizer("en").T("error.file.zip_entries", "Max", files.DocumentZip.Entries); page.status != http.StatusUnprocessableEntity ||
			!strings.Contains(page.body, `href="#f-file"`) || !strings.Contains(page.body, want) {
			t.Errorf("attachment of %d parts: %d, want %q beside the file field", files.DocumentZip.Entries+1, page.status, want)
		}
		if n := storetest.Count(t, db, "project_report_attachments"); n != 0 {
			t.Errorf("a bomb was stored as an attachment (%d)", n)
		}
		small := filestest.Zip(t, filestest.Entry{Name: "course.json", Repeat: []byte(" "), Size: 64 << 20})
		r = apiExpect(t, e.a.api(http.MethodPost, "/api/v1/courses/import", e.token, string(small)), http.StatusUnprocessableEntity, "course file that is a ZIP")
		if !strings.Contains(r.body, "JSON") {
			t.Errorf("course import of a ZIP: %s", r.body)
		}
		left("documents")
	})
}
