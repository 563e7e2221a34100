package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/web"
)

// Domain errors. Their ids are message ids, translated by the web layer.
var (
	ErrBadCredentials  = i18n.NewError(i18n.KindUnauthorized, "error.login.failed")
	ErrUnauthenticated = i18n.NewError(i18n.KindUnauthorized, "error.unauthenticated")
	ErrForbidden       = i18n.NewError(i18n.KindForbidden, "error.forbidden")
	ErrUserNotFound    = i18n.NewError(i18n.KindNotFound, "error.user.not_found")
	ErrTokenNotFound   = i18n.NewError(i18n.KindNotFound, "error.token.not_found")
	ErrLastAdmin       = i18n.NewError(i18n.KindConflict, "error.user.last_admin")
)

// Service holds the rules for users, sign-in, sessions, tokens and the audit
// log. Both the pages and the API call it.
type Service struct {
	db         *store.DB
	now        func() time.Time
	sleep      func(ctx context.Context, d time.Duration) error
	identities *identityCache

	// SessionTTL is how long a session lives without use.
	SessionTTL time.Duration
	// LoginLimit failures for one account from one IP within LoginWindow
	// refuse that IP for that account until the oldest failure leaves the
	// window; LoginIPLimit failures from one IP (any accounts) refuse that
	// IP. An account with LoginLimit failures from anywhere is slowed down,
	// never refused: each attempt waits LoginDelay, doubled per further
	// failure, at most LoginMaxDelay (Authenticate).
	LoginLimit    int
	LoginIPLimit  int
	LoginWindow   time.Duration
	LoginDelay    time.Duration
	LoginMaxDelay time.Duration
	// BaseURL is the site's public address, for links in mail.
	BaseURL string
}

// NewService returns the accounts service over db.
func NewService(db *store.DB) *Service {
	return &Service{
		db:            db,
		identities:    newIdentityCache(db),
		now:           func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		sleep:         sleepCtx,
		SessionTTL:    14 * 24 * time.Hour,
		LoginLimit:    10,
		LoginIPLimit:  50,
		LoginWindow:   15 * time.Minute,
		LoginDelay:    500 * time.Millisecond,
		LoginMaxDelay: 8 * time.Second,
	}
}

// NewUser is what creating a user needs.
type NewUser struct {
	Email      string
	Name       string
	NativeName string
	Password   string
	Role       Role
	Locale     string
	Country    string
}

// normaliseEmail trims and lower-cases an address; e-mail lookups are
// case-insensitive throughout.
func normaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

func validateProfile(v *i18n.ValidationError, name, nativeName, locale, country string) {
	switch {
	case strings.TrimSpace(name) == "":
		v.Add("name", "error.field.required")
	case utf8.RuneCountInString(name) > 200:
		v.Add("name", "error.field.too_long", "Max", 200)
	}
	if utf8.RuneCountInString(nativeName) > 200 {
		v.Add("native_name", "error.field.too_long", "Max", 200)
	}
	if locale != "" && !i18n.IsSupported(locale) {
		v.Add("locale", "error.field.locale")
	}
	if country != "" && !i18n.ValidCountry(country) {
		v.Add("country", "error.field.country")
	}
}

// CreateUser validates and stores a new user and records it in the audit
// log, in one transaction.
func (s *Service) CreateUser(ctx context.Context, actor Actor, in NewUser) (*User, error) {
	in.Email = normaliseEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	in.NativeName = strings.TrimSpace(in.NativeName)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	var v i18n.ValidationError
	if in.Email == "" {
		v.Add("email", "error.field.required")
	} else if !validEmail(in.Email) {
		v.Add("email", "error.field.email")
	}
	validateProfile(&v, in.Name, in.NativeName, in.Locale, in.Country)
	if !in.Role.Valid() {
		v.Add("role", "error.field.role")
	}
	if utf8.RuneCountInString(in.Password) < MinPasswordLength {
		v.Add("password", "error.field.password_short", "Min", MinPasswordLength)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u := &User{
		Email: in.Email, Name: in.Name, NativeName: in.NativeName, PasswordHash: hash,
		Role: in.Role, Locale: in.Locale, Country: in.Country, Active: true,
	}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Create(u).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				v.Add("email", "error.user.email_taken")
				return v.Err()
			}
			return fmt.Errorf("accounts: create user %s: %w", in.Email, err)
		}
		return s.Record(ctx, actor, "user.create", "user", u.ID, map[string]any{
			"email": u.Email, "role": u.Role, "country": u.Country,
		})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// UserChange lists the fields an admin may change; nil leaves a field as is.
type UserChange struct {
	Name         *string
	NativeName   *string
	Role         *Role
	Locale       *string
	Country      *string
	Active       *bool
	Position     *string
	Organisation *string
	Gender       *string
}

// Genders are the values Gender may take; "" means not given.
var Genders = []string{"female", "male", "other"}

// adminChangesKey serialises changes of role and activity (store.Serialise).
const adminChangesKey = 0x6261_6575_6d41 // "baeumA"

// UpdateUser applies change to user id, refuses to leave the institute
// without an active admin, and audits what changed. Deactivating a user ends
// their sessions and revokes their API tokens in the same transaction.
func (s *Service) UpdateUser(ctx context.Context, actor Actor, id int64, change UserChange) (*User, error) {
	var out *User
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		// Changes of role or activity run one at a time, so two admins
		// demoting each other cannot both see the other still an admin.
		if change.Role != nil || change.Active != nil {
			if err := s.db.Serialise(ctx, adminChangesKey); err != nil {
				return err
			}
		}
		var u User
		if err := s.db.ForUpdate(s.db.Conn(ctx)).First(&u, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrUserNotFound
			}
			return fmt.Errorf("accounts: load user %d: %w", id, err)
		}
		before := u
		if change.Name != nil {
			u.Name = strings.TrimSpace(*change.Name)
		}
		if change.NativeName != nil {
			u.NativeName = strings.TrimSpace(*change.NativeName)
		}
		if change.Locale != nil {
			u.Locale = *change.Locale
		}
		if change.Country != nil {
			u.Country = strings.ToUpper(strings.TrimSpace(*change.Country))
		}
		if change.Role != nil {
			u.Role = *change.Role
		}
		if change.Active != nil {
			u.Active = *change.Active
		}
		if change.Position != nil {
			u.Position = strings.TrimSpace(*change.Position)
		}
		if change.Organisation != nil {
			u.Organisation = strings.TrimSpace(*change.Organisation)
		}
		if change.Gender != nil {
			u.Gender = *change.Gender
		}
		var v i18n.ValidationError
		validateProfile(&v, u.Name, u.NativeName, u.Locale, u.Country)
		if utf8.RuneCountInString(u.Position) > 200 {
			v.Add("position", "error.field.too_long", "Max", 200)
		}
		if utf8.RuneCountInString(u.Organisation) > 200 {
			v.Add("organisation", "error.field.too_long", "Max", 200)
		}
		if u.Gender != "" && !slices.Contains(Genders, u.Gender) {
			v.Add("gender", "error.field.gender")
		}
		if !u.Role.Valid() {
			v.Add("role", "error.field.role")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if before.Role == RoleAdmin && before.Active && (u.Role != RoleAdmin || !u.Active) {
			var admins int64
			if err := s.db.Conn(ctx).Model(&User{}).Where("role = ? AND active = ? AND id <> ?", RoleAdmin, true, u.ID).Count(&admins).Error; err != nil {
				return fmt.Errorf("accounts: count admins: %w", err)
			}
			if admins == 0 {
				return ErrLastAdmin
			}
		}
		diff := map[string]any{}
		note := func(field string, from, to any) {
			if from != to {
				diff[field] = map[string]any{"from": from, "to": to}
			}
		}
		note("name", before.Name, u.Name)
		note("native_name", before.NativeName, u.NativeName)
		note("role", before.Role, u.Role)
		note("locale", before.Locale, u.Locale)
		note("country", before.Country, u.Country)
		note("active", before.Active, u.Active)
		note("position", before.Position, u.Position)
		note("organisation", before.Organisation, u.Organisation)
		note("gender", before.Gender, u.Gender)
		out = &u
		if len(diff) == 0 {
			return nil
		}
		if err := s.db.Conn(ctx).Select("name", "native_name", "role", "locale", "country", "active", "position", "organisation", "gender", "updated_at").Save(&u).Error; err != nil {
			return fmt.Errorf("accounts: update user %d: %w", id, err)
		}
		if !u.Active {
			if err := s.endAccess(ctx, u.ID); err != nil {
				return err
			}
		}
		// Sessions and tokens are cached with their user: any change to
		// the user (deactivated, another role, a new name) drops them.
		if err := s.db.Bump(ctx, store.VersionIdentity); err != nil {
			return err
		}
		action := "user.update"
		if actor.UserID == u.ID {
			action = "user.profile"
		}
		if before.Active && !u.Active {
			action = "user.deactivate"
		}
		return s.Record(ctx, actor, action, "user", u.ID, diff)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// endAccess deletes a user's sessions and revokes their tokens.
func (s *Service) endAccess(ctx context.Context, userID int64) error {
	if err := s.db.Conn(ctx).Where("user_id = ?", userID).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("accounts: end sessions of user %d: %w", userID, err)
	}
	now := s.now()
	if err := s.db.Conn(ctx).Model(&APIToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Updates(map[string]any{"revoked_at": now, "updated_at": now}).Error; err != nil {
		return fmt.Errorf("accounts: revoke tokens of user %d: %w", userID, err)
	}
	return nil
}

// SetLocale stores a user's preferred UI locale (their own choice, so it is
// not audited), and drops the cached identities that still carry the old
// one.
func (s *Service) SetLocale(ctx context.Context, userID int64, locale string) error {
	if !i18n.IsSupported(locale) {
		return &i18n.ValidationError{Fields: []i18n.FieldError{{Field: "locale", Msg: i18n.Msg("error.field.locale")}}}
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		err := s.db.Conn(ctx).Model(&User{}).Where("id = ?", userID).
			Updates(map[string]any{"locale": locale, "updated_at": s.now()}).Error
		if err != nil {
			return fmt.Errorf("accounts: set locale of user %d: %w", userID, err)
		}
		return s.db.Bump(ctx, store.VersionIdentity)
	})
}

// User returns the user with id.
func (s *Service) User(ctx context.Context, id int64) (*User, error) {
	var u User
	if err := s.db.Conn(ctx).First(&u, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrUserNotFound
		}
		return nil, fmt.Errorf("accounts: load user %d: %w", id, err)
	}
	return &u, nil
}

// UserByEmail returns the user with the address, case-insensitively.
func (s *Service) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	if err := s.db.Conn(ctx).Where("email = ?", normaliseEmail(email)).First(&u).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrUserNotFound
		}
		return nil, fmt.Errorf("accounts: load user %s: %w", email, err)
	}
	return &u, nil
}

// UserFilter narrows a user listing.
type UserFilter struct {
	Query   string // words in the name, native name or e-mail
	Role    Role
	Page    int // from 1
	PerPage int
}

// ListUsers returns one page of users, newest first, and the total count.
// Every word of the query must appear, ignoring case, in the name, the
// native name or the e-mail (web.Search): Болд finds "БОЛД Бат" and
// Nguyễn finds "NGUYỄN Văn An", which SQLite's LOWER alone would not.
func (s *Service) ListUsers(ctx context.Context, f UserFilter) ([]User, int64, error) {
	q := s.db.Conn(ctx).Model(&User{})
	search := web.ParseSearch(f.Query)
	for _, p := range search.Patterns() {
		q = q.Where(`(LOWER(name) LIKE ? ESCAPE '\' OR LOWER(native_name) LIKE ? ESCAPE '\' OR LOWER(email) LIKE ? ESCAPE '\')`, p, p, p)
	}
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	page, per := pageBounds(f.Page, f.PerPage)
	if !search.Exact() {
		// The patterns find a superset; the right ones are kept here.
		var found []User
		if err := q.Order("id DESC").Find(&found).Error; err != nil {
			return nil, 0, fmt.Errorf("accounts: list users: %w", err)
		}
		kept := found[:0]
		for _, u := range found {
			if search.Matches(u.Name, u.NativeName, u.Email) {
				kept = append(kept, u)
			}
		}
		from := min((page-1)*per, len(kept))
		return kept[from:min(from+per, len(kept))], int64(len(kept)), nil
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("accounts: count users: %w", err)
	}
	var users []User
	if err := q.Order("id DESC").Limit(per).Offset((page - 1) * per).Find(&users).Error; err != nil {
		return nil, 0, fmt.Errorf("accounts: list users: %w", err)
	}
	return users, total, nil
}

func pageBounds(page, per int) (int, int) {
	if page < 1 {
		page = 1
	}
	if per < 1 || per > 200 {
		per = 50
	}
	return page, per
}

// Record writes an audit entry inside the caller's transaction, if any.
func (s *Service) Record(ctx context.Context, actor Actor, action, entityType string, entityID int64, detail map[string]any) error {
	raw, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("accounts: audit %s: %w", action, err)
	}
	e := AuditEntry{Action: action, EntityType: entityType, EntityID: entityID, Detail: string(raw), IP: actor.IP}
	if actor.UserID != 0 {
		id := actor.UserID
		e.ActorID = &id
	}
	if err := s.db.Conn(ctx).Omit("ActorEmail").Create(&e).Error; err != nil {
		return fmt.Errorf("accounts: audit %s: %w", action, err)
	}
	return nil
}

// AuditFilter narrows an audit log listing.
type AuditFilter struct {
	EntityType string
	EntityID   int64
	Page       int
	PerPage    int
}

// ListAudit returns one page of the audit log, newest first, with the actor's
// e-mail, and the total count.
func (s *Service) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, int64, error) {
	q := s.db.Conn(ctx).Table("audit_log")
	if f.EntityType != "" {
		q = q.Where("audit_log.entity_type = ?", f.EntityType)
	}
	if f.EntityID != 0 {
		q = q.Where("audit_log.entity_id = ?", f.EntityID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("accounts: count audit log: %w", err)
	}
	page, per := pageBounds(f.Page, f.PerPage)
	var out []AuditEntry
	err := q.Select("audit_log.*, COALESCE(users.email, '') AS actor_email").
		Joins("LEFT JOIN users ON users.id = audit_log.actor_id").
		Order("audit_log.id DESC").Limit(per).Offset((page - 1) * per).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("accounts: list audit log: %w", err)
	}
	return out, total, nil
}
