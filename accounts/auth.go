package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

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
	return i18n.NewError(i18n.KindTooMany, "error.login.too_many", "Minutes", int(e.After.Round(time.Minute)/time.Minute)+1)
}

// Authenticate checks an e-mail and password. It first refuses callers that
// failed too often (per account and per IP), answers the same
// ErrBadCredentials whether the e-mail is unknown, the account inactive or the
// password wrong, and spends the same hashing time in each case.
func (s *Service) Authenticate(ctx context.Context, email, password, ip string) (*User, error) {
	email = normaliseEmail(email)
	if err := s.checkLimit(ctx, email, ip); err != nil {
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
		if err := s.db.Conn(ctx).Where("scope = ? AND key = ?", "email", email).Delete(&loginFailure{}).Error; err != nil {
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

func (s *Service) checkLimit(ctx context.Context, email, ip string) error {
	since := s.now().Add(-s.LoginWindow)
	for _, k := range [][2]string{{"email", email}, {"ip", ip}} {
		if k[1] == "" {
			continue
		}
		// The newest LoginLimit failures inside the window; when there are
		// that many, the block lifts as the oldest of them leaves it.
		var times []time.Time
		err := s.db.Conn(ctx).Model(&loginFailure{}).
			Where("scope = ? AND key = ? AND created_at > ?", k[0], k[1], since).
			Order("created_at DESC").Limit(s.LoginLimit).Pluck("created_at", &times).Error
		if err != nil {
			return fmt.Errorf("accounts: check sign-in limit: %w", err)
		}
		if len(times) >= s.LoginLimit {
			after := times[len(times)-1].Add(s.LoginWindow).Sub(s.now())
			if after < time.Second {
				after = time.Second
			}
			return &LimitError{After: after}
		}
	}
	return nil
}

func (s *Service) recordFailure(ctx context.Context, email, ip string) error {
	now := s.now()
	rows := []loginFailure{{Scope: "email", Key: email, CreatedAt: now, UpdatedAt: now}}
	if ip != "" {
		rows = append(rows, loginFailure{Scope: "ip", Key: ip, CreatedAt: now, UpdatedAt: now})
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

// newSecret returns a random token with a readable prefix.
func newSecret(prefix string) string {
	var b [20]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// StartSession creates a session for u and returns the cookie value.
func (s *Service) StartSession(ctx context.Context, u *User, ip, userAgent string) (string, error) {
	secret := newSecret("s_")
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	sess := Session{TokenHash: hashSecret(secret), UserID: u.ID, ExpiresAt: now.Add(s.SessionTTL), LastSeenAt: now, IP: ip, UserAgent: userAgent}
	if err := s.db.Conn(ctx).Create(&sess).Error; err != nil {
		return "", fmt.Errorf("accounts: start session for user %d: %w", u.ID, err)
	}
	return secret, nil
}

// SessionUser returns the active user behind a session cookie value. It
// slides the expiry forward at most every five minutes, so a busy page does
// not write on every request.
func (s *Service) SessionUser(ctx context.Context, secret string) (*User, error) {
	if secret == "" {
		return nil, ErrUnauthenticated
	}
	var sess Session
	err := s.db.Conn(ctx).Where("token_hash = ?", hashSecret(secret)).First(&sess).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: load session: %w", err)
	}
	now := s.now()
	if !sess.ExpiresAt.After(now) {
		return nil, ErrUnauthenticated
	}
	u, err := s.User(ctx, sess.UserID)
	if err != nil || !u.Active {
		return nil, ErrUnauthenticated
	}
	if now.Sub(sess.LastSeenAt) > 5*time.Minute {
		err := s.db.Conn(ctx).Model(&Session{}).Where("id = ?", sess.ID).
			Updates(map[string]any{"last_seen_at": now, "expires_at": now.Add(s.SessionTTL), "updated_at": now}).Error
		if err != nil {
			return nil, fmt.Errorf("accounts: touch session: %w", err)
		}
	}
	return u, nil
}

// EndSession deletes the session behind a cookie value (signing out).
func (s *Service) EndSession(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	if err := s.db.Conn(ctx).Where("token_hash = ?", hashSecret(secret)).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("accounts: end session: %w", err)
	}
	return nil
}

// CreateToken makes an API token for u. The plain token is returned once;
// only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, actor Actor, u *User, name string) (string, *APIToken, error) {
	name = strings.TrimSpace(name)
	var v i18n.ValidationError
	if name == "" {
		name = "API"
	}
	if len([]rune(name)) > 100 {
		v.Add("name", "error.field.too_long", "Max", 100)
	}
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	secret := newSecret("baeum_")
	t := &APIToken{UserID: u.ID, Name: name, TokenHash: hashSecret(secret), Prefix: secret[:12]}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Create(t).Error; err != nil {
			return fmt.Errorf("accounts: create token for user %d: %w", u.ID, err)
		}
		return s.Record(ctx, actor, "token.create", "api_token", t.ID, map[string]any{"name": t.Name, "user_id": u.ID})
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// TokenUser returns the active user behind a bearer token.
func (s *Service) TokenUser(ctx context.Context, secret string) (*User, error) {
	if !strings.HasPrefix(secret, "baeum_") {
		return nil, ErrUnauthenticated
	}
	var t APIToken
	err := s.db.Conn(ctx).Where("token_hash = ?", hashSecret(secret)).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: load token: %w", err)
	}
	now := s.now()
	if t.RevokedAt != nil || (t.ExpiresAt != nil && !t.ExpiresAt.After(now)) {
		return nil, ErrUnauthenticated
	}
	u, err := s.User(ctx, t.UserID)
	if err != nil || !u.Active {
		return nil, ErrUnauthenticated
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if err := s.db.Conn(ctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now).Error; err != nil {
			return nil, fmt.Errorf("accounts: touch token: %w", err)
		}
	}
	return u, nil
}

// ListTokens returns a user's tokens, newest first, revoked ones included.
func (s *Service) ListTokens(ctx context.Context, userID int64) ([]APIToken, error) {
	var out []APIToken
	if err := s.db.Conn(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("accounts: list tokens of user %d: %w", userID, err)
	}
	return out, nil
}

// RevokeToken revokes token id. Users revoke their own tokens; admins any.
// Revoking an already revoked token changes nothing.
func (s *Service) RevokeToken(ctx context.Context, actor Actor, by *User, id int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		var t APIToken
		err := s.db.Conn(ctx).First(&t, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && t.UserID != by.ID && !by.Can(RoleAdmin)) {
			return ErrTokenNotFound // never confirm that another user's token exists
		}
		if err != nil {
			return fmt.Errorf("accounts: load token %d: %w", id, err)
		}
		if t.RevokedAt != nil {
			return nil
		}
		now := s.now()
		if err := s.db.Conn(ctx).Model(&APIToken{}).Where("id = ?", id).Updates(map[string]any{"revoked_at": now, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("accounts: revoke token %d: %w", id, err)
		}
		return s.Record(ctx, actor, "token.revoke", "api_token", id, map[string]any{"name": t.Name, "user_id": t.UserID})
	})
}
