package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// An API operation that declares a larger body limit than the server's
// 1 MB for ordinary bodies gets it (a course file may be 20 MB of JSON);
// past its own limit the body is still refused with 413, and every other
// operation keeps 1 MB.
func TestOperationsKeepTheirOwnBodyLimit(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.New(t, store.SQLite))
	co := a.token("coordinator@example.org")
	twoMB := `{"format":"baeum-course/1","x":"` + strings.Repeat("a", 2<<20) + `"}`
	if r := a.api("POST", "/api/v1/courses/import", co, twoMB); r.status == http.StatusRequestEntityTooLarge || r.status >= 500 {
		t.Errorf("2 MB course file: %d, want it read and judged (%.200s)", r.status, r.body)
	}
	huge := `{"format":"baeum-course/1","x":"` + strings.Repeat("a", 21<<20) + `"}`
	if r := a.api("POST", "/api/v1/courses/import", co, huge); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("21 MB course file: %d, want 413", r.status)
	}
	if r := a.api("POST", "/api/v1/programmes", co, `{"code":"`+strings.Repeat("a", 2<<20)+`"}`); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB programme: %d, want 413", r.status)
	}
}
