package projects

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

// The option lists of the entries' selects.

func kindOptions(l *i18n.Localizer) []i18n.Option {
	out := make([]i18n.Option, len(Kinds))
	for i, k := range Kinds {
		out[i] = i18n.Option{Value: string(k), Label: l.T("project_kind." + string(k))}
	}
	return out
}

func statusOptions(l *i18n.Localizer, withHold bool) []i18n.Option {
	var out []i18n.Option
	for _, s := range Statuses {
		if s != OnHold || withHold {
			out = append(out, i18n.Option{Value: string(s), Label: l.T("project_status." + string(s))})
		}
	}
	return out
}

func localeOptions() []i18n.Option {
	out := make([]i18n.Option, len(i18n.ContentLocales))
	for i, c := range i18n.ContentLocales {
		out[i] = i18n.Option{Value: c, Label: i18n.LanguageName(c) + " (" + c + ")"}
	}
	return out
}

func phaseOptions(l *i18n.Localizer, k Kind) []i18n.Option {
	var out []i18n.Option
	for i, p := range procedures[k] {
		out = append(out, i18n.Option{Value: string(p), Label: fmt.Sprintf("%d. %s", i+1, l.T("phase."+string(p)))})
	}
	return out
}

func loc(c *gin.Context) *i18n.Localizer { return web.Localizer(c.Request.Context()) }

func actor(c *gin.Context) accounts.Actor { return accounts.ActorFrom(c.Request.Context()) }

func projectFields(withHold bool) func(c *gin.Context, _ *Handler, p *Project) []spec {
	return func(c *gin.Context, _ *Handler, p *Project) []spec {
		l := loc(c)
		out := []spec{
			{name: "code", label: "form.code", typ: "text", opts: []string{"required", "hint=form.project.code_hint"}},
		}
		if p == nil {
			out = append(out, spec{name: "kind", label: "form.project.kind", typ: "select", options: kindOptions(l), blank: "form.choose"})
		}
		return append(out,
			spec{name: "default_locale", label: "form.default_locale", typ: "select", options: localeOptions()},
			spec{name: "title", label: "form.title", typ: "text", opts: []string{"required", "hint=form.title_default_hint"}},
			spec{name: "summary", label: "form.summary", typ: "area"},
			spec{name: "country", label: "form.partner_country", typ: "select", options: l.Countries(""), blank: "form.choose"},
			spec{name: "region", label: "form.project.region", typ: "text"},
			spec{name: "village", label: "form.project.village", typ: "text", opts: []string{"hint=form.project.village_hint"}},
			spec{name: "partner_org", label: "form.partner_org", typ: "text"},
			spec{name: "korean_org", label: "form.project.korean_org", typ: "text"},
			spec{name: "sector", label: "form.project.sector", typ: "text"},
			spec{name: "starts_on", label: "form.starts_on", typ: "date", opts: []string{"required"}},
			spec{name: "ends_on", label: "form.ends_on", typ: "date", opts: []string{"required"}},
			spec{name: "status", label: "form.status", typ: "select", options: statusOptions(l, withHold)},
			spec{name: "budget", label: "form.project.budget", typ: "text", opts: []string{"hint=form.project.budget_hint"}},
			spec{name: "currency", label: "form.project.currency", typ: "text", opts: []string{"required", "hint=form.project.currency_hint"}},
		)
	}
}

func projectInput(f url.Values, kind Kind) Input {
	return Input{Code: f.Get("code"), Kind: kind, DefaultLocale: f.Get("default_locale"), Title: f.Get("title"),
		Summary: f.Get("summary"), Country: f.Get("country"), Region: f.Get("region"), Village: f.Get("village"),
		PartnerOrg: f.Get("partner_org"), KoreanOrg: f.Get("korean_org"), Sector: f.Get("sector"), StartsOn: f.Get("starts_on"),
		EndsOn: f.Get("ends_on"), Status: Status(f.Get("status")), BudgetText: f.Get("budget"), Currency: f.Get("currency")}
}

var newProjectEntry = entry{
	title: "page.project_new.title", submit: "page.project_new.create", noProject: true,
	action: func(*Project) string { return "/projects" },
	fields: projectFields(false),
	defaults: func(c *gin.Context, _ *Handler, _ *Project) (url.Values, error) {
		return url.Values{"default_locale": {"en"}, "status": {string(Planned)}, "currency": {"USD"}, "kind": {c.Query("kind")}}, nil
	},
	save: func(c *gin.Context, h *Handler, _ *Project, f url.Values) (string, string, error) {
		f.Set("kind", c.PostForm("kind"))
		p, err := h.svc.Create(c.Request.Context(), actor(c), projectInput(f, Kind(f.Get("kind"))))
		if err != nil {
			return "", "", err
		}
		return projectURL(p, ""), "flash.project_created", nil
	},
}

var editProjectEntry = entry{
	title: "page.project_edit.title", submit: "page.project_edit.save",
	action: func(p *Project) string { return projectURL(p, "") },
	fields: projectFields(true),
	defaults: func(c *gin.Context, _ *Handler, p *Project) (url.Values, error) {
		t := p.TitleIn(p.DefaultLocale)
		s := p.SummaryIn(p.DefaultLocale)
		return url.Values{"code": {p.Code}, "default_locale": {p.DefaultLocale}, "title": {t.Text}, "summary": {s.Text},
			"country": {p.Country}, "region": {p.Region}, "village": {p.Village}, "partner_org": {p.PartnerOrg},
			"korean_org": {p.KoreanOrg}, "sector": {p.Sector}, "starts_on": {string(p.StartsOn)}, "ends_on": {string(p.EndsOn)},
			"status": {string(p.Status)}, "budget": {AmountInput(p.BudgetAmount, p.Currency)}, "currency": {p.Currency}}, nil
	},
	save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
		if _, err := h.svc.Update(c.Request.Context(), actor(c), p.ID, projectInput(f, p.Kind)); err != nil {
			return "", "", err
		}
		return projectURL(p, ""), "flash.project_saved", nil
	},
}

func today(h *Handler) url.Values { return url.Values{"on": {string(h.svc.Today())}} }

// projectEntries are the writes on one project, each at /projects/:id/<path>.
var projectEntries = []entry{
	{
		path: "translate", title: "page.project_translate.title", submit: "page.project_translate.save",
		fields: func(c *gin.Context, h *Handler, p *Project) []spec {
			return []spec{
				{name: "locale", label: "form.content_language", typ: "select", options: localeOptions()},
				{name: "title", label: "form.title", typ: "text", opts: []string{"required"}},
				{name: "summary", label: "form.summary", typ: "area"},
			}
		},
		defaults: func(c *gin.Context, _ *Handler, p *Project) (url.Values, error) {
			l := c.Query("locale")
			if !i18n.ValidLocale(l) {
				l = loc(c).Code()
			}
			f := url.Values{"locale": {l}}
			for _, t := range p.Translations {
				if t.Locale == l {
					f.Set("title", t.Title)
					f.Set("summary", t.Summary)
				}
			}
			return f, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			err := h.svc.Translate(c.Request.Context(), actor(c), p.ID, f.Get("locale"), f.Get("title"), f.Get("summary"))
			return projectURL(p, ""), "flash.project_translated", err
		},
	},
	{
		path: "phase", title: "page.project_phase.title", submit: "page.project_phase.save", lead: "page.project_phase.lead",
		fields: func(c *gin.Context, h *Handler, p *Project) []spec {
			return []spec{
				{name: "to", label: "form.project.phase_to", typ: "select", options: phaseOptions(loc(c), p.Kind)},
				{name: "on", label: "form.project.on", typ: "date", opts: []string{"required"}},
				{name: "note", label: "form.project.note", typ: "area"},
				{name: "reason", label: "form.reason", typ: "area", opts: []string{"hint=form.project.reason_hint"}},
			}
		},
		defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) {
			f := today(h)
			f.Set("to", string(p.NextPhase()))
			return f, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			_, err := h.svc.Transition(c.Request.Context(), actor(c), p.ID, TransitionInput{To: Phase(f.Get("to")), On: f.Get("on"), Note: f.Get("note"), Reason: f.Get("reason")})
			return projectURL(p, ""), "flash.project_phase", err
		},
	},
	{
		path: "hold", title: "page.project_hold.title", submit: "page.project_hold.save",
		fields: func(c *gin.Context, h *Handler, p *Project) []spec {
			return []spec{{name: "on", label: "form.project.on", typ: "date", opts: []string{"required"}},
				{name: "note", label: "form.project.hold_note", typ: "area", opts: []string{"required"}}}
		},
		defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) { return today(h), nil },
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			_, err := h.svc.Hold(c.Request.Context(), actor(c), p.ID, f.Get("on"), f.Get("note"))
			return projectURL(p, ""), "flash.project_held", err
		},
	},
	{
		path: "resume", title: "page.project_resume.title", submit: "page.project_resume.save",
		fields: func(c *gin.Context, h *Handler, p *Project) []spec {
			return []spec{{name: "on", label: "form.project.on", typ: "date", opts: []string{"required"}},
				{name: "note", label: "form.project.note", typ: "area"}}
		},
		defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) { return today(h), nil },
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			_, err := h.svc.Resume(c.Request.Context(), actor(c), p.ID, f.Get("on"), f.Get("note"))
			return projectURL(p, ""), "flash.project_resumed", err
		},
	},
	{
		path: "members", title: "page.project_member.title", submit: "page.project_member.save", lead: "page.project_member.lead",
		fields: func(c *gin.Context, h *Handler, p *Project) []spec {
			return []spec{
				{name: "email", label: "form.email", typ: "email", opts: []string{"hint=form.project.member_email_hint"}},
				{name: "name", label: "form.name", typ: "text", opts: []string{"hint=form.project.member_name_hint"}},
				{name: "role", label: "form.project.member_role", typ: "text"},
				{name: "organisation", label: "form.organisation", typ: "text"},
			}
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			_, err := h.svc.AddMember(c.Request.Context(), actor(c), p.ID, MemberInput{Email: f.Get("email"), Name: f.Get("name"), Role: f.Get("role"), Organisation: f.Get("organisation")})
			return projectURL(p, "#members"), "flash.project_member_added", err
		},
	},
	{
		path: "milestones", title: "page.project_milestone.title", submit: "page.project_milestone.save",
		fields: milestoneFields,
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			_, err := h.svc.AddMilestone(c.Request.Context(), actor(c), p.ID, MilestoneInput{Title: f.Get("title"), DueOn: f.Get("due_on")})
			return projectURL(p, "#milestones"), "flash.project_milestone_added", err
		},
	},
	{
		path: "budget", title: "page.project_budget_line.title", submit: "page.project_budget_line.save",
		fields: budgetLineFields,
		defaults: func(c *gin.Context, _ *Handler, p *Project) (url.Values, error) {
			return url.Values{"year": {string(p.StartsOn)[:4]}}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			year, _ := strconv.Atoi(f.Get("year"))
			_, err := h.svc.AddBudgetLine(c.Request.Context(), actor(c), p.ID, BudgetLineInput{Year: year, Category: f.Get("category"), PlannedText: f.Get("planned")})
			return projectURL(p, "#budget"), "flash.project_budget_line_added", err
		},
	},
	{
		path: "disbursements", title: "page.project_disbursement.title", submit: "page.project_disbursement.save",
		fields: disbursementFields,
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			line, _ := strconv.ParseInt(f.Get("budget_line_id"), 10, 64)
			_, err := h.svc.AddDisbursement(c.Request.Context(), actor(c), p.ID, DisbursementInput{BudgetLineID: line, PaidOn: f.Get("paid_on"), AmountText: f.Get("amount"), Note: f.Get("note")})
			return projectURL(p, "#budget"), "flash.project_disbursement_added", err
		},
	},
	{
		path: "indicators", title: "page.project_indicator_new.title", submit: "page.project_indicator_new.save",
		fields: func(c *gin.Context, h *Handler, p *Project) []spec {
			return append([]spec{{name: "locale", label: "form.content_language", typ: "select", options: localeOptions()},
				{name: "title", label: "form.title", typ: "text", opts: []string{"required", "hint=form.project.indicator_title_hint"}}},
				indicatorFields(c, h, p)...)
		},
		defaults: func(c *gin.Context, _ *Handler, p *Project) (url.Values, error) {
			return url.Values{"locale": {p.DefaultLocale}, "baseline_on": {string(p.StartsOn)}, "target_on": {string(p.EndsOn)}}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			_, err := h.svc.AddIndicator(c.Request.Context(), actor(c), p.ID, IndicatorInput{Locale: f.Get("locale"), Title: f.Get("title"), Unit: f.Get("unit"),
				Baseline: f.Get("baseline"), BaselineOn: f.Get("baseline_on"), Target: f.Get("target"), TargetOn: f.Get("target_on")})
			return projectURL(p, "#indicators"), "flash.project_indicator_added", err
		},
	},
	{
		path: "reports", title: "page.project_report_new.title", submit: "page.project_report_new.save",
		fields: func(c *gin.Context, h *Handler, p *Project) []spec {
			return []spec{{name: "period_start", label: "form.project.period_start", typ: "date", opts: []string{"required"}},
				{name: "period_end", label: "form.project.period_end", typ: "date", opts: []string{"required"}},
				{name: "locale", label: "form.content_language", typ: "select", options: localeOptions()},
				{name: "narrative", label: "form.project.narrative", typ: "area", opts: []string{"required"}}}
		},
		defaults: func(c *gin.Context, _ *Handler, p *Project) (url.Values, error) {
			return url.Values{"locale": {p.DefaultLocale}}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			r, err := h.svc.CreateReport(c.Request.Context(), actor(c), p.ID, ReportInput{PeriodStart: f.Get("period_start"), PeriodEnd: f.Get("period_end"), Locale: f.Get("locale"), Narrative: f.Get("narrative")})
			if err != nil {
				return "", "", err
			}
			return projectURL(p, fmt.Sprintf("/reports/%d", r.ID)), "flash.project_report_created", nil
		},
	},
}

// valueEntry records an indicator's actual value.
var valueEntry = entry{
	path:  "indicators/:iid/values",
	title: "page.project_value.title", submit: "page.project_value.save", lead: "page.project_value.lead",
	fields: func(c *gin.Context, h *Handler, p *Project) []spec {
		return append([]spec{{name: "on", label: "form.project.measured_on", typ: "date", opts: []string{"required"}}}, valueFields(c, h, p)...)
	},
	defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) { return today(h), nil },
	save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
		iid, _ := paramID(c, "iid")
		_, err := h.svc.RecordValue(c.Request.Context(), actor(c), p.ID, iid, ValueInput{On: f.Get("on"), Value: f.Get("value"), Note: f.Get("note")})
		return projectURL(p, fmt.Sprintf("/indicators/%d", iid)), "flash.project_value_recorded", err
	},
}

// indicatorTextEntry translates an indicator's title.
var indicatorTextEntry = entry{
	path:  "indicators/:iid/translate",
	title: "page.project_indicator_translate.title", submit: "page.project_translate.save",
	fields: func(c *gin.Context, h *Handler, p *Project) []spec {
		return []spec{{name: "locale", label: "form.content_language", typ: "select", options: localeOptions()},
			{name: "title", label: "form.title", typ: "text", opts: []string{"required"}}}
	},
	defaults: func(c *gin.Context, _ *Handler, p *Project) (url.Values, error) {
		return url.Values{"locale": {loc(c).Code()}}, nil
	},
	save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
		iid, _ := paramID(c, "iid")
		err := h.svc.TranslateIndicator(c.Request.Context(), actor(c), p.ID, iid, f.Get("locale"), f.Get("title"))
		return projectURL(p, fmt.Sprintf("/indicators/%d", iid)), "flash.project_translated", err
	},
}
