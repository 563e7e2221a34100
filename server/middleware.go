package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestContext gives each request an id (kept from X-Request-ID when it is
// sane) and puts it and the client address in the context.
func requestContext() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if !validRequestID.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Header("X-Request-ID", id)
		ctx := web.WithRequestID(c.Request.Context(), id)
		ctx = web.WithClientIP(ctx, c.ClientIP())
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// accessLog writes one line per request with its id, route and timing.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		level := slog.LevelInfo
		if route == "/healthz" || route == "/readyz" || route == "/metrics" || templates.IsStatic(c.Request.URL.Path) {
			level = slog.LevelDebug
		}
		log.Log(c.Request.Context(), level, "request",
			"request_id", web.RequestID(c.Request.Context()),
			"method", c.Request.Method, "route", route, "path", c.Request.URL.Path,
			"status", recordedStatus(c), "bytes", c.Writer.Size(),
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "ip", c.ClientIP())
	}
}

// recordedStatus is the status the access log and the metrics record: the
// one written, except that a server error on a request whose client went
// away is a 499 (web.StatusClientClosedRequest). A disconnect is not a
// failure of ours, and counting it as a 500 hides the real ones.
func recordedStatus(c *gin.Context) int {
	status := c.Writer.Status()
	if status >= http.StatusInternalServerError && errors.Is(c.Request.Context().Err(), context.Canceled) {
		return web.StatusClientClosedRequest
	}
	return status
}

// recovery turns a panic into a logged 500 with a translated message and no
// stack trace for the client.
func recovery(tpl *templates.Engine) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				slog.ErrorContext(c.Request.Context(), "panic", "err", fmt.Sprint(r), "request_id", web.RequestID(c.Request.Context()))
				if c.Writer.Written() {
					c.Abort()
					return
				}
				if web.IsAPI(c) {
					writeProblem(c, http.StatusInternalServerError)
					return
				}
				web.ErrorPage(c, tpl, http.StatusInternalServerError, nil)
			}
		}()
		c.Next()
	}
}

func writeProblem(c *gin.Context, status int) {
	l := web.Localizer(c.Request.Context())
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(status, huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: l.T(web.StatusMessageID(status))})
}

// securityHeaders sets a strict Content-Security-Policy — no script but our
// own, no inline script, no inline style but the stylesheet's own copy
// (by its hash), no framing; lesson images and videos may come
// from https sites, as coordinators link them — and the usual hardening
// headers. Behind an https base URL (hsts) browsers are also told to use
// https only for a year (Strict-Transport-Security); not for subdomains,
// which may be the institute's other sites.
func securityHeaders(hsts bool, inlineStyle, contentURL string) gin.HandlerFunc {
	frames := "'self'"
	if u, err := url.Parse(contentURL); err == nil && u.Host != "" {
		// E-learning packages play in frames from the content origin
		// only (package packages).
		frames += " " + u.Scheme + "://" + u.Host
	}
	csp := "default-src 'self'; img-src 'self' data: https:; media-src 'self' https:; style-src 'self' " + inlineStyle +
		"; script-src 'self'; frame-src " + frames + "; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
	return func(c *gin.Context) {
		h := c.Writer.Header()
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", csp)
		c.Next()
	}
}

// bodyLimit refuses bodies larger than the limit with 413 before a handler
// reads them: multipart uploads get maxUpload, everything else maxForm. Page
// forms are parsed here, so a handler's PostForm never silently sees an
// empty form after a read error. The API's own limit is huma's per-operation
// MaxBodyBytes; this one still caps what reaches it, at the operation's own
// limit where it declares a larger one (opLimits, by method and gin route,
// filled once the API is registered: a course file may be 20 MB of JSON).
func bodyLimit(maxForm, maxUpload int64, opLimits map[string]int64, tpl *templates.Engine) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body == nil || c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
			c.Next()
			return
		}
		mediaType, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
		limit := maxForm
		if own := opLimits[c.Request.Method+" "+c.FullPath()]; own > limit {
			limit = own
		}
		if mediaType == "multipart/form-data" {
			limit = maxUpload
			// Uploads past what is kept in memory are spooled to multipart-*
			// files. net/http removes them only for the request it made, and
			// every middleware that adds to the context makes a new one, so
			// the form parsed here or by huma is removed when the request
			// ends, refused or not.
			defer func() {
				if f := c.Request.MultipartForm; f != nil {
					_ = f.RemoveAll()
				}
			}()
		}
		fail := func(status int) {
			if web.IsAPI(c) {
				writeProblem(c, status)
				return
			}
			web.ErrorPage(c, tpl, status, nil)
		}
		if c.Request.ContentLength > limit {
			fail(http.StatusRequestEntityTooLarge)
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		// The xAPI resources read their own bodies: a document may be
		// sent as a form type and is kept as sent.
		if !web.IsAPI(c) && !strings.HasPrefix(c.Request.URL.Path, "/xapi/") {
			var err error
			switch mediaType {
			case "application/x-www-form-urlencoded":
				err = c.Request.ParseForm()
			case "multipart/form-data":
				err = c.Request.ParseMultipartForm(8 << 20)
			}
			if err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					fail(http.StatusRequestEntityTooLarge)
				} else {
					fail(http.StatusBadRequest)
				}
				return
			}
		}
		c.Next()
	}
}
