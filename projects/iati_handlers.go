package projects

import (
	"context"
	"io"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

const iatiContentType = "application/xml"

// iatiListName and iatiName are the download names of the IATI files.
const iatiListName = "iati-activities.xml"

func iatiName(p *Project) string { return "iati-activity-" + p.Code + ".xml" }

// startOnWrite sends a download's headers and status with its first byte,
// so that an export failing before it wrote anything can still be
// answered with an error status instead of a 200 and an empty file.
type startOnWrite struct {
	start func() io.Writer
	w     io.Writer
}

func (s *startOnWrite) Write(b []byte) (int, error) {
	if s.w == nil {
		s.w = s.start()
	}
	return s.w.Write(b)
}

func (s *startOnWrite) started() bool { return s.w != nil }

// sendIATI streams an export to a page request; a failure after the first
// byte can only be logged, and the client sees a cut-off document.
func (h *Handler) sendIATI(c *gin.Context, name string, write func(io.Writer) error) {
	w := &startOnWrite{start: func() io.Writer {
		c.Header("Content-Type", iatiContentType)
		c.Header("Content-Disposition", web.Disposition(name))
		c.Status(http.StatusOK)
		return c.Writer
	}}
	err := write(w)
	switch {
	case err == nil:
	case !w.started():
		web.Fail(c, h.tpl, err)
	default:
		ctx := c.Request.Context()
		slog.ErrorContext(ctx, "IATI export cut off", "err", err, "request_id", web.RequestID(ctx))
		c.Abort()
	}
}

// exportIATIList is GET /projects/export.xml with the list's filters.
func (h *Handler) exportIATIList(c *gin.Context) {
	ctx := c.Request.Context()
	f := filterFrom(c.Request.URL.Query())
	h.sendIATI(c, iatiListName, func(w io.Writer) error { return h.svc.WriteIATI(ctx, w, accounts.CurrentUser(ctx), f) })
}

// exportIATI is GET /projects/:id/iati.xml.
func (h *Handler) exportIATI(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	h.sendIATI(c, iatiName(p), func(w io.Writer) error { return h.svc.WriteIATIActivity(c.Request.Context(), w, p) })
}

// streamIATI is an API download written while it is sent. The caller's
// right to read has been checked before, so what fails here is internal.
func streamIATI(ctx context.Context, api huma.API, name string, write func(io.Writer) error) *huma.StreamResponse {
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		w := &startOnWrite{start: func() io.Writer {
			hc.SetHeader("Content-Type", iatiContentType)
			hc.SetHeader("Content-Disposition", web.Disposition(name))
			hc.SetStatus(http.StatusOK)
			return hc.BodyWriter()
		}}
		err := write(w)
		if err == nil {
			return
		}
		slog.ErrorContext(ctx, "IATI export failed", "err", err, "sent", w.started(), "request_id", web.RequestID(ctx))
		if !w.started() {
			_ = huma.WriteErr(api, hc, http.StatusInternalServerError, web.Localizer(ctx).T("error.internal"))
		}
	}}
}

func (h *Handler) apiIATIList(api huma.API) func(context.Context, *listIn) (*huma.StreamResponse, error) {
	return func(ctx context.Context, in *listIn) (*huma.StreamResponse, error) {
		f, u := in.filter(), accounts.CurrentUser(ctx)
		return streamIATI(ctx, api, iatiListName, func(w io.Writer) error { return h.svc.WriteIATI(ctx, w, u, f) }), nil
	}
}

func (h *Handler) apiIATI(api huma.API) func(context.Context, *idIn) (*huma.StreamResponse, error) {
	return func(ctx context.Context, in *idIn) (*huma.StreamResponse, error) {
		p, err := h.apiProject(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return streamIATI(ctx, api, iatiName(p), func(w io.Writer) error { return h.svc.WriteIATIActivity(ctx, w, p) }), nil
	}
}

// registerIATI adds the IATI activity exports, for everyone who may read
// the projects (learners: those they are members of): pages under g
// (/projects, signed in) and the API operations.
func (h *Handler) registerIATI(g gin.IRouter, api huma.API) {
	if g != nil {
		g.GET("/export.xml", h.exportIATIList)
		g.GET("/:id/iati.xml", h.exportIATI)
	}
	if api == nil {
		return
	}
	doc := web.BinaryResponses(iatiContentType, "An IATI "+IATIVersion+" activity file (iati-activities)")
	errs := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}
	huma.Register(api, huma.Operation{OperationID: "project-list-iati", Method: http.MethodGet, Path: "/api/v1/projects/iati.xml",
		Tags: []string{"Projects"}, Summary: "The projects you may read as IATI " + IATIVersion + " activities (the list's filters), streamed",
		Security: accounts.Bearer, Middlewares: accounts.Need(api), Errors: errs, Responses: doc}, h.apiIATIList(api))
	huma.Register(api, huma.Operation{OperationID: "project-iati", Method: http.MethodGet, Path: "/api/v1/projects/{id}/iati.xml",
		Tags: []string{"Projects"}, Summary: "One project as an IATI " + IATIVersion + " activity",
		Security: accounts.Bearer, Middlewares: accounts.Need(api), Errors: errs, Responses: doc}, h.apiIATI(api))
}
