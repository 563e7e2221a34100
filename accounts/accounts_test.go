package accounts

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash format: %s", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		if ok, err := CheckPassword(h, pw); err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AAAA$AAAA"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword accepted malformed hash %q", bad)
		}
	}
}

func newService(t *testing.T, db *store.DB) (*Service, *time.Time) {
	s := NewService(db)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	return s, &now
}

func mustCreate(t *testing.T, s *Service, email string, role Role) *User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), Actor{}, NewUser{Email: email, Name: "Test " + email, Password: "long-enough-pw", Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCreateUserValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ctx := context.Background()
		_, err := s.CreateUser(ctx, Actor{}, NewUser{Email: "no-at-sign", Name: " ", Password: "short", Role: "pilot", Locale: "xx", Country: "ZZ", NativeName: strings.Repeat("가", 201)})
		var v *i18n.ValidationError
		if !errors.As(err, &v) {
			t.Fatalf("err = %v, want a ValidationError", err)
		}
		for _, f := range []string{"email", "name", "native_name", "password", "role", "locale", "country"} {
			if !v.Has(f) {
				t.Errorf("no error for %s (got %v)", f, v)
			}
		}
		if n := storetest.Count(t, db, "users"); n != 0 {
			t.Fatalf("invalid input wrote %d users", n)
		}
		u := mustCreate(t, s, "  Mixed.Case@Example.ORG ", RoleLearner)
		if u.Email != "mixed.case@example.org" {
			t.Errorf("e-mail not normalised: %q", u.Email)
		}
		_, err = s.CreateUser(ctx, Actor{}, NewUser{Email: "MIXED.case@example.org", Name: "Dup", Password: "long-enough-pw", Role: RoleLearner})
		if !errors.As(err, &v) || !v.Has("email") || v.Fields[0].Msg.ID != "error.user.email_taken" {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		if n := storetest.Count(t, db, "audit_log", "action = ?", "user.create"); n != 1 {
			t.Fatalf("audit entries = %d, want 1", n)
		}
	})
}

func TestRateLimitWindow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, now := newService(t, db)
		var waits []time.Duration
		s.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
		ctx := context.Background()
		mustCreate(t, s, "a@example.org", RoleLearner)
		for i := 0; i < 10; i++ {
			*now = now.Add(time.Minute)
			if _, err := s.Authenticate(ctx, "a@example.org", "wrong-password", "10.0.0.1"); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		_, err := s.Authenticate(ctx, "a@example.org", "long-enough-pw", "10.0.0.1")
		var limit *LimitError
		if !errors.As(err, &limit) {
			t.Fatalf("11th attempt from the same address: %v, want LimitError", err)
		}
		// The first failure was at +1 min, now is +10 min: the block lifts
		// when it leaves the 15-minute window, 6 minutes from now.
		if limit.RetryAfter() != 6*time.Minute {
			t.Errorf("RetryAfter = %v, want 6m", limit.RetryAfter())
		}
		// The real person, elsewhere, signs in: slowed down, not refused.
		if _, err := s.Authenticate(ctx, "a@example.org", "long-enough-pw", "10.0.0.2"); err != nil {
			t.Fatalf("the account from another address: %v", err)
		}
		if len(waits) != 1 || waits[0] != s.LoginDelay {
			t.Errorf("waits before the attempt from elsewhere = %v, want [%v]", waits, s.LoginDelay)
		}
		*now = now.Add(6*time.Minute + time.Second)
		if _, err := s.Authenticate(ctx, "a@example.org", "long-enough-pw", "10.0.0.1"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// Success clears the address's count for the account, not the
		// account's or the address's own.
		if n := storetest.Count(t, db, "login_failures", "scope = ? AND key = ?", "ip", "10.0.0.1/a@example.org"); n != 0 {
			t.Errorf("pair failures after success = %d", n)
		}
		if n := storetest.Count(t, db, "login_failures", "scope = ? AND key = ?", "ip", "10.0.0.1"); n != 10 {
			t.Errorf("ip failures = %d, want 10", n)
		}
		if n := storetest.Count(t, db, "login_failures", "scope = ?", "email"); n != 10 {
			t.Errorf("account failures = %d, want 10", n)
		}
	})
}

// TestSignInLimitPerAddress: one address that fails on many accounts is
// refused on all of them past LoginIPLimit; others are not.
func TestSignInLimitPerAddress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, now := newService(t, db)
		s.LoginIPLimit = 12
		ctx := context.Background()
		mustCreate(t, s, "a@example.org", RoleLearner)
		for i := 0; i < 12; i++ {
			*now = now.Add(time.Second)
			email := "nobody" + string(rune('a'+i)) + "@example.org"
			if _, err := s.Authenticate(ctx, email, "wrong-password", "10.0.0.9"); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		var limit *LimitError
		if _, err := s.Authenticate(ctx, "a@example.org", "long-enough-pw", "10.0.0.9"); !errors.As(err, &limit) {
			t.Fatalf("13th failure's address: %v, want LimitError", err)
		}
		if _, err := s.Authenticate(ctx, "a@example.org", "long-enough-pw", "10.0.0.8"); err != nil {
			t.Fatalf("another address: %v", err)
		}
	})
}

// TestSignInSlowsDownAGuessedAccount: the wait before an attempt on an
// account grows with the failures from every address, up to the cap, and
// never becomes a refusal.
func TestSignInSlowsDownAGuessedAccount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, now := newService(t, db)
		var waits []time.Duration
		s.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
		ctx := context.Background()
		mustCreate(t, s, "a@example.org", RoleLearner)
		// 30 guesses from 10 addresses, three each: no address reaches its limit.
		for i := 0; i < 30; i++ {
			*now = now.Add(time.Second)
			ip := "10.0.1." + string(rune('0'+i%10))
			if _, err := s.Authenticate(ctx, "a@example.org", "wrong-password", ip); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("guess %d: %v", i+1, err)
			}
		}
		want := []time.Duration{}
		for n := 0; n < 30; n++ {
			if d := s.loginDelay(n); d > 0 {
				want = append(want, d)
			}
		}
		if len(waits) != 20 || waits[0] != 500*time.Millisecond || waits[1] != time.Second || waits[19] != s.LoginMaxDelay {
			t.Fatalf("waits = %v, want 20 from 500ms doubling to %v", waits, s.LoginMaxDelay)
		}
		for i := range want {
			if waits[i] != want[i] {
				t.Fatalf("wait %d = %v, want %v", i, waits[i], want[i])
			}
		}
		waits = nil
		u, err := s.Authenticate(ctx, "a@example.org", "long-enough-pw", "10.0.2.1")
		if err != nil || u.Email != "a@example.org" {
			t.Fatalf("the real person: %v", err)
		}
		if len(waits) != 1 || waits[0] != s.LoginMaxDelay {
			t.Errorf("the real person waited %v, want [%v]", waits, s.LoginMaxDelay)
		}
		// A caller that gives up during the wait gets its context's error.
		s.sleep = sleepCtx
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Authenticate(cctx, "a@example.org", "long-enough-pw", "10.0.2.1"); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled during the wait: %v", err)
		}
	})
}

func TestSessionsExpireAndSlide(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, now := newService(t, db)
		ctx := context.Background()
		u := mustCreate(t, s, "b@example.org", RoleCoordinator)
		secret, err := s.StartSession(ctx, u, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		*now = now.Add(13 * 24 * time.Hour)
		if _, err := s.SessionUser(ctx, secret); err != nil {
			t.Fatalf("day 13: %v", err)
		}
		// Use on day 13 slid the expiry: day 20 still works.
		*now = now.Add(7 * 24 * time.Hour)
		if _, err := s.SessionUser(ctx, secret); err != nil {
			t.Fatalf("day 20 after use on day 13: %v", err)
		}
		*now = now.Add(15 * 24 * time.Hour)
		if _, err := s.SessionUser(ctx, secret); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("after 15 idle days: %v", err)
		}
		if _, err := s.SessionUser(ctx, "s_forged"); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("forged session: %v", err)
		}
	})
}

// TestConcurrentLastAdmin: two admins demoting each other at once must not
// leave the institute without an admin (the row lock / serialised writers
// make the second demotion see the first).
func TestConcurrentLastAdmin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		a := mustCreate(t, s, "a1@example.org", RoleAdmin)
		b := mustCreate(t, s, "a2@example.org", RoleAdmin)
		learner := RoleLearner
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, target := range []*User{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.UpdateUser(context.Background(), Actor{}, target.ID, UserChange{Role: &learner})
			}()
		}
		wg.Wait()
		var admins int64
		if err := db.Gorm.Model(&User{}).Where("role = ? AND active = ?", RoleAdmin, true).Count(&admins).Error; err != nil {
			t.Fatal(err)
		}
		if admins < 1 {
			t.Fatalf("no admin left (errors: %v)", errs)
		}
	})
}

func TestEveryRoleHasAName(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Roles {
		if !b.Has("en", "role."+string(r)) {
			t.Errorf("role %s has no message role.%s", r, r)
		}
	}
}

// The sign-in limit's message says as many minutes as Retry-After, rounded
// up (it said 16 for 15).
func TestLimitMessageMinutes(t *testing.T) {
	t.Parallel()
	for after, want := range map[time.Duration]int{15 * time.Minute: 15, 14*time.Minute + time.Second: 15, 10 * time.Second: 1, 0: 1} {
		if got := (&LimitError{After: after}).minutes(); got != want {
			t.Errorf("%v: %d minutes, want %d", after, got, want)
		}
	}
}
