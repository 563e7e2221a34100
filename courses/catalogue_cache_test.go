package courses_test

import (
	"context"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCatalogueCache: a catalogue page asked for again costs no query; a
// change to a course's texts or status shows at once on the server that
// made it and within a second on another server of the same database,
// and a change rolled back drops nothing.
func TestCatalogueCache(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := coursetest.Service(t, db)
		other := coursetest.Service(t, storetest.Reopen(t, db)) // a second app server
		f := coursetest.Build(t, svc, "CACHE-1", true)
		ko := courses.CatalogueFilter{Locale: "ko"}
		title := func(s *courses.Service) string {
			t.Helper()
			items, total, err := s.Catalogue(ctx, ko)
			if err != nil {
				t.Fatal(err)
			}
			if total != int64(len(items)) {
				t.Fatalf("total %d for %d items", total, len(items))
			}
			if len(items) == 0 {
				return ""
			}
			return items[0].Title.Text
		}
		if got := title(svc); got != "[ko] Saemaul Undong basics" {
			t.Fatalf("first read: %q", got)
		}
		title(other)
		if _, err := svc.ProgrammeChoices(ctx, "ko"); err != nil {
			t.Fatal(err)
		}

		qc := storetest.CountQueries(t, db)
		for range 10 {
			title(svc)
			if _, err := svc.ProgrammeChoices(ctx, "ko"); err != nil {
				t.Fatal(err)
			}
		}
		if n := qc.Count(); n != 0 {
			t.Errorf("10 more reads of a cached page ran %d queries, want 0", n)
		}
		// Another filter or page is another entry.
		if _, _, err := svc.Catalogue(ctx, courses.CatalogueFilter{Locale: "ko", Page: 2}); err != nil {
			t.Fatal(err)
		}
		if n := qc.Count(); n != 1 {
			t.Errorf("a second page ran %d queries, want 1", n)
		}

		// A change rolled back leaves the cache alone.
		_ = db.InTx(ctx, func(ctx context.Context) error {
			if err := db.Bump(ctx, store.VersionCatalogue); err != nil {
				t.Fatal(err)
			}
			return context.Canceled
		})
		qc.Reset()
		title(svc)
		if n := qc.Count(); n != 0 {
			t.Errorf("after a rolled-back change a read ran %d queries, want 0", n)
		}

		// A new title: at once here, within a second on the other server.
		if err := svc.SaveTexts(ctx, accounts.Actor{}, f.Course.ID, "ko", map[string]string{"course." + itoa(f.Course.ID) + ".title": "새마을운동 기초"}); err != nil {
			t.Fatal(err)
		}
		if got := title(svc); got != "새마을운동 기초" {
			t.Errorf("after the change, this server: %q", got)
		}
		within := func(what, want string) {
			t.Helper()
			start := time.Now()
			for title(other) != want {
				if time.Since(start) > time.Second {
					t.Fatalf("%s: the other server still shows %q after a second", what, title(other))
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		within("new title", "새마을운동 기초")

		// Archived, it leaves the catalogue on both.
		if _, err := svc.SetStatus(ctx, accounts.Actor{}, f.Course.ID, courses.Archived); err != nil {
			t.Fatal(err)
		}
		if got := title(svc); got != "" {
			t.Errorf("an archived course is still listed here: %q", got)
		}
		within("archived", "")
	})
}
