package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/i18n"
)

// LimitError says that sign-in is blocked for a while after too many failures.
type LimitError struct {
	After time.Duration
}

func (e *LimitError) Error() string { return "accounts: too many failed sign-ins" }

// RetryAfter is how long the caller should wait.
func (e *LimitError) RetryAfter() time.Duration { return e.After }

// Unwrap exposes the translatable domain error.
func (e *LimitError) Unwrap() error {
	return i18n.NewError(i18n.KindTooMany, "error.login.too_many", "Minutes", e.minutes())
}

// minutes is the wait in whole minutes, rounded up (15 min → 15, 14 min 1 s
// → 15), never 0, so the message agrees with Retry-After.
func (e *LimitError) minutes() int {
	return max(1, int((e.After+time.Minute-1)/time.Minute))
}

// Authenticate checks an e-mail and password from the client address ip.
//
// Guessing is limited without letting anyone lock another person out (the
// rule the README's security section states):
//   - LoginLimit failures for one account from one address within
//     LoginWindow refuse that address for that account (LimitError) until the
//     oldest of them leaves the window;
//   - LoginIPLimit failures from one address, whatever the accounts, refuse
//     that address;
//   - an account is never refused for failures made elsewhere: once it has
//     LoginLimit failures within the window from any addresses, each further
//     attempt on it waits, LoginDelay doubling with every failure up to
//     LoginMaxDelay, before its password is checked. The real person still
//     signs in, a little slower, while a guesser's pace drops.
//
// It answers the same ErrBadCredentials whether the e-mail is unknown, the
// account inactive or the password wrong, and spends the same hashing time in
// each case. The counters live in the database, so every process agrees.
func (s *Service) Authenticate(ctx context.Context, email, password, ip string) (*User, error) {
	email = failureKey(normaliseEmail(email))
	if err := s.checkLimit(ctx, email, ip); err != nil {
		return nil, err
	}
	if err := s.slowDown(ctx, email); err != nil {
		return nil, err
	}
	var u User
	err := s.db.Conn(ctx).Where("email = ?", email).First(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("accounts: load user for sign-in: %w", err)
	}
	hash := u.PasswordHash
	if hash == "" || hash == NoPassword {
		hash = dummyHash() // same work whether or not a usable password exists
	}
	ok, herr := CheckPassword(hash, password)
	if herr != nil || !ok || u.ID == 0 || !u.Active {
		if err := s.recordFailure(ctx, email, ip); err != nil {
			return nil, err
		}
		return nil, ErrBadCredentials
	}
	now := s.now()
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		// The right password clears this address's count for the account.
		// The account's own count stays: it measures how hard the account
		// is being guessed, which one success does not lessen.
		if err := s.db.Conn(ctx).Where("scope = ? AND key = ?", scopeIP, pairKey(email, ip)).Delete(&loginFailure{}).Error; err != nil {
			return err
		}
		return s.db.Conn(ctx).Model(&User{}).Where("id = ?", u.ID).Update("last_login_at", now).Error
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: record sign-in of user %d: %w", u.ID, err)
	}
	u.LastLoginAt = &now
	return &u, nil
}

// The scopes of login_failures rows (the table's CHECK allows these two).
// Each failure writes three rows: the account (scope email, key the
// address), the client (scope ip, key the IP) and the pair (scope ip, key
// pairKey). An IP never contains "/", so a pair key cannot equal an IP key,
// and the caller chooses only the e-mail half of it.
const (
	scopeEmail = "email"
	scopeIP    = "ip"
)

func pairKey(email, ip string) string { return ip + "/" + email }

// failureKey bounds what an anonymous caller can make us store: no account
// has an address longer than 254 bytes, and the key must be valid UTF-8.
func failureKey(email string) string {
	email = strings.ToValidUTF8(email, "\uFFFD")
	for len(email) > 254 {
		_, size := utf8.DecodeLastRuneInString(email)
		email = email[:len(email)-size]
	}
	return email
}

// checkLimit refuses the pair (account, ip) or the ip when either has too
// many failures inside the window.
func (s *Service) checkLimit(ctx context.Context, email, ip string) error {
	for _, k := range []struct {
		key   string
		limit int
	}{{pairKey(email, ip), s.LoginLimit}, {ip, s.LoginIPLimit}} {
		// The newest limit failures inside the window; when there are
		// that many, the block lifts as the oldest of them leaves it.
		times, err := s.failures(ctx, scopeIP, k.key, k.limit)
		if err != nil {
			return err
		}
		if len(times) >= k.limit {
			after := times[len(times)-1].Add(s.LoginWindow).Sub(s.now())
			if after < time.Second {
				after = time.Second
			}
			return &LimitError{After: after}
		}
	}
	return nil
}

// failures returns the times of the newest (at most limit) failures of a key
// inside the window, newest first.
func (s *Service) failures(ctx context.Context, scope, key string, limit int) ([]time.Time, error) {
	var times []time.Time
	err := s.db.Conn(ctx).Model(&loginFailure{}).
		Where("scope = ? AND key = ? AND created_at > ?", scope, key, s.now().Add(-s.LoginWindow)).
		Order("created_at DESC").Limit(limit).Pluck("created_at", &times).Error
	if err != nil {
		return nil, fmt.Errorf("accounts: check sign-in limit: %w", err)
	}
	return times, nil
}

// loginDelay is the wait before an attempt on an account with n failures
// inside the window: none below LoginLimit, then LoginDelay doubling with
// each failure, at most LoginMaxDelay.
func (s *Service) loginDelay(n int) time.Duration {
	if n < s.LoginLimit || s.LoginDelay <= 0 {
		return 0
	}
	d := s.LoginDelay
	for i := s.LoginLimit; i < n && d < s.LoginMaxDelay; i++ {
		d *= 2
	}
	return min(d, s.LoginMaxDelay)
}

// slowDown waits before an attempt on an account that is being guessed.
func (s *Service) slowDown(ctx context.Context, email string) error {
	if s.LoginDelay <= 0 {
		return nil
	}
	// Counting stops where the delay stops growing.
	steps := 0
	for d := s.LoginDelay; d < s.LoginMaxDelay; d *= 2 {
		steps++
	}
	times, err := s.failures(ctx, scopeEmail, email, s.LoginLimit+steps+1)
	if err != nil {
		return err
	}
	d := s.loginDelay(len(times))
	if d == 0 {
		return nil
	}
	if err := s.sleep(ctx, d); err != nil {
		return fmt.Errorf("accounts: sign-in delay: %w", err)
	}
	return nil
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Service) recordFailure(ctx context.Context, email, ip string) error {
	now := s.now()
	rows := []loginFailure{
		{Scope: scopeEmail, Key: email, CreatedAt: now, UpdatedAt: now},
		{Scope: scopeIP, Key: ip, CreatedAt: now, UpdatedAt: now},
		{Scope: scopeIP, Key: pairKey(email, ip), CreatedAt: now, UpdatedAt: now},
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Create(&rows).Error; err != nil {
			return err
		}
		// Keep the table small: failures older than a day count for nothing.
		return s.db.Conn(ctx).Where("created_at < ?", now.Add(-24*time.Hour)).Delete(&loginFailure{}).Error
	})
	if err != nil {
		return fmt.Errorf("accounts: record failed sign-in: %w", err)
	}
	return nil
}
