package projects

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/files"
)

// ExportHeader is the first row of the project list export.
var ExportHeader = []string{"code", "kind", "title", "title_locale", "country", "region", "village", "partner_org", "korean_org",
	"sector", "starts_on", "ends_on", "status", "phase", "phase_number", "phase_since", "budget", "currency"}

// ExportTable is the project list u may read, filtered by f, as rows of
// text for CSV or XLSX, titles in locale (with fallback). Cells a
// spreadsheet would run as formulas are prefixed with an apostrophe
// (files.SafeCell).
func (s *Service) ExportTable(ctx context.Context, u *accounts.User, f Filter, locale string) ([][]string, error) {
	list, err := s.List(ctx, u, f)
	if err != nil {
		return nil, err
	}
	table := [][]string{ExportHeader}
	for _, p := range list {
		t := p.TitleIn(locale)
		row := []string{p.Code, string(p.Kind), t.Text, t.Lang, p.Country, p.Region, p.Village, p.PartnerOrg, p.KoreanOrg, p.Sector,
			string(p.StartsOn), string(p.EndsOn), string(p.Status), string(p.Phase), strconv.Itoa(PhaseIndex(p.Kind, p.Phase) + 1),
			string(p.PhaseSince), AmountInput(p.BudgetAmount, p.Currency), p.Currency}
		table = append(table, files.SafeRow(row))
	}
	return table, nil
}

// WriteCSV writes a table as UTF-8 CSV with a byte-order mark (Excel reads
// UTF-8 only with one).
func WriteCSV(w io.Writer, table [][]string) error {
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(table); err != nil {
		return fmt.Errorf("projects: write CSV: %w", err)
	}
	return nil
}

// WriteXLSX writes a table as one sheet of an XLSX workbook, every cell as
// text.
func WriteXLSX(w io.Writer, table [][]string) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	const sheet = "Projects"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("projects: name sheet: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("projects: XLSX stream: %w", err)
	}
	for i, row := range table {
		vals := make([]any, len(row))
		for j := range row {
			vals[j] = row[j]
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			return fmt.Errorf("projects: XLSX row %d: %w", i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("projects: XLSX flush: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("projects: write XLSX: %w", err)
	}
	_, err = buf.WriteTo(w)
	return err
}
