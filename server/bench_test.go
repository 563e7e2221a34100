package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// BenchmarkHome renders the home page for an anonymous visitor in Korean,
// through the whole middleware chain but without a network.
func BenchmarkHome(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			a := newApp(b, storetest.New(b, d))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Accept-Language", "ko")
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				a.engine.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}

// BenchmarkHomeSignedIn renders the home page for a signed-in admin: one
// session lookup and one user lookup per request.
func BenchmarkHomeSignedIn(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			a := newApp(b, storetest.New(b, d))
			u, err := a.acc.UserByEmail(b.Context(), "admin@example.org")
			if err != nil {
				b.Fatal(err)
			}
			secret, err := a.acc.StartSession(b.Context(), u, "127.0.0.1", "bench")
			if err != nil {
				b.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.AddCookie(&http.Cookie{Name: "baeum_session", Value: secret})
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				a.engine.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}

// BenchmarkAPIMe is GET /api/v1/me with a bearer token: token lookup, user
// lookup and JSON encoding.
func BenchmarkAPIMe(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			a := newApp(b, storetest.New(b, d))
			token := a.token("learner@example.org")
			req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				a.engine.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}

// BenchmarkCatalogueAPI is GET /api/v1/courses?lang=ko&page=1 over 2,000
// courses in four languages.
func BenchmarkCatalogueAPI(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			a := newApp(b, storetest.New(b, d))
			coursetest.SeedCatalogue(b, a.db, 2000, coursetest.Locales4)
			token := a.token("learner@example.org")
			req := httptest.NewRequest(http.MethodGet, "/api/v1/courses?lang=ko&page=1", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				a.engine.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}

// BenchmarkCataloguePage renders /courses?lang=ko (first page, search for
// a word) over 2,000 courses in four languages.
func BenchmarkCataloguePage(b *testing.B) {
	for _, d := range storetest.Dialects() {
		for _, q := range []string{"", "administration+1999"} {
			b.Run(string(d)+"/q="+q, func(b *testing.B) {
				a := newApp(b, storetest.New(b, d))
				coursetest.SeedCatalogue(b, a.db, 2000, coursetest.Locales4)
				req := httptest.NewRequest(http.MethodGet, "/courses?lang=ko&q="+q, nil)
				b.ReportAllocs()
				for b.Loop() {
					w := httptest.NewRecorder()
					a.engine.ServeHTTP(w, req)
					if w.Code != http.StatusOK {
						b.Fatalf("status %d", w.Code)
					}
				}
			})
		}
	}
}

// BenchmarkLearnerPages renders a signed-in learner's lesson page and /my
// (with the course and identity caches warm), gzip-compressed as a browser
// asks for them, with the stylesheet cookie of a returning browser.
//
//	go test ./server -run '^$' -bench LearnerPages -cpuprofile /tmp/cpu.out
func BenchmarkLearnerPages(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			a := newApp(b, storetest.New(b, d))
			f := coursetest.Build(b, a.crs, "BENCH-L", true)
			u, err := a.acc.UserByEmail(b.Context(), "learner@example.org")
			if err != nil {
				b.Fatal(err)
			}
			e, err := enrollment.NewService(a.db, a.crs, a.acc).Enrol(b.Context(), u, f.Course.ID)
			if err != nil {
				b.Fatal(err)
			}
			secret, err := a.acc.StartSession(b.Context(), u, "127.0.0.1", "bench")
			if err != nil {
				b.Fatal(err)
			}
			tpl, err := templates.New()
			if err != nil {
				b.Fatal(err)
			}
			for _, p := range []struct{ name, path string }{
				{"lesson", fmt.Sprintf("/learn/%d/%d", e.ID, f.Text.ID)},
				{"my", "/my"},
			} {
				b.Run(p.name, func(b *testing.B) {
					req := httptest.NewRequest(http.MethodGet, p.path, nil)
					req.AddCookie(&http.Cookie{Name: "baeum_session", Value: secret})
					req.AddCookie(&http.Cookie{Name: web.StyleCookie, Value: tpl.Asset("style.css")})
					req.Header.Set("Accept-Encoding", "gzip")
					b.ReportAllocs()
					for b.Loop() {
						w := httptest.NewRecorder()
						a.engine.ServeHTTP(w, req)
						if w.Code != http.StatusOK {
							b.Fatalf("status %d", w.Code)
						}
					}
				})
			}
		})
	}
}
