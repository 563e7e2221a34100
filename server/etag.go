package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/web"
)

// revalidated gives the GET answers of the named routes an ETag, the hash
// of the body as rendered for this request, and answers 304 Not Modified
// when the browser already holds that very body (If-None-Match). The
// catalogue is the page and the API answer learners on slow links fetch
// most; a revisit costs a few hundred bytes until a course changes. The tag
// is of the bytes sent, so it can never hand one person's page to another:
// a page with a user's name, enrolments or CSRF token has its own tag.
// Only small answers are buffered: these routes render one page of a list.
func revalidated(routes ...string) gin.HandlerFunc {
	set := map[string]bool{}
	for _, r := range routes {
		set[r] = true
	}
	return func(c *gin.Context) {
		if (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) || !set[c.FullPath()] {
			c.Next()
			return
		}
		w := &bufferedWriter{ResponseWriter: c.Writer, status: http.StatusOK}
		c.Writer = w
		c.Next()
		c.Writer = w.ResponseWriter
		if w.status != http.StatusOK {
			w.ResponseWriter.WriteHeader(w.status)
			_, _ = w.ResponseWriter.Write(w.buf.Bytes())
			return
		}
		sum := sha256.Sum256(w.buf.Bytes())
		tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
		h := w.Header()
		h.Set("ETag", tag)
		if cc := h.Get("Cache-Control"); cc == "" || (cc == "no-store" && web.CurrentIdentity(c.Request.Context()) == nil) {
			// A visitor's catalogue may be kept, but is asked about again
			// each time, so a change shows at once. A signed-in page stays
			// no-store: officials share computers.
			h.Set("Cache-Control", "no-cache")
		}
		if etagMatches(c.GetHeader("If-None-Match"), tag) {
			h.Del("Content-Length")
			w.ResponseWriter.WriteHeader(http.StatusNotModified)
			return
		}
		w.ResponseWriter.WriteHeader(http.StatusOK)
		_, _ = w.ResponseWriter.Write(w.buf.Bytes())
	}
}

// etagMatches is If-None-Match's weak comparison of a header's tags with
// tag (RFC 9110, 13.1.2).
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}

// bufferedWriter holds a handler's answer until it is complete.
type bufferedWriter struct {
	gin.ResponseWriter
	buf     bytes.Buffer
	status  int
	written bool
}

func (w *bufferedWriter) WriteHeader(code int) {
	if !w.written {
		w.status = code
	}
}

func (w *bufferedWriter) WriteHeaderNow() { w.written = true }

func (w *bufferedWriter) Write(b []byte) (int, error) {
	w.written = true
	return w.buf.Write(b)
}

func (w *bufferedWriter) WriteString(s string) (int, error) {
	w.written = true
	return w.buf.WriteString(s)
}

func (w *bufferedWriter) Status() int                 { return w.status }
func (w *bufferedWriter) Size() int                   { return w.buf.Len() }
func (w *bufferedWriter) Written() bool               { return w.written }
func (w *bufferedWriter) Flush()                      {}
func (w *bufferedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
