package enrollment

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// Trainee list columns. Headers are matched case-insensitively, in any
// order; email, name and country are required.
var (
	importColumns  = []string{"email", "name", "native_name", "position", "organisation", "country", "gender", "language"}
	requiredColumn = map[string]bool{"email": true, "name": true, "country": true}
)

// MaxImportRows caps a trainee list.
const MaxImportRows = 20000

// TraineeRow is one valid row of a trainee list.
type TraineeRow struct {
	Line         int // 1-based line (or sheet row) in the file, for messages
	Email        string
	Name         string
	NativeName   string
	Position     string
	Organisation string
	Country      string
	Gender       string
	Language     string
}

// RowError is one problem in a trainee list: its line, its column and what
// is wrong, untranslated.
type RowError struct {
	Line   int
	Column string
	Msg    i18n.Message
}

// ImportError lists every problem of a trainee list; nothing is written.
type ImportError struct {
	Problems []RowError
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("enrollment: trainee list has %d problems", len(e.Problems))
}

func (e *ImportError) add(line int, col, id string, kv ...any) {
	e.Problems = append(e.Problems, RowError{Line: line, Column: col, Msg: i18n.Msg(id, kv...)})
}

// ParseTrainees reads a CSV (UTF-8 with or without BOM, or UTF-16 with BOM
// as Excel writes it; comma, semicolon or tab separated) or an XLSX (first
// sheet) and validates every row. It returns the rows only when the whole
// file is valid; otherwise an *ImportError with every problem.
func ParseTrainees(name string, data []byte) ([]TraineeRow, error) {
	var records [][]string
	var err error
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		records, err = readXLSX(data)
	case ".csv", ".txt":
		records, err = readCSV(data)
	default:
		e := &ImportError{}
		e.add(0, "", "error.import.file_type")
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	return validateRecords(records)
}

func fileError(id string, kv ...any) error {
	e := &ImportError{}
	e.add(0, "", id, kv...)
	return e
}

// decodeText turns a CSV's bytes into UTF-8 text.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil || !utf8.Valid(out) {
			return "", fileError("error.import.encoding")
		}
		return string(out), nil
	}
	if !utf8.Valid(data) {
		return "", fileError("error.import.encoding")
	}
	return string(data), nil
}

func readCSV(data []byte) ([][]string, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(text, "\n")
	delim := ','
	best := strings.Count(first, ",")
	for _, d := range []rune{';', '\t'} {
		if n := strings.Count(first, string(d)); n > best {
			delim, best = d, n
		}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true // lists typed by hand have stray quotes; the cells are checked anyway
	var out [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			e := &ImportError{}
			e.add(line, "", "error.import.csv")
			return nil, e
		}
		out = append(out, rec)
		if len(out) > MaxImportRows+1 {
			return nil, fileError("error.import.too_many_rows", "Max", MaxImportRows)
		}
	}
	return out, nil
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fileError("error.import.xlsx")
	}
	defer func() { _ = f.Close() }()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileError("error.import.xlsx")
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fileError("error.import.xlsx")
	}
	if len(rows) > MaxImportRows+1 {
		return nil, fileError("error.import.too_many_rows", "Max", MaxImportRows)
	}
	// A cell computed by a formula is refused: its value is not what the
	// ministry typed, and formulas must never travel into exports.
	e := &ImportError{}
	for r, row := range rows {
		for c := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula(sheets[0], cell); formula != "" {
				e.add(r+1, cellColumn(rows, c), "error.import.formula")
			}
		}
	}
	if len(e.Problems) > 0 {
		return nil, e
	}
	return rows, nil
}

func cellColumn(rows [][]string, c int) string {
	if len(rows) > 0 && c < len(rows[0]) {
		return strings.ToLower(strings.TrimSpace(rows[0][c]))
	}
	return ""
}

// formulaLike reports a cell that a spreadsheet would run as a formula.
func formulaLike(s string) bool {
	return s != "" && strings.ContainsRune("=+@\t\r", rune(s[0])) || (strings.HasPrefix(s, "-") && len(s) > 1 && !isDigit(s[1]))
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func validateRecords(records [][]string) ([]TraineeRow, error) {
	e := &ImportError{}
	if len(records) == 0 {
		return nil, fileError("error.import.empty")
	}
	header := records[0]
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !contains(importColumns, h) {
			e.add(1, h, "error.import.unknown_column", "Column", h, "Columns", strings.Join(importColumns, ", "))
			continue
		}
		if _, dup := index[h]; dup {
			e.add(1, h, "error.import.duplicate_column", "Column", h)
			continue
		}
		index[h] = i
	}
	for _, col := range importColumns {
		if _, ok := index[col]; !ok && requiredColumn[col] {
			e.add(1, col, "error.import.missing_column", "Column", col)
		}
	}
	if len(e.Problems) > 0 {
		return nil, e
	}
	if len(records) == 1 {
		return nil, fileError("error.import.no_rows")
	}
	seen := map[string]int{}
	rows := make([]TraineeRow, 0, len(records)-1)
	for n, rec := range records[1:] {
		line := n + 2
		get := func(col string) string {
			i, ok := index[col]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		blank := true
		for _, v := range rec {
			if strings.TrimSpace(v) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		r := TraineeRow{Line: line, Email: strings.ToLower(get("email")), Name: get("name"), NativeName: get("native_name"),
			Position: get("position"), Organisation: get("organisation"), Country: strings.ToUpper(get("country")),
			Gender: strings.ToLower(get("gender")), Language: strings.ToLower(get("language"))}
		for _, col := range importColumns {
			if formulaLike(get(col)) {
				e.add(line, col, "error.import.formula")
			}
		}
		switch a, err := mail.ParseAddress(r.Email); {
		case r.Email == "":
			e.add(line, "email", "error.field.required")
		case err != nil || a.Address != r.Email || !strings.Contains(r.Email[strings.LastIndexByte(r.Email, '@')+1:], "."):
			e.add(line, "email", "error.field.email")
		default:
			if first, dup := seen[r.Email]; dup {
				e.add(line, "email", "error.import.duplicate_email", "Line", first)
			} else {
				seen[r.Email] = line
			}
		}
		if r.Name == "" {
			e.add(line, "name", "error.field.required")
		} else if utf8.RuneCountInString(r.Name) > 200 {
			e.add(line, "name", "error.field.too_long", "Max", 200)
		}
		for col, v := range map[string]string{"native_name": r.NativeName, "position": r.Position, "organisation": r.Organisation} {
			if utf8.RuneCountInString(v) > 200 {
				e.add(line, col, "error.field.too_long", "Max", 200)
			}
		}
		if !i18n.ValidCountry(r.Country) {
			e.add(line, "country", "error.field.country")
		}
		if r.Gender != "" && !contains(accounts.Genders, r.Gender) {
			e.add(line, "gender", "error.import.gender")
		}
		if r.Language != "" && !i18n.IsSupported(r.Language) {
			e.add(line, "language", "error.field.locale")
		}
		rows = append(rows, r)
	}
	if len(e.Problems) > 0 {
		return nil, e
	}
	if len(rows) == 0 {
		return nil, fileError("error.import.no_rows")
	}
	return rows, nil
}
