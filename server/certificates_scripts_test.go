package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/jobs"
	"github.com/baeum-lms/baeum/mail"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// scriptTrainees are trainees of a Lao cohort with their names in each
// script the certificates print (issue 11's list), and two in scripts
// fpdf's own fonts print.
var scriptTrainees = []struct{ script, name, native string }{
	{"Lao", "Somsak Phommachan", "ສົມສັກ ພົມມະຈັນ"},
	{"Khmer", "Sok Vanna", "សុខ វណ្ណា"},
	{"Myanmar", "Aung Kyaw", "အောင်ကျော်"},
	{"Amharic", "Abebe Bikila", "አበበ ቢቂላ"},
	{"Bengali", "Mohammad Rahman", "মোহাম্মদ রহমান"},
	{"Arabic", "Mohammed Abdullah", "محمد عبد الله"},
	{"Devanagari", "Ram Prasad", "राम प्रसाद"},
	{"Thai", "Somchai Jaidee", "สมชาย"},
	{"Sinhala", "Sriyani Perera", "ශ්\u200dරියානි පෙරේරා"},
	{"Tamil", "Murugan Selvam", "முருகன் செல்வம்"},
	{"Georgian", "Giorgi Beridze", "გიორგი ბერიძე"},
	{"Armenian", "Armen Sargsyan", "Արմեն Սարգսյան"},
	{"Hebrew", "David Cohen", "דָּוִד כֹּהֵן"},
	{"Hangul", "Kim Minjun", "김민준"},
	{"Vietnamese", "Nguyen Thi Anh", "Nguyễn Thị Ánh"},
}

// TestCohortCertificatesInEveryScript: a coordinator issues a cohort whose
// trainees carry names in every script from the cohort page, the
// background job issues them, and the ZIP the page links holds one PDF per
// trainee from which pdftotext gives back the Latin and the native name.
func TestCohortCertificatesInEveryScript(t *testing.T) {
	t.Parallel()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils to read the certificates back")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		if err := jobs.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		runner, err := jobs.Start(ctx, db, mail.LogSender{Log: quiet}, quiet, time.Hour, a.certs.Jobs())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = runner.Stop(context.Background()) })
		a.certs.Enqueue = func(ctx context.Context, id int64) error {
			return runner.Insert(ctx, certificates.BatchArgs{BatchID: id})
		}

		f := coursetest.Build(t, a.crs, "SCRIPTS", true)
		coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
		actor := accounts.Actor{UserID: coord.ID}
		svc := enrollment.NewService(a.db, a.crs, a.acc)
		co, err := svc.CreateCohort(ctx, actor, enrollment.CohortInput{CourseID: f.Course.ID, Code: "SCRIPTS-01",
			Country: "LA", StartsOn: "2026-09-07", EndsOn: "2026-09-18", Capacity: 30, Delivery: courses.Online})
		if err != nil {
			t.Fatal(err)
		}
		var rows []enrollment.TraineeRow
		for i, s := range scriptTrainees {
			rows = append(rows, enrollment.TraineeRow{Line: i + 2, Email: fmt.Sprintf("trainee%02d@example.la", i),
				Name: s.name, NativeName: s.native, Country: "LA"})
		}
		if _, err := svc.ImportTrainees(ctx, actor, co.ID, rows); err != nil {
			t.Fatal(err)
		}
		if err := db.Gorm.Exec("UPDATE enrolments SET status = ?, completed_at = ? WHERE cohort_id = ?",
			enrollment.Completed, time.Now().UTC(), co.ID).Error; err != nil {
			t.Fatal(err)
		}

		c := a.client()
		c.login("coordinator@example.org")
		cp := fmt.Sprintf("/coordinate/cohorts/%d/certificates?lang=en", co.ID)
		if r := c.post(fmt.Sprintf("/coordinate/cohorts/%d/certificates/batches", co.ID), url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("start the batch: %d %.300s", r.status, r.body)
		}
		zipLink := regexp.MustCompile(`href="(/coordinate/certificate-batches/\d+/zip)" data-testid="batch-zip"`)
		var link string
		for tries := 0; link == ""; tries++ {
			if tries == 120 {
				var status string
				db.Gorm.Table("certificate_batches").Select("status || ' ' || error").Order("id DESC").Limit(1).Scan(&status)
				t.Fatalf("the page links no ZIP after 60 s; the batch is %q", status)
			}
			if m := zipLink.FindStringSubmatch(c.get(cp).body); m != nil {
				link = m[1]
			} else {
				time.Sleep(500 * time.Millisecond)
			}
		}
		z := c.get(link)
		if z.status != http.StatusOK {
			t.Fatalf("ZIP: %d", z.status)
		}
		zr, err := zip.NewReader(strings.NewReader(z.body), int64(len(z.body)))
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != len(scriptTrainees) {
			t.Fatalf("%d PDFs in the ZIP, want %d", len(zr.File), len(scriptTrainees))
		}
		texts := map[string]string{} // by the Latin name in the entry's file name
		dir := t.TempDir()
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			_, err = io.Copy(&buf, io.LimitReader(rc, 1<<20))
			_ = rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, zf.Name)
			if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, p, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", zf.Name, err)
			}
			texts[zf.Name] = norm.NFC.String(strings.Map(func(r rune) rune {
				if r >= 0x200E && r <= 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
					return -1 // bidi controls poppler may add
				}
				return r
			}, string(out)))
		}
		for _, s := range scriptTrainees {
			file := ""
			for name := range texts {
				if strings.HasSuffix(name, "_"+strings.ReplaceAll(s.name, " ", "-")+".pdf") {
					file = name
				}
			}
			if file == "" {
				t.Errorf("%s: no PDF for %s in the ZIP", s.script, s.name)
				continue
			}
			for _, want := range []string{s.name, norm.NFC.String(s.native)} {
				if !strings.Contains(texts[file], want) {
					t.Errorf("%s: %q is not in %s:\n%s", s.script, want, file, texts[file])
				}
			}
		}
	})
}
