package enrollment

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
)

// Trainee list columns. Headers are matched case-insensitively, in any
// order; email, name and country are required.
var (
	importColumns  = []string{"email", "name", "native_name", "position", "organisation", "country", "gender", "language"}
	requiredColumn = map[string]bool{"email": true, "name": true, "country": true}
)

// Limits of a trainee list: its size as uploaded, its rows and the cells
// of a row. An XLSX list is also held to files.SheetZip.
const (
	MaxListBytes     = 10 << 20
	MaxImportRows    = 20000
	MaxImportColumns = 64
)

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

// ReadTraineeList reads an uploaded trainee list of at most MaxListBytes
// and parses it (ParseTrainees). It returns the file's content too, which
// the page keeps until the coordinator confirms. The page and the API both
// take uploads through here.
func ReadTraineeList(ctx context.Context, name string, r io.Reader) ([]byte, []TraineeRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxListBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("enrollment: read trainee list: %w", err)
	}
	if len(data) > MaxListBytes {
		return nil, nil, fileError("error.file.too_large", "MB", MaxListBytes>>20)
	}
	rows, err := ParseTrainees(ctx, name, data)
	if err != nil {
		return nil, nil, err
	}
	return data, rows, nil
}

// ParseTrainees reads a CSV (UTF-8 with or without BOM, or UTF-16 with BOM
// as Excel writes it; comma, semicolon or tab separated) or an XLSX (first
// sheet) and validates every row. It returns the rows only when the whole
// file is valid; otherwise an *ImportError with every problem. It stops
// when ctx ends: nobody waits for the answer any more.
func ParseTrainees(ctx context.Context, name string, data []byte) ([]TraineeRow, error) {
	var records [][]string
	var err error
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		records, err = readXLSX(ctx, data)
	case ".csv", ".txt":
		records, err = readCSV(ctx, data)
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

func readCSV(ctx context.Context, data []byte) ([][]string, error) {
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
		if len(out)%1024 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("enrollment: read trainee list: %w", ctx.Err())
		}
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
		if len(rec) > MaxImportColumns {
			return nil, fileError("error.import.too_many_columns", "Max", MaxImportColumns)
		}
	}
	return out, nil
}

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
			if files.FormulaLike(get(col)) {
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
