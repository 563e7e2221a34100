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
	"github.com/baeum-lms/baeum/mail"
	"github.com/baeum-lms/baeum/store"
)

// passwordToken lets its holder set a user's password once: the link in a
// welcome or reset mail. Only its hash is stored.
type passwordToken struct {
	ID        int64
	UserID    int64
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (passwordToken) TableName() string { return "password_tokens" }

// Password link errors.
var (
	ErrLinkInvalid = i18n.NewError(i18n.KindNotFound, "error.password_link.invalid")
)

// How long links stay valid, and how many reset mails an account may ask
// for in an hour.
const (
	WelcomeLinkTTL = 14 * 24 * time.Hour
	ResetLinkTTL   = 2 * time.Hour
	resetsPerHour  = 3
)

// PasswordLinks makes a one-time set-password token for each user (in one
// batch insert) and returns them by user id.
func (s *Service) PasswordLinks(ctx context.Context, userIDs []int64, ttl time.Duration) (map[int64]string, error) {
	now := s.now()
	out := make(map[int64]string, len(userIDs))
	rows := make([]passwordToken, 0, len(userIDs))
	for _, id := range userIDs {
		secret := newSecret("p_")
		out[id] = secret
		rows = append(rows, passwordToken{UserID: id, TokenHash: hashSecret(secret), ExpiresAt: now.Add(ttl), CreatedAt: now, UpdatedAt: now})
	}
	if len(rows) == 0 {
		return out, nil
	}
	if err := s.db.Conn(ctx).CreateInBatches(&rows, 500).Error; err != nil {
		return nil, fmt.Errorf("accounts: password links: %w", err)
	}
	return out, nil
}

// RequestPasswordReset mails a one-time link (valid ResetLinkTTL) to set a
// new password to the active account with email, in its owner's language.
// It does nothing, and returns no error, when there is no such account or
// it asked for resetsPerHour links within the hour: the caller answers the
// same either way, so nobody learns which addresses have accounts. The link
// and its mail (the outbox) are written in one transaction.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		u, secret, err := s.resetLink(ctx, email)
		if err != nil || u == nil {
			return err
		}
		b, err := i18n.Load()
		if err != nil {
			return fmt.Errorf("accounts: reset mail: %w", err)
		}
		l := b.Localizer(u.Locale)
		return mail.Enqueue(ctx, s.db, u.Email, l.T("mail.reset.subject"),
			l.T("mail.reset.body", "Name", u.Name, "Link", s.LinkURL(secret), "Hours", int(ResetLinkTTL.Hours())))
	})
}

// resetLink makes a reset token for the active account with email, or
// returns no user (and no error) when there is none or it asked too often.
func (s *Service) resetLink(ctx context.Context, email string) (*User, string, error) {
	u, err := s.UserByEmail(ctx, email)
	if errors.Is(err, ErrUserNotFound) || (err == nil && !u.Active) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	var recent int64
	if err := s.db.Conn(ctx).Model(&passwordToken{}).Where("user_id = ? AND created_at > ?", u.ID, s.now().Add(-time.Hour)).Count(&recent).Error; err != nil {
		return nil, "", fmt.Errorf("accounts: count reset links: %w", err)
	}
	if recent >= resetsPerHour {
		return nil, "", nil
	}
	links, err := s.PasswordLinks(ctx, []int64{u.ID}, ResetLinkTTL)
	if err != nil {
		return nil, "", err
	}
	return u, links[u.ID], nil
}

// LinkUser returns the account a valid, unused, unexpired link is for.
func (s *Service) LinkUser(ctx context.Context, secret string) (*User, error) {
	var t passwordToken
	err := s.db.Conn(ctx).Where("token_hash = ?", hashSecret(strings.TrimSpace(secret))).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && (t.UsedAt != nil || !t.ExpiresAt.After(s.now()))) {
		return nil, ErrLinkInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: load password link: %w", err)
	}
	u, err := s.User(ctx, t.UserID)
	if err != nil || !u.Active {
		return nil, ErrLinkInvalid
	}
	return u, nil
}

// SetPasswordWithLink sets the password of the link's account and spends
// the link (and every other open link of that account), in one
// transaction: a link works once.
func (s *Service) SetPasswordWithLink(ctx context.Context, secret, password, confirm string) (*User, error) {
	var v i18n.ValidationError
	if utf8.RuneCountInString(password) < MinPasswordLength {
		v.Add("password", "error.field.password_short", "Min", MinPasswordLength)
	} else if password != confirm {
		v.Add("confirm", "error.field.password_mismatch")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	var out *User
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		u, err := s.LinkUser(ctx, secret)
		if err != nil {
			return err
		}
		now := s.now()
		res := s.db.Conn(ctx).Model(&passwordToken{}).Where("token_hash = ? AND used_at IS NULL", hashSecret(strings.TrimSpace(secret))).
			Updates(map[string]any{"used_at": now, "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("accounts: spend password link: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return ErrLinkInvalid // spent by a concurrent request
		}
		if err := s.db.Conn(ctx).Model(&passwordToken{}).Where("user_id = ? AND used_at IS NULL", u.ID).
			Updates(map[string]any{"used_at": now, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("accounts: spend other links: %w", err)
		}
		if err := s.db.Conn(ctx).Model(&User{}).Where("id = ?", u.ID).Updates(map[string]any{"password_hash": hash, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("accounts: set password of %d: %w", u.ID, err)
		}
		// Whoever had the old password, or a token made with it, is shut
		// out: every session ends and every API token is revoked. The
		// browser that set the password gets a new session after this.
		if err := s.endAccess(ctx, u.ID); err != nil {
			return err
		}
		if err := s.db.Bump(ctx, store.VersionIdentity); err != nil {
			return err
		}
		out = u
		return s.Record(ctx, Actor{UserID: u.ID}, "user.password", "user", u.ID, map[string]any{"sessions_ended": true, "tokens_revoked": true})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LinkURL is the address of a set-password link.
func (s *Service) LinkURL(secret string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/password/" + secret
}
