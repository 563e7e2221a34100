package lrs

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Key is a credential of an LRS client: an authoring tool's player, a
// cmi5 content server, an analytics service.
type Key struct {
	ID         int64
	Name       string
	Key        string // the Basic user name, "lrs_…"
	SecretHash string `json:"-"`
	ReadOnly   bool   // may read statements and documents, not write them
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
	// Launch is set for a cmi5 AU's launch key (not stored here).
	Launch *LaunchKey `gorm:"-"`
}

// TableName is the keys' table.
func (Key) TableName() string { return "lrs_keys" }

// Service is the learning record store: its keys and its statements.
type Service struct {
	db          *store.DB
	acc         *accounts.Service
	homePage    string // the account home page of keys as authorities
	now         func() time.Time
	onLaunch    LaunchStatements
	checkLaunch LaunchCheck
	// Statements is where statements are kept.
	Statements *Store
}

// NewService returns the LRS on db; baseURL (the site's public address)
// names the home page of the accounts that keys act as.
func NewService(db *store.DB, acc *accounts.Service, baseURL string) *Service {
	home := strings.TrimRight(baseURL, "/")
	if !isIRL(home) {
		home = "http://localhost"
	}
	return &Service{db: db, acc: acc, homePage: home, now: time.Now, Statements: NewStore(db)}
}

// Errors of the keys.
var (
	ErrKeyNotFound     = i18n.NewError(i18n.KindNotFound, "error.lrs_key.not_found")
	ErrUnauthenticated = errors.New("lrs: no valid key")
)

const (
	keyNameMax          = 100
	keySecretPrefix     = "lrss_"
	keyIDPrefix         = "lrs_"
	keyTouchGranularity = time.Minute
)

func randomToken(prefix string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

func hashKeySecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes a key for the LRS. Only an admin may; the secret is
// answered once and only its hash kept.
func (s *Service) CreateKey(ctx context.Context, actor accounts.Actor, by *accounts.User, name string, readOnly bool) (string, *Key, error) {
	if by == nil || !by.Can(accounts.RoleAdmin) {
		return "", nil, accounts.ErrForbidden
	}
	name = strings.TrimSpace(name)
	var v i18n.ValidationError
	switch {
	case name == "":
		v.Add("name", "error.field.required")
	case len([]rune(name)) > keyNameMax:
		v.Add("name", "error.field.too_long", "Max", keyNameMax)
	}
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	secret := randomToken(keySecretPrefix, 20)
	now := s.now()
	k := &Key{Name: name, Key: randomToken(keyIDPrefix, 10), SecretHash: hashKeySecret(secret), ReadOnly: readOnly,
		CreatedBy: by.ID, CreatedAt: now, UpdatedAt: now}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Create(k).Error; err != nil {
			return fmt.Errorf("lrs: create key: %w", err)
		}
		return s.acc.Record(ctx, actor, "lrs_key.create", "lrs_key", k.ID, map[string]any{"name": k.Name, "key": k.Key, "read_only": readOnly})
	})
	if err != nil {
		return "", nil, err
	}
	return secret, k, nil
}

// Keys lists every key, newest first, revoked ones included. Admins only.
func (s *Service) Keys(ctx context.Context, by *accounts.User) ([]Key, error) {
	if by == nil || !by.Can(accounts.RoleAdmin) {
		return nil, accounts.ErrForbidden
	}
	var out []Key
	if err := s.db.Conn(ctx).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("lrs: list keys: %w", err)
	}
	return out, nil
}

// RevokeKey revokes key id: the next request signed with it is refused.
// Admins only; revoking a revoked key changes nothing.
func (s *Service) RevokeKey(ctx context.Context, actor accounts.Actor, by *accounts.User, id int64) error {
	if by == nil || !by.Can(accounts.RoleAdmin) {
		return accounts.ErrForbidden
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		var k Key
		err := s.db.Conn(ctx).First(&k, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrKeyNotFound
		}
		if err != nil {
			return fmt.Errorf("lrs: load key %d: %w", id, err)
		}
		if k.RevokedAt != nil {
			return nil
		}
		now := s.now()
		if err := s.db.Conn(ctx).Model(&Key{}).Where("id = ?", id).Updates(map[string]any{"revoked_at": now, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("lrs: revoke key %d: %w", id, err)
		}
		return s.acc.Record(ctx, actor, "lrs_key.revoke", "lrs_key", id, map[string]any{"name": k.Name, "key": k.Key})
	})
}

// Authenticate answers the key behind a Basic user name and password, or
// ErrUnauthenticated when they are no valid key's; any other error is
// storage failing. Keys are looked up on every request, so a revoked key
// is refused at once on every app server.
func (s *Service) Authenticate(ctx context.Context, key, secret string) (*Key, error) {
	if strings.HasPrefix(key, launchKeyPrefix) && strings.HasPrefix(secret, keySecretPrefix) {
		return s.authenticateLaunch(ctx, key, secret)
	}
	if !strings.HasPrefix(key, keyIDPrefix) || !strings.HasPrefix(secret, keySecretPrefix) {
		return nil, ErrUnauthenticated
	}
	var k Key
	err := s.db.Conn(ctx).Where("key = ?", key).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("lrs: load key: %w", err)
	}
	if k.RevokedAt != nil || subtle.ConstantTimeCompare([]byte(hashKeySecret(secret)), []byte(k.SecretHash)) != 1 {
		return nil, ErrUnauthenticated
	}
	now := s.now()
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > keyTouchGranularity {
		if err := s.db.Conn(ctx).Model(&Key{}).Where("id = ?", k.ID).Update("last_used_at", now).Error; err != nil {
			return nil, fmt.Errorf("lrs: touch key: %w", err)
		}
	}
	return &k, nil
}

// Authority is the agent a key's statements are stored under.
func (s *Service) Authority(k *Key) map[string]any {
	if k.Launch != nil {
		return s.baeumAuthority()
	}
	return map[string]any{"objectType": "Agent", "name": k.Name,
		"account": map[string]any{"homePage": s.homePage, "name": k.Key}}
}
