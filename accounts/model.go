// Package accounts owns Baeum's people and their access: users and roles,
// passwords (argon2id), browser sessions and API tokens kept in the database,
// the login rate limit and the audit log.
package accounts

import (
	"slices"
	"time"
)

// Role is what a user may do. Admins may do everything.
type Role string

// The roles.
const (
	RoleLearner     Role = "learner"
	RoleCoordinator Role = "coordinator"
	RoleStaff       Role = "staff"
	RoleAdmin       Role = "admin"
)

// Roles lists every role, least privileged first.
var Roles = []Role{RoleLearner, RoleCoordinator, RoleStaff, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is a person who signs in.
type User struct {
	ID           int64
	Email        string
	Name         string // as in the passport, Latin letters
	NativeName   string // in the person's own script, optional
	PasswordHash string `json:"-"`
	Role         Role
	Locale       string // preferred UI locale, "" for none
	Country      string // ISO 3166-1 alpha-2, "" for none
	Position     string
	Organisation string
	Gender       string // "female", "male", "other" or "" (not given)
	Active       bool
	LastLoginAt  *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Can reports whether the user holds one of roles (admins hold every role).
func (u *User) Can(roles ...Role) bool {
	if u == nil || !u.Active {
		return false
	}
	return u.Role == RoleAdmin || slices.Contains(roles, u.Role)
}

// Session is a signed-in browser. Only the SHA-256 of its cookie value is
// stored, so a leaked database row cannot be replayed as a cookie.
type Session struct {
	ID         int64
	TokenHash  string
	UserID     int64
	ExpiresAt  time.Time
	LastSeenAt time.Time
	IP         string
	UserAgent  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// APIToken lets a program act as a user. Only its hash is stored; Prefix (the
// first characters) lets the owner tell tokens apart.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  string
	Prefix     string
	LastUsedAt *time.Time
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName keeps gorm on the migrated table name.
func (APIToken) TableName() string { return "api_tokens" }

// loginFailure is one failed sign-in, counted by the rate limit.
type loginFailure struct {
	ID        int64
	Scope     string
	Key       string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (loginFailure) TableName() string { return "login_failures" }

// AuditEntry is one change recorded in the audit log.
type AuditEntry struct {
	ID         int64
	ActorID    *int64
	Action     string // e.g. "user.create"
	EntityType string // e.g. "user"
	EntityID   int64
	Detail     string // JSON object with what changed
	IP         string
	CreatedAt  time.Time
	UpdatedAt  time.Time

	ActorEmail string `gorm:"->;-:migration"` // filled by list queries
}

// TableName keeps gorm on the migrated table name.
func (AuditEntry) TableName() string { return "audit_log" }

// Actor is who makes a change and from where, for the audit log.
type Actor struct {
	UserID int64
	IP     string
}
