package surveys

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// Handler serves the evaluation pages and API.
type Handler struct {
	svc *Service
	tpl *templates.Engine
}

// NewHandler returns the surveys handler.
func NewHandler(svc *Service, tpl *templates.Engine) *Handler { return &Handler{svc: svc, tpl: tpl} }

// RegisterPages adds the evaluation pages.
func (h *Handler) RegisterPages(r gin.IRouter) {
	co := r.Group("/coordinate", accounts.RequirePage(h.tpl, accounts.RoleCoordinator))
	co.GET("/cohorts/:id/tests", h.showTests)
	co.POST("/cohorts/:id/tests", h.saveTestsPage)
	h.registerPlanPages(r)
}

type testsView struct {
	web.Page
	Gains       *Gains
	CourseTitle i18n.Localized
	PreOptions  []i18n.Option
	PostOptions []i18n.Option
}

func (v *testsView) Score(p *float64) string {
	if p == nil {
		return "–"
	}
	return strconv.FormatFloat(*p, 'f', 1, 64)
}

func (v *testsView) Signed(p *float64) string {
	if p == nil {
		return "–"
	}
	return fmt.Sprintf("%+.1f", *p)
}

func (v *testsView) Ratio(p *float64) string {
	if p == nil {
		return "–"
	}
	return strconv.FormatFloat(*p, 'f', 2, 64)
}

func cohortParam(c *gin.Context) int64 {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	return id
}

func (h *Handler) renderTests(c *gin.Context, status int, pre, post string, fail error) {
	ctx := c.Request.Context()
	user := accounts.CurrentUser(ctx)
	g, err := h.svc.Gains(ctx, user, cohortParam(c))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &testsView{Page: web.NewPage(c, "page.prepost.title", "Code", g.Cohort.Code), Gains: g}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	loc := v.L.Code()
	v.CourseTitle = g.Course.Title(loc)
	if pre == "" && g.Tests != nil {
		pre, post = strconv.FormatInt(g.Tests.PreLessonID, 10), strconv.FormatInt(g.Tests.PostLessonID, 10)
	}
	for _, l := range h.svc.quizzes(g.Course) {
		id := strconv.FormatInt(l.ID, 10)
		title := l.TitleIn(loc, g.Course.DefaultLocale).Text
		v.PreOptions = append(v.PreOptions, i18n.Option{Value: id, Label: title, Selected: id == pre})
		v.PostOptions = append(v.PostOptions, i18n.Option{Value: id, Label: title, Selected: id == post})
	}
	web.HTML(c, h.tpl, status, templates.CohortTests, v)
}

func (h *Handler) showTests(c *gin.Context) { h.renderTests(c, http.StatusOK, "", "", nil) }

func (h *Handler) saveTestsPage(c *gin.Context) {
	ctx := c.Request.Context()
	preS, postS := c.PostForm("pre_lesson_id"), c.PostForm("post_lesson_id")
	pre, _ := strconv.ParseInt(preS, 10, 64)
	post, _ := strconv.ParseInt(postS, 10, 64)
	id := cohortParam(c)
	if err := h.svc.SetTests(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), id, pre, post); err != nil {
		h.renderTests(c, web.Status(err), preS, postS, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d/tests", id), "flash.prepost_saved")
}

// GainOut is a trainee's pre/post scores as the API shows them.
type GainOut struct {
	EnrolmentID int64    `json:"enrolment_id"`
	Name        string   `json:"name"`
	NativeName  string   `json:"native_name,omitempty"`
	Pre         *float64 `json:"pre,omitempty" doc:"First attempt at the pre-test, percent"`
	Post        *float64 `json:"post,omitempty" doc:"First attempt at the post-test, percent"`
	Gain        *float64 `json:"gain,omitempty" doc:"post − pre, points"`
	Normalised  *float64 `json:"normalised_gain,omitempty" doc:"(post − pre) / (100 − pre)"`
}

type gainsOut struct {
	Body struct {
		CohortID     int64     `json:"cohort_id"`
		PreLessonID  int64     `json:"pre_lesson_id,omitempty"`
		PostLessonID int64     `json:"post_lesson_id,omitempty"`
		Trainees     []GainOut `json:"trainees"`
		Both         int       `json:"with_both" doc:"Trainees with both scores, whom the means count"`
		MeanPre      *float64  `json:"mean_pre,omitempty"`
		MeanPost     *float64  `json:"mean_post,omitempty"`
		MeanGain     *float64  `json:"mean_gain,omitempty"`
		Normalised   *float64  `json:"normalised_gain,omitempty" doc:"(mean post − mean pre) / (100 − mean pre)"`
	}
}

type cohortIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type setTestsIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		PreLessonID  int64 `json:"pre_lesson_id" minimum:"0" doc:"A quiz of the cohort's course; 0 with post 0 clears the tests"`
		PostLessonID int64 `json:"post_lesson_id" minimum:"0"`
	}
}

// RegisterAPI adds the evaluation operations to the API.
func (h *Handler) RegisterAPI(api huma.API) {
	coord := accounts.Need(api, accounts.RoleCoordinator)
	sec := accounts.Bearer
	tags := []string{"Cohorts"}
	errs := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}
	huma.Register(api, huma.Operation{OperationID: "get-cohort-tests", Method: http.MethodGet, Path: "/api/v1/cohorts/{id}/tests", Tags: tags,
		Summary:  "A cohort's pre-test and post-test, each trainee's gain and the cohort's normalised gain (coordinators in charge)",
		Security: sec, Middlewares: coord, Errors: errs}, h.apiGains)
	huma.Register(api, huma.Operation{OperationID: "set-cohort-tests", Method: http.MethodPut, Path: "/api/v1/cohorts/{id}/tests", Tags: tags,
		Summary:  "Choose a cohort's pre-test and post-test among its course's quizzes (coordinators in charge)",
		Security: sec, Middlewares: coord, Errors: append(errs, http.StatusUnprocessableEntity)}, h.apiSet)
	h.registerPlanAPI(api)
}

func gainsBody(g *Gains) *gainsOut {
	out := &gainsOut{}
	out.Body.CohortID, out.Body.Trainees = g.Cohort.ID, []GainOut{}
	if g.Tests != nil {
		out.Body.PreLessonID, out.Body.PostLessonID = g.Tests.PreLessonID, g.Tests.PostLessonID
	}
	for _, t := range g.Trainees {
		out.Body.Trainees = append(out.Body.Trainees, GainOut(t))
	}
	out.Body.Both, out.Body.MeanPre, out.Body.MeanPost, out.Body.MeanGain, out.Body.Normalised = g.Both, g.MeanPre, g.MeanPost, g.MeanGain, g.Normalised
	return out
}

func (h *Handler) apiGains(ctx context.Context, in *cohortIn) (*gainsOut, error) {
	g, err := h.svc.Gains(ctx, accounts.CurrentUser(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return gainsBody(g), nil
}

func (h *Handler) apiSet(ctx context.Context, in *setTestsIn) (*gainsOut, error) {
	if err := h.svc.SetTests(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), in.ID, in.Body.PreLessonID, in.Body.PostLessonID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.apiGains(ctx, &cohortIn{ID: in.ID})
}
