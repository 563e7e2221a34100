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
	"github.com/baeum-lms/baeum/store"
)

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

// SessionUser returns the active user behind a session cookie value, or
// ErrUnauthenticated when the value is no (longer a) session of an active
// user; any other error is storage failing, not a verdict on the session. It
// slides the expiry forward at most every five minutes, so a busy page does
// not write on every request. The answer is cached for the session (at most
// identityTTL, dropped when the identity version moves), so a busy session
// costs no query at all.
func (s *Service) SessionUser(ctx context.Context, secret string) (*User, error) {
	if secret == "" {
		return nil, ErrUnauthenticated
	}
	hash := hashSecret(secret)
	key := "s:" + hash
	// The version is read before the rows, so an entry is never labelled
	// with a version newer than what it was filled from.
	version, verr := s.identities.version.Current(ctx)
	if verr == nil {
		if u, ok := s.identities.get(key, version, s.now()); ok {
			return u, nil
		}
	}
	var sess Session
	err := s.db.Conn(ctx).Where("token_hash = ?", hash).First(&sess).Error
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
	u, err := s.activeUser(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	if now.Sub(sess.LastSeenAt) > 5*time.Minute {
		sess.ExpiresAt = now.Add(s.SessionTTL)
		err := s.db.Conn(ctx).Model(&Session{}).Where("id = ?", sess.ID).
			Updates(map[string]any{"last_seen_at": now, "expires_at": sess.ExpiresAt, "updated_at": now}).Error
		if err != nil {
			return nil, fmt.Errorf("accounts: touch session: %w", err)
		}
	}
	if verr == nil {
		s.identities.put(key, version, u, now, sess.ExpiresAt)
	}
	return u, nil
}

// activeUser loads the user behind a session or token. A user who is gone
// or inactive makes the credential worthless (ErrUnauthenticated); a failure
// to load them is an error of storage, returned as such, so that a database
// hiccup is not mistaken for a signed-out caller.
func (s *Service) activeUser(ctx context.Context, id int64) (*User, error) {
	u, err := s.User(ctx, id)
	if errors.Is(err, ErrUserNotFound) || (err == nil && !u.Active) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}

// EndSession deletes the session behind a cookie value (signing out) and,
// in the same transaction, bumps the identity version, so no process goes
// on answering for it from its cache.
func (s *Service) EndSession(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		res := s.db.Conn(ctx).Where("token_hash = ?", hashSecret(secret)).Delete(&Session{})
		if res.Error != nil {
			return fmt.Errorf("accounts: end session: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		return s.db.Bump(ctx, store.VersionIdentity)
	})
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

// TokenUser returns the active user behind a bearer token, or
// ErrUnauthenticated when it is no valid token of an active user; any other
// error is storage failing. Like SessionUser, the answer is cached for the
// token until the identity version moves (at most identityTTL).
func (s *Service) TokenUser(ctx context.Context, secret string) (*User, error) {
	if !strings.HasPrefix(secret, "baeum_") {
		return nil, ErrUnauthenticated
	}
	hash := hashSecret(secret)
	key := "t:" + hash
	version, verr := s.identities.version.Current(ctx)
	if verr == nil {
		if u, ok := s.identities.get(key, version, s.now()); ok {
			return u, nil
		}
	}
	var t APIToken
	err := s.db.Conn(ctx).Where("token_hash = ?", hash).First(&t).Error
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
	u, err := s.activeUser(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	// last_used_at is kept to the minute; a cached answer skips this, so
	// it may lag by up to identityTTL more.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if err := s.db.Conn(ctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now).Error; err != nil {
			return nil, fmt.Errorf("accounts: touch token: %w", err)
		}
	}
	if verr == nil {
		until := now.Add(identityTTL)
		if t.ExpiresAt != nil {
			until = *t.ExpiresAt
		}
		s.identities.put(key, version, u, now, until)
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
		if err := s.db.Bump(ctx, store.VersionIdentity); err != nil {
			return err
		}
		return s.Record(ctx, actor, "token.revoke", "api_token", id, map[string]any{"name": t.Name, "user_id": t.UserID})
	})
}
