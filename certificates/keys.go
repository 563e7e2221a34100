package certificates

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/store"
)

// SigningKey is one generation of the institute's Ed25519 key pair, as
// stored: the private key sealed with AES-256-GCM under the key secret.
type SigningKey struct {
	ID         int64
	Generation int
	PublicKey  []byte
	PrivateKey []byte // nonce ‖ sealed seed
	CreatedAt  time.Time
	UpdatedAt  time.Time
	RetiredAt  *time.Time
}

// TableName is the table of the signing keys.
func (SigningKey) TableName() string { return "signing_keys" }

// PublicKey is a published key: every generation stays published after it
// is retired, so the credentials it signed still verify.
type PublicKey struct {
	Generation int
	Key        ed25519.PublicKey
	CreatedAt  time.Time
	RetiredAt  *time.Time
}

// activeKey is the key that signs now.
type activeKey struct {
	PublicKey
	private ed25519.PrivateKey
}

// Keys keeps the institute's signing keys in the database, where every app
// process finds the same ones, each private key sealed under the key
// secret. The secret is the only thing the processes must share besides
// the database: a database dump alone cannot sign.
type Keys struct {
	db   *store.DB
	aead cipher.AEAD
	now  func() time.Time
}

// KeySecretSize is the key secret's length: an AES-256 key.
const KeySecretSize = 32

// NewKeys returns the key store sealing private keys under secret
// (KeySecretSize bytes).
func NewKeys(db *store.DB, secret []byte) (*Keys, error) {
	if len(secret) != KeySecretSize {
		return nil, fmt.Errorf("certificates: the key secret has %d bytes, want %d", len(secret), KeySecretSize)
	}
	block, err := aes.NewCipher(secret)
	if err != nil {
		return nil, fmt.Errorf("certificates: key secret: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("certificates: key secret: %w", err)
	}
	return &Keys{db: db, aead: aead, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}, nil
}

// LoadKeySecret returns the key secret: value when set (base64, standard
// or URL alphabet, of KeySecretSize bytes; BAEUM_KEY_SECRET), else the one
// kept in file, which is made (mode 0600) on first start. Several app
// servers share one database, so they must be given the same value.
func LoadKeySecret(value, file string) ([]byte, error) {
	if value = strings.TrimSpace(value); value != "" {
		return decodeSecret(value, "BAEUM_KEY_SECRET")
	}
	data, err := os.ReadFile(file)
	if err == nil {
		return decodeSecret(strings.TrimSpace(string(data)), file)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("certificates: read the key secret: %w", err)
	}
	secret := make([]byte, KeySecretSize)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
		return nil, fmt.Errorf("certificates: key secret: %w", err)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // made by a process starting beside this one
		return LoadKeySecret("", file)
	}
	if err != nil {
		return nil, fmt.Errorf("certificates: write the key secret: %w", err)
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(secret) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("certificates: write the key secret: %w", err)
	}
	return secret, nil
}

func decodeSecret(s, from string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySecretSize {
				return nil, fmt.Errorf("certificates: the key secret in %s has %d bytes, want %d", from, len(b), KeySecretSize)
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("certificates: the key secret in %s is not base64", from)
}

// seal and open keep a private key's seed under the secret, bound to its
// generation and public key so a sealed seed cannot be moved to another row.
func (k *Keys) seal(generation int, pub ed25519.PublicKey, seed []byte) []byte {
	nonce := make([]byte, k.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return k.aead.Seal(nonce, nonce, seed, k.binding(generation, pub))
}

func (k *Keys) open(sk *SigningKey) (ed25519.PrivateKey, error) {
	n := k.aead.NonceSize()
	if len(sk.PrivateKey) < n {
		return nil, fmt.Errorf("certificates: signing key %d is damaged", sk.Generation)
	}
	seed, err := k.aead.Open(nil, sk.PrivateKey[:n], sk.PrivateKey[n:], k.binding(sk.Generation, sk.PublicKey))
	if err != nil {
		return nil, fmt.Errorf("certificates: signing key %d does not open with this key secret (BAEUM_KEY_SECRET differs from the one it was made with)", sk.Generation)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	if !priv.Public().(ed25519.PublicKey).Equal(ed25519.PublicKey(sk.PublicKey)) {
		return nil, fmt.Errorf("certificates: signing key %d: the private key does not match the public one", sk.Generation)
	}
	return priv, nil
}

func (k *Keys) binding(generation int, pub []byte) []byte {
	return append([]byte(fmt.Sprintf("baeum signing key %d ", generation)), pub...)
}

// insert stores a new key pair of generation; false when that generation
// exists already (another process made it first).
func (k *Keys) insert(ctx context.Context, generation int) (bool, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return false, err
	}
	now := k.now()
	row := SigningKey{Generation: generation, PublicKey: pub, PrivateKey: k.seal(generation, pub, priv.Seed()), CreatedAt: now, UpdatedAt: now}
	res := k.db.Conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return false, fmt.Errorf("certificates: store signing key %d: %w", generation, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// active returns the key that signs now: the newest generation not
// retired, the first one made on first use.
func (k *Keys) active(ctx context.Context) (*activeKey, error) {
	for try := range 3 {
		var rows []SigningKey
		if err := k.db.Conn(ctx).Where("retired_at IS NULL").Order("generation DESC").Limit(1).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("certificates: signing key: %w", err)
		}
		if len(rows) == 1 {
			priv, err := k.open(&rows[0])
			if err != nil {
				return nil, err
			}
			sk := &rows[0]
			return &activeKey{PublicKey: PublicKey{Generation: sk.Generation, Key: ed25519.PublicKey(sk.PublicKey), CreatedAt: sk.CreatedAt}, private: priv}, nil
		}
		var n int64
		if err := k.db.Conn(ctx).Model(&SigningKey{}).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("certificates: signing keys: %w", err)
		}
		switch {
		case n > 0 && try > 0: // not the first key, made meanwhile by another process
			return nil, errors.New("certificates: every signing key is retired; run 'baeum keys rotate'")
		case n == 0:
			if _, err := k.insert(ctx, 1); err != nil {
				return nil, err
			}
		}
	}
	return nil, errors.New("certificates: no signing key after making one")
}

// Public lists every key ever used, oldest first: what the issuer's
// profile publishes. It makes the first key when there is none yet.
func (k *Keys) Public(ctx context.Context) ([]PublicKey, error) {
	if _, err := k.active(ctx); err != nil {
		return nil, err
	}
	var rows []SigningKey
	if err := k.db.Conn(ctx).Select("generation", "public_key", "created_at", "retired_at").Order("generation").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("certificates: signing keys: %w", err)
	}
	out := make([]PublicKey, len(rows))
	for i, r := range rows {
		out[i] = PublicKey{Generation: r.Generation, Key: ed25519.PublicKey(r.PublicKey), CreatedAt: r.CreatedAt, RetiredAt: r.RetiredAt}
	}
	return out, nil
}

// Rotate makes a new key pair that signs from now on and retires the one
// before (it stays published). Two rotations at once make one key: the
// second fails on the generation's unique constraint and says so.
func (k *Keys) Rotate(ctx context.Context) (*PublicKey, error) {
	var made *PublicKey
	err := k.db.InTx(ctx, func(ctx context.Context) error {
		var last int
		if err := k.db.Conn(ctx).Model(&SigningKey{}).Select("COALESCE(MAX(generation), 0)").Scan(&last).Error; err != nil {
			return fmt.Errorf("certificates: signing keys: %w", err)
		}
		ok, err := k.insert(ctx, last+1)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("certificates: another rotation made a key at the same time; run it again if one more is wanted")
		}
		now := k.now()
		if err := k.db.Conn(ctx).Model(&SigningKey{}).Where("generation < ? AND retired_at IS NULL", last+1).
			Updates(map[string]any{"retired_at": now, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("certificates: retire signing key %d: %w", last, err)
		}
		var row SigningKey
		if err := k.db.Conn(ctx).Where("generation = ?", last+1).First(&row).Error; err != nil {
			return fmt.Errorf("certificates: signing key %d: %w", last+1, err)
		}
		made = &PublicKey{Generation: row.Generation, Key: ed25519.PublicKey(row.PublicKey), CreatedAt: row.CreatedAt}
		return nil
	})
	return made, err
}
