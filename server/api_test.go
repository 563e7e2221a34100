package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestAPITokenLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		r := a.api(http.MethodPost, "/api/v1/auth/tokens", "", map[string]string{
			"email": "Learner.VN@example.org", "password": "baeum-demo", "name": "offline app",
		})
		if r.status != http.StatusCreated {
			t.Fatalf("create token: %d %s", r.status, r.body)
		}
		created := decode[struct {
			Token string
			User  struct {
				Email, Name, NativeName, Role, Country string
			}
		}](t, r.body)
		if !strings.HasPrefix(created.Token, "baeum_") || created.User.Email != "learner.vn@example.org" || created.User.Role != "learner" {
			t.Fatalf("created: %+v", created)
		}
		// Only a hash is stored.
		if n := storetest.Count(t, db, "api_tokens", "token_hash = ?", created.Token); n != 0 {
			t.Fatal("the plain token is stored")
		}

		me := a.api(http.MethodGet, "/api/v1/me", created.Token, nil)
		if me.status != http.StatusOK || !strings.Contains(me.body, `"native_name":"Nguyễn Thị Hương"`) {
			t.Fatalf("GET /me: %d %s", me.status, me.body)
		}

		list := a.api(http.MethodGet, "/api/v1/auth/tokens", created.Token, nil)
		tokens := decode[struct {
			Tokens []struct {
				ID     int64
				Name   string
				Prefix string
			}
		}](t, list.body)
		if list.status != http.StatusOK || len(tokens.Tokens) != 1 || tokens.Tokens[0].Name != "offline app" || strings.Contains(list.body, created.Token) {
			t.Fatalf("list tokens: %d %s", list.status, list.body)
		}

		// Another user cannot revoke it, and learns nothing of it.
		other := a.token("learner.gh@example.org")
		if r := a.api(http.MethodDelete, "/api/v1/auth/tokens/"+itoa(tokens.Tokens[0].ID), other, nil); r.status != http.StatusNotFound {
			t.Fatalf("revoke another's token: %d", r.status)
		}
		if r := a.api(http.MethodDelete, "/api/v1/auth/tokens/"+itoa(tokens.Tokens[0].ID), created.Token, nil); r.status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", r.status, r.body)
		}
		after := a.api(http.MethodGet, "/api/v1/me", created.Token, nil)
		if after.status != http.StatusUnauthorized || !strings.HasPrefix(after.header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("/me with a revoked token: %d %s", after.status, after.header.Get("Content-Type"))
		}
		if n := storetest.Count(t, db, "audit_log", "action = ?", "token.revoke"); n != 1 {
			t.Fatalf("token.revoke audit entries = %d", n)
		}
	})
}

func TestAPIBadCredentialsAndNoToken(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		for _, email := range []string{"learner@example.org", "ghost@example.org"} {
			r := a.api(http.MethodPost, "/api/v1/auth/tokens", "", map[string]string{"email": email, "password": "wrong-password"}, "Accept-Language", "ko")
			p := decode[problem](t, r.body)
			if r.status != http.StatusUnauthorized || !strings.Contains(p.Detail, "비밀번호") {
				t.Errorf("%s: %d %s", email, r.status, r.body)
			}
		}
		if r := a.api(http.MethodGet, "/api/v1/me", "", nil); r.status != http.StatusUnauthorized {
			t.Errorf("/me without a token: %d", r.status)
		}
		if r := a.api(http.MethodGet, "/api/v1/me", "baeum_notatoken", nil); r.status != http.StatusUnauthorized {
			t.Errorf("/me with a made-up token: %d", r.status)
		}
	})
}

func TestAPIErrorsAreProblems(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.token("admin@example.org")

		cases := []struct {
			name         string
			method, path string
			body         any
			header       []string
			status       int
		}{
			{"malformed JSON", http.MethodPost, "/api/v1/users", `{"email": `, nil, http.StatusBadRequest},
			{"unknown route", http.MethodGet, "/api/v1/nothing-here", nil, nil, http.StatusNotFound},
			{"wrong method", http.MethodPut, "/api/v1/me", nil, nil, http.StatusMethodNotAllowed},
			{"oversized body", http.MethodPost, "/api/v1/users", `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, nil, http.StatusRequestEntityTooLarge},
			{"schema violation", http.MethodPost, "/api/v1/users", map[string]any{"email": "x@example.org", "role": "pilot"}, nil, http.StatusUnprocessableEntity},
		}
		for _, tc := range cases {
			r := a.api(tc.method, tc.path, admin, tc.body, tc.header...)
			if r.status != tc.status {
				t.Errorf("%s: status %d, want %d (%.200s)", tc.name, r.status, tc.status, r.body)
				continue
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Errorf("%s: Content-Type %q", tc.name, ct)
			}
			if strings.Contains(r.body, "goroutine") || strings.Contains(r.body, ".go:") {
				t.Errorf("%s: body leaks a trace: %.200s", tc.name, r.body)
			}
		}
	})
}

func TestAPIValidationInCallersLanguage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.token("admin@example.org")

		// huma's own schema validation (a missing property, an enum).
		r := a.api(http.MethodPost, "/api/v1/users?lang=ko", admin, map[string]any{"email": "x@example.org", "role": "pilot", "password": "long-enough-pw"})
		p := decode[problem](t, r.body)
		if r.status != http.StatusUnprocessableEntity || !containsHangul(p.Detail) {
			t.Fatalf("schema errors: %d %s", r.status, r.body)
		}
		locs := map[string]string{}
		for _, e := range p.Errors {
			locs[e.Location] = e.Message
		}
		if locs["body.name"] == "" || locs["body.role"] == "" {
			t.Fatalf("want errors at body.name and body.role, got %v", locs)
		}
		if strings.Contains(r.body, "long-enough-pw") {
			t.Error("the error echoes the password back")
		}
		for loc, m := range locs {
			if strings.Contains(m, "expected") || !containsHangul(m) {
				t.Errorf("%s: message not translated: %q", loc, m)
			}
		}

		// The service's own rules (a bad e-mail, a short password, a taken address).
		r = a.api(http.MethodPost, "/api/v1/users", admin, map[string]any{
			"email": "not-an-email", "name": "X", "role": "learner", "password": "short", "country": "ZZ",
		}, "Accept-Language", "fr-FR,fr;q=0.9")
		p = decode[problem](t, r.body)
		if r.status != http.StatusUnprocessableEntity || len(p.Errors) != 3 {
			t.Fatalf("service validation: %d %s", r.status, r.body)
		}
		for _, e := range p.Errors {
			if e.Location != "body.email" && e.Location != "body.password" && e.Location != "body.country" {
				t.Errorf("unexpected location %q", e.Location)
			}
		}
		r = a.api(http.MethodPost, "/api/v1/users", admin, map[string]any{
			"email": "ADMIN@example.org", "name": "Dup", "role": "learner", "password": "long-enough-pw",
		})
		p = decode[problem](t, r.body)
		if r.status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Location != "body.email" {
			t.Fatalf("duplicate e-mail: %d %s", r.status, r.body)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func containsHangul(s string) bool {
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}
