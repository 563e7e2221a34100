package projects_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestExportRoundTrip writes the project list as CSV and XLSX and reads
// both back to the same table; a formula-like title stays text.
func TestExportRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := village("LA-X1")
		in.Title, in.DefaultLocale, in.Village = "=HYPERLINK(\"http://evil\")", "en", "ບ້ານໜອງບົວ"
		e.create(t, in)
		ko := village("KR-X2")
		ko.DefaultLocale, ko.Title, ko.BudgetText, ko.Currency = "ko", "새마을, \"시범\" 마을", "1500000", "KRW"
		e.create(t, ko)
		table, err := e.svc.ExportTable(ctx, e.staff, projects.Filter{}, "en")
		if err != nil {
			t.Fatal(err)
		}
		if len(table) != 3 || !slices.Equal(table[0], projects.ExportHeader) {
			t.Fatalf("table %v", table)
		}
		var x1 []string
		for _, r := range table[1:] {
			if r[0] == "LA-X1" {
				x1 = r
			}
		}
		if x1 == nil || x1[2] != "'=HYPERLINK(\"http://evil\")" || x1[16] != "250000.00" {
			t.Errorf("LA-X1 row %v", x1)
		}
		var buf bytes.Buffer
		if err := projects.WriteCSV(&buf, table); err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte{0xEF, 0xBB, 0xBF}))).ReadAll()
		if err != nil || !equalTables(got, table) {
			t.Errorf("CSV round trip: %v %v", got, err)
		}
		buf.Reset()
		if err := projects.WriteXLSX(&buf, table); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = f.Close() }()
		rows, err := f.GetRows("Projects", excelize.Options{RawCellValue: true})
		if err != nil || !equalTables(rows, table) {
			t.Errorf("XLSX round trip: %v %v", rows, err)
		}
	})
}

func equalTables(a, b [][]string) bool {
	return slices.EqualFunc(a, b, func(x, y []string) bool {
		// XLSX drops trailing empty cells of a row.
		for len(y) > len(x) && y[len(y)-1] == "" {
			y = y[:len(y)-1]
		}
		return slices.Equal(x, y)
	})
}

// TestRecordExportRoundTrip writes one project's full record as XLSX
// sheets and as sectioned CSV and reads both back.
func TestRecordExportRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-R1"))
		ind, _ := e.svc.AddIndicator(ctx, e.actor, p.ID, projects.IndicatorInput{Title: "+Income", Baseline: "10", BaselineOn: "2020-01-01", Target: "20", TargetOn: "2024-12-31"})
		if _, err := e.svc.RecordValue(ctx, e.actor, p.ID, ind.ID, projects.ValueInput{On: "2021-06-30", Value: "15", Note: "mid-term"}); err != nil {
			t.Fatal(err)
		}
		line, _ := e.svc.AddBudgetLine(ctx, e.actor, p.ID, projects.BudgetLineInput{Year: 2021, Category: "Training", PlannedText: "100"})
		if _, err := e.svc.AddDisbursement(ctx, e.actor, p.ID, projects.DisbursementInput{BudgetLineID: line.ID, PaidOn: "2021-02-01", AmountText: "40.50"}); err != nil {
			t.Fatal(err)
		}
		rec, err := e.svc.Record(ctx, p, "en")
		if err != nil {
			t.Fatal(err)
		}
		sheets := projects.RecordSheets(rec)
		byName := map[string][][]string{}
		for _, s := range sheets {
			byName[s.Name] = s.Rows
		}
		if v := byName["Values"]; len(v) != 2 || v[1][0] != "'+Income" || v[1][2] != "15" {
			t.Errorf("values sheet %v", v)
		}
		if b := byName["Budget"]; len(b) != 3 || b[1][2] != "100.00" || b[2][5] != "40.50" {
			t.Errorf("budget sheet %v", b)
		}
		var buf bytes.Buffer
		if err := projects.WriteSheetsXLSX(&buf, sheets); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = f.Close() }()
		if got := f.GetSheetList(); len(got) != len(sheets) || got[0] != "Project" {
			t.Errorf("sheets %v", got)
		}
		for _, s := range sheets {
			rows, err := f.GetRows(s.Name, excelize.Options{RawCellValue: true})
			if err != nil || !equalTables(rows, s.Rows) {
				t.Errorf("XLSX sheet %s: %v %v", s.Name, rows, err)
			}
		}
		buf.Reset()
		if err := projects.WriteSheetsCSV(&buf, sheets); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte{0xEF, 0xBB, 0xBF})))
		r.FieldsPerRecord = -1
		all, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var got []projects.Sheet
		for _, row := range all {
			switch {
			case len(row) == 2 && row[0] == "#":
				got = append(got, projects.Sheet{Name: row[1]})
			case len(row) == 1 && row[0] == "":
			default:
				got[len(got)-1].Rows = append(got[len(got)-1].Rows, row)
			}
		}
		if len(got) != len(sheets) {
			t.Fatalf("CSV sections %d, want %d", len(got), len(sheets))
		}
		for i := range sheets {
			if got[i].Name != sheets[i].Name || !equalTables(got[i].Rows, sheets[i].Rows) {
				t.Errorf("CSV section %s: %v", sheets[i].Name, got[i].Rows)
			}
		}
	})
}

// TestExportNeutralisesFormulas: a milestone title that a spreadsheet
// would run (OWASP CSV injection, including "-" followed by a digit) comes
// out of the record export as text, while plain numbers stay numbers.
func TestExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-F1"))
		titles := map[string]string{
			"-1+1+cmd|' /C calc'!A0": "'-1+1+cmd|' /C calc'!A0",
			"+1-2":                   "'+1-2",
			"@SUM(A1:A9)":            "'@SUM(A1:A9)",
			"＝1+1":                   "'＝1+1",
			"-12.5":                  "-12.5",
			"Survey - phase 2":       "Survey - phase 2",
		}
		for title := range titles {
			if _, err := e.svc.AddMilestone(ctx, e.actor, p.ID, projects.MilestoneInput{Title: title, DueOn: "2021-03-01"}); err != nil {
				t.Fatalf("milestone %q: %v", title, err)
			}
		}
		rec, err := e.svc.Record(ctx, p, "en")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := projects.WriteSheetsCSV(&buf, projects.RecordSheets(rec)); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte{0xEF, 0xBB, 0xBF})))
		r.FieldsPerRecord = -1
		all, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, row := range all {
			if len(row) == 4 && row[1] == "2021-03-01" {
				got[row[0]] = true
			}
		}
		for title, want := range titles {
			if !got[want] {
				t.Errorf("milestone %q exported as %v, want %q", title, got, want)
			}
		}
	})
}
