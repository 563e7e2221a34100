package projects

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

// recordPDF renders one project's report for the reader.
func (h *Handler) recordPDF(ctx context.Context, p *Project) ([]byte, error) {
	l := web.Localizer(ctx)
	rec, err := h.svc.Record(ctx, p, l.Code())
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = WriteRecordPDF(&buf, l, rec, time.Now().UTC())
	return buf.Bytes(), err
}

// listPDF renders the list of the projects the caller may read, filtered.
func (h *Handler) listPDF(ctx context.Context, f Filter) ([]byte, error) {
	list, err := h.svc.List(ctx, accounts.CurrentUser(ctx), f)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = WriteListPDF(&buf, web.Localizer(ctx), list, time.Now().UTC())
	return buf.Bytes(), err
}

func sendPDF(c *gin.Context, name string, pdf []byte) {
	c.Header("Content-Disposition", web.Disposition(name))
	c.Data(http.StatusOK, "application/pdf", pdf)
}

// exportRecordPDF is GET /projects/:id/report.pdf.
func (h *Handler) exportRecordPDF(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	pdf, err := h.recordPDF(c.Request.Context(), p)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	sendPDF(c, "project-"+p.Code+".pdf", pdf)
}

// exportListPDF is GET /projects/export.pdf with the list's filters.
func (h *Handler) exportListPDF(c *gin.Context) {
	pdf, err := h.listPDF(c.Request.Context(), filterFrom(c.Request.URL.Query()))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	sendPDF(c, "projects.pdf", pdf)
}

func (h *Handler) apiRecordPDF(ctx context.Context, in *idIn) (*huma.StreamResponse, error) {
	p, err := h.apiProject(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	pdf, err := h.recordPDF(ctx, p)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return web.Stream(io.NopCloser(bytes.NewReader(pdf)), "application/pdf", "project-"+p.Code+".pdf"), nil
}

func (h *Handler) apiListPDF(ctx context.Context, in *listIn) (*huma.StreamResponse, error) {
	pdf, err := h.listPDF(ctx, in.filter())
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return web.Stream(io.NopCloser(bytes.NewReader(pdf)), "application/pdf", "projects.pdf"), nil
}

// registerPDF adds the PDF reports: pages under g (/projects, signed in)
// and the API operations.
func (h *Handler) registerPDF(g gin.IRouter, api huma.API) {
	if g != nil {
		g.GET("/export.pdf", h.exportListPDF)
		g.GET("/:id/report.pdf", h.exportRecordPDF)
	}
	if api == nil {
		return
	}
	pdf := web.BinaryResponses("application/pdf", "A PDF report in the caller's language")
	errs := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}
	huma.Register(api, huma.Operation{OperationID: "project-list-pdf", Method: http.MethodGet, Path: "/api/v1/projects/export.pdf",
		Tags: []string{"Projects"}, Summary: "The project list as a PDF report (the list's filters)", Security: accounts.Bearer,
		Middlewares: accounts.Need(api), Errors: errs, Responses: pdf}, h.apiListPDF)
	huma.Register(api, huma.Operation{OperationID: "project-record-pdf", Method: http.MethodGet, Path: "/api/v1/projects/{id}/report.pdf",
		Tags: []string{"Projects"}, Summary: "One project's full record as a PDF report", Security: accounts.Bearer,
		Middlewares: accounts.Need(api), Errors: errs, Responses: pdf}, h.apiRecordPDF)
}
