package server_test

import (
	"net/url"
	"testing"
)

// roleStatuses is the status each role of a table expects, in the table's
// role order: want (five roles) or want6 (six).
type roleStatuses interface{ ~[5]int | ~[6]int }

// pageRoute is one page request of a route × role table.
type pageRoute[W roleStatuses] struct {
	method, path string
	form         url.Values
	want         W
}

// apiRoute is one API call of a route × role table.
type apiRoute[W roleStatuses] struct {
	method, path string
	body         any
	want         W
}

// checkPages signs in as each role of order in turn (emails[role]; none
// for anonymous) and makes every request of routes, reporting each status
// that differs from the route's want for that role.
func checkPages[W roleStatuses](t *testing.T, a *app, order []string, emails map[string]string, routes []pageRoute[W]) {
	t.Helper()
	for i, role := range order {
		c := a.client()
		if email := emails[role]; email != "" {
			c.login(email)
		}
		for _, rt := range routes {
			var r resp
			if rt.method == "GET" {
				r = c.get(rt.path)
			} else {
				r = c.post(rt.path, cloneForm(rt.form))
			}
			if r.status != rt.want[i] {
				t.Errorf("%s %s as %s: %d, want %d (%.200s)", rt.method, rt.path, role, r.status, rt.want[i], r.body)
			}
		}
	}
}

// checkAPI calls every route of routes with each role's token (none for
// anonymous), reporting each status that differs from the route's want.
func checkAPI[W roleStatuses](t *testing.T, a *app, order []string, tokens map[string]string, routes []apiRoute[W]) {
	t.Helper()
	for i, role := range order {
		for _, rt := range routes {
			r := a.api(rt.method, rt.path, tokens[role], rt.body)
			if r.status != rt.want[i] {
				t.Errorf("%s %s as %s: %d, want %d (%.200s)", rt.method, rt.path, role, r.status, rt.want[i], r.body)
			}
		}
	}
}
