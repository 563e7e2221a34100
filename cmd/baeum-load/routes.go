package main

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// route is one kind of request of the load: Build makes it for learner l.
type route struct {
	Name   string
	Weight int // share in the mix; 0: only with --route
	Build  func(fx *fixture, l *learner) (*http.Request, error)
}

// routes are every request the command knows, the mix's first.
var routes = []route{
	{Name: "catalogue-page", Weight: 25, Build: func(fx *fixture, _ *learner) (*http.Request, error) {
		return get(fx.target+"/courses", fx.visitor, "") // a returning visitor, not signed in
	}},
	{Name: "catalogue-api", Weight: 20, Build: func(fx *fixture, l *learner) (*http.Request, error) {
		return get(fx.target+"/api/v1/courses?lang=ko", "", l.token)
	}},
	{Name: "course-page", Weight: 10, Build: func(fx *fixture, l *learner) (*http.Request, error) {
		return get(fx.target+"/courses/"+strconv.FormatInt(fx.courseID, 10), l.cookies, "")
	}},
	{Name: "lesson-page", Weight: 20, Build: func(fx *fixture, l *learner) (*http.Request, error) {
		return get(fx.target+lessonPath(l.enrolmentID, fx.lessonID), l.cookies, "")
	}},
	{Name: "my-page", Weight: 20, Build: func(fx *fixture, l *learner) (*http.Request, error) {
		return get(fx.target+"/my", l.cookies, "")
	}},
	{Name: "quiz-submit", Weight: 5, Build: func(fx *fixture, l *learner) (*http.Request, error) {
		form := url.Values{"csrf_token": {l.csrf}}
		for k, v := range fx.answers {
			form[k] = v
		}
		req, err := http.NewRequest(http.MethodPost, fx.target+lessonPath(l.enrolmentID, fx.quizID)+"/quiz", strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		setAuth(req, l.cookies, "")
		return req, nil
	}},
	{Name: "me-api", Build: func(fx *fixture, l *learner) (*http.Request, error) {
		return get(fx.target+"/api/v1/me", "", l.token)
	}},
	{Name: "healthz", Build: func(fx *fixture, _ *learner) (*http.Request, error) {
		return get(fx.target+"/healthz", "", "")
	}},
}

func lessonPath(enrolmentID, lessonID int64) string {
	return "/learn/" + strconv.FormatInt(enrolmentID, 10) + "/" + strconv.FormatInt(lessonID, 10)
}

func mixRoutes() []route {
	var out []route
	for _, r := range routes {
		if r.Weight > 0 {
			out = append(out, r)
		}
	}
	return out
}

func routeByName(name string) (route, bool) {
	i := slices.IndexFunc(routes, func(r route) bool { return r.Name == name })
	if i < 0 {
		return route{}, false
	}
	return routes[i], true
}

func routeNames() []string {
	names := make([]string, len(routes))
	for i, r := range routes {
		names[i] = r.Name
	}
	return names
}

// get is a GET as a browser (cookies) or an API client (token) sends it.
func get(u, cookies, token string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, u, http.NoBody)
	if err != nil {
		return nil, err
	}
	setAuth(req, cookies, token)
	return req, nil
}

func setAuth(req *http.Request, cookies, token string) {
	// Compressed answers are what a browser gets and what we count; the
	// transport does not decompress (DisableCompression), so the bytes
	// read are the bytes on the wire.
	req.Header.Set("Accept-Encoding", "gzip")
	if cookies != "" {
		req.Header.Set("Cookie", cookies)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
}
