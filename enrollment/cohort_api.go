package enrollment

import (
	"context"
	"fmt"
	"net/http"
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

type cohortsIn struct {
	Q       string `query:"q" maxLength:"200" doc:"Words in the code, partner organisation or venue"`
	Page    int    `query:"page" minimum:"1" default:"1"`
	PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

type cohortsOut struct {
	Body struct {
		Cohorts []CohortOut `json:"cohorts"`
		Total   int64       `json:"total"`
		Page    int         `json:"page"`
		PerPage int         `json:"per_page"`
	}
}

func (h *Handler) apiCohorts(ctx context.Context, in *cohortsIn) (*cohortsOut, error) {
	list, err := h.svc.CohortsFor(ctx, accounts.CurrentUser(ctx), CohortListFilter{Search: web.ParseSearch(in.Q),
		Page: web.PageRequest{Page: in.Page, PerPage: in.PerPage}})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &cohortsOut{}
	out.Body.Cohorts = make([]CohortOut, len(list.Cohorts))
	for i := range list.Cohorts {
		out.Body.Cohorts[i] = cohortOut(&list.Cohorts[i], nil)
	}
	out.Body.Total, out.Body.Page, out.Body.PerPage = list.Total, list.Page.Page, list.Page.PerPage
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

func (b cohortInBody) input() CohortInput { return CohortInput(b) }

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

// RosterRowOut is a trainee's progress in a cohort.
type RosterRowOut struct {
	EnrolmentID     int64      `json:"enrolment_id"`
	UserID          int64      `json:"user_id"`
	Email           string     `json:"email"`
	Name            string     `json:"name"`
	NativeName      string     `json:"native_name,omitempty"`
	Country         string     `json:"country,omitempty"`
	Organisation    string     `json:"organisation,omitempty"`
	Status          Status     `json:"status"`
	LessonsDone     int        `json:"lessons_done"`
	LessonsRequired int        `json:"lessons_required"`
	Percent         int        `json:"percent"`
	BestScore       *float64   `json:"best_score,omitempty"`
	AttendanceRate  *int       `json:"attendance_rate,omitempty"`
	AtRisk          bool       `json:"at_risk" doc:"Active, and more than 20 points of progress behind the share of the cohort's time past, or attending below the cohort's threshold"`
	CompletedAt     *time.Time `json:"completed_at,omitempty"`
}

type rosterIn struct {
	ID      int64  `path:"id" minimum:"1"`
	Q       string `query:"q" maxLength:"200" doc:"Words in the trainee's name, native name, e-mail or organisation"`
	Status  string `query:"status" enum:"active,completed,withdrawn," doc:"Only trainees in this state"`
	AtRisk  bool   `query:"at_risk" doc:"Only the trainees at risk"`
	Page    int    `query:"page" minimum:"1" default:"1"`
	PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

type rosterOut struct {
	Body struct {
		Trainees []RosterRowOut `json:"trainees"`
		Total    int64          `json:"total" doc:"Trainees the filters keep, on every page"`
		Page     int            `json:"page"`
		PerPage  int            `json:"per_page"`
	}
}

func (h *Handler) apiRoster(ctx context.Context, in *rosterIn) (*rosterOut, error) {
	c, err := h.apiManaged(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	list, err := h.svc.RosterPage(ctx, c, RosterFilter{Search: web.ParseSearch(in.Q), Status: Status(in.Status), AtRisk: in.AtRisk,
		Page: web.PageRequest{Page: in.Page, PerPage: in.PerPage}})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &rosterOut{}
	out.Body.Trainees = make([]RosterRowOut, len(list.Rows))
	for i, r := range list.Rows {
		out.Body.Trainees[i] = RosterRowOut{EnrolmentID: r.EnrolmentID, UserID: r.UserID, Email: r.Email, Name: r.Name, NativeName: r.NativeName,
			Country: r.Country, Organisation: r.Organisation, Status: r.Status, LessonsDone: r.LessonsDone, LessonsRequired: r.LessonsRequired,
			Percent: r.Percent, BestScore: r.BestScore, AttendanceRate: r.AttendanceRate, AtRisk: r.AtRisk, CompletedAt: r.CompletedAt}
	}
	out.Body.Total, out.Body.Page, out.Body.PerPage = list.Total, list.Page.Page, list.Page.PerPage
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
