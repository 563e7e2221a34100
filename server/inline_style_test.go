package server_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestFirstVisitInlinesTheStylesheet: a browser's first page carries the
// stylesheet inline (allowed by its hash in the CSP, and nothing else
// inline is) and prefetches the file; from the next page on it links the
// file, which is then in its cache. A new stylesheet inlines once again.
func TestFirstVisitInlinesTheStylesheet(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		first := c.get("/courses?lang=en")
		css := regexpFind(t, `(?s)<style>(.*?)</style>`, first.body)
		file := regexpFind(t, `<link rel="prefetch" href="(/static/[^"]+\.css)" as="style">`, first.body)
		if strings.Contains(first.body, `rel="stylesheet"`) {
			t.Error("the first page links the stylesheet as well as inlining it")
		}
		sum := sha256.Sum256([]byte(css))
		csp := first.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "style-src 'self' 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"';") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("the CSP does not allow exactly the inlined stylesheet: %s", csp)
		}
		served := c.get(file)
		if served.status != http.StatusOK || served.body != css {
			t.Errorf("the inlined stylesheet is not the file %s: %d", file, served.status)
		}
		if !strings.Contains(strings.Join(first.header.Values("Set-Cookie"), "\n"), "baeum_css="+url.QueryEscape(file)+";") {
			t.Errorf("the first page sets no stylesheet cookie: %q", first.header.Values("Set-Cookie"))
		}
		for _, path := range []string{"/", "/courses?lang=ko"} {
			r := c.get(path)
			if strings.Contains(r.body, "<style>") || !strings.Contains(r.body, `<link rel="stylesheet" href="`+file+`">`) {
				t.Errorf("%s after the first page: inline %v", path, strings.Contains(r.body, "<style>"))
			}
		}
		// A browser holding an older stylesheet's cookie gets this one inline.
		r := a.client().get("/", "Cookie", "baeum_css=/static/000000000000/style.css")
		if !strings.Contains(r.body, "<style>") {
			t.Error("a browser that has an older stylesheet is not given the new one inline")
		}
	})
}
