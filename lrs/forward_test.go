package lrs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// remoteLRS is another LRS: it keeps each statement id once, refuses a
// batch holding an id it has (409, as strict LRSs do), and can be down,
// or take a batch and drop the connection before answering.
type remoteLRS struct {
	mu       sync.Mutex
	ids      map[string]int
	down     bool
	dropNext bool
	auth     string
}

func (r *remoteLRS) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if u, p, _ := req.BasicAuth(); u+":"+p != r.auth || req.Header.Get("X-Experience-API-Version") == "" || req.URL.Path != "/xapi/statements" {
		http.Error(w, "no", http.StatusUnauthorized)
		return
	}
	if r.down {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
		return
	}
	body, _ := io.ReadAll(req.Body)
	var list []struct{ ID string }
	if err := json.Unmarshal(body, &list); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, s := range list {
		if r.ids[s.ID] > 0 {
			http.Error(w, "conflict", http.StatusConflict)
			return
		}
	}
	for _, s := range list {
		r.ids[s.ID]++
	}
	if r.dropNext {
		r.dropNext = false
		conn, _, _ := w.(http.Hijacker).Hijack()
		_ = conn.Close()
		return
	}
	w.WriteHeader(http.StatusOK)
}

func TestForwarding(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		acc := accounts.NewService(db)
		admin, err := acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: "admin@example.org", Name: "Admin", Password: "long-enough-pw", Role: accounts.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		learner, err := acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: "l@example.org", Name: "L", Password: "long-enough-pw", Role: accounts.RoleLearner})
		if err != nil {
			t.Fatal(err)
		}
		svc := NewService(db, acc, "https://baeum.example.org")
		remote := &remoteLRS{ids: map[string]int{}, auth: "k:s"}
		srv := httptest.NewServer(remote)
		defer srv.Close()

		if _, err := svc.AddForward(ctx, accounts.Actor{}, learner, srv.URL+"/xapi/", "k", "s"); !errors.Is(err, accounts.ErrForbidden) {
			t.Errorf("a learner adds a forward: %v", err)
		}
		_, err = svc.AddForward(ctx, accounts.Actor{}, admin, "ftp://lrs.example.org", "", "")
		var v *i18n.ValidationError
		if !errors.As(err, &v) || len(v.Fields) != 3 || v.Fields[0].Field != "endpoint" {
			t.Errorf("a bad forward: %v", err)
		}
		f, err := svc.AddForward(ctx, accounts.Actor{}, admin, srv.URL+"/xapi", "k", "s")
		if err != nil {
			t.Fatal(err)
		}

		save := func(n int) {
			docs := make([]string, n)
			for i := range docs {
				docs[i] = fmt.Sprintf(`{"actor":{"mbox":"mailto:l%d@example.la"},"verb":{"id":%q},"object":{"id":"http://example.org/a"}}`, i, verbX)
			}
			if _, err := svc.Statements.Save(ctx, statements(t, docs...), nil, false); err != nil {
				t.Fatal(err)
			}
		}
		save(150)
		// The other LRS takes the first batch, then is down.
		client := srv.Client()
		var calls int
		client.Transport = roundTripFunc(func(req *http.Request) (*http.Response, error) {
			calls++
			if calls == 2 {
				remote.mu.Lock()
				remote.down = true
				remote.mu.Unlock()
			}
			return http.DefaultTransport.RoundTrip(req)
		})
		if err := svc.ForwardAll(ctx, client); err == nil || !strings.Contains(err.Error(), "503") {
			t.Fatalf("the other LRS down: %v", err)
		}
		list, _ := svc.Forwards(ctx, admin)
		if list[0].Position == 0 || !strings.Contains(list[0].LastError, "maintenance") || list[0].LastAttemptAt == nil {
			t.Errorf("after the failure: %+v", list[0])
		}
		// Up again, with more statements; it takes a batch and the
		// connection drops before it answers, as when this process is
		// killed mid-request; then everything goes, each once.
		remote.mu.Lock()
		remote.down, remote.dropNext = false, true
		remote.mu.Unlock()
		save(120)
		if err := svc.ForwardAll(ctx, srv.Client()); err == nil {
			t.Fatal("a dropped connection went unnoticed")
		}
		if err := svc.ForwardAll(ctx, srv.Client()); err != nil {
			t.Fatalf("after the restart: %v", err)
		}
		remote.mu.Lock()
		defer remote.mu.Unlock()
		if len(remote.ids) != 270 {
			t.Errorf("the other LRS has %d statements, want 270", len(remote.ids))
		}
		for id, n := range remote.ids {
			if n != 1 {
				t.Errorf("statement %s sent %d times", id, n)
			}
		}
		list, _ = svc.Forwards(ctx, admin)
		if list[0].LastError != "" {
			t.Errorf("last error kept: %q", list[0].LastError)
		}
		if err := svc.RemoveForward(ctx, accounts.Actor{}, admin, f.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := svc.Forwards(ctx, admin); len(list) != 0 {
			t.Errorf("removed forward still listed: %+v", list)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
