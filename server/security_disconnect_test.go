package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/server"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// syncBuffer is a log destination shared by the handler goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// records returns the JSON log lines of one request.
func (s *syncBuffer) records(t *testing.T, requestID string) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(s.b.String(), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["request_id"] == requestID {
			out = append(out, rec)
		}
	}
	return out
}

// TestClientDisconnectIsA499: a page and an API call whose client goes
// away while the handler queries the database end as 499 in the metrics
// and the access log, and nothing about them is logged at ERROR.
//
// Not parallel: it reads the default logger, which the error mapping writes
// to; no parallel test runs beside a sequential one.
func TestClientDisconnectIsA499(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		logs := &syncBuffer{}
		logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		old := slog.Default()
		slog.SetDefault(logger)
		t.Cleanup(func() { slog.SetDefault(old) })
		a := newAppWith(t, db, func(c *server.Config) { c.Logger = logger })
		c := a.client()
		c.login("learner@example.org")
		token := a.token("learner@example.org")

		// The client disconnects exactly when the handler's first query
		// starts (the ones before identify the caller): the request's
		// context is cancelled from inside the handler.
		var mu sync.Mutex
		var disconnect context.CancelFunc // of the request being served
		cut := func(tx *gorm.DB) {
			mu.Lock()
			defer mu.Unlock()
			switch tx.Statement.Table {
			case "sessions", "users", "api_tokens":
				return
			}
			if disconnect != nil {
				disconnect()
			}
		}
		cb := db.Gorm.Callback()
		if err := cb.Query().Before("gorm:query").Register("test:disconnect", cut); err != nil {
			t.Fatal(err)
		}
		if err := cb.Row().Before("gorm:row").Register("test:disconnect", cut); err != nil {
			t.Fatal(err)
		}
		serve := func(id, path string, header http.Header) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			mu.Lock()
			disconnect = cancel
			mu.Unlock()
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
			req.Header = header
			req.Header.Set("X-Request-ID", id)
			a.engine.ServeHTTP(httptest.NewRecorder(), req)
			mu.Lock()
			disconnect = nil
			mu.Unlock()
		}
		u, _ := url.Parse(a.srv.URL)
		page := http.Header{}
		for _, ck := range c.http.Jar.Cookies(u) {
			if ck.Name == accounts.SessionCookie {
				page.Set("Cookie", ck.Name+"="+ck.Value)
			}
		}
		serve("gone-page", "/courses", page)
		serve("gone-api", "/api/v1/courses", http.Header{"Authorization": {"Bearer " + token}})

		m := c.get("/metrics").body
		for _, want := range []string{
			`baeum_http_requests_total{method="GET",route="/courses",status="499"} 1`,
			`baeum_http_requests_total{method="GET",route="/api/v1/courses",status="499"} 1`,
		} {
			if !strings.Contains(m, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		if strings.Contains(m, `status="500"`) {
			t.Errorf("a disconnect was counted as a 500:\n%s", grepLines(m, `status="500"`))
		}
		for _, id := range []string{"gone-page", "gone-api"} {
			recs := logs.records(t, id)
			var access bool
			for _, rec := range recs {
				if rec["level"] == "ERROR" {
					t.Errorf("%s logged at ERROR: %v", id, rec)
				}
				if rec["msg"] == "request" {
					access = true
					if rec["status"] != float64(499) {
						t.Errorf("%s: access log status %v, want 499", id, rec["status"])
					}
				}
			}
			if !access {
				t.Errorf("%s: no access log line in %v", id, recs)
			}
		}
	})
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
