package projects

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/pdfdoc"
)

// report is a PDF being laid out top to bottom, a new page when the next
// line would not fit.
type report struct {
	*pdfdoc.Doc
	l      *i18n.Localizer
	y      float64
	left   float64
	width  float64
	bottom float64
}

func newReport(l *i18n.Localizer, orientation, footer string) *report {
	d := pdfdoc.New(orientation, "A4")
	pw, ph := d.GetPageSize()
	r := &report{Doc: d, l: l, left: 15, width: pw - 30, bottom: ph - 18}
	d.SetAutoPageBreak(false, 0)
	d.SetFooterFunc(func() {
		d.SetTextColor(90, 96, 103)
		d.Text(r.left, ph-8, footer, 8, false)
		n := strconv.Itoa(d.PageNo())
		d.Text(r.left+r.width-d.Width(n, 8), ph-8, n, 8, false)
	})
	r.page()
	return r
}

func (r *report) page() {
	r.AddPage()
	r.y = 20
}

// need starts a new page unless h millimetres still fit.
func (r *report) need(h float64) {
	if r.y+h > r.bottom {
		r.page()
	}
}

// printable is text, or fallback when the PDF fonts cannot draw text's
// script (a Lao title, say).
func printable(text, fallback string) string {
	if i18n.Printable(text) {
		return text
	}
	return fallback
}

// heading starts a section; it moves to a new page with the section's
// first lines, never alone at the bottom.
func (r *report) heading(text string, size float64) {
	r.need(size*0.9 + 16)
	r.y += size * 0.35
	r.SetTextColor(6, 58, 116)
	r.Text(r.left, r.y, text, size, true)
	r.SetTextColor(29, 29, 29)
	r.y += size * 0.5
}

// fields writes label: value lines in two columns of text.
func (r *report) fields(rows [][2]string) {
	for _, f := range rows {
		if f[1] == "" {
			continue
		}
		r.need(6)
		r.SetTextColor(90, 96, 103)
		r.Text(r.left, r.y, r.Fit(f[0], 9, 55), 9, false)
		r.SetTextColor(29, 29, 29)
		r.Text(r.left+58, r.y, r.Fit(f[1], 10, r.width-58), 10, false)
		r.y += 6
	}
}

// table writes a header row and rows in columns of the given shares of the
// width; cells too long for their column end with "…".
func (r *report) table(header []string, rows [][]string, shares []float64) {
	widths := make([]float64, len(shares))
	for i, s := range shares {
		widths[i] = s * r.width
	}
	r.tableOf(header, rows, widths)
}

// cellPad is the room between two columns, in millimetres.
const cellPad = 2

// fitColumns gives each column the width its widest cell needs. Columns
// marked whole always get it (a cut date or amount is a wrong one); the
// others share what is left in proportion to their needs, their cells
// ending with "…" when it is not enough.
func (r *report) fitColumns(header []string, rows [][]string, whole []bool, size float64) []float64 {
	need := make([]float64, len(header))
	for i, h := range header {
		need[i] = r.Width(printable(h, "?"), size)*1.1 + cellPad // the header is bold
	}
	for _, row := range rows {
		for i, c := range row {
			need[i] = max(need[i], r.Width(printable(c, "?"), size)+cellPad)
		}
	}
	var fixed, flex float64
	for i, n := range need {
		if whole[i] {
			fixed += n
		} else {
			flex += n
		}
	}
	left := max(r.width-fixed, 0)
	widths := make([]float64, len(need))
	for i, n := range need {
		switch {
		case whole[i] || flex == 0:
			widths[i] = n
		case flex <= left: // room to spare: the flexible columns share it
			widths[i] = n + (left-flex)*n/flex
		default:
			widths[i] = left * n / flex
		}
	}
	return widths
}

// tableOf writes a header row and rows in columns of the given widths.
func (r *report) tableOf(header []string, rows [][]string, widths []float64) {
	row := func(cells []string, bold bool) {
		r.need(6)
		x := r.left
		for i, c := range cells {
			r.Text(x, r.y, r.Fit(printable(c, "?"), 9, widths[i]-cellPad), 9, bold)
			x += widths[i]
		}
		r.y += 5.5
	}
	r.SetTextColor(29, 29, 29)
	row(header, true)
	r.SetDrawColor(200, 204, 208)
	r.SetLineWidth(0.2)
	r.Line(r.left, r.y-4, r.left+r.width, r.y-4)
	for _, cells := range rows {
		row(cells, false)
	}
	r.y += 3
}

// bar draws progress toward a target as a bar of the width's share.
func (r *report) bar(x, y, w float64, pct float64) {
	r.SetFillColor(228, 232, 236)
	r.Rect(x, y-3, w, 3.2, "F")
	r.SetFillColor(6, 58, 116)
	r.Rect(x, y-3, w*min(max(pct, 0), 100)/100, 3.2, "F")
}

func (r *report) none(id string) {
	r.need(6)
	r.SetTextColor(90, 96, 103)
	r.Text(r.left, r.y, r.l.T(id), 9, false)
	r.SetTextColor(29, 29, 29)
	r.y += 7
}

// WriteRecordPDF writes one project's full record as a PDF report for a
// ministry, in the reader's language (texts fall back as on the pages):
// the project, where it stands in its procedure, its history, people,
// milestones, budget, results indicators with progress and its reports.
func WriteRecordPDF(w io.Writer, l *i18n.Localizer, rec *RecordOut, now time.Time) error {
	title := printable(rec.Title, printable(rec.Titles["en"], rec.Code))
	r := newReport(l, "P", rec.Code+" · "+l.T("page.project_pdf.generated", "Date", now.Format("2006-01-02")))
	r.SetTitle(title, true)
	r.SetTextColor(90, 96, 103)
	r.Text(r.left, r.y, l.T("page.project_pdf.title")+" · "+rec.Code, 10, false)
	r.y += 9
	r.SetTextColor(29, 29, 29)
	r.Text(r.left, r.y, r.Fit(title, 18, r.width), 18, true)
	r.y += 8
	if s := printable(rec.Summaries[rec.TitleLocale], ""); s != "" {
		r.SetXY(r.left, r.y-3)
		r.Paragraph(s, 10, r.width, 5)
		r.y = r.GetY() + 5
	}
	phase := l.T("page.project_pdf.phase", "N", rec.PhaseNumber, "Total", rec.PhaseCount, "Phase", l.T("phase."+string(rec.Phase)))
	r.fields([][2]string{
		{l.T("form.project.kind"), l.T("project_kind." + string(rec.Kind))},
		{l.T("page.project_pdf.country"), l.CountryName(rec.Country)},
		{l.T("form.project.region"), rec.Region},
		{l.T("form.project.village"), rec.Village},
		{l.T("page.project_pdf.partner"), rec.PartnerOrg},
		{l.T("form.project.korean_org"), rec.KoreanOrg},
		{l.T("form.project.sector"), rec.Sector},
		{l.T("form.project.dates"), rec.StartsOn + " – " + rec.EndsOn},
		{l.T("page.project_pdf.status"), l.T("project_status." + string(rec.Status))},
		{l.T("form.project.phase"), phase + " (" + l.T("page.project_pdf.since", "Date", rec.PhaseSince) + ")"},
		{l.T("form.project.budget"), FormatAmount(rec.Budget, rec.Currency)},
	})

	r.heading(l.T("page.project.history"), 13)
	if len(rec.History) == 0 {
		r.none("page.project_pdf.nothing")
	} else {
		var rows [][]string
		for _, e := range rec.History {
			note := e.Note
			if e.Reason != "" {
				note = e.Reason + " " + note
			}
			from := ""
			if e.From != "" {
				from = l.T("phase." + string(e.From))
			}
			rows = append(rows, []string{e.On, from, l.T("phase." + string(e.To)), note})
		}
		r.table([]string{l.T("form.project.on"), l.T("page.project_pdf.from"), l.T("page.project_pdf.to"), l.T("form.project.note")},
			rows, []float64{0.14, 0.26, 0.26, 0.34})
	}

	r.heading(l.T("page.project.members"), 13)
	if len(rec.Members) == 0 {
		r.none("page.project.no_members")
	} else {
		var rows [][]string
		for _, m := range rec.Members {
			rows = append(rows, []string{m.Name, m.Role, m.Organisation, fmt.Sprint(len(m.Cohorts))})
		}
		r.table([]string{l.T("page.project_pdf.name"), l.T("form.project.member_role"), l.T("page.project_pdf.organisation"),
			l.T("page.project.cohorts")}, rows, []float64{0.3, 0.25, 0.33, 0.12})
	}

	r.heading(l.T("page.project.milestones"), 13)
	if len(rec.Milestones) == 0 {
		r.none("page.project.no_milestones")
	} else {
		var rows [][]string
		for _, m := range rec.Milestones {
			state := l.T("milestone.open")
			switch {
			case m.DoneOn != "":
				state = l.T("milestone.done_on", "Date", m.DoneOn)
			case m.Overdue:
				state = l.T("milestone.overdue")
			}
			rows = append(rows, []string{m.Title, m.DueOn, state})
		}
		r.table([]string{l.T("page.project_pdf.milestone"), l.T("form.project.due_on"), l.T("page.project_pdf.status")}, rows,
			[]float64{0.55, 0.17, 0.28})
	}

	r.heading(l.T("page.project.budget"), 13)
	r.fields([][2]string{
		{l.T("form.project.planned"), FormatAmount(rec.Spending.Planned, rec.Currency)},
		{l.T("budget.disbursed"), FormatAmount(rec.Spending.Disbursed, rec.Currency)},
	})
	if len(rec.Spending.Lines) > 0 {
		var rows [][]string
		for _, b := range rec.Spending.Lines {
			rows = append(rows, []string{strconv.Itoa(b.Year), b.Category, FormatAmount(b.Planned, rec.Currency), FormatAmount(b.Disbursed, rec.Currency)})
		}
		r.table([]string{l.T("form.project.year"), l.T("form.project.category"), l.T("form.project.planned"), l.T("budget.disbursed")},
			rows, []float64{0.12, 0.4, 0.24, 0.24})
	}

	r.heading(l.T("page.project.indicators"), 13)
	if len(rec.Indicators) == 0 {
		r.none("page.project.no_indicators")
	}
	for _, in := range rec.Indicators {
		r.need(24)
		t := printable(in.Title, printable(in.Titles["en"], "#"+strconv.FormatInt(in.ID, 10)))
		r.Text(r.left, r.y, r.Fit(t, 11, r.width), 11, true)
		r.y += 6
		latest := "—"
		if n := len(in.Values); n > 0 {
			latest = num(in.Values[n-1].Value) + " (" + in.Values[n-1].On + ")"
		}
		r.SetTextColor(70, 76, 83)
		line := l.T("page.project_pdf.indicator_line", "Unit", in.Unit, "Baseline", num(in.Baseline), "BaselineOn", in.BaselineOn,
			"Target", num(in.Target), "TargetOn", in.TargetOn, "Latest", latest)
		r.Text(r.left, r.y, r.Fit(line, 9, r.width), 9, false)
		r.y += 6
		if in.Progress != nil {
			r.bar(r.left, r.y, r.width*0.6, *in.Progress)
			r.Text(r.left+r.width*0.6+3, r.y, l.T("page.project_pdf.progress", "Percent", strconv.FormatFloat(*in.Progress, 'f', 0, 64)), 9, false)
			r.y += 7
		}
		r.SetTextColor(29, 29, 29)
	}

	r.heading(l.T("page.project.reports"), 13)
	if len(rec.Reports) == 0 {
		r.none("page.project.no_reports")
	}
	for _, rep := range rec.Reports {
		r.need(16)
		r.Text(r.left, r.y, rep.PeriodStart+" – "+rep.PeriodEnd+" · "+l.T("report_status."+string(rep.Status)), 10, true)
		r.y += 3
		text, ok := rep.Narratives[l.Code()]
		if !ok {
			for _, loc := range []string{rec.DefaultLocale, "en"} {
				if text, ok = rep.Narratives[loc]; ok {
					break
				}
			}
			if !ok && len(rep.Narratives) > 0 {
				text = rep.Narratives[slices.Sorted(maps.Keys(rep.Narratives))[0]]
			}
		}
		if text = printable(text, ""); text != "" {
			r.SetAutoPageBreak(true, 18)
			r.SetXY(r.left, r.y)
			r.Paragraph(text, 9.5, r.width, 4.8)
			r.SetAutoPageBreak(false, 0)
			r.y = r.GetY() + 6
		} else {
			r.y += 4
		}
	}
	if err := r.Error(); err != nil {
		return fmt.Errorf("projects: record PDF: %w", err)
	}
	return r.Output(w)
}

// WriteListPDF writes a list of projects as a PDF table (A4 landscape), in
// the reader's language.
func WriteListPDF(w io.Writer, l *i18n.Localizer, list []Project, now time.Time) error {
	r := newReport(l, "L", l.T("page.projects.title")+" · "+l.T("page.project_pdf.generated", "Date", now.Format("2006-01-02")))
	r.SetTitle(l.T("page.projects.title"), true)
	r.Text(r.left, r.y, l.T("page.projects.title"), 16, true)
	r.y += 6
	r.SetTextColor(90, 96, 103)
	r.Text(r.left, r.y, l.T("page.project_pdf.count", "Count", len(list)), 9, false)
	r.y += 7
	rows := make([][]string, 0, len(list))
	for i := range list {
		p := &list[i]
		t := p.TitleIn(l.Code())
		rows = append(rows, []string{p.Code, printable(t.Text, p.Code), l.CountryName(p.Country), l.T("project_kind." + string(p.Kind)),
			string(p.StartsOn) + " – " + string(p.EndsOn), l.T("phase." + string(p.Phase)), l.T("project_status." + string(p.Status)),
			FormatAmount(p.BudgetAmount, p.Currency)})
	}
	header := []string{l.T("page.project_pdf.code"), l.T("page.project_pdf.project"), l.T("page.project_pdf.country"), l.T("form.project.kind"),
		l.T("form.project.dates"), l.T("form.project.phase"), l.T("page.project_pdf.status"), l.T("form.project.budget")}
	// Code, period, status and budget are printed whole; the title, country,
	// kind and phase share the rest of the width.
	whole := []bool{true, false, false, false, true, false, true, true}
	r.tableOf(header, rows, r.fitColumns(header, rows, whole, 9))
	if err := r.Error(); err != nil {
		return fmt.Errorf("projects: list PDF: %w", err)
	}
	return r.Output(w)
}
