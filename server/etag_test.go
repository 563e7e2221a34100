package server_test

import (
	"net/http"
	"testing"

	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCatalogueRevalidates: the catalogue page and API answer carry an
// ETag; asked again with it they answer 304 with no body, until a course
// is published, when the new catalogue comes whole. A signed-in learner's
// page has a tag of its own: another learner holding it gets their own
// page, never a 304 for someone else's, and stays no-store.
func TestCatalogueRevalidates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		coursetest.Build(t, a.crs, "ET-1", true)
		anon := a.client()
		anon.get("/") // the first visit's page carries the stylesheet; later ones link it
		first := anon.get("/courses?lang=ko")
		tag := first.header.Get("ETag")
		if first.status != http.StatusOK || tag == "" || first.header.Get("Cache-Control") != "no-cache" {
			t.Fatalf("the catalogue: %d, ETag %q, Cache-Control %q", first.status, tag, first.header.Get("Cache-Control"))
		}
		if again := anon.get("/courses?lang=ko", "If-None-Match", tag); again.status != http.StatusNotModified || again.body != "" {
			t.Fatalf("the same catalogue with its ETag: %d %.200s", again.status, again.body)
		}
		if en := anon.get("/courses?lang=en", "If-None-Match", tag); en.status != http.StatusOK {
			t.Errorf("the catalogue in English with the Korean tag: %d", en.status)
		}
		tok := a.token("learner@example.org")
		api := a.api(http.MethodGet, "/api/v1/courses", tok, nil)
		apiTag := api.header.Get("ETag")
		if api.status != http.StatusOK || apiTag == "" {
			t.Fatalf("the catalogue API: %d, ETag %q", api.status, apiTag)
		}
		if again := a.api(http.MethodGet, "/api/v1/courses", tok, nil, "If-None-Match", apiTag); again.status != http.StatusNotModified {
			t.Errorf("the catalogue API with its ETag: %d", again.status)
		}

		coursetest.Build(t, a.crs, "ET-2", true)
		if changed := anon.get("/courses?lang=ko", "If-None-Match", tag); changed.status != http.StatusOK || changed.header.Get("ETag") == tag {
			t.Fatalf("after a course is published: %d, ETag %q (was %q)", changed.status, changed.header.Get("ETag"), tag)
		}
		if changed := a.api(http.MethodGet, "/api/v1/courses", tok, nil, "If-None-Match", apiTag); changed.status != http.StatusOK {
			t.Errorf("the API after a course is published: %d", changed.status)
		}

		one, other := a.client(), a.client()
		one.login("learner@example.org")
		other.login("learner.vn@example.org")
		mine := one.get("/courses")
		if mine.header.Get("Cache-Control") != "no-store" {
			t.Errorf("a signed-in catalogue: Cache-Control %q, want no-store", mine.header.Get("Cache-Control"))
		}
		if r := other.get("/courses", "If-None-Match", mine.header.Get("ETag")); r.status != http.StatusOK || r.header.Get("ETag") == mine.header.Get("ETag") {
			t.Fatalf("another learner with the first one's tag: %d, same tag %v", r.status, r.header.Get("ETag") == mine.header.Get("ETag"))
		}
	})
}
