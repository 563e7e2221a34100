package lrs

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The headers the alternate request syntax carries as form fields.
var alternateHeaders = map[string]string{
	"authorization": "Authorization", "x-experience-api-version": "X-Experience-API-Version",
	"content-type": "Content-Type", "content-length": "Content-Length", "if-match": "If-Match", "if-none-match": "If-None-Match",
}

// AlternateSyntax serves xAPI's alternate request syntax (1.0.3, Part
// Three, 1.3), for clients that can only POST: POST /xapi/…?method=PUT
// with an application/x-www-form-urlencoded body whose fields are the
// request's headers, its parameters and its content. The request is
// rewritten into the one it stands for before next routes it; a method
// parameter with anything else in the query, or another body, is 400.
func AlternateSyntax(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/xapi/") || r.URL.Query().Get("method") == "" {
			next.ServeHTTP(w, r)
			return
		}
		fail := func(reason string) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Experience-API-Version", "1.0.3")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, reason)
		}
		q := r.URL.Query()
		method := q.Get("method")
		if r.Method != http.MethodPost || len(q) != 1 || len(q["method"]) != 1 {
			fail("the alternate syntax is a POST whose only parameter is method")
			return
		}
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost, http.MethodDelete:
		default:
			fail("method " + method + " is not one xAPI uses")
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
			fail("the alternate syntax sends application/x-www-form-urlencoded")
			return
		}
		raw, err := io.ReadAll(io.LimitReader(r.Body, MaxStatementBody+1))
		if err != nil || len(raw) > MaxStatementBody {
			fail("the body could not be read, or is larger than 16 MB")
			return
		}
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			fail("the body is not a form")
			return
		}
		alt := r.Clone(r.Context())
		alt.Method = method
		alt.Header = http.Header{}
		// The request's own headers stay (clients send Authorization and
		// the version as headers too, as the ADL suite does); the form's
		// fields override them; the body's type and length are the form's
		// and go.
		for k, v := range r.Header {
			if !strings.EqualFold(k, "Content-Type") && !strings.EqualFold(k, "Content-Length") {
				alt.Header[k] = v
			}
		}
		params := url.Values{}
		var content []byte
		for k, v := range form {
			switch h, isHeader := alternateHeaders[strings.ToLower(k)]; {
			case isHeader:
				alt.Header.Set(h, v[0])
			case k == "content":
				content = []byte(v[0])
			default:
				params[k] = v
			}
		}
		if alt.Header.Get("Content-Type") == "" && content != nil {
			alt.Header.Set("Content-Type", "application/json")
		}
		alt.URL.RawQuery = params.Encode()
		alt.RequestURI = alt.URL.RequestURI()
		alt.Body = io.NopCloser(bytes.NewReader(content))
		alt.ContentLength = int64(len(content))
		alt.Header.Set("Content-Length", strconv.Itoa(len(content)))
		next.ServeHTTP(w, alt)
	})
}
