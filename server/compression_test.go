package server_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestPagesGoCompressed: the catalogue, a course page and the stylesheet
// go gzipped to a browser that asks, the catalogue and course page under
// 6 KB on the wire; a client that does not ask gets them plain; a
// certificate's PDF is never compressed again.
func TestPagesGoCompressed(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.New(t, store.SQLite))
	fx := newCertFixture(t, a, "GZ")
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	type answer struct {
		StatusCode int
		Header     http.Header
	}
	fetch := func(path string, gz bool) (answer, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		res, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return answer{res.StatusCode, res.Header}, b
	}
	css := regexpFind(t, `href="(/static/[^"]+\.css)"`, a.client().get("/courses").body)
	for _, path := range []string{"/courses?lang=ko", "/courses", css} {
		res, wire := fetch(path, true)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("%s: %d, encoding %q, vary %q", path, res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(strings.NewReader(string(wire)))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		plainRes, plain := fetch(path, false)
		if plainRes.Header.Get("Content-Encoding") != "" || string(plain) != string(body) {
			t.Errorf("%s: the plain answer (encoding %q) differs from the decompressed one", path, plainRes.Header.Get("Content-Encoding"))
		}
		t.Logf("%s: %d bytes, %d on the wire", path, len(body), len(wire))
		if !strings.HasSuffix(path, ".css") && len(wire) >= 6000 {
			t.Errorf("%s: %d bytes on the wire, want under 6 KB", path, len(wire))
		}
	}

	coord := a.client()
	coord.login("coordinator@example.org")
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+fmt.Sprintf("/certificates/%d/pdf", fx.cert.ID), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	for _, ck := range coord.http.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	res, err := raw.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "" || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("the PDF: %d, encoding %q, type %q", res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Content-Type"))
	}
}
