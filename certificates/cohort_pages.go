package certificates

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type cohortView struct {
	web.Page
	Cohort   *enrollment.Cohort
	Trainees []TraineeRow
	Issuable int // completed without a certificate
	Issued   int
	Batches  []Batch
	Running  bool // a batch is queued or running: the page refreshes itself
	Auto     bool
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
	var err error
	if v.Trainees, err = h.svc.Trainees(ctx, co.ID); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	for _, t := range v.Trainees {
		switch {
		case t.CertificateID != 0:
			v.Issued++
		case t.Completed():
			v.Issuable++
		}
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
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d/certificates", co.ID), "flash.certificates_issued")
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
