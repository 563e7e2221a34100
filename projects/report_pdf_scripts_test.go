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

// TestReportPDFPrintsLao: the record of a Lao pilot village written in
// Lao prints its Lao title, village name and summary (shaped by pdfdoc),
// in an English report and in the list; pdftotext reads them back. Both
// databases.
func TestReportPDFPrintsLao(t *testing.T) {
	t.Parallel()
	pdftotext := needPDFToText(t)
	const title, village = "ໝູ່ບ້ານນຳຮ່ອງແບບແຊມາອຶລ ແຂວງວຽງຈັນ", "ບ້ານໜອງບົວ"
	const summary = "ຊາວບ້ານເລືອກສ້າງທາງ ແລະ ນ້ຳສ້າງ ໂດຍມີນາຍບ້ານທີ່ໄດ້ຮັບການຝຶກອົບຮົມຢູ່ເກົາຫຼີເປັນຜູ້ນຳ."
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		acc := accounts.NewService(db)
		if _, err := demo.Seed(ctx, acc); err != nil {
			t.Fatal(err)
		}
		svc := projects.NewService(db, acc, enrollment.NewService(db, courses.NewService(db, acc, nil), acc), nil)
		staff, _ := acc.UserByEmail(ctx, "staff@example.org")
		p, err := svc.Create(ctx, accounts.Actor{UserID: staff.ID}, projects.Input{Code: "SMU-LA-2026", Kind: projects.SMUPilotVillage,
			DefaultLocale: "lo", Title: title, Summary: summary, Country: "LA", Region: "ແຂວງວຽງຈັນ", Village: village,
			StartsOn: "2026-03-01", EndsOn: "2028-12-31", BudgetText: "120000", Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := i18n.Load()
		l := b.Localizer("en")
		rec, err := svc.Record(ctx, p, "en")
		if err != nil {
			t.Fatal(err)
		}
		var record, list bytes.Buffer
		if err := projects.WriteRecordPDF(&record, l, rec, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		ps, err := svc.List(ctx, staff, projects.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if err := projects.WriteListPDF(&list, l, ps, time.Now()); err != nil {
			t.Fatal(err)
		}
		got := pdfText(t, pdftotext, record.Bytes())
		for _, want := range []string{title, village, "ແຂວງວຽງຈັນ", summary} {
			if !strings.Contains(got, want) {
				t.Errorf("%q not in the record:\n%.1500s", want, got)
			}
		}
		// The list prints the title in its project column.
		if got := pdfText(t, pdftotext, list.Bytes()); !strings.Contains(got, "ໝູ່ບ້ານນຳຮ່ອງ") {
			t.Errorf("the Lao title is not in the list:\n%.1500s", got)
		}
	})
}
