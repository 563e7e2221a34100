package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/projects/projecttest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestProjectDashboardPageQueries: the dashboard page takes as many
// queries for 80 projects (with indicators, values, budgets and
// milestones) as for 4.
func TestProjectDashboardPageQueries(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		c.login("coordinator@example.org")
		c.get("/projects/dashboard") // the session's user is cached from here on
		qc := storetest.CountQueries(t, db)
		queries := map[int]int64{}
		done := 0
		for _, n := range []int{4, 80} {
			projecttest.Seed(t, db, projecttest.Size{Projects: n - done, Indicators: 4, Periods: 5, Prefix: fmt.Sprintf("P%d-", n)})
			done = n
			qc.Reset()
			r := c.get("/projects/dashboard")
			queries[n] = qc.Count()
			if r.status != http.StatusOK || !strings.Contains(r.body, `data-testid="chart-country"`) {
				t.Fatalf("%d projects: %d", n, r.status)
			}
		}
		if queries[4] != queries[80] || queries[80] > 6 {
			t.Errorf("dashboard page queries %v: want equal and at most 6 (6 for the dashboard; the session's user comes from the cache)", queries)
		}
	})
}

// TestProjectListPages: the list shows 50 projects a page, with links to
// the next and previous pages that keep the filters.
func TestProjectListPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		projecttest.Seed(t, a.db, projecttest.Size{Projects: 66, Prefix: "L-"})
		c := a.client()
		c.login("staff@example.org")
		rows := func(body string) int { return strings.Count(body, `<td data-label="`) / 6 }
		r := c.get("/projects?status=active")
		if n := rows(r.body); r.status != http.StatusOK || n != 50 || !strings.Contains(r.body, `href="/projects?page=2&amp;status=active"`) {
			t.Fatalf("page 1: %d, %d rows", r.status, n)
		}
		r = c.get("/projects?page=2&status=active")
		if n := rows(r.body); n != 16 || !strings.Contains(r.body, `href="/projects?page=1&amp;status=active"`) || strings.Contains(r.body, "page=3") {
			t.Errorf("page 2: %d rows", n)
		}
	})
}
