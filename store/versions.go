package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// The cache versions (rows of cache_versions). A cache keys its entries by
// the version they were filled under and treats any other version as a
// miss; whatever changes the cached data bumps the version in the change's
// own transaction.
const (
	// VersionIdentity covers who a session or API token is: sessions,
	// tokens and the users behind them.
	VersionIdentity = "identity"
	// VersionCatalogue covers the courses: programmes, courses, their
	// translations and publish state (the catalogue) and each course's
	// tree of modules, lessons, questions and files.
	VersionCatalogue = "catalogue"
)

// DefaultWatchEvery is how often a watched version is re-read from the
// database when Watch is given no period: one small query a quarter second
// per process, whatever the traffic.
const DefaultWatchEvery = 250 * time.Millisecond

// Bump moves the named cache version on, inside the transaction of ctx when
// there is one, so that a change rolled back invalidates nothing and one
// committed is seen by every process within its watchers' period (at once
// by this process's own watchers, which re-read on their next use).
func (d *DB) Bump(ctx context.Context, name string) error {
	res := d.Conn(ctx).Exec("UPDATE cache_versions SET version = version + 1 WHERE name = ?", name)
	if res.Error != nil {
		return fmt.Errorf("store: bump cache version %s: %w", name, res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("store: bump cache version %s: no such version", name)
	}
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		if !slices.Contains(st.bumped, name) {
			st.bumped = append(st.bumped, name)
		}
		return nil
	}
	d.watchers.expire(name)
	return nil
}

// Version is one cache version as this process last read it. It is safe for
// concurrent use.
type Version struct {
	db    *DB
	name  string
	every time.Duration

	snap  atomic.Pointer[versionSnap]
	gen   atomic.Uint64 // local expiries (a bump committed by this process)
	reads atomic.Uint64 // reads from the database
	mu    sync.Mutex    // one re-read at a time
}

type versionSnap struct {
	value  int64
	readAt time.Time
	gen    uint64 // Version.gen when the read began
}

// Watch returns a watcher of the named cache version that re-reads it at
// most once per every (DefaultWatchEvery when every is 0 or less).
func (d *DB) Watch(name string, every time.Duration) *Version {
	if every <= 0 {
		every = DefaultWatchEvery
	}
	v := &Version{db: d, name: name, every: every}
	d.watchers.add(v)
	return v
}

// Current returns the version, read from the database when the last read
// is older than the watcher's period or a bump committed here since. While
// one caller re-reads a value that is merely old, the others get that value
// rather than wait; after a bump committed here, they wait for the new one.
// It never reads inside the transaction of ctx: a cache must not be filled
// under a version that is not committed.
func (v *Version) Current(ctx context.Context) (int64, error) {
	s := v.snap.Load()
	if v.fresh(s) {
		return s.value, nil
	}
	if s != nil && s.gen == v.gen.Load() {
		if !v.mu.TryLock() {
			return s.value, nil
		}
	} else {
		v.mu.Lock()
	}
	defer v.mu.Unlock()
	if s := v.snap.Load(); v.fresh(s) {
		return s.value, nil
	}
	gen := v.gen.Load()
	// Straight through database/sql, not gorm: this read is the cache's
	// own upkeep, a fixed cost per period, and must not show up in the
	// per-request query counts the tests keep.
	sqlDB, err := v.db.SQL()
	if err != nil {
		return 0, fmt.Errorf("store: read cache version %s: %w", v.name, err)
	}
	v.reads.Add(1)
	var value int64
	err = sqlDB.QueryRowContext(ctx, "SELECT version FROM cache_versions WHERE name = $1", v.name).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: read cache version %s: no such version", v.name)
	}
	if err != nil {
		return 0, fmt.Errorf("store: read cache version %s: %w", v.name, err)
	}
	v.snap.Store(&versionSnap{value: value, readAt: time.Now(), gen: gen})
	return value, nil
}

// Reads returns how many times this watcher has read the database.
func (v *Version) Reads() uint64 { return v.reads.Load() }

func (v *Version) fresh(s *versionSnap) bool {
	return s != nil && s.gen == v.gen.Load() && time.Since(s.readAt) < v.every
}

// watchers are the Versions a DB handed out, by name, so that a bump
// committed by this process expires them at once.
type watchers struct {
	mu     sync.Mutex
	byName map[string][]*Version
}

func (w *watchers) add(v *Version) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.byName == nil {
		w.byName = map[string][]*Version{}
	}
	w.byName[v.name] = append(w.byName[v.name], v)
}

func (w *watchers) expire(names ...string) {
	if len(names) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, n := range names {
		for _, v := range w.byName[n] {
			v.gen.Add(1)
		}
	}
}
