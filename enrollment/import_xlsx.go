package enrollment

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
)

// readXLSX reads the first sheet of a workbook row by row, within
// files.SheetZip's limits: it stops at the first row past MaxImportRows or
// MaxImportColumns, and when ctx ends, instead of reading everything first.
func readXLSX(ctx context.Context, data []byte) ([][]string, error) {
	wb, err := files.OpenXLSX(data, files.SheetZip)
	if err != nil {
		return nil, workbookError(err)
	}
	defer func() { _ = wb.Close() }()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileError("error.import.xlsx")
	}
	rows, err := wb.Rows(sheets[0])
	if err != nil {
		return nil, fileError("error.import.xlsx")
	}
	defer func() { _ = rows.Close() }()
	var out [][]string
	last := 0 // rows up to the last one with something in it
	for n := 1; rows.Next(); n++ {
		if n%256 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("enrollment: read trainee list: %w", ctx.Err())
		}
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fileError("error.import.xlsx")
		}
		if len(row) > MaxImportColumns {
			return nil, fileError("error.import.too_many_columns", "Max", MaxImportColumns)
		}
		if len(row) == 0 {
			// Empty rows (Excel writes formatted ones) count only
			// between rows with data.
			if n <= MaxImportRows+1 {
				out = append(out, nil)
			}
			continue
		}
		if n > MaxImportRows+1 {
			return nil, fileError("error.import.too_many_rows", "Max", MaxImportRows)
		}
		out = append(out, row)
		last = len(out)
	}
	if rows.Error() != nil {
		return nil, fileError("error.import.xlsx")
	}
	out = out[:last]
	// A cell computed by a formula is refused: its value is not what the
	// ministry typed, and formulas must never travel into exports.
	cells, err := wb.FormulaCells(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("enrollment: read trainee list: %w", ctx.Err())
		}
		return nil, workbookError(err)
	}
	e := &ImportError{}
	for _, c := range cells {
		e.add(c[0], cellColumn(out, c[1]-1), "error.import.formula")
	}
	if len(e.Problems) > 0 {
		return nil, e
	}
	return out, nil
}

// workbookError reports why a workbook was refused: not readable at all,
// or over a limit of files.SheetZip (the message says which).
func workbookError(err error) error {
	var ie *i18n.Error
	switch {
	case errors.Is(err, files.ErrMismatch):
		return fileError("error.import.xlsx")
	case errors.As(err, &ie):
		return &ImportError{Problems: []RowError{{Msg: ie.Msg}}}
	}
	return err
}

func cellColumn(rows [][]string, c int) string {
	if len(rows) > 0 && c >= 0 && c < len(rows[0]) {
		return strings.ToLower(strings.TrimSpace(rows[0][c]))
	}
	return ""
}
