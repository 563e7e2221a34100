package projects

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type reportView struct {
	web.Page
	Project       *Project
	ProjectName   i18n.Localized
	Report        *Report
	Narrative     i18n.Localized
	Locales       []i18n.Option
	FormLocale    string
	FormNarrative string
	CanWrite      bool
}

// Size writes a byte count in KB.
func (v *reportView) Size(n int64) string { return strconv.FormatInt((n+1023)/1024, 10) + " KB" }

func (h *Handler) report(c *gin.Context, p *Project) (*Report, bool) {
	rid, _ := paramID(c, "rid")
	r, err := h.svc.Report(c.Request.Context(), p.ID, rid)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, false
	}
	return r, true
}

func (h *Handler) renderReport(c *gin.Context, p *Project, r *Report, status int, err error, locale, narrative string) {
	v := &reportView{Page: web.NewPage(c, "page.project_report.title", "Start", string(r.PeriodStart), "End", string(r.PeriodEnd)),
		Project: p, Report: r, CanWrite: CanWrite(accounts.CurrentUser(c.Request.Context()))}
	if err != nil && !v.AddProblems(err) {
		web.Fail(c, h.tpl, err)
		return
	}
	v.ProjectName, v.Narrative = p.TitleIn(v.L.Code()), r.NarrativeIn(v.L.Code())
	if locale == "" {
		locale = v.Narrative.Lang
		narrative = v.Narrative.Text
	}
	v.FormLocale, v.FormNarrative = locale, narrative
	for _, o := range localeOptions() {
		o.Selected = o.Value == locale
		v.Locales = append(v.Locales, o)
	}
	web.HTML(c, h.tpl, status, templates.ProjectReport, v)
}

func (h *Handler) showReport(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	r, ok := h.report(c, p)
	if !ok {
		return
	}
	locale, narrative := c.Query("locale"), ""
	if locale != "" {
		for _, t := range r.Translations {
			if t.Locale == locale {
				narrative = t.Narrative
			}
		}
	}
	h.renderReport(c, p, r, http.StatusOK, nil, locale, narrative)
}

func (h *Handler) narrativePost(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	r, ok := h.report(c, p)
	if !ok {
		return
	}
	locale, narrative := c.PostForm("locale"), c.PostForm("narrative")
	if err := h.svc.SetNarrative(c.Request.Context(), actor(c), p.ID, r.ID, locale, narrative); err != nil {
		h.renderReport(c, p, r, web.Status(err), err, locale, narrative)
		return
	}
	web.Redirect(c, projectURL(p, fmt.Sprintf("/reports/%d", r.ID)), "flash.project_report_saved")
}

func (h *Handler) attachPost(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	r, ok := h.report(c, p)
	if !ok {
		return
	}
	fh, err := c.FormFile("file")
	if err == nil {
		f, oerr := fh.Open()
		if oerr != nil {
			web.Fail(c, h.tpl, oerr)
			return
		}
		_, err = h.svc.Attach(c.Request.Context(), actor(c), p.ID, r.ID, fh.Filename, f)
		_ = f.Close()
	} else {
		err = fieldError("file", "error.field.required")
	}
	if err != nil {
		h.renderReport(c, p, r, web.Status(err), err, "", "")
		return
	}
	web.Redirect(c, projectURL(p, fmt.Sprintf("/reports/%d", r.ID)), "flash.project_report_attached")
}

func (h *Handler) reportMove(approve bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, ok := h.project(c)
		if !ok {
			return
		}
		r, ok := h.report(c, p)
		if !ok {
			return
		}
		var err error
		flash := "flash.project_report_submitted"
		if approve {
			_, err = h.svc.Approve(c.Request.Context(), actor(c), p.ID, r.ID)
			flash = "flash.project_report_approved"
		} else {
			_, err = h.svc.Submit(c.Request.Context(), actor(c), p.ID, r.ID)
		}
		if err != nil {
			h.renderReport(c, p, r, web.Status(err), err, "", "")
			return
		}
		web.Redirect(c, projectURL(p, fmt.Sprintf("/reports/%d", r.ID)), flash)
	}
}

func (h *Handler) download(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	rid, _ := paramID(c, "rid")
	aid, _ := paramID(c, "aid")
	a, rc, err := h.svc.OpenAttachment(c.Request.Context(), p.ID, rid, aid)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	defer func() { _ = rc.Close() }()
	c.Header("Content-Type", a.ContentType)
	c.Header("Content-Disposition", web.Disposition(a.Name))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, rc); err != nil && !errors.Is(err, io.EOF) {
		_ = c.Error(err)
	}
}
