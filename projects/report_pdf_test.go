package projects_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestReportPDF renders every demo project's record and the project list
// as PDF in Korean and English and reads the text back (pdftotext): titles,
// phases, budget and indicators are there in the reader's language.
func TestReportPDF(t *testing.T) {
	t.Parallel()
	pdftotext := needPDFToText(t)
	db := storetest.New(t, store.SQLite)
	ctx := context.Background()
	acc := accounts.NewService(db)
	if _, err := demo.Seed(ctx, acc); err != nil {
		t.Fatal(err)
	}
	enr := enrollment.NewService(db, courses.NewService(db, acc, nil), acc)
	svc := projects.NewService(db, acc, enr, nil)
	codes, err := demo.SeedProjects(ctx, acc, enr, svc)
	if err != nil {
		t.Fatal(err)
	}
	staff, _ := acc.UserByEmail(ctx, "staff@example.org")
	b, _ := i18n.Load()
	for _, loc := range []string{"ko", "en"} {
		l := b.Localizer(loc)
		for _, code := range codes {
			p, err := svc.ByCode(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := svc.Record(ctx, p, loc)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := projects.WriteRecordPDF(&buf, l, rec, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatalf("%s %s: %v", code, loc, err)
			}
			got := pdfText(t, pdftotext, buf.Bytes())
			for _, want := range []string{code, l.T("page.project_pdf.title"), l.T("phase." + string(p.Phase)), l.CountryName(p.Country),
				l.T("page.project.indicators"), projects.FormatAmount(rec.Spending.Planned, p.Currency)} {
				if !strings.Contains(got, strings.Join(strings.Fields(want), " ")) {
					t.Errorf("%s in %s: %q not in the PDF:\n%.800s", code, loc, want, got)
				}
			}
			if t1 := rec.Title; i18n.Printable(t1) && !strings.Contains(got, strings.Join(strings.Fields(t1), " ")[:min(len(t1), 20)]) {
				t.Errorf("%s in %s: title %q not in the PDF", code, loc, t1)
			}
			for _, in := range rec.Indicators {
				if in.Progress != nil && !strings.Contains(got, l.T("page.project_pdf.progress", "Percent", strconv.FormatFloat(*in.Progress, 'f', 0, 64))) {
					t.Errorf("%s in %s: progress of %q not in the PDF", code, loc, in.Title)
				}
			}
		}
		list, err := svc.List(ctx, staff, projects.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := projects.WriteListPDF(&buf, l, list, time.Now()); err != nil {
			t.Fatal(err)
		}
		got := pdfText(t, pdftotext, buf.Bytes())
		for _, code := range codes {
			if !strings.Contains(got, code) {
				t.Errorf("list in %s lacks %s", loc, code)
			}
		}
	}
}
