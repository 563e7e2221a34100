package lrs

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// LaunchKey is the LRS credential of one launched cmi5 AU: made when the
// AU fetches its auth token, for the launch's actor, registration and
// activity only, and valid until it expires. Subject is its launcher's
// name for the launch (package packages: "cmi5:<launch id>").
type LaunchKey struct {
	ID           int64
	Key          string
	SecretHash   string
	Subject      string
	Actor        string // the launch's agent, JSON
	Registration string
	ActivityID   string
	ExpiresAt    time.Time
	CreatedAt    time.Time
}

// TableName is the launch keys' table.
func (LaunchKey) TableName() string { return "lrs_launch_keys" }

const launchKeyPrefix = "cmi5_"

// LaunchStatements is told of statements stored with a launch key, after
// they are: its subject and what was sent. An error is logged, not
// answered: the statements are stored either way.
type LaunchStatements func(ctx context.Context, subject string, statements []map[string]any) error

// LaunchCheck is asked before statements sent with a launch key are
// stored: a reason answers 403 and stores none of them (cmi5 6.3: the LMS
// rejects statements that break the rules of its section 9).
type LaunchCheck func(ctx context.Context, subject string, statements []map[string]any) (string, error)

// OnLaunchStatements sets who checks statements sent with launch keys and
// who is told of them once stored.
func (s *Service) OnLaunchStatements(check LaunchCheck, f LaunchStatements) {
	s.checkLaunch, s.onLaunch = check, f
}

// EndLaunchKeys makes the launch keys of subject expire at the latest at
// until: at once when Baeum abandons a session, a grace period after the
// AU terminated it (cmi5 9.3.8).
func (s *Service) EndLaunchKeys(ctx context.Context, subject string, until time.Time) error {
	err := s.db.Conn(ctx).Model(&LaunchKey{}).Where("subject = ? AND expires_at > ?", subject, until).Update("expires_at", until).Error
	if err != nil {
		return fmt.Errorf("lrs: end launch keys of %s: %w", subject, err)
	}
	return nil
}

// IssueLaunchKey makes a credential for a launched AU and answers it as
// cmi5's auth-token: the base64 of "key:secret", which the AU sends as
// "Authorization: Basic <token>".
func (s *Service) IssueLaunchKey(ctx context.Context, subject string, actor map[string]any, registration, activityID string, ttl time.Duration) (string, error) {
	a, err := json.Marshal(actor)
	if err != nil {
		return "", fmt.Errorf("lrs: launch actor: %w", err)
	}
	secret := randomToken(keySecretPrefix, 20)
	now := s.now()
	k := &LaunchKey{Key: randomToken(launchKeyPrefix, 10), SecretHash: hashKeySecret(secret), Subject: subject, Actor: string(a),
		Registration: registration, ActivityID: activityID, ExpiresAt: now.Add(ttl), CreatedAt: now}
	if err := s.db.Conn(ctx).Create(k).Error; err != nil {
		return "", fmt.Errorf("lrs: create launch key: %w", err)
	}
	return base64.StdEncoding.EncodeToString([]byte(k.Key + ":" + secret)), nil
}

// authenticateLaunch answers the launch key behind a Basic user name and
// password, ErrUnauthenticated when there is none or it expired.
func (s *Service) authenticateLaunch(ctx context.Context, key, secret string) (*Key, error) {
	var lk LaunchKey
	err := s.db.Conn(ctx).Where("key = ?", key).Take(&lk).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("lrs: load launch key: %w", err)
	}
	if !s.now().Before(lk.ExpiresAt) || subtle.ConstantTimeCompare([]byte(hashKeySecret(secret)), []byte(lk.SecretHash)) != 1 {
		return nil, ErrUnauthenticated
	}
	return &Key{ID: lk.ID, Name: "cmi5 AU", Key: lk.Key, CreatedAt: lk.CreatedAt, UpdatedAt: lk.CreatedAt, Launch: &lk}, nil
}

// launchRefusal says why a launch key may not store st: cmi5 (section
// 9.1) has an AU's statements name the launch's actor and registration.
func launchRefusal(lk *LaunchKey, st map[string]any) string {
	var want map[string]any
	if json.Unmarshal([]byte(lk.Actor), &want) != nil {
		return "the launch has no actor"
	}
	if verb, _ := st["verb"].(map[string]any); verb != nil && verb["id"] == VerbVoided {
		return "a launched AU may not void statements (cmi5 6.3)"
	}
	actor, _ := st["actor"].(map[string]any)
	if agentKey(actor) != agentKey(want) {
		return "a launched AU's statements have the launch's actor"
	}
	ctxm, _ := st["context"].(map[string]any)
	if reg, _ := ctxm["registration"].(string); !strings.EqualFold(reg, lk.Registration) {
		return "a launched AU's statements have the launch's registration in their context"
	}
	return ""
}

// RecordStatement stores st under Baeum's own authority (an LMS statement
// of cmi5: launched, satisfied), through the validator like any other.
func (s *Service) RecordStatement(ctx context.Context, st map[string]any) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("lrs: encode statement: %w", err)
	}
	list, err := ParseStatements(raw, false)
	if err != nil {
		return fmt.Errorf("lrs: statement: %w", err)
	}
	_, err = s.Statements.Save(ctx, list, s.baeumAuthority(), false)
	return err
}

func (s *Service) baeumAuthority() map[string]any {
	return map[string]any{"objectType": "Agent", "name": "Baeum", "account": map[string]any{"homePage": s.homePage, "name": "baeum"}}
}
