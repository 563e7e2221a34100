package enrollment

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// awaitingFilter is the address value of the "awaiting a decision" filter.
const awaitingFilter = "awaiting"

// appStatuses are the statuses the applications list filters by.
var appStatuses = []AppStatus{Applied, Waitlisted, Accepted, Rejected, AppWithdrawn}

type applicationsView struct {
	web.Page
	Cohort        *Cohort
	Applications  []ApplicationView
	Pager         web.Pager
	Reasons       []i18n.Option
	StatusOptions []i18n.Option
	Query         string
	Filtered      bool   // a search or a status narrows the list
	PerPage       int    // kept by the search form when not the default
	List          string // the list's address query, posted back by each form so its answer returns there
	Waiting       int64
	NominateEmail string
}

// applicationFilterFrom reads the applications list's filters and page from
// an address leniently (what is not a known value is no filter) and returns
// them again in their address form, without the page.
func applicationFilterFrom(q url.Values) (ApplicationFilter, url.Values) {
	text := limitQuery(q.Get("q"))
	f := ApplicationFilter{Search: web.ParseSearch(text)}
	switch st := q.Get("status"); {
	case st == awaitingFilter:
		f.Awaiting = true
	case slices.Contains(appStatuses, AppStatus(st)):
		f.Status = AppStatus(st)
	}
	keep := url.Values{"q": {text}}
	if f.Awaiting {
		keep.Set("status", awaitingFilter)
	} else if f.Status != "" {
		keep.Set("status", string(f.Status))
	}
	return f, keep
}

// listAddress reads the page and filters of a list's address query.
func listAddress(raw string) url.Values {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return url.Values{}
	}
	return q
}

// renderApplications shows the page of the applications list that address
// names, with fail's messages (if any) and what was typed to nominate.
func (h *Handler) renderApplications(c *gin.Context, status int, co *Cohort, address url.Values, fail error, email string) {
	ctx := c.Request.Context()
	v := &applicationsView{Page: web.NewPage(c, "page.applications.title", "Code", co.Code), Cohort: co, NominateEmail: email}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	f, keep := applicationFilterFrom(address)
	f.Page = web.ReadPage(address)
	list, err := h.svc.ApplicationsPage(ctx, co.ID, f)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	counts, err := h.svc.ApplicationCounts(ctx, co.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Applications, v.Waiting, v.Query = list.Applications, counts[Waitlisted], keep.Get("q")
	v.Filtered = !f.Search.Empty() || f.Awaiting || f.Status != ""
	v.Pager = web.NewPager(v.L, fmt.Sprintf("/coordinate/cohorts/%d/applications", co.ID), keep, list.Page, list.Total, "")
	if list.Page.PerPage != web.DefaultPerPage {
		v.PerPage = list.Page.PerPage
	}
	v.List = list.Page.Address(keep).Encode()
	v.StatusOptions = append(v.StatusOptions, i18n.Option{Value: awaitingFilter, Label: v.L.T("page.applications.awaiting"), Selected: f.Awaiting})
	for _, st := range appStatuses {
		v.StatusOptions = append(v.StatusOptions, i18n.Option{Value: string(st), Label: v.L.T("application_status." + string(st)), Selected: st == f.Status})
	}
	for _, r := range RejectReasons {
		v.Reasons = append(v.Reasons, i18n.Option{Value: r, Label: v.L.T(r)})
	}
	web.HTML(c, h.tpl, status, templates.CohortApplications, v)
}

func (h *Handler) showApplications(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	h.renderApplications(c, http.StatusOK, co, c.Request.URL.Query(), nil, "")
}

// backToApplications is where a decision returns: the same page of the
// same list, rebuilt from known keys only (never an address as posted).
func backToApplications(co *Cohort, posted string) string {
	q := listAddress(posted)
	_, keep := applicationFilterFrom(q)
	out := fmt.Sprintf("/coordinate/cohorts/%d/applications", co.ID)
	if enc := web.ReadPage(q).Address(keep).Encode(); enc != "" {
		out += "?" + enc
	}
	return out
}

func (h *Handler) nominatePage(c *gin.Context) {
	ctx := c.Request.Context()
	co, ok := h.managed(c)
	if !ok {
		return
	}
	email := c.PostForm("email")
	if _, err := h.svc.Nominate(ctx, accounts.ActorFrom(ctx), co.ID, email, c.PostForm("note")); err != nil {
		h.renderApplications(c, web.Status(err), co, listAddress(c.PostForm("list")), err, email)
		return
	}
	web.Redirect(c, backToApplications(co, c.PostForm("list")), "flash.nominated")
}

func (h *Handler) promotePage(c *gin.Context) {
	ctx := c.Request.Context()
	co, ok := h.managed(c)
	if !ok {
		return
	}
	if _, err := h.svc.PromoteNext(ctx, accounts.ActorFrom(ctx), co.ID); err != nil {
		h.renderApplications(c, web.Status(err), co, listAddress(c.PostForm("list")), err, "")
		return
	}
	web.Redirect(c, backToApplications(co, c.PostForm("list")), "flash.promoted")
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
		h.renderApplications(c, web.Status(err), co, listAddress(c.PostForm("list")), err, "")
		return
	}
	web.Redirect(c, backToApplications(co, c.PostForm("list")), "flash.decided")
}
