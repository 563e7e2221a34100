package projects_test

import (
	"bytes"
	"context"
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

// TestPDFAmountsAndColumns: amounts carry their currency once, and the
// list's period and budget columns hold their whole values (read back
// with pdftotext), in every interface language.
func TestPDFAmountsAndColumns(t *testing.T) {
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
	if _, err := demo.SeedProjects(ctx, acc, enr, svc); err != nil {
		t.Fatal(err)
	}
	staff, _ := acc.UserByEmail(ctx, "staff@example.org")
	list, err := svc.List(ctx, staff, projects.Filter{})
	if err != nil || len(list) == 0 {
		t.Fatalf("list: %d %v", len(list), err)
	}
	b, _ := i18n.Load()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, loc := range i18n.Supported {
		l := b.Localizer(loc)
		var buf bytes.Buffer
		if err := projects.WriteListPDF(&buf, l, list, now); err != nil {
			t.Fatal(err)
		}
		got := pdfText(t, pdftotext, buf.Bytes())
		for _, p := range list {
			for _, want := range []string{string(p.StartsOn) + " – " + string(p.EndsOn), projects.FormatAmount(p.BudgetAmount, p.Currency)} {
				if !strings.Contains(got, want) {
					t.Errorf("list in %s: %s lacks %q (cut?)", loc, p.Code, want)
				}
			}
		}
		if strings.Contains(got, "USD USD") {
			t.Errorf("list in %s writes the currency twice", loc)
		}
		rec, err := svc.Record(ctx, &list[0], loc)
		if err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := projects.WriteRecordPDF(&buf, l, rec, now); err != nil {
			t.Fatal(err)
		}
		got = pdfText(t, pdftotext, buf.Bytes())
		cur := rec.Currency
		if strings.Contains(got, cur+" "+cur) || !strings.Contains(got, projects.FormatAmount(rec.Budget, cur)) {
			t.Errorf("record of %s in %s: budget %q, currency written once wanted:\n%.600s", rec.Code, loc, projects.FormatAmount(rec.Budget, cur), got)
		}
	}
}
