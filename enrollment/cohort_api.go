package enrollment

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/web"
)

// CohortOut is a cohort as the API shows it.
type CohortOut struct {
	ID                  int64            `json:"id"`
	CourseID            int64            `json:"course_id"`
	Code                string           `json:"code"`
	Country             string           `json:"country"`
	PartnerOrg          string           `json:"partner_org,omitempty"`
	StartsOn            string           `json:"starts_on" format:"date"`
	EndsOn              string           `json:"ends_on" format:"date"`
	Capacity            int              `json:"capacity"`
	SeatsTaken          int              `json:"seats_taken"`
	ApplicationsOpenOn  string           `json:"applications_open_on,omitempty"`
	ApplicationsCloseOn string           `json:"applications_close_on,omitempty"`
	Delivery            courses.Delivery `json:"delivery"`
	Venue               string           `json:"venue,omitempty"`
	Languages           []string         `json:"languages"`
	AttendanceThreshold int              `json:"attendance_threshold"`
	Coordinators        []int64          `json:"coordinators,omitempty"`
}

func cohortOut(c *Cohort, coordinators []int64) CohortOut {
	o := CohortOut{ID: c.ID, CourseID: c.CourseID, Code: c.Code, Country: c.Country, PartnerOrg: c.PartnerOrg, StartsOn: string(c.StartsOn),
		EndsOn: string(c.EndsOn), Capacity: c.Capacity, SeatsTaken: c.SeatsTaken, Delivery: c.Delivery, Venue: c.Venue,
		Languages: c.LanguageList(), AttendanceThreshold: c.AttendanceThreshold, Coordinators: coordinators}
	if o.Languages == nil {
		o.Languages = []string{}
	}
	if c.ApplicationsOpenOn != nil {
		o.ApplicationsOpenOn = string(*c.ApplicationsOpenOn)
	}
	if c.ApplicationsCloseOn != nil {
		o.ApplicationsCloseOn = string(*c.ApplicationsCloseOn)
	}
	return o
}

type cohortBody struct {
	Body CohortOut
}

type cohortsOut struct {
	Body struct {
		Cohorts []CohortOut `json:"cohorts"`
	}
}

func (h *Handler) apiCohorts(ctx context.Context, _ *struct{}) (*cohortsOut, error) {
	u := accounts.CurrentUser(ctx)
	f := CohortFilter{}
	if !u.Can(accounts.RoleAdmin) {
		f.InCharge = u.ID
	}
	list, err := h.svc.Cohorts(ctx, f)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &cohortsOut{}
	out.Body.Cohorts = make([]CohortOut, len(list))
	for i := range list {
		out.Body.Cohorts[i] = cohortOut(&list[i], nil)
	}
	return out, nil
}

type cohortInBody struct {
	CourseID            int64            `json:"course_id" minimum:"1"`
	Code                string           `json:"code" maxLength:"40"`
	Country             string           `json:"country" maxLength:"2" doc:"ISO 3166-1 alpha-2"`
	PartnerOrg          string           `json:"partner_org,omitempty" maxLength:"200"`
	StartsOn            string           `json:"starts_on" doc:"YYYY-MM-DD"`
	EndsOn              string           `json:"ends_on" doc:"YYYY-MM-DD"`
	Capacity            int              `json:"capacity" minimum:"1" maximum:"10000"`
	ApplicationsOpenOn  string           `json:"applications_open_on,omitempty"`
	ApplicationsCloseOn string           `json:"applications_close_on,omitempty"`
	Delivery            courses.Delivery `json:"delivery" enum:"online,in_person,blended"`
	Venue               string           `json:"venue,omitempty" maxLength:"200"`
	Languages           []string         `json:"languages,omitempty" maxItems:"10"`
	AttendanceThreshold int              `json:"attendance_threshold" minimum:"0" maximum:"100"`
	Coordinators        []int64          `json:"coordinators,omitempty" maxItems:"20" doc:"User ids in charge; the caller when empty"`
}

func (b cohortInBody) input() CohortInput {
	return CohortInput{CourseID: b.CourseID, Code: b.Code, Country: b.Country, PartnerOrg: b.PartnerOrg, StartsOn: b.StartsOn, EndsOn: b.EndsOn,
		Capacity: b.Capacity, ApplicationsOpenOn: b.ApplicationsOpenOn, ApplicationsCloseOn: b.ApplicationsCloseOn, Delivery: b.Delivery,
		Venue: b.Venue, Languages: b.Languages, AttendanceThreshold: b.AttendanceThreshold, Coordinators: b.Coordinators}
}

type cohortCreateIn struct {
	Body cohortInBody
}

func (h *Handler) apiCreateCohort(ctx context.Context, in *cohortCreateIn) (*cohortBody, error) {
	c, err := h.svc.CreateCohort(ctx, accounts.ActorFrom(ctx), in.Body.input())
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.cohortBody(ctx, c)
}

func (h *Handler) cohortBody(ctx context.Context, c *Cohort) (*cohortBody, error) {
	ids, err := h.svc.Coordinators(ctx, c.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &cohortBody{Body: cohortOut(c, ids)}, nil
}

type cohortIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// apiManaged loads a cohort the caller manages; to others it does not exist.
func (h *Handler) apiManaged(ctx context.Context, id int64) (*Cohort, error) {
	c, err := h.svc.ManagedCohort(ctx, accounts.CurrentUser(ctx), id)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return c, nil
}

func (h *Handler) apiCohort(ctx context.Context, in *cohortIDIn) (*cohortBody, error) {
	c, err := h.apiManaged(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return h.cohortBody(ctx, c)
}

type cohortUpdateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body cohortInBody
}

func (h *Handler) apiUpdateCohort(ctx context.Context, in *cohortUpdateIn) (*cohortBody, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	c, err := h.svc.UpdateCohort(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.input())
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.cohortBody(ctx, c)
}

// ApplicationOut is an application as the API shows it.
type ApplicationOut struct {
	ID           int64      `json:"id"`
	CohortID     int64      `json:"cohort_id"`
	UserID       int64      `json:"user_id"`
	Email        string     `json:"email,omitempty"`
	Name         string     `json:"name,omitempty"`
	Status       AppStatus  `json:"status"`
	Reason       string     `json:"reason,omitempty" doc:"Message id of the rejection reason"`
	ReasonText   string     `json:"reason_text,omitempty" doc:"The reason in the caller's language"`
	Note         string     `json:"note,omitempty"`
	NominatedBy  *int64     `json:"nominated_by,omitempty"`
	WaitlistedAt *time.Time `json:"waitlisted_at,omitempty"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

func appOut(ctx context.Context, a *Application) ApplicationOut {
	o := ApplicationOut{ID: a.ID, CohortID: a.CohortID, UserID: a.UserID, Status: a.Status, Reason: a.Reason, Note: a.Note,
		NominatedBy: a.NominatedBy, WaitlistedAt: a.WaitlistedAt, DecidedAt: a.DecidedAt, CreatedAt: a.CreatedAt}
	if a.Reason != "" {
		o.ReasonText = web.Localizer(ctx).T(a.Reason)
	}
	return o
}

type applicationsOut struct {
	Body struct {
		Applications []ApplicationOut `json:"applications"`
	}
}

func (h *Handler) apiApplications(ctx context.Context, in *cohortIDIn) (*applicationsOut, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	list, err := h.svc.Applications(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &applicationsOut{}
	out.Body.Applications = make([]ApplicationOut, len(list))
	for i := range list {
		o := appOut(ctx, &list[i].Application)
		o.Email, o.Name = list[i].Email, list[i].Name
		out.Body.Applications[i] = o
	}
	return out, nil
}

func (h *Handler) apiMyApplications(ctx context.Context, _ *struct{}) (*applicationsOut, error) {
	list, err := h.svc.MyApplications(ctx, accounts.CurrentUser(ctx).ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &applicationsOut{}
	out.Body.Applications = make([]ApplicationOut, len(list))
	for i := range list {
		out.Body.Applications[i] = appOut(ctx, &list[i])
	}
	return out, nil
}

type applyIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Email string `json:"email,omitempty" maxLength:"254" doc:"Nominate this person (coordinators in charge); empty applies yourself"`
		Note  string `json:"note,omitempty" maxLength:"2000"`
	}
}

type applicationBody struct {
	Body ApplicationOut
}

func (h *Handler) apiApply(ctx context.Context, in *applyIn) (*applicationBody, error) {
	u := accounts.CurrentUser(ctx)
	co, err := h.svc.CohortByID(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	applicant := u
	if in.Body.Email != "" {
		if ok, err := h.svc.CanManage(ctx, u, co.ID); err != nil || !ok {
			return nil, web.APIError(ctx, accounts.ErrForbidden)
		}
		if applicant, err = h.svc.audit.UserByEmail(ctx, in.Body.Email); err != nil {
			return nil, web.APIError(ctx, fieldError("email", "error.cohort.no_such_person"))
		}
	} else {
		c, err := h.svc.courses.Course(ctx, co.CourseID)
		if err != nil || (c.Status != courses.Published && !u.Can(accounts.RoleCoordinator)) {
			return nil, web.APIError(ctx, ErrCohortNotFound)
		}
	}
	a, err := h.svc.Apply(ctx, accounts.ActorFrom(ctx), co.ID, applicant, u, in.Body.Note)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &applicationBody{Body: appOut(ctx, a)}, nil
}

type decideIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Decision Decision `json:"decision" enum:"accept,waitlist,reject,withdraw"`
		Reason   string   `json:"reason,omitempty" enum:"reason.capacity,reason.eligibility,reason.documents,reason.schedule,reason.other," doc:"Required to reject"`
	}
}

func (h *Handler) apiDecide(ctx context.Context, in *decideIn) (*applicationBody, error) {
	a, err := h.svc.ApplicationByID(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	if _, err := h.svc.ManagedCohort(ctx, accounts.CurrentUser(ctx), a.CohortID); err != nil {
		return nil, web.APIError(ctx, ErrApplicationNotFound)
	}
	out, err := h.svc.Decide(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.Decision, in.Body.Reason)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &applicationBody{Body: appOut(ctx, out)}, nil
}

func (h *Handler) apiPromote(ctx context.Context, in *cohortIDIn) (*applicationBody, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	a, err := h.svc.PromoteNext(ctx, accounts.ActorFrom(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &applicationBody{Body: appOut(ctx, a)}, nil
}

// RosterRowOut is a trainee's progress in a cohort.
type RosterRowOut struct {
	EnrolmentID     int64      `json:"enrolment_id"`
	UserID          int64      `json:"user_id"`
	Email           string     `json:"email"`
	Name            string     `json:"name"`
	NativeName      string     `json:"native_name,omitempty"`
	Country         string     `json:"country,omitempty"`
	Status          Status     `json:"status"`
	LessonsDone     int        `json:"lessons_done"`
	LessonsRequired int        `json:"lessons_required"`
	Percent         int        `json:"percent"`
	BestScore       *float64   `json:"best_score,omitempty"`
	AttendanceRate  *int       `json:"attendance_rate,omitempty"`
	AtRisk          bool       `json:"at_risk"`
	CompletedAt     *time.Time `json:"completed_at,omitempty"`
}

type rosterOut struct {
	Body struct {
		Trainees []RosterRowOut `json:"trainees"`
	}
}

func (h *Handler) apiRoster(ctx context.Context, in *cohortIDIn) (*rosterOut, error) {
	c, err := h.apiManaged(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	rows, err := h.svc.Roster(ctx, c)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &rosterOut{}
	out.Body.Trainees = make([]RosterRowOut, len(rows))
	for i, r := range rows {
		out.Body.Trainees[i] = RosterRowOut{EnrolmentID: r.EnrolmentID, UserID: r.UserID, Email: r.Email, Name: r.Name, NativeName: r.NativeName,
			Country: r.Country, Status: r.Status, LessonsDone: r.LessonsDone, LessonsRequired: r.LessonsRequired, Percent: r.Percent,
			BestScore: r.BestScore, AttendanceRate: r.AttendanceRate, AtRisk: r.AtRisk, CompletedAt: r.CompletedAt}
	}
	return out, nil
}

type importIn struct {
	ID      int64 `path:"id" minimum:"1"`
	DryRun  bool  `query:"dry_run" doc:"Check and summarise without writing"`
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true" doc:"CSV (UTF-8 or UTF-16) or XLSX trainee list"`
	}]
}

type importOut struct {
	Body ImportSummary
}

func (h *Handler) apiImport(ctx context.Context, in *importIn) (*importOut, error) {
	c, err := h.apiManaged(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	f := in.RawBody.Data().File
	_, rows, err := ReadTraineeList(ctx, f.Filename, f.File)
	if err != nil {
		return nil, importAPIError(ctx, err)
	}
	var sum ImportSummary
	if in.DryRun {
		sum, err = h.svc.PreviewImport(ctx, c, rows)
	} else {
		sum, err = h.svc.ImportTrainees(ctx, accounts.ActorFrom(ctx), c.ID, rows)
	}
	if err != nil {
		return nil, importAPIError(ctx, err)
	}
	return &importOut{Body: sum}, nil
}

// importAPIError reports a list's problems at "file[line].column", each in
// the caller's language.
func importAPIError(ctx context.Context, err error) error {
	ie, ok := err.(*ImportError)
	if !ok {
		return web.APIError(ctx, err)
	}
	l := web.Localizer(ctx)
	details := make([]error, 0, len(ie.Problems))
	for _, p := range ie.Problems {
		loc := "file"
		if p.Line > 0 {
			loc = fmt.Sprintf("file[%d]", p.Line)
		}
		if p.Column != "" {
			loc += "." + p.Column
		}
		details = append(details, &huma.ErrorDetail{Location: loc, Message: l.Message(p.Msg)})
	}
	return huma.NewError(http.StatusUnprocessableEntity, l.T("error.import.problems", "Count", len(ie.Problems)), details...)
}

// SessionOut is a class session.
type SessionOut struct {
	ID       int64     `json:"id"`
	CohortID int64     `json:"cohort_id"`
	StartsAt time.Time `json:"starts_at"`
	Topic    string    `json:"topic"`
}

type sessionsOut struct {
	Body struct {
		Sessions []SessionOut `json:"sessions"`
	}
}

func (h *Handler) apiSessions(ctx context.Context, in *cohortIDIn) (*sessionsOut, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	list, err := h.svc.Sessions(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &sessionsOut{}
	out.Body.Sessions = make([]SessionOut, len(list))
	for i, s := range list {
		out.Body.Sessions[i] = SessionOut{ID: s.ID, CohortID: s.CohortID, StartsAt: s.StartsAt, Topic: s.Topic}
	}
	return out, nil
}

type sessionCreateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		StartsAt string `json:"starts_at" doc:"YYYY-MM-DDTHH:MM, UTC"`
		Topic    string `json:"topic" maxLength:"200"`
	}
}

type sessionBody struct {
	Body SessionOut
}

func (h *Handler) apiAddSession(ctx context.Context, in *sessionCreateIn) (*sessionBody, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	s, err := h.svc.AddSession(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.StartsAt, in.Body.Topic)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &sessionBody{Body: SessionOut{ID: s.ID, CohortID: s.CohortID, StartsAt: s.StartsAt, Topic: s.Topic}}, nil
}

type attendanceIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Marks map[string]Mark `json:"marks" doc:"Enrolment id → present, late, absent or excused"`
	}
}

func (h *Handler) apiAttendance(ctx context.Context, in *attendanceIn) (*struct{}, error) {
	s, err := h.svc.Session(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	if _, err := h.svc.ManagedCohort(ctx, accounts.CurrentUser(ctx), s.CohortID); err != nil {
		return nil, web.APIError(ctx, ErrSessionNotFound)
	}
	marks := make(map[int64]Mark, len(in.Body.Marks))
	for k, m := range in.Body.Marks {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return nil, web.APIError(ctx, fieldError("marks", "error.attendance.foreign"))
		}
		marks[id] = m
	}
	if err := h.svc.MarkAttendance(ctx, accounts.ActorFrom(ctx), in.ID, marks); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

// registerCohortAPI adds the cohort operations to the API.
func (h *Handler) registerCohortAPI(api huma.API) {
	coord := accounts.Need(api, accounts.RoleCoordinator)
	anyone := accounts.Need(api)
	sec := accounts.Bearer
	tags := []string{"Cohorts"}
	e := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}
	op := func(id, method, path, summary string, mw huma.Middlewares, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Middlewares: mw, Tags: tags, Security: sec,
			DefaultStatus: status, Errors: append(e, http.StatusConflict, http.StatusUnprocessableEntity)}
	}
	huma.Register(api, op("list-cohorts", http.MethodGet, "/api/v1/cohorts", "Cohorts you are in charge of (admins: all)", coord, 0), h.apiCohorts)
	huma.Register(api, op("list-my-applications", http.MethodGet, "/api/v1/applications", "Your applications", anyone, 0), h.apiMyApplications)
	huma.Register(api, op("create-cohort", http.MethodPost, "/api/v1/cohorts", "Open a cohort (coordinators)", coord, http.StatusCreated), h.apiCreateCohort)
	huma.Register(api, op("get-cohort", http.MethodGet, "/api/v1/cohorts/{id}", "A cohort you manage", coord, 0), h.apiCohort)
	huma.Register(api, op("update-cohort", http.MethodPut, "/api/v1/cohorts/{id}", "Change a cohort you manage", coord, 0), h.apiUpdateCohort)
	huma.Register(api, op("list-applications", http.MethodGet, "/api/v1/cohorts/{id}/applications", "Applications to a cohort you manage", coord, 0), h.apiApplications)
	huma.Register(api, op("apply", http.MethodPost, "/api/v1/cohorts/{id}/applications",
		"Apply yourself, or nominate a person by e-mail (coordinators in charge)", anyone, http.StatusCreated), h.apiApply)
	huma.Register(api, op("decide-application", http.MethodPost, "/api/v1/applications/{id}/decision",
		"Accept, waitlist, reject (with a reason) or withdraw; accepting never exceeds the capacity", coord, 0), h.apiDecide)
	huma.Register(api, op("promote-waitlist", http.MethodPost, "/api/v1/cohorts/{id}/promote", "Accept the first person on the waiting list", coord, 0), h.apiPromote)
	huma.Register(api, op("get-roster", http.MethodGet, "/api/v1/cohorts/{id}/roster", "Trainees with progress, attendance and at-risk flags", coord, 0), h.apiRoster)
	huma.Register(api, op("import-trainees", http.MethodPost, "/api/v1/cohorts/{id}/import",
		"Import a CSV or XLSX trainee list, all or nothing (dry_run=true only checks)", coord, 0), h.apiImport)
	huma.Register(api, op("list-sessions", http.MethodGet, "/api/v1/cohorts/{id}/sessions", "Class sessions of a cohort", coord, 0), h.apiSessions)
	huma.Register(api, op("add-session", http.MethodPost, "/api/v1/cohorts/{id}/sessions", "Add a class session", coord, http.StatusCreated), h.apiAddSession)
	huma.Register(api, op("mark-attendance", http.MethodPut, "/api/v1/sessions/{id}/attendance", "Mark attendance at a session", coord, http.StatusNoContent), h.apiAttendance)
}
