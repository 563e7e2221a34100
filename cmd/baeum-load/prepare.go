package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// learnerPassword is the password of the load learners this command creates.
const learnerPassword = "baeum-load-learner"

// fixture is what the load needs to know about the prepared site.
type fixture struct {
	target     string
	courseID   int64
	courseCode string
	lessonID   int64      // the course's first lesson, open to every enrolled learner
	quizID     int64      // its first quiz, open once the lessons before it are done
	answers    url.Values // the quiz form's answers, "q-<question id>"
	learners   []*learner
	firstItem  json.RawMessage // the catalogue's first item, for the bare handler
	visitor    string          // a returning visitor's Cookie header: no session
}

// learner is one signed-in learner: a browser session and an API token.
type learner struct {
	email       string
	token       string
	cookies     string // the Cookie header of their browser
	csrf        string // the CSRF token of their forms
	enrolmentID int64
}

// prepare signs the admin in, makes the load course and the learners, and
// signs each learner in, enrolled and with the quiz open.
func prepare(ctx context.Context, client *http.Client, c config) (*fixture, error) {
	api := &apiClient{http: client, base: c.Target}
	admin, err := api.token(ctx, c.AdminEmail, c.AdminPassword)
	if err != nil {
		return nil, fmt.Errorf("sign in %s (is the target running with --demo?): %w", c.AdminEmail, err)
	}
	fx := &fixture{target: c.Target}
	var first struct {
		Courses []json.RawMessage `json:"courses"`
	}
	if err := api.do(ctx, http.MethodGet, "/api/v1/courses?lang=ko", admin, nil, &first); err != nil {
		return nil, err
	}
	if len(first.Courses) == 0 {
		return nil, fmt.Errorf("the catalogue is empty")
	}
	fx.firstItem = first.Courses[0]
	if fx.visitor, err = visit(ctx, client, c.Target+"/courses"); err != nil {
		return nil, err
	}

	course, err := loadCourse(ctx, api, admin, c.Course)
	if err != nil {
		return nil, err
	}
	fx.courseID, fx.courseCode = course.ID, course.Code
	var before []int64 // lessons to finish before the quiz opens
	for _, m := range course.Modules {
		for _, l := range m.Lessons {
			if fx.lessonID == 0 {
				fx.lessonID = l.ID
			}
			if l.Kind == "quiz" && fx.quizID == 0 {
				fx.quizID = l.ID
			}
			if fx.quizID == 0 && l.Kind != "quiz" {
				before = append(before, l.ID)
			}
		}
	}
	if fx.quizID == 0 {
		return nil, fmt.Errorf("course %s has no quiz", course.Code)
	}

	fx.learners = make([]*learner, c.Learners)
	errs := make([]error, c.Learners)
	var wg sync.WaitGroup
	// Every sign-in hashes a password with argon2id (19 MiB each) on the
	// target: two at a time keep the preparation from inflating the RSS
	// that the load is to measure.
	sem := make(chan struct{}, 2)
	for i := range fx.learners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			fx.learners[i], errs[i] = prepareLearner(ctx, api, admin, i+1, fx, before)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	fx.answers, err = quizAnswers(ctx, api, fx.learners[0], fx.quizID)
	if err != nil {
		return nil, err
	}
	return fx, nil
}

// courseOut is the part of the API's course that the load uses.
type courseOut struct {
	ID      int64  `json:"id"`
	Code    string `json:"code"`
	Status  string `json:"status"`
	Modules []struct {
		Lessons []struct {
			ID   int64  `json:"id"`
			Kind string `json:"kind"`
		} `json:"lessons"`
	} `json:"modules"`
}

// loadCourse returns the published course LOAD-<code>, imported first from
// an export of course code with no limit on quiz attempts: learners submit
// the quiz again and again, which the demo course's 3 attempts would stop.
func loadCourse(ctx context.Context, api *apiClient, admin, code string) (*courseOut, error) {
	loadCode := "LOAD-" + code
	find := func(code string) (int64, error) {
		var list struct {
			Courses []courseOut `json:"courses"`
		}
		q := url.Values{"q": {code}, "status": {"all"}, "per_page": {"100"}}
		if err := api.do(ctx, http.MethodGet, "/api/v1/courses?"+q.Encode(), admin, nil, &list); err != nil {
			return 0, err
		}
		for _, c := range list.Courses {
			if c.Code == code {
				return c.ID, nil
			}
		}
		return 0, nil
	}
	id, err := find(loadCode)
	if err != nil {
		return nil, err
	}
	if id == 0 {
		src, err := find(code)
		if err != nil {
			return nil, err
		}
		if src == 0 {
			return nil, fmt.Errorf("no course %s to copy (see --course)", code)
		}
		var doc map[string]any
		if err := api.do(ctx, http.MethodGet, "/api/v1/courses/"+strconv.FormatInt(src, 10)+"/export", admin, nil, &doc); err != nil {
			return nil, err
		}
		if err := rewriteExport(doc, loadCode); err != nil {
			return nil, err
		}
		var made courseOut
		if err := api.do(ctx, http.MethodPost, "/api/v1/courses/import", admin, doc, &made); err != nil {
			return nil, fmt.Errorf("import %s: %w", loadCode, err)
		}
		id = made.ID
	}
	var course courseOut
	path := "/api/v1/courses/" + strconv.FormatInt(id, 10)
	if err := api.do(ctx, http.MethodGet, path+"?lang=en", admin, nil, &course); err != nil {
		return nil, err
	}
	if course.Status != "published" {
		if err := api.do(ctx, http.MethodPost, path+"/status", admin, map[string]string{"status": "published"}, &course); err != nil {
			return nil, fmt.Errorf("publish %s: %w", loadCode, err)
		}
	}
	return &course, nil
}

// rewriteExport turns a course file into the load course's: its code, a
// title that says what it is, quizzes without an attempt limit.
func rewriteExport(doc map[string]any, code string) error {
	c, ok := doc["course"].(map[string]any)
	if !ok {
		return fmt.Errorf("course export: no course object")
	}
	c["code"] = code
	if texts, ok := c["texts"].(map[string]any); ok {
		for _, t := range texts {
			if t, ok := t.(map[string]any); ok {
				if title, ok := t["title"].(string); ok {
					t["title"] = "Load test: " + title
				}
			}
		}
	}
	modules, _ := c["modules"].([]any)
	for _, m := range modules {
		m, _ := m.(map[string]any)
		lessons, _ := m["lessons"].([]any)
		for _, l := range lessons {
			if l, ok := l.(map[string]any); ok {
				delete(l, "attempt_limit")
			}
		}
	}
	return nil
}

// prepareLearner makes sure load learner n exists, gets them a token,
// enrols them, finishes the lessons before the quiz and signs them in.
func prepareLearner(ctx context.Context, api *apiClient, admin string, n int, fx *fixture, before []int64) (*learner, error) {
	l := &learner{email: fmt.Sprintf("load-%03d@example.org", n)}
	locales := []string{"en", "ko", "vi", "fr", "ru"}
	// Create first, then sign in: a sign-in to an account that does not
	// exist yet counts as a failure against this address, and 50 of them
	// block it for a quarter of an hour. An account that exists already
	// (an earlier run) is refused with 422, and its sign-in tells.
	user := map[string]string{"email": l.email, "name": fmt.Sprintf("Load Learner %03d", n), "password": learnerPassword,
		"role": "learner", "locale": locales[n%len(locales)], "country": "LA"}
	cerr := api.do(ctx, http.MethodPost, "/api/v1/users", admin, user, nil)
	token, err := api.token(ctx, l.email, learnerPassword)
	if err != nil {
		return nil, fmt.Errorf("token for %s (creating the account: %v): %w", l.email, cerr, err)
	}
	l.token = token
	var e struct {
		ID int64 `json:"id"`
	}
	if err := api.do(ctx, http.MethodPost, "/api/v1/courses/"+strconv.FormatInt(fx.courseID, 10)+"/enrolments", token, nil, &e); err != nil {
		return nil, fmt.Errorf("enrol %s: %w", l.email, err)
	}
	l.enrolmentID = e.ID
	for _, lesson := range before {
		p := "/api/v1/enrolments/" + strconv.FormatInt(e.ID, 10) + "/lessons/" + strconv.FormatInt(lesson, 10) + "/complete"
		if err := api.do(ctx, http.MethodPost, p, token, nil, nil); err != nil {
			return nil, fmt.Errorf("%s completes lesson %d: %w", l.email, lesson, err)
		}
	}
	if err := signIn(ctx, api, l, learnerPassword); err != nil {
		return nil, err
	}
	// The CSRF token as the quiz page's form carries it.
	page, err := api.page(ctx, lessonPath(l.enrolmentID, fx.quizID), l.cookies)
	if err != nil {
		return nil, fmt.Errorf("%s opens the quiz: %w", l.email, err)
	}
	if l.csrf = csrfField(page); l.csrf == "" {
		return nil, fmt.Errorf("%s: the quiz page has no CSRF field", l.email)
	}
	return l, nil
}

// quizAnswers fills every question of the quiz: the first choice, true, a
// word or a number, right or wrong; every attempt is graded and stored.
func quizAnswers(ctx context.Context, api *apiClient, l *learner, quizID int64) (url.Values, error) {
	var content struct {
		Questions []struct {
			ID      int64  `json:"id"`
			Kind    string `json:"kind"`
			Choices []struct {
				ID int64 `json:"id"`
			} `json:"choices"`
		} `json:"questions"`
	}
	p := "/api/v1/enrolments/" + strconv.FormatInt(l.enrolmentID, 10) + "/lessons/" + strconv.FormatInt(quizID, 10)
	if err := api.do(ctx, http.MethodGet, p, l.token, nil, &content); err != nil {
		return nil, fmt.Errorf("read quiz %d: %w", quizID, err)
	}
	v := url.Values{}
	for _, q := range content.Questions {
		key := "q-" + strconv.FormatInt(q.ID, 10)
		switch {
		case len(q.Choices) > 0:
			v.Set(key, strconv.FormatInt(q.Choices[0].ID, 10))
		case q.Kind == "true_false":
			v.Set(key, "true")
		case q.Kind == "numeric":
			v.Set(key, "1970")
		default:
			v.Set(key, "Saemaul")
		}
	}
	if len(v) == 0 {
		return nil, fmt.Errorf("quiz %d has no questions", quizID)
	}
	return v, nil
}

// visit GETs a page as a new browser and returns the Cookie header that
// browser sends from then on (its language, its form token and the
// version of the stylesheet it was given): the catalogue is loaded as
// visitors who come back, not as a new browser every time.
func visit(ctx context.Context, client *http.Client, address string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, address, http.NoBody)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("visit %s: %s", address, resp.Status)
	}
	jar := map[string]string{}
	keep(jar, resp)
	return cookieHeader(jar), nil
}
