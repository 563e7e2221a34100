package server_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

var (
	newKeyRE    = regexp.MustCompile(`data-testid="new-key">(lrs_[a-z0-9]+)<`)
	newSecretRE = regexp.MustCompile(`data-testid="new-secret">(lrss_[a-z0-9]+)<`)
)

// makeKey makes an LRS key through the admin page and answers its Basic
// credentials.
func makeKey(t *testing.T, c *client, name string, readOnly bool) (string, string) {
	t.Helper()
	form := url.Values{"name": {name}}
	if readOnly {
		form.Set("read_only", "on")
	}
	r := c.post("/admin/lrs-keys", form)
	k, s := newKeyRE.FindStringSubmatch(r.body), newSecretRE.FindStringSubmatch(r.body)
	if r.status != http.StatusCreated || k == nil || s == nil {
		t.Fatalf("make key: %d %.500s", r.status, r.body)
	}
	return k[1], s[1]
}

// xapi calls the LRS with an LRS key (none when key is "") and xAPI 1.0.3.
func (a *app) xapi(method, path, key, secret, body string, header ...string) resp {
	a.t.Helper()
	h := pairs(header)
	if _, ok := h["X-Experience-API-Version"]; !ok {
		h["X-Experience-API-Version"] = "1.0.3"
	}
	if _, ok := h["Content-Type"]; !ok && body != "" {
		h["Content-Type"] = "application/json"
	}
	if key != "" {
		h["Authorization"] = "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"+secret))
	}
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	} else {
		rd = strings.NewReader("")
	}
	return (&client{a: a, http: http.DefaultClient}).do(method, path, rd, h)
}

const xapiStatement = `{"actor":{"objectType":"Agent","name":"Souphanh","mbox":"mailto:souphanh@example.la"},
 "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed","en-GB":"completed","ko":"완료함"}},
 "object":{"id":"https://baeum.example.org/xapi/activities/lesson/1","definition":{"name":{"en-US":"Lesson","en-GB":"Lesson","ko":"차시"}}}}`

// TestLRSKeysPage: an admin makes keys on the page in Korean (a refused
// form keeps what was typed), the key signs xAPI requests, a read-only key
// only reads, and a revoked key is refused at once; no one else may see
// the page.
func TestLRSKeysPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.client()
		admin.login("admin@example.org")
		page := admin.get("/admin/lrs-keys?lang=ko")
		if page.status != http.StatusOK || !strings.Contains(page.body, "학습 기록 저장소(LRS) 키") || !strings.Contains(page.body, "/xapi/") {
			t.Fatalf("keys page in Korean: %d %.300s", page.status, page.body)
		}
		long := strings.Repeat("분", 101)
		r := admin.post("/admin/lrs-keys", url.Values{"name": {long}, "read_only": {"on"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "100자") && !strings.Contains(r.body, "100") ||
			!strings.Contains(r.body, `value="`+long+`"`) || !strings.Contains(r.body, `name="read_only" value="on" checked`) {
			t.Fatalf("too long a name: %d; the form keeps it and the box: %.2000s", r.status, r.body)
		}
		if r := admin.post("/admin/lrs-keys", url.Values{"name": {"x"}, "csrf_token": {"forged"}}); r.status != http.StatusForbidden {
			t.Errorf("a post without the form token: %d", r.status)
		}
		key, secret := makeKey(t, admin, "Analytics", false)
		roKey, roSecret := makeKey(t, admin, "Dashboard (read only)", true)

		for _, email := range []string{"coordinator@example.org", "learner@example.org"} {
			c := a.client()
			c.login(email)
			if r := c.get("/admin/lrs-keys"); r.status != http.StatusForbidden {
				t.Errorf("%s sees the keys page: %d", email, r.status)
			}
		}

		if r := a.xapi(http.MethodPost, "/xapi/statements", key, secret, xapiStatement); r.status != http.StatusOK {
			t.Fatalf("POST with the key: %d %s", r.status, r.body)
		}
		if r := a.xapi(http.MethodPost, "/xapi/statements", roKey, roSecret, xapiStatement); r.status != http.StatusForbidden {
			t.Errorf("POST with a read-only key: %d %s", r.status, r.body)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements", roKey, roSecret, ""); r.status != http.StatusOK || !strings.Contains(r.body, "souphanh@example.la") {
			t.Errorf("GET with a read-only key: %d %.300s", r.status, r.body)
		}
		// The statements are stored under the key as authority.
		got := decode[struct {
			Statements []struct {
				Authority struct{ Account struct{ Name string } }
			}
		}](t, a.xapi(http.MethodGet, "/xapi/statements", key, secret, "").body)
		if len(got.Statements) != 1 || got.Statements[0].Authority.Account.Name != key {
			t.Errorf("authority: %+v", got)
		}

		// Signed in as admin in the browser is no credential for the LRS.
		if r := admin.do(http.MethodGet, "/xapi/statements", nil, map[string]string{"X-Experience-API-Version": "1.0.3"}); r.status != http.StatusUnauthorized {
			t.Errorf("a session cookie alone: %d", r.status)
		}

		list := admin.get("/admin/lrs-keys")
		id := regexp.MustCompile(`action="/admin/lrs-keys/(\d+)/revoke"[^>]*>\s*<input[^>]*>\s*<button[^>]*>[^<]*Analytics`).FindStringSubmatch(list.body)
		if id == nil {
			t.Fatalf("no revoke button for Analytics: %.2000s", list.body)
		}
		if r := admin.post("/admin/lrs-keys/"+id[1]+"/revoke", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("revoke: %d", r.status)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements", key, secret, ""); r.status != http.StatusUnauthorized {
			t.Errorf("a revoked key: %d", r.status)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements", key, "lrss_wrong", ""); r.status != http.StatusUnauthorized {
			t.Errorf("a wrong secret: %d", r.status)
		}
		if audit := admin.get("/admin/audit"); !strings.Contains(audit.body, "lrs_key.create") || !strings.Contains(audit.body, "lrs_key.revoke") {
			t.Error("key changes are not in the audit log")
		}
	})
}

// TestLRSKeysAPI: admins manage keys through the API too; others may not.
func TestLRSKeysAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		tok := a.token("admin@example.org")
		r := a.api(http.MethodPost, "/api/v1/lrs-keys", tok, map[string]any{"name": "cmi5 player"})
		made := decode[struct {
			ID          int64
			Key, Secret string
			Endpoint    string
		}](t, r.body)
		if r.status != http.StatusCreated || made.Secret == "" || !strings.HasSuffix(made.Endpoint, "/xapi/") {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements", made.Key, made.Secret, ""); r.status != http.StatusOK {
			t.Errorf("the API's key: %d", r.status)
		}
		if r := a.api(http.MethodPost, "/api/v1/lrs-keys", tok, map[string]any{"name": ""}, "Accept-Language", "ko"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "name") {
			t.Errorf("no name: %d %s", r.status, r.body)
		}
		if r := a.api(http.MethodGet, "/api/v1/lrs-keys", a.token("coordinator@example.org"), nil); r.status != http.StatusForbidden {
			t.Errorf("a coordinator lists keys: %d", r.status)
		}
		if r := a.api(http.MethodGet, "/api/v1/lrs-keys", tok, nil); r.status != http.StatusOK || strings.Contains(r.body, made.Secret) || !strings.Contains(r.body, made.Key) {
			t.Errorf("list: %d %s", r.status, r.body)
		}
		if r := a.api(http.MethodDelete, "/api/v1/lrs-keys/"+jsonInt(made.ID), tok, nil); r.status != http.StatusNoContent {
			t.Errorf("revoke: %d %s", r.status, r.body)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements", made.Key, made.Secret, ""); r.status != http.StatusUnauthorized {
			t.Errorf("revoked through the API: %d", r.status)
		}
	})
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestXAPIStatements drives the Statement resource over HTTP: versions,
// credentials, PUT, POST, GET by id and by filters with paging, formats,
// parameter rules, conflicts.
func TestXAPIStatements(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.client()
		admin.login("admin@example.org")
		key, secret := makeKey(t, admin, "Conformance", false)
		x := func(method, path, body string, header ...string) resp {
			return a.xapi(method, path, key, secret, body, header...)
		}

		about := a.xapi(http.MethodGet, "/xapi/about", "", "", "", "X-Experience-API-Version", "")
		if about.status != http.StatusOK || !strings.Contains(about.body, `"1.0.3"`) || strings.Contains(about.body, `"2.0.0"`) {
			t.Errorf("about to a 1.0 client: %d %s", about.status, about.body)
		}
		if about := a.xapi(http.MethodGet, "/xapi/about", "", "", "", "X-Experience-API-Version", "2.0.0"); !strings.Contains(about.body, `"2.0.0"`) {
			t.Errorf("about to a 2.0 client: %d %s", about.status, about.body)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements?LIMIT=1", key, secret, ""); r.status != http.StatusBadRequest || r.header.Get("X-Experience-API-Consistent-Through") == "" {
			t.Errorf("a refused GET has Consistent-Through: %d %v", r.status, r.header)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements", key, secret, "", "X-Experience-API-Version", ""); r.status != http.StatusBadRequest {
			t.Errorf("no version header: %d", r.status)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements", key, secret, "", "X-Experience-API-Version", "0.95"); r.status != http.StatusBadRequest {
			t.Errorf("version 0.95: %d", r.status)
		}
		if r := a.xapi(http.MethodGet, "/xapi/statements", "", "", ""); r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("no credentials: %d", r.status)
		}
		pre := a.xapi(http.MethodOptions, "/xapi/statements", "", "", "", "Origin", "http://127.0.0.1:8081", "Access-Control-Request-Method", "PUT")
		if pre.status != http.StatusNoContent || pre.header.Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(pre.header.Get("Access-Control-Allow-Headers"), "X-Experience-API-Version") {
			t.Errorf("preflight: %d %v", pre.status, pre.header)
		}

		const id = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"
		if r := x(http.MethodPut, "/xapi/statements?statementId="+id, xapiStatement); r.status != http.StatusNoContent {
			t.Fatalf("PUT: %d %s", r.status, r.body)
		}
		if r := x(http.MethodPut, "/xapi/statements?statementId="+id, xapiStatement); r.status != http.StatusNoContent {
			t.Errorf("PUT the same again: %d %s", r.status, r.body)
		}
		other := strings.Replace(xapiStatement, "verbs/completed", "verbs/passed", 1)
		if r := x(http.MethodPut, "/xapi/statements?statementId="+id, other); r.status != http.StatusConflict {
			t.Errorf("PUT other content under the id: %d %s", r.status, r.body)
		}
		for _, bad := range []struct{ method, path, body string }{
			{http.MethodPut, "/xapi/statements", xapiStatement},
			{http.MethodPut, "/xapi/statements?statementId=true", xapiStatement},
			{http.MethodPut, "/xapi/statements?StatementId=" + id, xapiStatement},
			{http.MethodPost, "/xapi/statements", strings.Replace(xapiStatement, `"mbox"`, `"Mbox"`, 1)},
			{http.MethodPost, "/xapi/statements", "[" + xapiStatement + `,{"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"should fail"},"object":{"id":"http://example.org/a"}}]`},
			{http.MethodGet, "/xapi/statements?statementId=wrong", ""},
			{http.MethodGet, "/xapi/statements?Verb=http://adlnet.gov/expapi/verbs/completed", ""},
			{http.MethodGet, "/xapi/statements?foo=bar", ""},
			{http.MethodGet, "/xapi/statements?statementId=" + id + "&verb=http://adlnet.gov/expapi/verbs/completed", ""},
			{http.MethodGet, "/xapi/statements?agent=wrong", ""},
			{http.MethodGet, "/xapi/statements?verb=not.a.valid.iri.com/verb", ""},
			{http.MethodGet, "/xapi/statements?since=yesterday", ""},
			{http.MethodGet, "/xapi/statements?limit=-1", ""},
			{http.MethodGet, "/xapi/statements?format=full", ""},
		} {
			if r := x(bad.method, bad.path, bad.body); r.status != http.StatusBadRequest {
				t.Errorf("%s %s: %d %s", bad.method, bad.path, r.status, r.body)
			}
		}
		// The refused batch stored nothing.
		all := decode[struct{ Statements []json.RawMessage }](t, x(http.MethodGet, "/xapi/statements", "").body)
		if len(all.Statements) != 1 {
			t.Errorf("%d statements after the refused batch, want 1", len(all.Statements))
		}

		for i := range 3 {
			body := strings.Replace(xapiStatement, "lesson/1", "lesson/"+string(rune('2'+i)), 1)
			if r := x(http.MethodPost, "/xapi/statements", body); r.status != http.StatusOK {
				t.Fatalf("POST %d: %d %s", i, r.status, r.body)
			}
		}
		one := x(http.MethodGet, "/xapi/statements?statementId="+id, "")
		if one.status != http.StatusOK || !strings.Contains(one.body, id) || one.header.Get("Last-Modified") == "" || one.header.Get("X-Experience-API-Consistent-Through") == "" {
			t.Errorf("by id: %d %v %s", one.status, one.header, one.body)
		}
		// Paging: limit 1, following each more link, finds all four.
		seen := map[string]bool{}
		next := "/xapi/statements?limit=1&agent=" + url.QueryEscape(`{"mbox":"mailto:souphanh@example.la"}`) + "&verb=" + url.QueryEscape("http://adlnet.gov/expapi/verbs/completed")
		for pages := 0; next != ""; pages++ {
			if pages > 5 {
				t.Fatal("more links do not end")
			}
			r := x(http.MethodGet, next, "")
			page := decode[struct {
				Statements []struct{ ID string }
				More       string
			}](t, r.body)
			if r.status != http.StatusOK || len(page.Statements) > 1 {
				t.Fatalf("page %d: %d %s", pages, r.status, r.body)
			}
			for _, s := range page.Statements {
				seen[s.ID] = true
			}
			next = page.More
		}
		if len(seen) != 4 {
			t.Errorf("paged through %d statements, want 4", len(seen))
		}
		ids := x(http.MethodGet, "/xapi/statements?statementId="+id+"&format=ids", "")
		if strings.Contains(ids.body, "Souphanh") || strings.Contains(ids.body, "display") || !strings.Contains(ids.body, "mailto:souphanh@example.la") ||
			!strings.Contains(ids.body, `"object":{"id":"https://baeum.example.org/xapi/activities/lesson/1"}`) {
			t.Errorf("format=ids: %s", ids.body)
		}
		canon := x(http.MethodGet, "/xapi/statements?statementId="+id+"&format=canonical", "", "Accept-Language", "en-GB")
		if strings.Contains(canon.body, "en-US") || !strings.Contains(canon.body, "en-GB") {
			t.Errorf("format=canonical for en-GB: %s", canon.body)
		}
		if exact := x(http.MethodGet, "/xapi/statements?statementId="+id, ""); !strings.Contains(exact.body, "en-US") || !strings.Contains(exact.body, "en-GB") {
			t.Errorf("exact: %s", exact.body)
		}
		multi := x(http.MethodGet, "/xapi/statements?statementId="+id+"&attachments=true", "")
		if !strings.HasPrefix(multi.header.Get("Content-Type"), "multipart/mixed; boundary=") || !strings.Contains(multi.body, id) {
			t.Errorf("attachments=true: %v %s", multi.header, multi.body)
		}
		if plain := x(http.MethodGet, "/xapi/statements?statementId="+id, ""); plain.header.Get("Content-Type") != "application/json" {
			t.Errorf("attachments absent: %s", plain.header.Get("Content-Type"))
		}

		// Voiding over HTTP.
		void := `{"actor":{"mbox":"mailto:admin@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"` + id + `"}}`
		if r := x(http.MethodPost, "/xapi/statements", void); r.status != http.StatusOK {
			t.Fatalf("void: %d %s", r.status, r.body)
		}
		if r := x(http.MethodGet, "/xapi/statements?statementId="+id, ""); r.status != http.StatusNotFound {
			t.Errorf("a voided statement by statementId: %d", r.status)
		}
		if r := x(http.MethodGet, "/xapi/statements?voidedStatementId="+id, ""); r.status != http.StatusOK {
			t.Errorf("by voidedStatementId: %d", r.status)
		}
		if r := x(http.MethodHead, "/xapi/statements?voidedStatementId="+id, ""); r.status != http.StatusOK || r.body != "" {
			t.Errorf("HEAD: %d %q", r.status, r.body)
		}
	})
}

// TestXAPIDocuments drives the State, Activity Profile and Agent Profile
// resources and Activities and Agents over HTTP, as a cmi5 LMS and its
// content use them.
func TestXAPIDocuments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.client()
		admin.login("admin@example.org")
		key, secret := makeKey(t, admin, "cmi5", false)
		x := func(method, path, body string, header ...string) resp {
			return a.xapi(method, path, key, secret, body, header...)
		}
		agent := url.QueryEscape(`{"objectType":"Agent","mbox":"mailto:souphanh@example.la"}`)
		act := url.QueryEscape("https://baeum.example.org/xapi/activities/au/1")
		reg := "ec531277-b57b-4c15-8d91-d292c5b2b8f7"
		state := "/xapi/activities/state?activityId=" + act + "&agent=" + agent + "&registration=" + reg
		if r := x(http.MethodPut, state+"&stateId=LMS.LaunchData", `{"launchMode":"Normal","moveOn":"Passed"}`); r.status != http.StatusNoContent {
			t.Fatalf("PUT state: %d %s", r.status, r.body)
		}
		if r := x(http.MethodPost, state+"&stateId=LMS.LaunchData", `{"masteryScore":0.8}`); r.status != http.StatusNoContent {
			t.Fatalf("POST state: %d %s", r.status, r.body)
		}
		// A POST of a body that is no JSON object, typed as a form, to a new
		// document stores it as sent (the ADL suite posts 1 and true so).
		if r := x(http.MethodPost, state+"&stateId=plain", "true", "Content-Type", "application/x-www-form-urlencoded"); r.status != http.StatusNoContent {
			t.Errorf("POST of a form-typed new state: %d %s", r.status, r.body)
		}
		if r := x(http.MethodGet, state+"&stateId=plain", ""); r.body != "true" {
			t.Errorf("form-typed state kept as %q", r.body)
		}
		if r := x(http.MethodDelete, state+"&stateId=plain", ""); r.status != http.StatusNoContent {
			t.Errorf("DELETE state: %d", r.status)
		}
		got := x(http.MethodGet, state+"&stateId=LMS.LaunchData", "")
		if got.status != http.StatusOK || got.body != `{"launchMode":"Normal","masteryScore":0.8,"moveOn":"Passed"}` || got.header.Get("ETag") == "" {
			t.Errorf("GET state: %d %v %s", got.status, got.header, got.body)
		}
		if r := x(http.MethodGet, state, ""); r.status != http.StatusOK || r.body != `["LMS.LaunchData"]` {
			t.Errorf("state ids: %d %s", r.status, r.body)
		}
		if r := x(http.MethodPost, state+"&stateId=LMS.LaunchData", `not json`); r.status != http.StatusBadRequest {
			t.Errorf("POST of non-JSON: %d", r.status)
		}
		for _, bad := range []string{
			"/xapi/activities/state?activityId=" + act + "&stateId=x",             // no agent
			"/xapi/activities/state?agent=" + agent + "&stateId=x",                // no activity
			state + "&stateId=x&registration=wrong",                               // twice, and not a UUID
			"/xapi/activities/state?activityId=" + act + "&agent=wrong&stateId=x", // agent not JSON
			state + "&StateId=x", // case
			"/xapi/activities/profile?activityId=" + act + "&profileId=p&agent=" + agent, // not a parameter of it
		} {
			if r := x(http.MethodGet, bad, ""); r.status != http.StatusBadRequest {
				t.Errorf("GET %s: %d %s", bad, r.status, r.body)
			}
		}
		if r := x(http.MethodDelete, state, ""); r.status != http.StatusNoContent {
			t.Errorf("DELETE every state: %d", r.status)
		}
		if r := x(http.MethodGet, state+"&stateId=LMS.LaunchData", ""); r.status != http.StatusNotFound {
			t.Errorf("after delete: %d", r.status)
		}

		profile := "/xapi/activities/profile?activityId=" + act + "&profileId=cmi5"
		if r := x(http.MethodPut, profile, `{"v":1}`, "If-None-Match", "*"); r.status != http.StatusNoContent {
			t.Fatalf("PUT profile: %d %s", r.status, r.body)
		}
		etag := x(http.MethodGet, profile, "").header.Get("ETag")
		if r := x(http.MethodPut, profile, `{"v":2}`); r.status != http.StatusConflict {
			t.Errorf("PUT over a profile without a precondition: %d", r.status)
		}
		if r := x(http.MethodPut, profile, `{"v":2}`, "If-Match", `"0000"`); r.status != http.StatusPreconditionFailed {
			t.Errorf("a stale If-Match: %d", r.status)
		}
		if r := x(http.MethodPut, profile, `{"v":2}`, "If-Match", etag); r.status != http.StatusNoContent {
			t.Errorf("the right If-Match: %d %s", r.status, r.body)
		}
		agentProfile := "/xapi/agents/profile?agent=" + agent + "&profileId=prefs"
		if r := x(http.MethodPut, agentProfile, "바로 보기", "Content-Type", "text/plain; charset=utf-8"); r.status != http.StatusBadRequest {
			t.Errorf("PUT of a new agent profile without a precondition: %d %s", r.status, r.body)
		}
		if r := x(http.MethodPut, agentProfile, "바로 보기", "Content-Type", "text/plain; charset=utf-8", "If-None-Match", "*"); r.status != http.StatusNoContent {
			t.Fatalf("PUT agent profile: %d %s", r.status, r.body)
		}
		if r := x(http.MethodGet, agentProfile, ""); r.body != "바로 보기" || r.header.Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("agent profile kept as sent: %q %v", r.body, r.header)
		}

		st := strings.Replace(xapiStatement, "lesson/1", "au/1", 1)
		if r := x(http.MethodPost, "/xapi/statements", st); r.status != http.StatusOK {
			t.Fatal(r.body)
		}
		if r := x(http.MethodGet, "/xapi/activities?activityId="+act, ""); r.status != http.StatusOK || !strings.Contains(r.body, `"definition"`) || !strings.Contains(r.body, "차시") {
			t.Errorf("activities: %d %s", r.status, r.body)
		}
		// A later statement's definition in another language adds to it.
		fr := strings.Replace(st, `"name":{"en-US":"Lesson","en-GB":"Lesson","ko":"차시"}`, `"name":{"fr-FR":"Leçon"}`, 1)
		if r := x(http.MethodPost, "/xapi/statements", fr); r.status != http.StatusOK {
			t.Fatal(r.body)
		}
		if r := x(http.MethodGet, "/xapi/activities?activityId="+act, ""); !strings.Contains(r.body, "차시") || !strings.Contains(r.body, "Leçon") {
			t.Errorf("merged definition: %s", r.body)
		}
		if r := x(http.MethodGet, "/xapi/agents?agent="+agent, ""); r.status != http.StatusOK || !strings.Contains(r.body, `"objectType":"Person"`) || !strings.Contains(r.body, `["mailto:souphanh@example.la"]`) {
			t.Errorf("agents: %d %s", r.status, r.body)
		}
		// Without a name in the query, the Person has the statements' names.
		bare := url.QueryEscape(`{"mbox":"mailto:souphanh@example.la"}`)
		if r := x(http.MethodGet, "/xapi/agents?agent="+bare, ""); !strings.Contains(r.body, `"name":["Souphanh"]`) {
			t.Errorf("agents by mbox alone: %s", r.body)
		}
	})
}

// TestCertificateIssuedAsStatement: a certificate issued is in the LRS
// as its holder having earned it.
func TestCertificateIssuedAsStatement(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newCertFixture(t, a, "XAPI-CERT")
		admin := a.client()
		admin.login("admin@example.org")
		key, secret := makeKey(t, admin, "Analytics", true)
		r := a.xapi(http.MethodGet, "/xapi/statements?verb="+url.QueryEscape("http://id.tincanapi.com/verb/earned"), key, secret, "")
		got := decode[struct {
			Statements []struct {
				Object struct{ ID string }
				Actor  struct{ Account struct{ Name string } }
			}
		}](t, r.body)
		if r.status != http.StatusOK || len(got.Statements) != 1 || !strings.HasSuffix(got.Statements[0].Object.ID, "/certificate/"+fx.cert.Serial) ||
			got.Statements[0].Actor.Account.Name != jsonInt(fx.cert.UserID) {
			t.Errorf("earned: %d %s", r.status, r.body)
		}
	})
}

// TestLRSForwardsPage: an admin sets a forward up on the page (a refused
// form keeps the address and user name, never the password) and through
// the API, and stops it.
func TestLRSForwardsPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.client()
		admin.login("admin@example.org")
		r := admin.post("/admin/lrs-keys/forwards?lang=ko", url.Values{"endpoint": {"lrs.example.org/xapi"}, "username": {"baeum"}, "password": {"s3cret-pass"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `value="lrs.example.org/xapi"`) || !strings.Contains(r.body, `value="baeum"`) ||
			strings.Contains(r.body, "s3cret-pass") || !strings.Contains(r.body, "http 또는 https") {
			t.Fatalf("a bad endpoint: %d %.3000s", r.status, r.body)
		}
		if r := admin.post("/admin/lrs-keys/forwards", url.Values{"endpoint": {"https://lrs.example.org/xapi"}, "username": {"baeum"}, "password": {"s3cret-pass"}}); r.status != http.StatusSeeOther {
			t.Fatalf("add: %d %.300s", r.status, r.body)
		}
		page := admin.get("/admin/lrs-keys")
		id := regexp.MustCompile(`action="/admin/lrs-keys/forwards/(\d+)/delete"`).FindStringSubmatch(page.body)
		if id == nil || !strings.Contains(page.body, "https://lrs.example.org/xapi/") || strings.Contains(page.body, "s3cret-pass") {
			t.Fatalf("listed: %.3000s", page.body)
		}
		tok := a.token("admin@example.org")
		if r := a.api(http.MethodGet, "/api/v1/lrs-forwards", tok, nil); r.status != http.StatusOK || !strings.Contains(r.body, "lrs.example.org") || strings.Contains(r.body, "s3cret") {
			t.Errorf("API list: %d %s", r.status, r.body)
		}
		if r := a.api(http.MethodPost, "/api/v1/lrs-forwards", a.token("coordinator@example.org"), map[string]string{"endpoint": "https://x.example.org/", "username": "u", "password": "p"}); r.status != http.StatusForbidden {
			t.Errorf("a coordinator adds a forward: %d", r.status)
		}
		if r := admin.post("/admin/lrs-keys/forwards/"+id[1]+"/delete", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("remove: %d", r.status)
		}
		if r := a.api(http.MethodGet, "/api/v1/lrs-forwards", tok, nil); strings.Contains(r.body, "lrs.example.org") {
			t.Errorf("removed forward still listed: %s", r.body)
		}
	})
}

// TestXAPIAlternateSyntax: a client that can only POST sends headers,
// parameters and content as form fields.
func TestXAPIAlternateSyntax(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.client()
		admin.login("admin@example.org")
		key, secret := makeKey(t, admin, "Flash player", false)
		auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"+secret))
		post := func(method string, form url.Values) resp {
			return (&client{a: a, http: http.DefaultClient}).do(http.MethodPost, "/xapi/statements?method="+method,
				strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		}
		const id = "c0ffee00-0000-4000-8000-000000000001"
		r := post(http.MethodPut, url.Values{"Authorization": {auth}, "X-Experience-API-Version": {"1.0.3"},
			"Content-Type": {"application/json"}, "statementId": {id}, "content": {xapiStatement}})
		if r.status != http.StatusNoContent {
			t.Fatalf("PUT by the alternate syntax: %d %s", r.status, r.body)
		}
		r = post(http.MethodGet, url.Values{"Authorization": {auth}, "X-Experience-API-Version": {"1.0.3"}, "limit": {"1"}})
		if r.status != http.StatusOK || !strings.Contains(r.body, id) || !strings.Contains(r.body, `"more"`) {
			t.Errorf("GET by the alternate syntax: %d %s", r.status, r.body)
		}
		if r := post("PATCH", url.Values{"Authorization": {auth}, "X-Experience-API-Version": {"1.0.3"}}); r.status != http.StatusBadRequest {
			t.Errorf("method PATCH: %d", r.status)
		}
		extra := (&client{a: a, http: http.DefaultClient}).do(http.MethodPost, "/xapi/statements?method=GET&limit=1",
			strings.NewReader(url.Values{"Authorization": {auth}}.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		if extra.status != http.StatusBadRequest {
			t.Errorf("a parameter besides method: %d", extra.status)
		}
		if r := post(http.MethodGet, url.Values{"X-Experience-API-Version": {"1.0.3"}}); r.status != http.StatusUnauthorized {
			t.Errorf("no credentials in the form: %d", r.status)
		}
		// Credentials and version as real headers, as the ADL suite sends
		// them; the form has the parameters only.
		hdr := (&client{a: a, http: http.DefaultClient}).do(http.MethodPost, "/xapi/statements?method=GET",
			strings.NewReader(url.Values{"limit": {"1"}}.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded",
				"Authorization": auth, "X-Experience-API-Version": "1.0.3"})
		if hdr.status != http.StatusOK || !strings.Contains(hdr.body, `"more"`) {
			t.Errorf("GET with real headers: %d %s", hdr.status, hdr.body)
		}
		// A version the form gives still counts, and is refused if wrong.
		if r := post(http.MethodGet, url.Values{"Authorization": {auth}, "X-Experience-API-Version": {"0.8"}}); r.status != http.StatusBadRequest {
			t.Errorf("version 0.8 in the form: %d", r.status)
		}
	})
}
