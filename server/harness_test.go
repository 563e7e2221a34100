package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/lrs"
	"github.com/baeum-lms/baeum/packages"
	"github.com/baeum-lms/baeum/server"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/web"
)

// app is a running Baeum over a test database, seeded with the demo people.
type app struct {
	t      testing.TB
	db     *store.DB
	acc    *accounts.Service
	crs    *courses.Service
	certs  *certificates.Service
	engine http.Handler
	srv    *httptest.Server
	// The content origin, where package files are served, and the
	// packages service.
	content *httptest.Server
	pkgs    *packages.Service
	lrs     *lrs.Service
	enr     *enrollment.Service
}

func newApp(t testing.TB, db *store.DB) *app {
	t.Helper()
	return newAppWith(t, db, func(*server.Config) {})
}

// client is a browser-like client with its own cookie jar that does not
// follow redirects, so tests see every 303.
type client struct {
	a    *app
	http *http.Client
}

func (a *app) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{a: a, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type resp struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(method, path string, body io.Reader, header map[string]string) resp {
	c.a.t.Helper()
	req, err := http.NewRequest(method, c.a.srv.URL+path, body)
	if err != nil {
		c.a.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (c *client) get(path string, header ...string) resp {
	return c.do(http.MethodGet, path, nil, pairs(header))
}

func pairs(kv []string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// csrf returns the browser's CSRF token, fetching a page first if needed.
func (c *client) csrf() string {
	u, _ := url.Parse(c.a.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == web.CSRFCookie {
			return ck.Value
		}
	}
	c.get("/login")
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == web.CSRFCookie {
			return ck.Value
		}
	}
	c.a.t.Fatal("no CSRF cookie after GET /login")
	return ""
}

// post submits a form with the CSRF token (unless the form sets its own).
func (c *client) post(path string, form url.Values, header ...string) resp {
	if _, ok := form[web.CSRFField]; !ok {
		form.Set(web.CSRFField, c.csrf())
	}
	h := pairs(header)
	h["Content-Type"] = "application/x-www-form-urlencoded"
	return c.do(http.MethodPost, path, strings.NewReader(form.Encode()), h)
}

// login signs the client in as email with the demo password.
func (c *client) login(email string) {
	c.a.t.Helper()
	r := c.post("/login", url.Values{"email": {email}, "password": {demo.Password}})
	if r.status != http.StatusSeeOther {
		c.a.t.Fatalf("login %s: status %d, body %.300s", email, r.status, r.body)
	}
}

// api calls the JSON API with a bearer token (none when token is "").
func (a *app) api(method, path, token string, body any, header ...string) resp {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, err := json.Marshal(body)
			if err != nil {
				a.t.Fatal(err)
			}
			rd = strings.NewReader(string(b))
		}
	}
	h := pairs(header)
	if body != nil {
		h["Content-Type"] = "application/json"
	}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	return (&client{a: a, http: http.DefaultClient}).do(method, path, rd, h)
}

// token gets an API token for a demo user.
func (a *app) token(email string) string {
	a.t.Helper()
	r := a.api(http.MethodPost, "/api/v1/auth/tokens", "", map[string]string{"email": email, "password": demo.Password})
	if r.status != http.StatusCreated {
		a.t.Fatalf("token for %s: %d %s", email, r.status, r.body)
	}
	var out struct{ Token string }
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || out.Token == "" {
		a.t.Fatalf("token for %s: %v %s", email, err, r.body)
	}
	return out.Token
}

func decode[T any](t testing.TB, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %T from %.300s: %v", v, body, err)
	}
	return v
}

// problem is an RFC 9457 body.
type problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Errors []struct {
		Message  string `json:"message"`
		Location string `json:"location"`
	} `json:"errors"`
}

func regexpFind(t testing.TB, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in %.300s", pattern, s)
	}
	return m[1]
}

func accountsActor() accounts.Actor { return accounts.Actor{} }

// passQuiz submits the fixture's right answers for the learner's enrolment
// through the API.
func passQuiz(t testing.TB, a *app, enrolment int64, f *coursetest.Fixture) {
	t.Helper()
	answers := map[string]courses.Answer{}
	for id, ans := range f.RightAnswers() {
		answers[strconv.FormatInt(id, 10)] = ans
	}
	r := a.api("POST", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d/attempts", enrolment, f.Quiz.ID), a.token("learner@example.org"), map[string]any{"answers": answers})
	if r.status != http.StatusCreated || !strings.Contains(r.body, `"passed":true`) {
		t.Fatalf("pass quiz: %d %s", r.status, r.body)
	}
}

func newCoordinator(email string) accounts.NewUser {
	return accounts.NewUser{Email: email, Name: "Second Coordinator", Password: demo.Password, Role: accounts.RoleCoordinator}
}
