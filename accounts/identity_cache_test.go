package accounts

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// refusedWithin polls fn until it answers ErrUnauthenticated, for at most
// a few seconds (a watcher's period is a quarter second), and reports
// whether it did.
func refusedWithin(t *testing.T, fn func() error) bool {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		err := fn()
		if errors.Is(err, ErrUnauthenticated) {
			return true
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return false
}

// TestIdentityCache: a session's or token's user is answered from the
// cache (fewer queries than a lookup), as a copy of its own; two users'
// tokens never answer for each other; revoking a token, signing out and
// deactivating a user are refused on the very next request in the process
// that made the change, and in another process once its watcher re-reads
// the identity version.
func TestIdentityCache(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := NewService(db)
		other := NewService(storetest.Reopen(t, db)) // a second app server
		admin := mustCreate(t, s, "admin@example.org", RoleAdmin)
		ama := mustCreate(t, s, "ama@example.gh", RoleLearner)
		bold := mustCreate(t, s, "bold@example.mn", RoleLearner)
		amaToken, amaRow, err := s.CreateToken(ctx, Actor{UserID: ama.ID}, ama, "laptop")
		if err != nil {
			t.Fatal(err)
		}
		boldToken, _, err := s.CreateToken(ctx, Actor{UserID: bold.ID}, bold, "phone")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			for _, tc := range []struct {
				token string
				id    int64
			}{{amaToken, ama.ID}, {boldToken, bold.ID}} {
				for _, svc := range []*Service{s, other} {
					u, err := svc.TokenUser(ctx, tc.token)
					if err != nil || u.ID != tc.id {
						t.Fatalf("token of user %d answers %+v %v", tc.id, u, err)
					}
				}
			}
		}
		queries := storetest.CountQueries(t, db)
		u, err := s.TokenUser(ctx, amaToken)
		if err != nil {
			t.Fatal(err)
		}
		if n := queries.Count(); n > 1 {
			t.Errorf("a cached token took %d queries, want at most the version's", n)
		}
		u.Name, u.Role = "Changed by a handler", RoleAdmin
		if again, _ := s.TokenUser(ctx, amaToken); again.Name != ama.Name || again.Role != RoleLearner {
			t.Fatalf("the cache handed out its own user: %+v", again)
		}

		// Revoked here: refused at once here, soon on the other server.
		if err := s.RevokeToken(ctx, Actor{UserID: ama.ID}, ama, amaRow.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, amaToken); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("a revoked token on the next request: %v", err)
		}
		if !refusedWithin(t, func() error { _, err := other.TokenUser(ctx, amaToken); return err }) {
			t.Fatal("the other server still accepts the revoked token")
		}
		if u, err := other.TokenUser(ctx, boldToken); err != nil || u.ID != bold.ID {
			t.Fatalf("another user's token after the revocation: %+v %v", u, err)
		}

		// Signed out on the other server.
		sess, err := s.StartSession(ctx, bold, "192.0.2.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		for _, svc := range []*Service{s, other} {
			if _, err := svc.SessionUser(ctx, sess); err != nil {
				t.Fatal(err)
			}
		}
		if err := other.EndSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if !refusedWithin(t, func() error { _, err := s.SessionUser(ctx, sess); return err }) {
			t.Fatal("a session ended on the other server is still accepted")
		}

		// Deactivated: every session and token of the user ends.
		sess, err = s.StartSession(ctx, bold, "192.0.2.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.SessionUser(ctx, sess); err != nil {
			t.Fatal(err)
		}
		off := false
		if _, err := s.UpdateUser(ctx, Actor{UserID: admin.ID}, bold.ID, UserChange{Active: &off}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, boldToken); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("a deactivated user's token here: %v", err)
		}
		if !refusedWithin(t, func() error { _, err := other.SessionUser(ctx, sess); return err }) {
			t.Fatal("a deactivated user's session is still accepted on the other server")
		}
	})
}
