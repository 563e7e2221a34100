package projects

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// ReportingOrgRef is the institute's IATI organisation identifier: the
// reporting-org of every activity and the prefix of every
// iati-identifier (ReportingOrgRef + "-" + project code, as IATI asks).
// The institute has not registered with IATI; this stands in, in the
// {agency}-{number} form, until it does. Replace it with the registered
// identifier before the first publication: IATI forbids changing an
// activity's identifier once published.
const ReportingOrgRef = "KR-GOV-LOGODI"

// IATIVersion is the version of the IATI activity standard written.
const IATIVersion = "2.03"

// iatiChunkSize is how many projects the IATI export loads at a time:
// enough that the seven queries of a chunk are few, small enough that a
// chunk's rows stay a few megabytes whatever the number of projects.
const iatiChunkSize = 200

// Codes from the IATI codelists.
const (
	orgTypeGovernment   = "10" // OrganisationType; projects record no type, and their partners are ministries and public agencies
	roleFunding         = "1"  // OrganisationRole
	roleImplementing    = "4"
	budgetOriginal      = "1" // BudgetType
	budgetIndicative    = "1" // BudgetStatus
	budgetCommitted     = "2"
	txDisbursement      = "3" // TransactionType
	measureUnit         = "1" // IndicatorMeasure
	resultOutput        = "1" // ResultType
	resultOutcome       = "2"
	sectorVocabularyDAC = "1" // SectorVocabulary: OECD DAC CRS 5-digit purpose codes
)

// WriteIATI streams the projects u may read that match f as an IATI 2.03
// activity file: the same projects as the list and its CSV export, in id
// order, with English as the file's default language. It loads and
// writes iatiChunkSize projects at a time, so memory does not grow with
// the number of projects. Nothing is written when the first chunk fails
// to load, so the caller can still answer with an error.
func (s *Service) WriteIATI(ctx context.Context, w io.Writer, u *accounts.User, f Filter) error {
	return s.writeIATI(ctx, w, i18n.Default, func(q *gorm.DB) *gorm.DB { return readable(f.apply(q), u) })
}

// WriteIATIActivity writes one project as an IATI activity file whose
// default language is the project's. The caller has checked that the
// reader may see p.
func (s *Service) WriteIATIActivity(ctx context.Context, w io.Writer, p *Project) error {
	return s.writeIATI(ctx, w, p.DefaultLocale, func(q *gorm.DB) *gorm.DB { return q.Where("projects.id = ?", p.ID) })
}

// writeIATI pages through the projects of scope by id. The document's
// xml:lang is lang; each activity states its own (its project's default
// locale), which is what IATI reads for narratives without one.
func (s *Service) writeIATI(ctx context.Context, w io.Writer, lang string, scope func(*gorm.DB) *gorm.DB) error {
	now, today := s.now(), s.Today()
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	root := xml.StartElement{Name: xml.Name{Local: "iati-activities"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "version"}, Value: IATIVersion},
		{Name: xml.Name{Local: "generated-datetime"}, Value: now.Format(time.RFC3339)},
		{Name: xml.Name{Space: xmlNS, Local: "lang"}, Value: lang},
	}}
	var after int64
	for first := true; ; first = false {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("projects: IATI export: %w", err)
		}
		chunk, err := s.loadIATIChunk(ctx, scope, after)
		if err != nil {
			return err
		}
		if first {
			if _, err := io.WriteString(w, xml.Header); err != nil {
				return fmt.Errorf("projects: IATI export: %w", err)
			}
			if err := enc.EncodeToken(root); err != nil {
				return fmt.Errorf("projects: IATI export: %w", err)
			}
		}
		for i := range chunk {
			if err := enc.EncodeElement(chunk[i].activity(today), xml.StartElement{Name: xml.Name{Local: "iati-activity"}}); err != nil {
				return fmt.Errorf("projects: IATI activity %s: %w", chunk[i].p.Code, err)
			}
		}
		if err := enc.Flush(); err != nil {
			return fmt.Errorf("projects: IATI export: %w", err)
		}
		if len(chunk) < iatiChunkSize {
			break
		}
		after = chunk[len(chunk)-1].p.ID
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return fmt.Errorf("projects: IATI export: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("projects: IATI export: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("projects: IATI export: %w", err)
	}
	return nil
}

// iatiProject is one project with everything its activity shows.
type iatiProject struct {
	p             *Project
	lines         []BudgetLine
	disbursements []Disbursement
	indicators    []IndicatorView
}

// loadIATIChunk loads the next projects of scope after the id after, with
// their texts, budget, payments, indicators and values: seven queries
// whatever the chunk holds. Each query orders its rows by their owner, so
// an owner's rows are one run of the result, shared without copying.
func (s *Service) loadIATIChunk(ctx context.Context, scope func(*gorm.DB) *gorm.DB, after int64) ([]iatiProject, error) {
	var ps []Project
	if err := scope(s.db.Conn(ctx).Model(&Project{})).Where("projects.id > ?", after).Order("projects.id").Limit(iatiChunkSize).Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("projects: IATI projects after %d: %w", after, err)
	}
	if len(ps) == 0 {
		return nil, nil
	}
	out := make([]iatiProject, len(ps))
	ids := make([]int64, len(ps))
	at := make(map[int64]*iatiProject, len(ps))
	for i := range ps {
		out[i].p, ids[i] = &ps[i], ps[i].ID
		at[ps[i].ID] = &out[i]
	}
	// Only the columns the activity shows are read, and dates as text:
	// the SQLite driver tries nine layouts on each DATE column it reads,
	// allocating an error for every miss, and a chunk holds tens of
	// thousands of dates.
	find := func(dest any, cols, where, order string) error {
		return s.db.Conn(ctx).Select(cols).Where(where, ids).Order(order).Find(dest).Error
	}
	const ofChunk = "project_id IN ?"
	// Indicator rows are found through their projects, not by a list of
	// indicator ids, which could pass the databases' limit on parameters.
	const ofIndicators = "indicator_id IN (SELECT id FROM project_indicators WHERE project_id IN ?)"
	var (
		ts   []ProjectTranslation
		ls   []BudgetLine
		ds   []Disbursement
		inds []Indicator
		its  []IndicatorTranslation
		vs   []Value
	)
	for _, q := range []struct {
		what, cols, where, order string
		dest                     any
	}{
		{"texts", "project_id, locale, title, summary, updated_at", ofChunk, "project_id, locale", &ts},
		{"budget lines", "id, project_id, year, category, planned, updated_at", ofChunk, "project_id, year, category", &ls},
		{"disbursements", "id, project_id, budget_line_id, CAST(paid_on AS TEXT) AS paid_on, amount, note, updated_at", ofChunk,
			"project_id, project_disbursements.paid_on, id", &ds},
		{"indicators", "id, project_id, unit, baseline_value, CAST(baseline_on AS TEXT) AS baseline_on, target_value, " +
			"CAST(target_on AS TEXT) AS target_on, updated_at", ofChunk, "project_id, id", &inds},
		{"indicator titles", "indicator_id, locale, title, updated_at", ofIndicators, "indicator_id, locale", &its},
		{"indicator values", "indicator_id, CAST(measured_on AS TEXT) AS measured_on, value, note, updated_at", ofIndicators,
			"indicator_id, project_indicator_values.measured_on, id", &vs},
	} {
		if err := find(q.dest, q.cols, q.where, q.order); err != nil {
			return nil, fmt.Errorf("projects: IATI %s: %w", q.what, err)
		}
	}
	eachRun(ts, func(t *ProjectTranslation) int64 { return t.ProjectID }, func(id int64, r []ProjectTranslation) { at[id].p.Translations = r })
	eachRun(ls, func(l *BudgetLine) int64 { return l.ProjectID }, func(id int64, r []BudgetLine) { at[id].lines = r })
	eachRun(ds, func(d *Disbursement) int64 { return d.ProjectID }, func(id int64, r []Disbursement) { at[id].disbursements = r })
	views := make([]IndicatorView, len(inds))
	byID := make(map[int64]*IndicatorView, len(inds))
	for i := range inds {
		views[i].Indicator = inds[i]
		byID[inds[i].ID] = &views[i]
	}
	eachRun(its, func(t *IndicatorTranslation) int64 { return t.IndicatorID }, func(id int64, r []IndicatorTranslation) { byID[id].Translations = r })
	eachRun(vs, func(v *Value) int64 { return v.IndicatorID }, func(id int64, r []Value) { byID[id].Values = r })
	eachRun(views, func(v *IndicatorView) int64 { return v.ProjectID }, func(id int64, r []IndicatorView) { at[id].indicators = r })
	return out, nil
}

// eachRun calls fn with each run of rows that share a key, capped so that
// appending to one run cannot overwrite the next.
func eachRun[T any](rows []T, key func(*T) int64, fn func(int64, []T)) {
	for i := 0; i < len(rows); {
		k, j := key(&rows[i]), i+1
		for j < len(rows) && key(&rows[j]) == k {
			j++
		}
		fn(k, rows[i:j:j])
		i = j
	}
}

// activityStatus maps a project's status to the IATI ActivityStatus
// codelist. Baeum keeps no state between the work's end and the final
// sign-off, so a completed project is Closed, never Finalisation (3).
func activityStatus(st Status) string {
	switch st {
	case Planned:
		return "1" // Pipeline/identification
	case OnHold:
		return "6" // Suspended
	case Completed:
		return "4" // Closed
	case Cancelled:
		return "5" // Cancelled
	}
	return "2" // Implementation
}

// dacSector is the OECD DAC purpose code of a kind: pilot villages are
// rural development, consulting is public sector management.
func dacSector(k Kind) string {
	if k == SMUPilotVillage {
		return "43040" // Rural development
	}
	return "15110" // Public sector policy and administrative management
}

// instituteNames is the reporting and funding organisation's name.
func instituteNames() []iatiNarrative {
	return []iatiNarrative{{Lang: "en", Text: "Local Government Officials Development Institute"}, {Lang: "ko", Text: "지방자치인재개발원"}}
}

// isInstitute reports whether an organisation field names the institute,
// so that its role is reported under its identifier.
func isInstitute(name string) bool {
	for _, n := range []string{"LOGODI", "Local Government Officials Development Institute", "지방자치인재개발원"} {
		if strings.EqualFold(name, n) {
			return true
		}
	}
	return false
}

// xmlNS is the namespace of the xml:lang attribute.
const xmlNS = "http://www.w3.org/XML/1998/namespace"

// iatiNarrative is a text in one language. Lang is empty for the free-text
// fields Baeum keeps untranslated (names, notes, units), which IATI then
// reads in the activity's default language.
type iatiNarrative struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type iatiTexts struct {
	Narratives []iatiNarrative `xml:"narrative"`
}

type iatiOrg struct {
	Ref        string          `xml:"ref,attr,omitempty"`
	Type       string          `xml:"type,attr,omitempty"`
	Role       string          `xml:"role,attr,omitempty"`
	Narratives []iatiNarrative `xml:"narrative"`
}

type iatiCode struct {
	Code string `xml:"code,attr"`
}

type iatiDate struct {
	Date store.Date `xml:"iso-date,attr"`
}

type iatiActivityDate struct {
	Type string     `xml:"type,attr"`
	Date store.Date `xml:"iso-date,attr"`
}

type iatiSector struct {
	Vocabulary string          `xml:"vocabulary,attr"`
	Code       string          `xml:"code,attr"`
	Narratives []iatiNarrative `xml:"narrative"`
}

type iatiMoney struct {
	Currency string     `xml:"currency,attr"`
	Date     store.Date `xml:"value-date,attr"`
	Amount   string     `xml:",chardata"` // major units
}

type iatiBudget struct {
	Type   string    `xml:"type,attr"`
	Status string    `xml:"status,attr"`
	Start  iatiDate  `xml:"period-start"`
	End    iatiDate  `xml:"period-end"`
	Value  iatiMoney `xml:"value"`
}

type iatiTransaction struct {
	Ref         string     `xml:"ref,attr"`
	Type        iatiCode   `xml:"transaction-type"`
	Date        iatiDate   `xml:"transaction-date"`
	Value       iatiMoney  `xml:"value"`
	Description *iatiTexts `xml:"description"`
	Provider    *iatiOrg   `xml:"provider-org"`
	Receiver    *iatiOrg   `xml:"receiver-org"`
}

type iatiResult struct {
	Type       string          `xml:"type,attr"`
	Title      iatiTexts       `xml:"title"`
	Indicators []iatiIndicator `xml:"indicator"`
}

type iatiIndicator struct {
	Measure     string       `xml:"measure,attr"`
	Ascending   bool         `xml:"ascending,attr"`
	Title       iatiTexts    `xml:"title"`
	Description *iatiTexts   `xml:"description"`
	Baseline    iatiBaseline `xml:"baseline"`
	Periods     []iatiPeriod `xml:"period"`
}

type iatiBaseline struct {
	Year  int        `xml:"year,attr"`
	Date  store.Date `xml:"iso-date,attr"`
	Value string     `xml:"value,attr"`
}

type iatiPeriod struct {
	Start  iatiDate    `xml:"period-start"`
	End    iatiDate    `xml:"period-end"`
	Target *iatiAmount `xml:"target"`
	Actual *iatiAmount `xml:"actual"`
}

type iatiAmount struct {
	Value   string     `xml:"value,attr"`
	Comment *iatiTexts `xml:"comment"`
}

// iatiActivity is one iati-activity; the fields are in the order the
// schema demands.
type iatiActivity struct {
	LastUpdated  string             `xml:"last-updated-datetime,attr"`
	Lang         string             `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Currency     string             `xml:"default-currency,attr"`
	Identifier   string             `xml:"iati-identifier"`
	ReportingOrg iatiOrg            `xml:"reporting-org"`
	Title        iatiTexts          `xml:"title"`
	Description  iatiTexts          `xml:"description"`
	Orgs         []iatiOrg          `xml:"participating-org"`
	Status       iatiCode           `xml:"activity-status"`
	Dates        []iatiActivityDate `xml:"activity-date"`
	Country      iatiCode           `xml:"recipient-country"`
	Sector       iatiSector         `xml:"sector"`
	Budgets      []iatiBudget       `xml:"budget"`
	Transactions []iatiTransaction  `xml:"transaction"`
	Results      []iatiResult       `xml:"result"`
}

func (ip *iatiProject) activity(today store.Date) *iatiActivity {
	p := ip.p
	a := &iatiActivity{
		LastUpdated:  ip.updated().Format(time.RFC3339),
		Lang:         p.DefaultLocale,
		Currency:     p.Currency,
		Identifier:   ReportingOrgRef + "-" + p.Code,
		ReportingOrg: iatiOrg{Ref: ReportingOrgRef, Type: orgTypeGovernment, Narratives: instituteNames()},
		Status:       iatiCode{activityStatus(p.Status)},
		Country:      iatiCode{p.Country},
		Sector:       iatiSector{Vocabulary: sectorVocabularyDAC, Code: dacSector(p.Kind)},
	}
	var titles, summaries []iatiNarrative
	for _, t := range p.Translations {
		titles = append(titles, iatiNarrative{Lang: t.Locale, Text: t.Title})
		summaries = append(summaries, iatiNarrative{Lang: t.Locale, Text: t.Summary})
	}
	a.Title.Narratives = inLanguages(titles, p.DefaultLocale)
	if len(a.Title.Narratives) == 0 {
		a.Title.Narratives = []iatiNarrative{{Text: p.Code}}
	}
	// The schema requires a description; a project without a summary is
	// described by its title.
	if a.Description.Narratives = inLanguages(summaries, p.DefaultLocale); len(a.Description.Narratives) == 0 {
		a.Description.Narratives = a.Title.Narratives
	}
	if p.Sector != "" {
		a.Sector.Narratives = []iatiNarrative{{Text: p.Sector}}
	}
	a.Orgs = ip.orgs()
	a.Dates = activityDates(p, today)
	a.Budgets = ip.budgets()
	a.Transactions = ip.transactions()
	// Village indicators (income, safe water) measure change in the
	// village: outcomes. Consulting indicators measure what the consulting
	// delivers: outputs.
	rtype := resultOutput
	if p.Kind == SMUPilotVillage {
		rtype = resultOutcome
	}
	for i := range ip.indicators {
		ind := indicatorIATI(&ip.indicators[i], p.DefaultLocale)
		a.Results = append(a.Results, iatiResult{Type: rtype, Title: ind.Title, Indicators: []iatiIndicator{ind}})
	}
	return a
}

// inLanguages keeps the non-empty texts, the default locale's first.
func inLanguages(ns []iatiNarrative, def string) []iatiNarrative {
	out := make([]iatiNarrative, 0, len(ns))
	for _, n := range ns {
		if n.Text != "" && n.Lang == def {
			out = append(out, n)
		}
	}
	for _, n := range ns {
		if n.Text != "" && n.Lang != def {
			out = append(out, n)
		}
	}
	return out
}

// orgs are the institute as funder and the implementing organisations:
// the responsible Korean organisation and the partner organisation, or
// the institute when the project names neither.
func (ip *iatiProject) orgs() []iatiOrg {
	institute := func(role string) iatiOrg {
		return iatiOrg{Ref: ReportingOrgRef, Type: orgTypeGovernment, Role: role, Narratives: instituteNames()}
	}
	out := []iatiOrg{institute(roleFunding)}
	for _, name := range []string{ip.p.KoreanOrg, ip.p.PartnerOrg} {
		switch {
		case name == "":
		case isInstitute(name):
			out = append(out, institute(roleImplementing))
		default:
			out = append(out, iatiOrg{Type: orgTypeGovernment, Role: roleImplementing, Narratives: []iatiNarrative{{Text: name}}})
		}
	}
	if len(out) == 1 {
		out = append(out, institute(roleImplementing))
	}
	return out
}

// activityDates gives the planned start and end and, once the work has
// begun, the actual start; a completed project's actual end is its planned
// end (Baeum does not record the day work stopped), or today if that is
// still ahead, since IATI refuses actual dates in the future.
func activityDates(p *Project, today store.Date) []iatiActivityDate {
	out := []iatiActivityDate{{Type: "1", Date: p.StartsOn}}
	if (p.Status == Active || p.Status == OnHold || p.Status == Completed) && p.StartsOn <= today {
		out = append(out, iatiActivityDate{Type: "2", Date: p.StartsOn})
	}
	out = append(out, iatiActivityDate{Type: "3", Date: p.EndsOn})
	if p.Status == Completed {
		out = append(out, iatiActivityDate{Type: "4", Date: min(p.EndsOn, today)})
	}
	return out
}

// budgets gives one original budget a year: IATI wants budgets of a type
// not to overlap, so a year's categories are summed, over the part of the
// year the project runs. It is committed once the project is under way.
func (ip *iatiProject) budgets() []iatiBudget {
	p := ip.p
	status := budgetCommitted
	if p.Status == Planned {
		status = budgetIndicative
	}
	var out []iatiBudget
	for i := 0; i < len(ip.lines); {
		year := ip.lines[i].Year
		var sum int64
		for ; i < len(ip.lines) && ip.lines[i].Year == year; i++ {
			sum += ip.lines[i].Planned
		}
		jan, dec := store.Date(fmt.Sprintf("%04d-01-01", year)), store.Date(fmt.Sprintf("%04d-12-31", year))
		start, end := max(jan, p.StartsOn), min(dec, p.EndsOn)
		if start > end { // dates moved after the line was planned
			start, end = jan, dec
		}
		out = append(out, iatiBudget{Type: budgetOriginal, Status: status, Start: iatiDate{start}, End: iatiDate{end},
			Value: iatiMoney{Currency: p.Currency, Date: start, Amount: AmountInput(sum, p.Currency)}})
	}
	return out
}

// transactions gives each disbursement, from the institute to the partner
// organisation, described by its budget line and note.
func (ip *iatiProject) transactions() []iatiTransaction {
	p := ip.p
	labels := make(map[int64]string, len(ip.lines))
	for i := range ip.lines {
		labels[ip.lines[i].ID] = ip.lines[i].LineLabel()
	}
	var receiver *iatiOrg
	if p.PartnerOrg != "" {
		receiver = &iatiOrg{Type: orgTypeGovernment, Narratives: []iatiNarrative{{Text: p.PartnerOrg}}}
	}
	provider := &iatiOrg{Ref: ReportingOrgRef, Type: orgTypeGovernment, Narratives: instituteNames()}
	out := make([]iatiTransaction, 0, len(ip.disbursements))
	for _, d := range ip.disbursements {
		desc := labels[d.BudgetLineID]
		if d.Note != "" {
			desc += ": " + d.Note
		}
		out = append(out, iatiTransaction{Ref: strconv.FormatInt(d.ID, 10), Type: iatiCode{txDisbursement}, Date: iatiDate{d.PaidOn},
			Value:       iatiMoney{Currency: p.Currency, Date: d.PaidOn, Amount: AmountInput(d.Amount, p.Currency)},
			Description: &iatiTexts{[]iatiNarrative{{Text: desc}}}, Provider: provider, Receiver: receiver})
	}
	return out
}

// indicatorIATI gives an indicator with its baseline and one period per
// measured value, from the day after the previous measurement (the
// baseline date for the first) to the measurement, with the value's note
// as the actual's comment. The target belongs to the period that holds
// the target date, or to a last period of its own when no value has been
// measured that late.
func indicatorIATI(iv *IndicatorView, def string) iatiIndicator {
	var titles []iatiNarrative
	for _, t := range iv.Translations {
		titles = append(titles, iatiNarrative{Lang: t.Locale, Text: t.Title})
	}
	ind := iatiIndicator{Measure: measureUnit, Ascending: iv.TargetValue >= iv.BaselineValue,
		Title:    iatiTexts{inLanguages(titles, def)},
		Baseline: iatiBaseline{Year: iv.BaselineOn.Time().Year(), Date: iv.BaselineOn, Value: num(iv.BaselineValue)}}
	if len(ind.Title.Narratives) == 0 {
		ind.Title.Narratives = []iatiNarrative{{Text: strconv.FormatInt(iv.ID, 10)}}
	}
	if iv.Unit != "" {
		ind.Description = &iatiTexts{[]iatiNarrative{{Text: iv.Unit}}}
	}
	ind.Periods = make([]iatiPeriod, 0, len(iv.Values)+1)
	from, target := iv.BaselineOn, &iatiAmount{Value: num(iv.TargetValue)}
	for _, v := range iv.Values {
		per := iatiPeriod{Start: iatiDate{min(from, v.MeasuredOn)}, End: iatiDate{v.MeasuredOn}, Actual: &iatiAmount{Value: num(v.Value)}}
		if v.Note != "" {
			per.Actual.Comment = &iatiTexts{[]iatiNarrative{{Text: v.Note}}}
		}
		if target != nil && iv.TargetOn <= v.MeasuredOn {
			per.Target, target = target, nil
		}
		ind.Periods = append(ind.Periods, per)
		from = store.DateOf(v.MeasuredOn.Time().AddDate(0, 0, 1))
	}
	if target != nil {
		ind.Periods = append(ind.Periods, iatiPeriod{Start: iatiDate{min(from, iv.TargetOn)}, End: iatiDate{iv.TargetOn}, Target: target})
	}
	return ind
}

// updated is when anything the activity shows last changed.
func (ip *iatiProject) updated() time.Time {
	t := ip.p.UpdatedAt
	for _, x := range ip.p.Translations {
		t = iatiLater(t, x.UpdatedAt)
	}
	for _, x := range ip.lines {
		t = iatiLater(t, x.UpdatedAt)
	}
	for _, x := range ip.disbursements {
		t = iatiLater(t, x.UpdatedAt)
	}
	for _, iv := range ip.indicators {
		t = iatiLater(t, iv.UpdatedAt)
		for _, x := range iv.Translations {
			t = iatiLater(t, x.UpdatedAt)
		}
		for _, x := range iv.Values {
			t = iatiLater(t, x.UpdatedAt)
		}
	}
	return t.UTC()
}

func iatiLater(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
