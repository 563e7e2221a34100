package projects

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

// ProjectOut is a project as the API shows it.
type ProjectOut struct {
	ID            int64             `json:"id"`
	Code          string            `json:"code"`
	Kind          Kind              `json:"kind"`
	DefaultLocale string            `json:"default_locale"`
	Title         string            `json:"title" doc:"In the caller's language, or the fallback"`
	TitleLocale   string            `json:"title_locale"`
	Titles        map[string]string `json:"titles" doc:"Title per locale"`
	Summaries     map[string]string `json:"summaries" doc:"Summary per locale"`
	Country       string            `json:"country" doc:"ISO 3166-1 alpha-2"`
	Region        string            `json:"region,omitempty"`
	Village       string            `json:"village,omitempty"`
	PartnerOrg    string            `json:"partner_org,omitempty"`
	KoreanOrg     string            `json:"korean_org,omitempty"`
	Sector        string            `json:"sector,omitempty"`
	StartsOn      string            `json:"starts_on" format:"date"`
	EndsOn        string            `json:"ends_on" format:"date"`
	Status        Status            `json:"status"`
	Phase         Phase             `json:"phase"`
	PhaseNumber   int               `json:"phase_number" doc:"1-based position of the phase in the kind's procedure"`
	PhaseCount    int               `json:"phase_count"`
	PhaseSince    string            `json:"phase_since" format:"date"`
	Budget        int64             `json:"budget" doc:"Minor units of currency"`
	Currency      string            `json:"currency" doc:"ISO 4217"`
}

func projectOut(ctx context.Context, p *Project) ProjectOut {
	t := p.TitleIn(web.Localizer(ctx).Code())
	o := ProjectOut{ID: p.ID, Code: p.Code, Kind: p.Kind, DefaultLocale: p.DefaultLocale, Title: t.Text, TitleLocale: t.Lang,
		Titles: map[string]string{}, Summaries: map[string]string{}, Country: p.Country, Region: p.Region, Village: p.Village,
		PartnerOrg: p.PartnerOrg, KoreanOrg: p.KoreanOrg, Sector: p.Sector, StartsOn: string(p.StartsOn), EndsOn: string(p.EndsOn),
		Status: p.Status, Phase: p.Phase, PhaseNumber: PhaseIndex(p.Kind, p.Phase) + 1, PhaseCount: PhaseCount(p.Kind),
		PhaseSince: string(p.PhaseSince), Budget: p.BudgetAmount, Currency: p.Currency}
	for _, tr := range p.Translations {
		o.Titles[tr.Locale], o.Summaries[tr.Locale] = tr.Title, tr.Summary
	}
	return o
}

type projectBody struct{ Body ProjectOut }

type listIn struct {
	Kind    string `query:"kind" enum:"smu_pilot_village,consulting,"`
	Country string `query:"country" maxLength:"2"`
	Status  string `query:"status" enum:"planned,active,on_hold,completed,cancelled,"`
	Phase   string `query:"phase" maxLength:"40"`
	Year    int    `query:"year" minimum:"0" maximum:"2100"`
	Q       string `query:"q" maxLength:"100"`
}

func (in *listIn) filter() Filter {
	q := url.Values{"kind": {in.Kind}, "country": {in.Country}, "status": {in.Status}, "phase": {in.Phase}, "q": {in.Q}}
	if in.Year != 0 {
		q.Set("year", strconv.Itoa(in.Year))
	}
	return filterFrom(q)
}

type listOut struct {
	Body struct {
		Projects []ProjectOut `json:"projects"`
	}
}

func (h *Handler) apiList(ctx context.Context, in *listIn) (*listOut, error) {
	list, err := h.svc.List(ctx, accounts.CurrentUser(ctx), in.filter())
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &listOut{}
	out.Body.Projects = make([]ProjectOut, len(list))
	for i := range list {
		out.Body.Projects[i] = projectOut(ctx, &list[i])
	}
	return out, nil
}

type projectInBody struct {
	Code          string `json:"code" maxLength:"40"`
	Kind          Kind   `json:"kind" enum:"smu_pilot_village,consulting" doc:"Fixed once created"`
	DefaultLocale string `json:"default_locale,omitempty" maxLength:"5"`
	Title         string `json:"title" maxLength:"300" doc:"In default_locale"`
	Summary       string `json:"summary,omitempty" maxLength:"5000"`
	Country       string `json:"country" maxLength:"2" doc:"ISO 3166-1 alpha-2"`
	Region        string `json:"region,omitempty" maxLength:"200"`
	Village       string `json:"village,omitempty" maxLength:"200"`
	PartnerOrg    string `json:"partner_org,omitempty" maxLength:"200"`
	KoreanOrg     string `json:"korean_org,omitempty" maxLength:"200"`
	Sector        string `json:"sector,omitempty" maxLength:"200"`
	StartsOn      string `json:"starts_on" doc:"YYYY-MM-DD"`
	EndsOn        string `json:"ends_on" doc:"YYYY-MM-DD"`
	Status        Status `json:"status,omitempty" enum:"planned,active,on_hold,completed,cancelled"`
	Budget        int64  `json:"budget" minimum:"0" doc:"Minor units of currency (cents for USD, won for KRW)"`
	Currency      string `json:"currency" maxLength:"3" doc:"ISO 4217"`
}

func (b projectInBody) input() Input {
	return Input{Code: b.Code, Kind: b.Kind, DefaultLocale: b.DefaultLocale, Title: b.Title, Summary: b.Summary, Country: b.Country,
		Region: b.Region, Village: b.Village, PartnerOrg: b.PartnerOrg, KoreanOrg: b.KoreanOrg, Sector: b.Sector,
		StartsOn: b.StartsOn, EndsOn: b.EndsOn, Status: b.Status, Budget: b.Budget, Currency: b.Currency}
}

type createIn struct{ Body projectInBody }

func (h *Handler) apiCreate(ctx context.Context, in *createIn) (*projectBody, error) {
	p, err := h.svc.Create(ctx, accounts.ActorFrom(ctx), in.Body.input())
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &projectBody{Body: projectOut(ctx, p)}, nil
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// apiProject loads a project the caller may read; to others it does not
// exist.
func (h *Handler) apiProject(ctx context.Context, id int64) (*Project, error) {
	p, err := h.svc.Project(ctx, accounts.CurrentUser(ctx), id)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return p, nil
}

type updateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body projectInBody
}

func (h *Handler) apiUpdate(ctx context.Context, in *updateIn) (*projectBody, error) {
	p, err := h.svc.Update(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.input())
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &projectBody{Body: projectOut(ctx, p)}, nil
}

type translateIn struct {
	ID     int64  `path:"id" minimum:"1"`
	Locale string `path:"locale" maxLength:"5"`
	Body   struct {
		Title   string `json:"title" maxLength:"300"`
		Summary string `json:"summary,omitempty" maxLength:"5000"`
	}
}

func (h *Handler) apiTranslate(ctx context.Context, in *translateIn) (*projectBody, error) {
	if err := h.svc.Translate(ctx, accounts.ActorFrom(ctx), in.ID, in.Locale, in.Body.Title, in.Body.Summary); err != nil {
		return nil, web.APIError(ctx, err)
	}
	p, err := h.apiProject(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &projectBody{Body: projectOut(ctx, p)}, nil
}

type transitionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		To     Phase  `json:"to" maxLength:"40" doc:"A phase of the project's procedure"`
		On     string `json:"on" doc:"YYYY-MM-DD, within the project and not before the current phase began"`
		Note   string `json:"note,omitempty" maxLength:"2000"`
		Reason string `json:"reason,omitempty" maxLength:"2000" doc:"Required to move back or skip phases"`
	}
}

func (h *Handler) apiTransition(ctx context.Context, in *transitionIn) (*projectBody, error) {
	p, err := h.svc.Transition(ctx, accounts.ActorFrom(ctx), in.ID, TransitionInput{To: in.Body.To, On: in.Body.On, Note: in.Body.Note, Reason: in.Body.Reason})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &projectBody{Body: projectOut(ctx, p)}, nil
}

type holdIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		On   string `json:"on" doc:"YYYY-MM-DD"`
		Note string `json:"note,omitempty" maxLength:"2000" doc:"Required to put on hold"`
	}
}

func (h *Handler) apiHold(resume bool) func(ctx context.Context, in *holdIn) (*projectBody, error) {
	return func(ctx context.Context, in *holdIn) (*projectBody, error) {
		var p *Project
		var err error
		if resume {
			p, err = h.svc.Resume(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.On, in.Body.Note)
		} else {
			p, err = h.svc.Hold(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.On, in.Body.Note)
		}
		if err != nil {
			return nil, web.APIError(ctx, err)
		}
		return &projectBody{Body: projectOut(ctx, p)}, nil
	}
}

func (h *Handler) registerAPI(api huma.API) {
	staff := accounts.Need(api, accounts.RoleStaff)
	readers := accounts.Need(api, accounts.RoleStaff, accounts.RoleCoordinator)
	anyone := accounts.Need(api)
	tags := []string{"Projects"}
	e := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	op := func(id, method, path, summary string, mw huma.Middlewares, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Middlewares: mw, Tags: tags,
			Security: accounts.Bearer, DefaultStatus: status, Errors: e}
	}
	const base = "/api/v1/projects"
	const one = base + "/{id}"
	huma.Register(api, op("list-projects", http.MethodGet, base, "Projects you may read (learners: those you are a member of)", anyone, 0), h.apiList)
	huma.Register(api, op("create-project", http.MethodPost, base, "Create a project in the first phase of its procedure (staff)", staff, http.StatusCreated), h.apiCreate)
	huma.Register(api, op("get-project", http.MethodGet, one, "A project's full record", anyone, 0), h.apiRecord)
	huma.Register(api, op("update-project", http.MethodPut, one, "Change a project (staff)", staff, 0), h.apiUpdate)
	huma.Register(api, op("translate-project", http.MethodPut, one+"/texts/{locale}", "Set a project's title and summary in a locale (staff)", staff, 0), h.apiTranslate)
	huma.Register(api, op("move-project-phase", http.MethodPost, one+"/transitions",
		"Move to another phase; moving back or skipping needs a reason (staff)", staff, 0), h.apiTransition)
	huma.Register(api, op("hold-project", http.MethodPost, one+"/hold", "Put a project on hold (staff)", staff, 0), h.apiHold(false))
	huma.Register(api, op("resume-project", http.MethodPost, one+"/resume", "Take a project off hold (staff)", staff, 0), h.apiHold(true))
	huma.Register(api, op("add-project-member", http.MethodPost, one+"/members", "Add a person, by account e-mail or by name (staff)", staff, http.StatusCreated), h.apiAddMember)
	huma.Register(api, op("remove-project-member", http.MethodDelete, one+"/members/{mid}", "Take a person off a project (staff)", staff, http.StatusNoContent), h.apiRemoveMember)
	huma.Register(api, op("add-milestone", http.MethodPost, one+"/milestones", "Add a milestone (staff)", staff, http.StatusCreated), h.apiAddMilestone)
	huma.Register(api, op("complete-milestone", http.MethodPost, one+"/milestones/{mid}/done", "Mark a milestone done (staff)", staff, 0), h.apiMilestoneDone)
	huma.Register(api, op("add-budget-line", http.MethodPost, one+"/budget-lines", "Plan spending for a year and category (staff)", staff, http.StatusCreated), h.apiAddLine)
	huma.Register(api, op("add-disbursement", http.MethodPost, one+"/disbursements", "Record a payment against a budget line (staff)", staff, http.StatusCreated), h.apiAddDisbursement)
	huma.Register(api, op("add-indicator", http.MethodPost, one+"/indicators", "Add a results indicator (staff)", staff, http.StatusCreated), h.apiAddIndicator)
	huma.Register(api, op("record-indicator-value", http.MethodPost, one+"/indicators/{iid}/values",
		"Record an actual value; the same date again replaces it (staff)", staff, http.StatusCreated), h.apiRecordValue)
	huma.Register(api, op("create-report", http.MethodPost, one+"/reports", "Open a draft periodic report (staff)", staff, http.StatusCreated), h.apiCreateReport)
	huma.Register(api, op("set-report-narrative", http.MethodPut, one+"/reports/{rid}/narratives/{locale}", "Write a draft report's narrative in a locale (staff)", staff, 0), h.apiNarrative)
	huma.Register(api, op("submit-report", http.MethodPost, one+"/reports/{rid}/submit", "Submit a draft report (staff)", staff, 0), h.apiReportMove(false))
	huma.Register(api, op("approve-report", http.MethodPost, one+"/reports/{rid}/approve", "Approve a submitted report (staff)", staff, 0), h.apiReportMove(true))
	h.registerCorrections(api, op, staff, one)
	huma.Register(api, op("project-dashboard", http.MethodGet, "/api/v1/project-dashboard",
		"Projects by country, year, kind and phase; indicator progress; budget execution; overdue milestones", readers, 0), h.apiDashboard)
}
