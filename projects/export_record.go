package projects

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/baeum-lms/baeum/files"
)

// Sheet is one named table of an export.
type Sheet struct {
	Name string
	Rows [][]string
}

// RecordSheets lays a project's full record out as tables: the project,
// its phase history, people, milestones, budget, indicators, values and
// reports. Formula-like cells are prefixed with an apostrophe (files.SafeCell).
func RecordSheets(r *RecordOut) []Sheet {
	money := func(n int64) string { return AmountInput(n, r.Currency) }
	project := [][]string{{"field", "value"},
		{"code", r.Code}, {"kind", string(r.Kind)}, {"title", r.Title}, {"title_locale", r.TitleLocale}, {"country", r.Country},
		{"region", r.Region}, {"village", r.Village}, {"partner_org", r.PartnerOrg}, {"korean_org", r.KoreanOrg}, {"sector", r.Sector},
		{"starts_on", r.StartsOn}, {"ends_on", r.EndsOn}, {"status", string(r.Status)}, {"phase", string(r.Phase)},
		{"phase_number", strconv.Itoa(r.PhaseNumber)}, {"phase_since", r.PhaseSince}, {"budget", money(r.Budget)}, {"currency", r.Currency},
		{"planned", money(r.Spending.Planned)}, {"disbursed", money(r.Spending.Disbursed)}}
	phases := [][]string{{"on", "kind", "from", "to", "note", "reason"}}
	for _, e := range r.History {
		phases = append(phases, []string{e.On, string(e.Kind), string(e.From), string(e.To), e.Note, e.Reason})
	}
	people := [][]string{{"name", "role", "organisation", "cohorts"}}
	for _, m := range r.Members {
		people = append(people, []string{m.Name, m.Role, m.Organisation, strings.Join(m.Cohorts, " ")})
	}
	milestones := [][]string{{"title", "due_on", "done_on", "overdue"}}
	for _, m := range r.Milestones {
		milestones = append(milestones, []string{m.Title, m.DueOn, m.DoneOn, strconv.FormatBool(m.Overdue)})
	}
	budget := [][]string{{"year", "category", "planned", "disbursed", "paid_on", "amount", "note"}}
	for _, l := range r.Spending.Lines {
		budget = append(budget, []string{strconv.Itoa(l.Year), l.Category, money(l.Planned), money(l.Disbursed), "", "", ""})
		for _, d := range l.Disbursements {
			budget = append(budget, []string{strconv.Itoa(l.Year), l.Category, "", "", d.PaidOn, money(d.Amount), d.Note})
		}
	}
	inds := [][]string{{"indicator", "unit", "baseline", "baseline_on", "target", "target_on", "progress_percent"}}
	values := [][]string{{"indicator", "on", "value", "note"}}
	for _, i := range r.Indicators {
		pct := ""
		if i.Progress != nil {
			pct = strconv.FormatFloat(*i.Progress, 'f', 1, 64)
		}
		inds = append(inds, []string{i.Title, i.Unit, num(i.Baseline), i.BaselineOn, num(i.Target), i.TargetOn, pct})
		for _, v := range i.Values {
			values = append(values, []string{i.Title, v.On, num(v.Value), v.Note})
		}
	}
	reports := [][]string{{"period_start", "period_end", "status", "locale", "narrative"}}
	for _, rep := range r.Reports {
		for _, loc := range slices.Sorted(maps.Keys(rep.Narratives)) {
			reports = append(reports, []string{rep.PeriodStart, rep.PeriodEnd, string(rep.Status), loc, rep.Narratives[loc]})
		}
	}
	sheets := []Sheet{{"Project", project}, {"Phases", phases}, {"People", people}, {"Milestones", milestones},
		{"Budget", budget}, {"Indicators", inds}, {"Values", values}, {"Reports", reports}}
	for _, s := range sheets {
		for _, row := range s.Rows[1:] {
			files.SafeRow(row)
		}
	}
	return sheets
}

// WriteSheetsXLSX writes each sheet as a worksheet of one workbook.
func WriteSheetsXLSX(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return fmt.Errorf("projects: name sheet: %w", err)
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return fmt.Errorf("projects: add sheet %s: %w", s.Name, err)
		}
		for r, row := range s.Rows {
			vals := make([]any, len(row))
			for j := range row {
				vals[j] = row[j]
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.Name, cell, &vals); err != nil {
				return fmt.Errorf("projects: sheet %s row %d: %w", s.Name, r+1, err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("projects: write XLSX: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// WriteSheetsCSV writes the sheets one after another into one CSV file:
// each starts with a row holding "#" and its name, and a blank row
// separates them.
func WriteSheetsCSV(w io.Writer, sheets []Sheet) error {
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for i, s := range sheets {
		if i > 0 {
			if err := cw.Write([]string{""}); err != nil {
				return err
			}
		}
		if err := cw.Write([]string{"#", s.Name}); err != nil {
			return err
		}
		if err := cw.WriteAll(s.Rows); err != nil {
			return fmt.Errorf("projects: write CSV: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}
