package certificates

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type cohortView struct {
	web.Page
	Cohort      *enrollment.Cohort
	Trainees    []TraineeRow
	Pager       web.Pager
	Issuable    int64 // completed without a certificate, in the whole cohort
	Issued      int64
	Batches     []Batch
	Running     bool // a batch is queued or running: the page refreshes itself
	Auto        bool
	Query       string
	ShowOptions []i18n.Option
	Filtered    bool   // a search or a filter narrows the list
	PerPage     int    // kept by the search form when not the default
	List        string // the list's address query, posted back by the issue form so its answer returns there
}

// traineeFilterFrom reads the trainee list's filters and page from an
// address leniently (what is not a known value is no filter) and returns
// the filters again in their address form, without the page.
func traineeFilterFrom(q url.Values) (TraineeFilter, url.Values) {
	text := strings.TrimSpace(q.Get("q"))
	if len(text) > 200 {
		text = strings.ToValidUTF8(text[:200], "")
	}
	f := TraineeFilter{Search: web.ParseSearch(text), Page: web.ReadPage(q)}
	if show := TraineeShow(q.Get("show")); slices.Contains(TraineeShows, show) {
		f.Show = show
	}
	return f, url.Values{"q": {text}, "show": {string(f.Show)}}
}

// listOf is the list address a form posted back (empty when malformed).
func listOf(c *gin.Context) url.Values {
	q, err := url.ParseQuery(c.PostForm("list"))
	if err != nil {
		return url.Values{}
	}
	return q
}

// backToCohort is where an action on the page returns: the same page of
// the same list, rebuilt from known keys only.
func backToCohort(co *enrollment.Cohort, posted url.Values) string {
	f, keep := traineeFilterFrom(posted)
	out := fmt.Sprintf("/coordinate/cohorts/%d/certificates", co.ID)
	if enc := f.Page.Address(keep).Encode(); enc != "" {
		out += "?" + enc
	}
	return out
}

// managed loads the cohort of the :id path parameter if the signed-in
// coordinator is in charge of it (or is an admin).
func (h *Handler) managed(c *gin.Context) (*enrollment.Cohort, bool) {
	ctx := c.Request.Context()
	id, ok := idParam(c, "id")
	if !ok {
		web.Fail(c, h.tpl, enrollment.ErrCohortNotFound)
		return nil, false
	}
	co, err := h.svc.ManagedCohort(ctx, accounts.CurrentUser(ctx), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, false
	}
	return co, true
}

func (h *Handler) showCohort(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	h.renderCohort(c, co, http.StatusOK, nil)
}

func (h *Handler) renderCohort(c *gin.Context, co *enrollment.Cohort, status int, problem error) {
	ctx := c.Request.Context()
	v := &cohortView{Page: web.NewPage(c, "page.cohort_certificates.title", "Code", co.Code), Cohort: co}
	address := c.Request.URL.Query()
	if c.Request.Method == http.MethodPost {
		address = listOf(c)
	}
	f, keep := traineeFilterFrom(address)
	list, err := h.svc.TraineesPage(ctx, co.ID, f)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Trainees, v.Query, v.Filtered = list.Rows, keep.Get("q"), !f.Search.Empty() || f.Show != ShowAll
	v.Pager = web.NewPager(v.L, fmt.Sprintf("/coordinate/cohorts/%d/certificates", co.ID), keep, list.Page, list.Total, "trainees")
	v.List = list.Page.Address(keep).Encode()
	if list.Page.PerPage != web.DefaultPerPage {
		v.PerPage = list.Page.PerPage
	}
	for _, show := range TraineeShows {
		v.ShowOptions = append(v.ShowOptions, i18n.Option{Value: string(show), Label: v.L.T("page.cohort_certificates.show." + string(show)), Selected: show == f.Show})
	}
	if v.Issued, v.Issuable, err = h.svc.TraineeCounts(ctx, co.ID); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if v.Batches, err = h.svc.Batches(ctx, co.ID); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	for _, b := range v.Batches {
		v.Running = v.Running || b.Status == BatchQueued || b.Status == BatchRunning
	}
	if v.Running {
		v.Refresh = 3
	}
	if v.Auto, err = h.svc.Auto(ctx, co.ID); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if problem != nil && !v.AddProblems(problem) {
		web.Fail(c, h.tpl, problem)
		return
	}
	web.HTML(c, h.tpl, status, templates.CohortCertificates, v)
}

func (h *Handler) issueSelected(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	var ids []int64
	for _, raw := range c.PostFormArray("enrolment") {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			h.renderCohort(c, co, http.StatusUnprocessableEntity, enrollment.ErrEnrolmentNotFound)
			return
		}
		ids = append(ids, id)
	}
	ctx := c.Request.Context()
	if _, err := h.svc.IssueSelected(ctx, accounts.ActorFrom(ctx), co.ID, ids); err != nil {
		h.renderCohort(c, co, web.Status(err), err)
		return
	}
	web.Redirect(c, backToCohort(co, listOf(c)), "flash.certificates_issued")
}

func (h *Handler) startBatch(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if _, err := h.svc.StartBatch(ctx, accounts.ActorFrom(ctx), co.ID); err != nil {
		h.renderCohort(c, co, web.Status(err), err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d/certificates", co.ID), "flash.certificate_batch_started")
}

func (h *Handler) setAuto(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	on := c.PostForm("auto") == "on"
	if err := h.svc.SetAuto(ctx, accounts.ActorFrom(ctx), co.ID, on); err != nil {
		h.renderCohort(c, co, web.Status(err), err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d/certificates", co.ID), "flash.saved")
}

func (h *Handler) downloadZip(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := idParam(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrBatchNotFound)
		return
	}
	b, err := h.svc.ManagedBatch(ctx, accounts.CurrentUser(ctx), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	r, err := h.svc.OpenZip(ctx, b)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	defer r.Close()
	copyZip(c, b, r)
}
