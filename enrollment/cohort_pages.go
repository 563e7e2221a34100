package enrollment

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
	Query   string
	PerPage int // kept by the search form when not the default
	Pager   web.Pager
}

func (h *Handler) showCohorts(c *gin.Context) {
	ctx := c.Request.Context()
	text := limitQuery(c.Query("q"))
	list, err := h.svc.CohortsFor(ctx, accounts.CurrentUser(ctx), CohortListFilter{Search: web.ParseSearch(text), Page: web.ReadPage(c.Request.URL.Query())})
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	heads, err := h.svc.CohortCourses(ctx, list.Cohorts)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &cohortsView{Page: web.NewPage(c, "page.cohorts.title"), Cohorts: list.Cohorts, Titles: map[int64]i18n.Localized{}, Query: text}
	for id, hd := range heads {
		v.Titles[id] = hd.Title(v.L.Code())
	}
	v.Pager = web.NewPager(v.L, "/coordinate/cohorts", url.Values{"q": {text}}, list.Page, list.Total, "")
	if list.Page.PerPage != web.DefaultPerPage {
		v.PerPage = list.Page.PerPage
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
	Roster        []RosterRow
	Pager         web.Pager
	Summary       RosterSummary
	Awaiting      int64 // applications awaiting a decision
	Waiting       int64 // of which on the waiting list
	Applications  int64 // in every status
	Query         string
	StatusOptions []i18n.Option
	AtRiskOnly    bool
	PerPage       int    // kept by the search form when not the default
	Filtered      bool   // the list shows fewer than the whole cohort
	ExportQuery   string // the filters, for the export links ("" or "?q=…")
	AtRiskHelp    string
}

// rosterStatuses are the statuses the roster filters by.
var rosterStatuses = []Status{Active, Completed, Withdrawn}

// rosterFilterFrom reads the roster's filters from an address leniently
// (a shared link never fails: what is not a known value is no filter) and
// returns them again in their address form, without the page.
func rosterFilterFrom(q url.Values) (RosterFilter, url.Values) {
	text := limitQuery(q.Get("q"))
	f := RosterFilter{Search: web.ParseSearch(text), AtRisk: q.Get("at_risk") == "1"}
	if st := Status(q.Get("status")); slices.Contains(rosterStatuses, st) {
		f.Status = st
	}
	keep := url.Values{"q": {text}, "status": {string(f.Status)}}
	if f.AtRisk {
		keep.Set("at_risk", "1")
	}
	return f, keep
}

// limitQuery cuts what was typed into a search box to 200 bytes, on a
// character boundary.
func limitQuery(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= 200 {
		return s
	}
	cut := 200
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

func (h *Handler) showCohort(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	f, keep := rosterFilterFrom(c.Request.URL.Query())
	f.Page = web.ReadPage(c.Request.URL.Query())
	v := &cohortView{Page: web.NewPage(c, "page.cohort.title", "Code", co.Code), Cohort: co, Query: keep.Get("q"), AtRiskOnly: f.AtRisk,
		Filtered: !f.Search.Empty() || f.Status != "" || f.AtRisk}
	// The course's header only: its outline (130 lessons, say) is not shown.
	heads, err := h.svc.CohortCourses(ctx, []Cohort{*co})
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if course, ok := heads[co.CourseID]; ok {
		v.CourseTitle = course.Title(v.L.Code())
	}
	list, err := h.svc.RosterPage(ctx, co, f)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if v.Summary, err = h.svc.RosterSummary(ctx, co); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	counts, err := h.svc.ApplicationCounts(ctx, co.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	for st, n := range counts {
		v.Applications += n
		if st == Applied || st == Waitlisted {
			v.Awaiting += n
		}
	}
	v.Waiting = counts[Waitlisted]
	v.Roster = list.Rows
	path := fmt.Sprintf("/coordinate/cohorts/%d", co.ID)
	v.Pager = web.NewPager(v.L, path, keep, list.Page, list.Total, "roster")
	if list.Page.PerPage != web.DefaultPerPage {
		v.PerPage = list.Page.PerPage
	}
	if v.Filtered {
		v.ExportQuery = "?" + web.PageRequest{}.Address(keep).Encode()
	}
	for _, st := range rosterStatuses {
		v.StatusOptions = append(v.StatusOptions, i18n.Option{Value: string(st), Label: v.L.T("enrolment_status." + string(st)), Selected: st == f.Status})
	}
	v.AtRiskHelp = v.L.T("page.roster.at_risk_help", "Margin", AtRiskMargin, "Threshold", co.AttendanceThreshold)
	web.HTML(c, h.tpl, http.StatusOK, templates.CohortPage, v)
}
