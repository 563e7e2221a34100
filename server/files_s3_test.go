package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/files/filestest"
	"github.com/baeum-lms/baeum/server"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// TestFilesOnS3: with the files in an S3-compatible bucket, a lesson
// document uploaded through the page downloads for a learner, a
// certificate's PDF and its cohort's bulk-issue ZIP are stored there and
// download, and a report attachment goes there too. With the store down,
// an upload is a 503 that says so in the user's language, and nothing of
// it is in the database or the bucket.
func TestFilesOnS3(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s3 := filestest.NewS3(t, "baeum")
		fs, err := files.Open(ctx, s3.URL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = fs.Close() })
		a := newAppOn(t, db, fs, func(*server.Config) {})
		prefixes := func() []string {
			var out []string
			for _, k := range s3.Keys(t, "baeum") {
				out = append(out, k[:strings.LastIndex(k, "/")])
			}
			slices.Sort(out)
			return slices.Compact(out)
		}

		// A lesson document.
		f := coursetest.Build(t, a.crs, "S3-1", false)
		lesson, err := a.crs.AddLesson(ctx, accountsActor(), f.Course.Modules[0].ID, courses.LessonInput{Kind: courses.KindFile, Title: "Handbook", Required: false})
		if err != nil {
			t.Fatal(err)
		}
		co := a.client()
		co.login("coordinator@example.org")
		co.get("/?lang=ko")
		page := fmt.Sprintf("/coordinate/lessons/%d/file", lesson.ID)
		upload := func() resp {
			ct, body := multipartBody(t, map[string]string{web.CSRFField: co.csrf()}, "handbook.pdf", minimalPDF)
			return co.do(http.MethodPost, page, body, map[string]string{"Content-Type": ct})
		}
		if r := upload(); r.status != see {
			t.Fatalf("upload to S3: %d %.300s", r.status, r.body)
		}
		if _, err := a.crs.SetStatus(ctx, accountsActor(), f.Course.ID, courses.Published); err != nil {
			t.Fatal(err)
		}
		e := mustEnrol(t, a, "learner@example.org", f.Course.ID)
		le := a.client()
		le.login("learner@example.org")
		le.post(fmt.Sprintf("/learn/%d/%d/complete", e, f.Text.ID), map[string][]string{}) // lessons go in order
		passQuiz(t, a, e, f)
		if dl := le.get(fmt.Sprintf("/learn/%d/%d/file", e, lesson.ID)); dl.status != ok || !bytes.Equal([]byte(dl.body), minimalPDF) {
			t.Fatalf("download from S3: %d %.100q", dl.status, dl.body)
		}

		// Certificates and their ZIP.
		fx := newCertFixture(t, a, "S3-CERT")
		if r := le.get(fmt.Sprintf("/certificates/%d/pdf", fx.cert.ID)); r.status != ok || !strings.HasPrefix(r.body, "%PDF") {
			t.Fatalf("certificate PDF from S3: %d", r.status)
		}
		tok := a.token("coordinator@example.org")
		r := a.api(http.MethodPost, fmt.Sprintf("/api/v1/cohorts/%d/certificate-batches", fx.cohort.ID), tok, nil)
		if r.status != http.StatusAccepted {
			t.Fatalf("bulk issue: %d %s", r.status, r.body)
		}
		batch := decode[certificates.BatchOut](t, r.body)
		if err := a.certs.RunBatch(ctx, batch.ID); err != nil { // no job queue here: the test works the batch
			t.Fatal(err)
		}
		r = a.api(http.MethodGet, fmt.Sprintf("/api/v1/certificate-batches/%d/zip", batch.ID), tok, nil)
		zr, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
		if r.status != ok || err != nil || len(zr.File) != 2 {
			t.Fatalf("ZIP from S3: %d, %v", r.status, err)
		}

		// A report attachment.
		pf := projectFixture(t, a)
		rp := fmt.Sprintf("/projects/%d/reports/%d", pf.project, pf.report)
		staff := a.client()
		staff.login("staff@example.org")
		attach := func() resp {
			ct, body := multipartBody(t, map[string]string{web.CSRFField: staff.csrf()}, "field-visit.pdf", minimalPDF)
			return staff.do(http.MethodPost, rp+"/attachments", body, map[string]string{"Content-Type": ct})
		}
		if r := attach(); r.status != see {
			t.Fatalf("attach to S3: %d %.300s", r.status, r.body)
		}
		href := regexp.MustCompile(`href="(` + regexp.QuoteMeta(rp) + `/attachments/\d+)"`).FindStringSubmatch(staff.get(rp).body)
		if href == nil {
			t.Fatal("the report lists no attachment")
		}
		if r := staff.get(href[1]); r.status != ok || !strings.HasPrefix(r.body, "%PDF") {
			t.Fatalf("attachment from S3: %d", r.status)
		}
		want := []string{"certificate-zips", "certificates", fmt.Sprintf("lessons/%d", lesson.ID), fmt.Sprintf("projects/%d/reports/%d", pf.project, pf.report)}
		if got := prefixes(); !slices.Equal(got, want) {
			t.Errorf("the bucket holds %v, want %v", got, want)
		}

		// The store goes down.
		keys := s3.Keys(t, "baeum")
		var lessonKey string
		db.Gorm.Table("lessons").Select("file_key").Where("id = ?", lesson.ID).Scan(&lessonKey)
		attachments := storetest.Count(t, db, "project_report_attachments")
		s3.Down()
		r = upload()
		if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "파일 저장소에 연결할 수 없어") {
			t.Errorf("lesson upload with S3 down: %d %.2000s", r.status, r.body)
		}
		if r := attach(); r.status != http.StatusServiceUnavailable {
			t.Errorf("attachment with S3 down: %d", r.status)
		}
		// The API answers in the coordinator's language, Korean.
		ct, body := multipartBody(t, nil, "guide.pdf", minimalPDF)
		r = (&client{a: a, http: http.DefaultClient}).do(http.MethodPut, fmt.Sprintf("/api/v1/lessons/%d/file", lesson.ID), body,
			map[string]string{"Content-Type": ct, "Authorization": "Bearer " + tok})
		if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "파일 저장소에 연결할 수 없어") || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
			t.Errorf("API upload with S3 down: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
		}
		if r := le.get(fmt.Sprintf("/learn/%d/%d/file", e, lesson.ID)); r.status != http.StatusServiceUnavailable {
			t.Errorf("download with S3 down: %d", r.status)
		}
		s3.Up()
		var after string
		db.Gorm.Table("lessons").Select("file_key").Where("id = ?", lesson.ID).Scan(&after)
		if after != lessonKey || storetest.Count(t, db, "project_report_attachments") != attachments {
			t.Errorf("failed uploads changed the database: lesson file %q → %q, attachments %d → %d", lessonKey, after,
				attachments, storetest.Count(t, db, "project_report_attachments"))
		}
		if got := s3.Keys(t, "baeum"); !slices.Equal(got, keys) {
			t.Errorf("failed uploads left blobs: %v, had %v", got, keys)
		}
	})
}
