package server_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestEveryFormResolves signs in as each demo role over the whole demo
// data, walks every page that role can reach by following links, and
// submits each form it finds as the page renders it (hidden fields, the
// CSRF token, default choices; nothing typed). No form may lead to a route
// that answers 404 or 405 — the form's action and method must be a route —
// nor to a server error. A 404 is forgiven only when an earlier form of the
// walk removed the thing (the page no longer shows that form).
func TestEveryFormResolves(t *testing.T) {
	t.Parallel()
	roles := []string{"", "learner@example.org", "learner.vn@example.org", "coordinator@example.org", "staff@example.org", "admin@example.org"}
	for _, d := range storetest.Dialects() {
		for _, email := range roles {
			name := email
			if name == "" {
				name = "anonymous"
			}
			t.Run(string(d)+"/"+name, func(t *testing.T) {
				t.Parallel()
				a := newApp(t, storetest.New(t, d))
				seedEverything(t, a)
				walkForms(t, a, email)
			})
		}
	}
}

func seedEverything(t *testing.T, a *app) {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.SeedCourses(ctx, a.crs); err != nil {
		t.Fatal(err)
	}
	enr := enrollment.NewService(a.db, a.crs, a.acc)
	if _, err := demo.SeedCohorts(ctx, a.acc, a.crs, enr); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedCertificates(ctx, a.acc, a.crs, enr, a.certs); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedProjects(ctx, a.acc, enr, projects.NewService(a.db, a.acc, enr, nil)); err != nil {
		t.Fatal(err)
	}
}

// foundForm is one form as a page renders it.
type foundForm struct {
	page, method, action, enctype string
	fields                        url.Values
}

func (f foundForm) key() string {
	names := make([]string, 0, len(f.fields))
	for k := range f.fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return f.method + " " + f.action + " " + strings.Join(names, ",")
}

var (
	digits   = regexp.MustCompile(`\d+`)
	skipHref = regexp.MustCompile(`\.(pdf|zip|csv|xlsx|xml|json)(\?|$)|^/static/|[?&]lang=|/download|/export`)
)

func walkForms(t *testing.T, a *app, email string) {
	c := a.client()
	if email != "" {
		c.login(email)
	}
	queue := []string{"/", "/my", "/account", "/account/tokens", "/courses", "/coordinate/courses", "/coordinate/cohorts",
		"/projects", "/projects/dashboard", "/admin/users", "/admin/audit", "/admin/certificate-templates", "/verify", "/login", "/password/forgot"}
	seen := map[string]bool{}
	shapes := map[string]int{}
	var forms []foundForm
	formSeen := map[string]bool{}
	for len(queue) > 0 && len(seen) < 400 {
		page := queue[0]
		queue = queue[1:]
		shape := digits.ReplaceAllString(page, "N")
		if seen[page] || shapes[shape] >= 2 {
			continue
		}
		seen[page] = true
		shapes[shape]++
		r := c.get(page)
		if r.status >= 500 {
			t.Errorf("GET %s: %d", page, r.status)
		}
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			continue
		}
		links, pageForms := parsePage(t, page, r.body)
		for _, l := range links {
			if !seen[l] {
				queue = append(queue, l)
			}
		}
		for _, f := range pageForms {
			if k := f.key(); !formSeen[k] {
				formSeen[k] = true
				forms = append(forms, f)
			}
		}
	}
	if len(forms) == 0 {
		t.Fatal("the walk found no form")
	}
	// Forms that end the session or remove things go last, so they take
	// nothing away from the others.
	weight := func(f foundForm) int {
		switch {
		case strings.Contains(f.action, "logout"):
			return 3
		case regexp.MustCompile(`delete|revoke|deactivate|withdraw|remove`).MatchString(f.action):
			return 2
		}
		return 1
	}
	sort.SliceStable(forms, func(i, j int) bool { return weight(forms[i]) < weight(forms[j]) })
	t.Logf("%d pages, %d forms", len(seen), len(forms))
	for _, f := range forms {
		r := submit(c, f)
		switch {
		case r.status >= 500:
			t.Errorf("%s %s (form on %s): %d %.300s", f.method, f.action, f.page, r.status, r.body)
		case r.status == http.StatusNotFound || r.status == http.StatusMethodNotAllowed:
			again := c.get(f.page)
			if again.status != http.StatusOK {
				continue // the page itself is gone: an earlier form removed it
			}
			_, still := parsePage(t, f.page, again.body)
			for _, g := range still {
				if g.method == f.method && g.action == f.action {
					t.Errorf("%s %s (form on %s): %d", f.method, f.action, f.page, r.status)
					break
				}
			}
		}
	}
}

func submit(c *client, f foundForm) resp {
	if f.method == http.MethodGet {
		u := f.action
		if q := f.fields.Encode(); q != "" {
			u += "?" + q
		}
		return c.get(u)
	}
	if f.enctype == "multipart/form-data" {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		for k, vs := range f.fields {
			for _, v := range vs {
				_ = w.WriteField(k, v)
			}
		}
		_ = w.Close()
		return c.do(f.method, f.action, &body, map[string]string{"Content-Type": w.FormDataContentType()})
	}
	return c.post(f.action, f.fields)
}

// parsePage returns the same-site links (without fragments) and the forms
// of an HTML page at path page.
func parsePage(t *testing.T, page, body string) ([]string, []foundForm) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse %s: %v", page, err)
	}
	base, _ := url.Parse(page)
	resolve := func(ref string) (string, bool) {
		u, err := base.Parse(strings.TrimSpace(ref))
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/") {
			return "", false
		}
		u.Fragment = ""
		return u.RequestURI(), true
	}
	var links []string
	var forms []foundForm
	var cur *foundForm
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "a":
				if href := attr(n, "href"); href != "" {
					if l, ok := resolve(href); ok && !skipHref.MatchString(l) {
						links = append(links, l)
					}
				}
			case "form":
				method := strings.ToUpper(attr(n, "method"))
				if method == "" {
					method = http.MethodGet
				}
				action, ok := page, true
				if v, has := attrOK(n, "action"); has {
					action, ok = resolve(v)
				}
				if ok {
					f := foundForm{page: page, method: method, action: action, enctype: attr(n, "enctype"), fields: url.Values{}}
					prev := cur
					cur = &f
					for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
						walk(ch)
					}
					forms = append(forms, f)
					cur = prev
					return
				}
			case "input":
				if cur != nil && attr(n, "name") != "" {
					switch attr(n, "type") {
					case "submit", "button", "file", "image", "reset":
					case "checkbox", "radio":
						if _, checked := attrOK(n, "checked"); checked {
							cur.fields.Add(attr(n, "name"), valueOr(n, "on"))
						}
					default:
						cur.fields.Add(attr(n, "name"), attr(n, "value"))
					}
				}
			case "textarea":
				if cur != nil && attr(n, "name") != "" {
					text := ""
					if n.FirstChild != nil {
						text = n.FirstChild.Data
					}
					cur.fields.Add(attr(n, "name"), text)
				}
			case "select":
				if cur != nil && attr(n, "name") != "" {
					if v, ok := selected(n); ok {
						cur.fields.Add(attr(n, "name"), v)
					}
				}
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	return links, forms
}

// selected is the value a browser sends for a select: the selected option,
// else the first.
func selected(sel *html.Node) (string, bool) {
	var first *html.Node
	var found *html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "option" {
			if first == nil {
				first = n
			}
			if _, ok := attrOK(n, "selected"); ok && found == nil {
				found = n
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			visit(ch)
		}
	}
	visit(sel)
	if found == nil {
		found = first
	}
	if found == nil {
		return "", false
	}
	if v, ok := attrOK(found, "value"); ok {
		return v, true
	}
	if found.FirstChild != nil {
		return strings.TrimSpace(found.FirstChild.Data), true
	}
	return "", true
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func valueOr(n *html.Node, def string) string {
	if v, ok := attrOK(n, "value"); ok {
		return v
	}
	return def
}
