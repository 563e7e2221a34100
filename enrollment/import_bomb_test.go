package enrollment_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/files/filestest"
)

// workbookParts are the parts of a minimal XLSX around its first sheet.
var workbookParts = []filestest.Entry{
	{Name: "[Content_Types].xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
	{Name: "_rels/.rels", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
	{Name: "xl/workbook.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Trainees" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
	{Name: "xl/_rels/workbook.xml.rels", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
}

// brokenStyles makes excelize fail after it has unpacked the sheets, the
// moment at which it used to leave them in the temporary folder.
var brokenStyles = filestest.Entry{Name: "xl/styles.xml", Data: []byte("<styleSheet><unclosed>")}

func workbook(t *testing.T, sheet filestest.Entry, more ...filestest.Entry) []byte {
	t.Helper()
	sheet.Name = "xl/worksheets/sheet1.xml"
	return filestest.Zip(t, append(append(append([]filestest.Entry{}, workbookParts...), sheet), more...)...)
}

const sheetRow = `<row><c t="inlineStr"><is><t>someone@example.org</t></is></c></row>`

// TestParseTraineesRefusesXLSXBombs: a 2 MB workbook whose sheet unpacks to
// 2 GiB, one of thousands of parts, and one whose sheet lies about its
// size are refused with a message about the file, before excelize unpacks
// anything big, and leave nothing in the temporary folder.
func TestParseTraineesRefusesXLSXBombs(t *testing.T) {
	clean := filestest.TempLeftovers(t)
	cases := []struct {
		what string
		data []byte
		want string
		msg  map[string]any
	}{
		{"2 GiB sheet", workbook(t, filestest.Entry{Repeat: []byte(" "), Size: 2 << 30}, brokenStyles),
			"error.file.zip_size", map[string]any{"MB": files.SheetZip.EntryBytes >> 20}},
		{"30 MiB sheet of spaces", workbook(t, filestest.Entry{Repeat: []byte(" "), Size: 30 << 20}), "error.file.zip_ratio", nil},
		// Within the archive limits: excelize streams the sheet from a
		// temporary file, and reading stops at the row cap.
		{"30 MiB sheet of one repeated row", workbook(t, filestest.Entry{Repeat: []byte(sheetRow), Size: 30 << 20}),
			"error.import.too_many_rows", map[string]any{"Max": enrollment.MaxImportRows}},
		{"thousands of parts", workbook(t, filestest.Entry{Data: []byte("<worksheet/>")},
			func() []filestest.Entry {
				var es []filestest.Entry
				for i := range files.SheetZip.Entries {
					es = append(es, filestest.Entry{Name: fmt.Sprintf("xl/media/image%d.png", i), Data: []byte("x")})
				}
				return es
			}()...), "error.file.zip_entries", map[string]any{"Max": files.SheetZip.Entries}},
		{"sheet that unpacks to more than it says", workbook(t, filestest.Entry{Repeat: []byte(" "), Size: 1 << 30, DeclaredSize: 1 << 20}),
			"error.import.xlsx", nil},
	}
	for _, tc := range cases {
		if len(tc.data) > 3<<20 {
			t.Fatalf("%s: the bomb is %d bytes, meant to be small", tc.what, len(tc.data))
		}
		rows, err := enrollment.ParseTrainees(context.Background(), "list.xlsx", tc.data)
		var ie *enrollment.ImportError
		if !errors.As(err, &ie) || len(ie.Problems) != 1 || rows != nil {
			t.Errorf("%s: %v", tc.what, err)
			continue
		}
		p := ie.Problems[0]
		if p.Line != 0 || p.Column != "" || p.Msg.ID != tc.want {
			t.Errorf("%s: problem %+v, want %s about the whole file", tc.what, p, tc.want)
		}
		for k, v := range tc.msg {
			if p.Msg.Data[k] != v {
				t.Errorf("%s: %s = %v, want %v", tc.what, k, p.Msg.Data[k], v)
			}
		}
		clean(tc.what)
	}
}

// TestParseTraineesXLSXLimits: within the archive limits, a sheet with a
// row past MaxImportRows or a row wider than MaxImportColumns is refused;
// empty formatted rows after the data, however many, do not count.
func TestParseTraineesXLSXLimits(t *testing.T) {
	clean := filestest.TempLeftovers(t)
	sheet := func(rows int, wide bool, formattedTail, farRow int) []byte {
		f := excelize.NewFile()
		defer func() { _ = f.Close() }()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		header := []any{"email", "name", "country", "position", "organisation"}
		if wide {
			for i := len(header); i <= enrollment.MaxImportColumns; i++ {
				header = append(header, "")
			}
			header[enrollment.MaxImportColumns] = "extra"
		}
		_ = sw.SetRow("A1", header)
		for i := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			_ = sw.SetRow(cell, []any{fmt.Sprintf("t%05d@example.la", i), fmt.Sprintf("Trainee number %d", i), "LA",
				fmt.Sprintf("Officer, district %d", i%97), fmt.Sprintf("Ministry of Home Affairs, department %d", i%13)})
		}
		for i := range formattedTail {
			cell, _ := excelize.CoordinatesToCellName(1, rows+2+i)
			_ = sw.SetRow(cell, nil, excelize.RowOpts{Height: 20})
		}
		if farRow > 0 {
			cell, _ := excelize.CoordinatesToCellName(1, farRow)
			_ = sw.SetRow(cell, []any{"far@example.la", "Far Away", "LA"})
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	ps := problems(t, func() error {
		_, err := enrollment.ParseTrainees(context.Background(), "l.xlsx", sheet(2, false, 0, enrollment.MaxImportRows+2))
		return err
	}())
	if len(ps) != 1 || ps[0].Msg.ID != "error.import.too_many_rows" {
		t.Errorf("a row past the cap: %+v", ps)
	}
	ps = problems(t, func() error {
		_, err := enrollment.ParseTrainees(context.Background(), "l.xlsx", sheet(3, true, 0, 0))
		return err
	}())
	if len(ps) != 1 || ps[0].Msg.ID != "error.import.too_many_columns" {
		t.Errorf("too many columns: %+v", ps)
	}
	rows, err := enrollment.ParseTrainees(context.Background(), "l.xlsx", sheet(2000, false, enrollment.MaxImportRows+100, 0))
	if err != nil || len(rows) != 2000 || rows[len(rows)-1].Email != "t01999@example.la" {
		t.Fatalf("2000 rows and a long formatted tail: %d rows, %v", len(rows), err)
	}
	clean("limits")
}

// TestParseTraineesStopsWhenAsked: a cancelled context stops the reading of
// a list, whatever its format.
func TestParseTraineesStopsWhenAsked(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"email", "name", "country"})
	var buf bytes.Buffer
	_ = f.Write(&buf)
	_ = f.Close()
	for name, data := range map[string][]byte{"l.csv": []byte(goodCSV), "l.xlsx": buf.Bytes()} {
		if _, err := enrollment.ParseTrainees(ctx, name, data); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", name, err)
		}
	}
	if _, _, err := enrollment.ReadTraineeList(context.Background(), "l.csv", strings.NewReader(strings.Repeat("x", enrollment.MaxListBytes+1))); err == nil {
		t.Error("a list over MaxListBytes was read")
	}
}
