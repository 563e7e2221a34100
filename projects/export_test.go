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
