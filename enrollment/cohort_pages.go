package enrollment

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// managed loads the cohort in the path if the caller may manage it.
func (h *Handler) managed(c *gin.Context) (*Cohort, bool) {
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrCohortNotFound)
		return nil, false
	}
	co, err := h.svc.ManagedCohort(c.Request.Context(), accounts.CurrentUser(c.Request.Context()), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, false
	}
	return co, true
}

type cohortsView struct {
	web.Page
	Cohorts []Cohort
	Titles  map[int64]i18n.Localized
}

func (h *Handler) showCohorts(c *gin.Context) {
	ctx := c.Request.Context()
	list, err := h.svc.CohortsFor(ctx, accounts.CurrentUser(ctx))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	heads, err := h.svc.CohortCourses(ctx, list)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &cohortsView{Page: web.NewPage(c, "page.cohorts.title"), Cohorts: list, Titles: map[int64]i18n.Localized{}}
	for id, hd := range heads {
		v.Titles[id] = hd.Title(v.L.Code())
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.Cohorts, v)
}

type cohortForm struct {
	CourseID                                                                   int64
	Code, Country, PartnerOrg, StartsOn, EndsOn, OpenOn, CloseOn, Venue, Langs string
	Delivery                                                                   string
	Capacity, Threshold                                                        int
	Coordinators                                                               []int64
}

type cohortFormView struct {
	web.Page
	Cohort          *Cohort
	Form            cohortForm
	CourseOptions   []i18n.Option
	DeliveryOptions []i18n.Option
	Coordinators    []i18n.Option
}

func (h *Handler) renderCohortForm(c *gin.Context, status int, v *cohortFormView) {
	ctx := c.Request.Context()
	l := web.Localizer(ctx)
	items, err := h.svc.CourseChoices(ctx, l.Code())
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	for _, it := range items {
		v.CourseOptions = append(v.CourseOptions, i18n.Option{Value: strconv.FormatInt(it.ID, 10), Label: it.Title.Text + " (" + it.Code + ")", Selected: it.ID == v.Form.CourseID})
	}
	for _, d := range courses.Deliveries {
		v.DeliveryOptions = append(v.DeliveryOptions, i18n.Option{Value: string(d), Label: l.T("delivery." + string(d)), Selected: string(d) == v.Form.Delivery})
	}
	staff, err := h.svc.Staff(ctx)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	for _, u := range staff {
		v.Coordinators = append(v.Coordinators, i18n.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " <" + u.Email + ">", Selected: contains(v.Form.Coordinators, u.ID)})
	}
	web.HTML(c, h.tpl, status, templates.CohortForm, v)
}

func (h *Handler) showNewCohort(c *gin.Context) {
	course, _ := strconv.ParseInt(c.Query("course"), 10, 64)
	u := accounts.CurrentUser(c.Request.Context())
	h.renderCohortForm(c, http.StatusOK, &cohortFormView{Page: web.NewPage(c, "page.cohort_new.title"),
		Form: cohortForm{CourseID: course, Delivery: string(courses.InPerson), Capacity: 25, Threshold: 80, Coordinators: []int64{u.ID}, Langs: "en"}})
}

func readCohortForm(c *gin.Context) (cohortForm, CohortInput) {
	course, _ := strconv.ParseInt(c.PostForm("course_id"), 10, 64)
	f := cohortForm{CourseID: course, Code: c.PostForm("code"), Country: c.PostForm("country"), PartnerOrg: c.PostForm("partner_org"),
		StartsOn: c.PostForm("starts_on"), EndsOn: c.PostForm("ends_on"), OpenOn: c.PostForm("applications_open_on"),
		CloseOn: c.PostForm("applications_close_on"), Venue: c.PostForm("venue"), Langs: c.PostForm("languages"),
		Delivery: c.PostForm("delivery")}
	f.Capacity, _ = strconv.Atoi(c.PostForm("capacity"))
	f.Threshold, _ = strconv.Atoi(c.PostForm("attendance_threshold"))
	for _, s := range c.PostFormArray("coordinators") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			f.Coordinators = append(f.Coordinators, id)
		}
	}
	in := CohortInput{CourseID: f.CourseID, Code: f.Code, Country: f.Country, PartnerOrg: f.PartnerOrg, StartsOn: f.StartsOn, EndsOn: f.EndsOn,
		Capacity: f.Capacity, ApplicationsOpenOn: f.OpenOn, ApplicationsCloseOn: f.CloseOn, Delivery: courses.Delivery(f.Delivery),
		Venue: f.Venue, Languages: strings.FieldsFunc(f.Langs, func(r rune) bool { return r == ',' || r == ' ' }),
		AttendanceThreshold: f.Threshold, Coordinators: f.Coordinators}
	return f, in
}

func (h *Handler) createCohortPage(c *gin.Context) {
	ctx := c.Request.Context()
	f, in := readCohortForm(c)
	co, err := h.svc.CreateCohort(ctx, accounts.ActorFrom(ctx), in)
	if err != nil {
		v := &cohortFormView{Page: web.NewPage(c, "page.cohort_new.title"), Form: f}
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderCohortForm(c, web.Status(err), v)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d", co.ID), "flash.cohort_created")
}

func formOfCohort(co *Cohort, coordinators []int64) cohortForm {
	f := cohortForm{CourseID: co.CourseID, Code: co.Code, Country: co.Country, PartnerOrg: co.PartnerOrg, StartsOn: string(co.StartsOn),
		EndsOn: string(co.EndsOn), Venue: co.Venue, Langs: co.Languages, Delivery: string(co.Delivery), Capacity: co.Capacity,
		Threshold: co.AttendanceThreshold, Coordinators: coordinators}
	if co.ApplicationsOpenOn != nil {
		f.OpenOn = string(*co.ApplicationsOpenOn)
	}
	if co.ApplicationsCloseOn != nil {
		f.CloseOn = string(*co.ApplicationsCloseOn)
	}
	return f
}

func (h *Handler) showEditCohort(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	ids, err := h.svc.Coordinators(c.Request.Context(), co.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	h.renderCohortForm(c, http.StatusOK, &cohortFormView{Page: web.NewPage(c, "page.cohort_edit.title", "Code", co.Code), Cohort: co, Form: formOfCohort(co, ids)})
}

func (h *Handler) updateCohortPage(c *gin.Context) {
	ctx := c.Request.Context()
	co, ok := h.managed(c)
	if !ok {
		return
	}
	f, in := readCohortForm(c)
	if _, err := h.svc.UpdateCohort(ctx, accounts.ActorFrom(ctx), co.ID, in); err != nil {
		v := &cohortFormView{Page: web.NewPage(c, "page.cohort_edit.title", "Code", co.Code), Cohort: co, Form: f}
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderCohortForm(c, web.Status(err), v)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d", co.ID), "flash.saved")
}

type cohortView struct {
	web.Page
	Cohort        *Cohort
	CourseTitle   i18n.Localized
	Applications  []ApplicationView
	Roster        []RosterRow
	Reasons       []i18n.Option
	Waiting       int
	AtRisk        int
	NominateEmail string
}

func (h *Handler) renderCohort(c *gin.Context, status int, co *Cohort, fail error, email string) {
	ctx := c.Request.Context()
	v := &cohortView{Page: web.NewPage(c, "page.cohort.title", "Code", co.Code), Cohort: co, NominateEmail: email}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	course, err := h.svc.CourseOf(ctx, co)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.CourseTitle = course.Title(v.L.Code())
	if v.Applications, err = h.svc.Applications(ctx, co.ID); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if v.Roster, err = h.svc.Roster(ctx, co); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	for _, a := range v.Applications {
		if a.Status == Waitlisted {
			v.Waiting++
		}
	}
	for _, r := range v.Roster {
		if r.AtRisk {
			v.AtRisk++
		}
	}
	for _, r := range RejectReasons {
		v.Reasons = append(v.Reasons, i18n.Option{Value: r, Label: v.L.T(r)})
	}
	web.HTML(c, h.tpl, status, templates.CohortPage, v)
}

func (h *Handler) showCohort(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	h.renderCohort(c, http.StatusOK, co, nil, "")
}

func (h *Handler) nominatePage(c *gin.Context) {
	ctx := c.Request.Context()
	co, ok := h.managed(c)
	if !ok {
		return
	}
	email := c.PostForm("email")
	if _, err := h.svc.Nominate(ctx, accounts.ActorFrom(ctx), co.ID, email, c.PostForm("note")); err != nil {
		h.renderCohort(c, web.Status(err), co, err, email)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d#applications", co.ID), "flash.nominated")
}

func (h *Handler) promotePage(c *gin.Context) {
	ctx := c.Request.Context()
	co, ok := h.managed(c)
	if !ok {
		return
	}
	if _, err := h.svc.PromoteNext(ctx, accounts.ActorFrom(ctx), co.ID); err != nil {
		h.renderCohort(c, web.Status(err), co, err, "")
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d#applications", co.ID), "flash.promoted")
}

func (h *Handler) decidePage(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrApplicationNotFound)
		return
	}
	a, err := h.svc.ApplicationByID(ctx, id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	co, err := h.svc.ManagedCohort(ctx, accounts.CurrentUser(ctx), a.CohortID)
	if err != nil {
		web.Fail(c, h.tpl, ErrApplicationNotFound)
		return
	}
	if _, err := h.svc.Decide(ctx, accounts.ActorFrom(ctx), id, Decision(c.PostForm("decision")), c.PostForm("reason")); err != nil {
		h.renderCohort(c, web.Status(err), co, err, "")
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d#applications", co.ID), "flash.decided")
}
