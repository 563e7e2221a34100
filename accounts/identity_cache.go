package accounts

import (
	"sync"
	"time"

	"github.com/baeum-lms/baeum/store"
)

// How long a session's or token's user is trusted without reading the
// database again, and how many are kept. Whatever ends a credential or
// changes a user bumps store.VersionIdentity, which drops every entry in
// every process within the watcher's period, so the TTL only bounds a
// change made behind the service's back (by hand in the database).
const (
	identityTTL     = 30 * time.Second
	identityEntries = 10_000
)

// identityCache keeps the user behind a credential, keyed by the SHA-256 of
// the credential's secret ("s:" sessions, "t:" API tokens): an entry can only
// be reached by someone holding that secret, so it never answers for anyone
// else. Failed lookups are never kept.
type identityCache struct {
	version *store.Version

	mu      sync.RWMutex
	entries map[string]identityEntry
}

type identityEntry struct {
	user    User
	version int64     // the identity version it was filled under
	until   time.Time // at most identityTTL, never past the credential's expiry
}

func newIdentityCache(db *store.DB) *identityCache {
	return &identityCache{version: db.Watch(store.VersionIdentity, 0), entries: map[string]identityEntry{}}
}

// get returns a copy of the user cached for key under version, if it is
// still good at now. The copy is the caller's to change.
func (c *identityCache) get(key string, version int64, now time.Time) (*User, bool) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if !ok || e.version != version || !now.Before(e.until) {
		return nil, false
	}
	u := e.user
	if u.LastLoginAt != nil {
		t := *u.LastLoginAt
		u.LastLoginAt = &t
	}
	return &u, true
}

// put keeps a copy of u for key under version until until (capped at
// identityTTL from now). When full it first drops what is stale, then, if
// need be, arbitrary entries: a dropped entry costs one lookup, nothing more.
func (c *identityCache) put(key string, version int64, u *User, now, until time.Time) {
	if limit := now.Add(identityTTL); until.After(limit) {
		until = limit
	}
	if !now.Before(until) {
		return
	}
	e := identityEntry{user: *u, version: version, until: until}
	if u.LastLoginAt != nil {
		t := *u.LastLoginAt
		e.user.LastLoginAt = &t
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= identityEntries {
		for k, old := range c.entries {
			if old.version != version || !now.Before(old.until) {
				delete(c.entries, k)
			}
		}
		for k := range c.entries {
			if len(c.entries) < identityEntries*9/10 {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[key] = e
}
