package surveys

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// registerPlanPages adds the action plan pages: the trainee's own, and the
// cohort's list for its coordinators.
func (h *Handler) registerPlanPages(r gin.IRouter) {
	signedIn := r.Group("", accounts.RequirePage(h.tpl))
	signedIn.GET("/action-plans/:enrolment", h.showPlan)
	signedIn.POST("/action-plans/:enrolment", h.savePlanPage)
	co := r.Group("/coordinate", accounts.RequirePage(h.tpl, accounts.RoleCoordinator))
	co.GET("/cohorts/:id/action-plans", h.showCohortPlans)
}

type planView struct {
	web.Page
	EnrolmentID int64
	CohortCode  string
	Form        PlanInput
	Saved       bool
	Own         bool
}

func (h *Handler) renderPlan(c *gin.Context, status int, form *PlanInput, fail error) {
	ctx := c.Request.Context()
	user := accounts.CurrentUser(ctx)
	eid, _ := strconv.ParseInt(c.Param("enrolment"), 10, 64)
	e, err := h.svc.cohortEnrolment(ctx, user, eid)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &planView{Page: web.NewPage(c, "page.plan.title"), EnrolmentID: e.ID, Own: e.UserID == user.ID}
	if co, err := h.svc.enr.CohortByID(ctx, *e.CohortID); err == nil {
		v.CohortCode = co.Code
	}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	switch p, err := h.svc.Plan(ctx, user, eid); {
	case form != nil:
		v.Form = *form
	case err == nil:
		v.Form, v.Saved = PlanInput{What: p.What, ByWhen: string(p.ByWhen), WithWhom: p.WithWhom}, true
	case !errors.Is(err, ErrNoPlan):
		web.Fail(c, h.tpl, err)
		return
	}
	web.HTML(c, h.tpl, status, templates.ActionPlan, v)
}

func (h *Handler) showPlan(c *gin.Context) { h.renderPlan(c, http.StatusOK, nil, nil) }

func (h *Handler) savePlanPage(c *gin.Context) {
	ctx := c.Request.Context()
	in := PlanInput{What: c.PostForm("what"), ByWhen: c.PostForm("by_when"), WithWhom: c.PostForm("with_whom")}
	eid, _ := strconv.ParseInt(c.Param("enrolment"), 10, 64)
	if _, err := h.svc.SavePlan(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), eid, in); err != nil {
		h.renderPlan(c, web.Status(err), &in, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/action-plans/%d", eid), "flash.plan_saved")
}

type cohortPlansView struct {
	web.Page
	Cohort *enrollment.Cohort
	Plans  []CohortPlan
	Count  int
}

func (h *Handler) showCohortPlans(c *gin.Context) {
	ctx := c.Request.Context()
	co, plans, err := h.svc.CohortPlans(ctx, accounts.CurrentUser(ctx), cohortParam(c))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &cohortPlansView{Page: web.NewPage(c, "page.cohort_plans.title", "Code", co.Code), Cohort: co, Plans: plans}
	for _, p := range plans {
		if p.Plan != nil {
			v.Count++
		}
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.CohortPlans, v)
}

// PlanOut is an action plan as the API shows it.
type PlanOut struct {
	EnrolmentID int64     `json:"enrolment_id"`
	What        string    `json:"what"`
	ByWhen      string    `json:"by_when" format:"date"`
	WithWhom    string    `json:"with_whom"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func planOut(p *ActionPlan) PlanOut {
	return PlanOut{EnrolmentID: p.EnrolmentID, What: p.What, ByWhen: string(p.ByWhen), WithWhom: p.WithWhom, UpdatedAt: p.UpdatedAt}
}

type planBody struct{ Body PlanOut }

type enrolmentIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type planIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		What     string `json:"what" maxLength:"5000" doc:"What the trainee will apply at home"`
		ByWhen   string `json:"by_when" doc:"By when, YYYY-MM-DD"`
		WithWhom string `json:"with_whom,omitempty" maxLength:"1000"`
	}
}

// CohortPlanOut is a trainee of a cohort with their action plan.
type CohortPlanOut struct {
	EnrolmentID int64    `json:"enrolment_id"`
	Name        string   `json:"name"`
	NativeName  string   `json:"native_name,omitempty"`
	Country     string   `json:"country,omitempty"`
	Plan        *PlanOut `json:"plan,omitempty"`
}

type cohortPlansOut struct {
	Body struct {
		Trainees []CohortPlanOut `json:"trainees"`
	}
}

func (h *Handler) registerPlanAPI(api huma.API) {
	anyone := accounts.Need(api)
	coord := accounts.Need(api, accounts.RoleCoordinator)
	sec := accounts.Bearer
	errs := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}
	huma.Register(api, huma.Operation{OperationID: "get-action-plan", Method: http.MethodGet, Path: "/api/v1/enrolments/{id}/action-plan", Tags: []string{"Learning"},
		Summary: "Read a trainee's action plan (the trainee, the cohort's coordinators)", Security: sec, Middlewares: anyone, Errors: errs}, h.apiPlan)
	huma.Register(api, huma.Operation{OperationID: "save-action-plan", Method: http.MethodPut, Path: "/api/v1/enrolments/{id}/action-plan", Tags: []string{"Learning"},
		Summary: "Write one's own action plan: what, by when, with whom (the trainee only)", Security: sec, Middlewares: anyone,
		Errors: append(errs, http.StatusUnprocessableEntity)}, h.apiSavePlan)
	huma.Register(api, huma.Operation{OperationID: "list-cohort-action-plans", Method: http.MethodGet, Path: "/api/v1/cohorts/{id}/action-plans", Tags: []string{"Cohorts"},
		Summary: "A cohort's trainees with their action plans (coordinators in charge)", Security: sec, Middlewares: coord, Errors: errs}, h.apiCohortPlans)
}

func (h *Handler) apiPlan(ctx context.Context, in *enrolmentIn) (*planBody, error) {
	p, err := h.svc.Plan(ctx, accounts.CurrentUser(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &planBody{Body: planOut(p)}, nil
}

func (h *Handler) apiSavePlan(ctx context.Context, in *planIn) (*planBody, error) {
	p, err := h.svc.SavePlan(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), in.ID, PlanInput{What: in.Body.What, ByWhen: in.Body.ByWhen, WithWhom: in.Body.WithWhom})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &planBody{Body: planOut(p)}, nil
}

func (h *Handler) apiCohortPlans(ctx context.Context, in *cohortIn) (*cohortPlansOut, error) {
	_, plans, err := h.svc.CohortPlans(ctx, accounts.CurrentUser(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &cohortPlansOut{}
	out.Body.Trainees = []CohortPlanOut{}
	for _, p := range plans {
		o := CohortPlanOut{EnrolmentID: p.EnrolmentID, Name: p.Name, NativeName: p.NativeName, Country: p.Country}
		if p.Plan != nil {
			po := planOut(p.Plan)
			o.Plan = &po
		}
		out.Body.Trainees = append(out.Body.Trainees, o)
	}
	return out, nil
}
