package web

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/templates"
)

// HTML renders a page. A rendering failure is logged and answered with a
// plain 500, never a partial page or a stack trace.
func HTML(c *gin.Context, tpl *templates.Engine, status int, name string, view any) {
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Status(status)
	if err := tpl.Render(c.Writer, name, view); err != nil {
		slog.ErrorContext(c.Request.Context(), "render page", "page", name, "err", err, "request_id", RequestID(c.Request.Context()))
		c.String(http.StatusInternalServerError, Localizer(c.Request.Context()).T("error.internal"))
	}
}

// ErrorView is the model of the error page.
type ErrorView struct {
	Page
	Status  int
	Message string
}

// ErrorPage renders the error page with a translated message for the status
// or for the domain error err (which may be nil).
func ErrorPage(c *gin.Context, tpl *templates.Engine, status int, err error) {
	l := Localizer(c.Request.Context())
	v := &ErrorView{Page: NewPage(c, "page.error.title"), Status: status}
	if err != nil {
		if probs, ok := Problems(l, err); ok && len(probs) > 0 {
			v.Message = probs[0].Message
		} else {
			slog.ErrorContext(c.Request.Context(), "internal error", "err", err, "request_id", RequestID(c.Request.Context()))
		}
	}
	if v.Message == "" {
		v.Message = l.T(StatusMessageID(status))
	}
	HTML(c, tpl, status, templates.Error, v)
	c.Abort()
}

// Fail answers a page request that failed with err: the error page with the
// status the error maps to.
func Fail(c *gin.Context, tpl *templates.Engine, err error) {
	ctx := c.Request.Context()
	status := FailureStatus(ctx, err)
	if status == StatusClientClosedRequest {
		// Nobody is there to read a page: record the status, log quietly.
		slog.DebugContext(ctx, "client went away", "err", err, "request_id", RequestID(ctx))
		c.AbortWithStatus(status)
		return
	}
	ErrorPage(c, tpl, status, err)
}

// StatusMessageID is the message id explaining an HTTP error status.
func StatusMessageID(status int) string {
	switch status {
	case http.StatusNotFound:
		return "error.not_found"
	case http.StatusMethodNotAllowed:
		return "error.method_not_allowed"
	case http.StatusForbidden:
		return "error.forbidden"
	case http.StatusUnauthorized:
		return "error.unauthenticated"
	case http.StatusRequestEntityTooLarge:
		return "error.too_large"
	case http.StatusBadRequest:
		return "error.bad_request"
	case http.StatusTooManyRequests:
		return "error.too_many"
	case http.StatusServiceUnavailable:
		return "error.unavailable"
	}
	return "error.internal"
}

// IsAPI reports whether a request is for the JSON API.
func IsAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }
