// Package storetest hands tests a fresh, migrated database on every dialect
// that is available: SQLite always, PostgreSQL as well when
// BAEUM_TEST_DATABASE_URL is set. Each call gets its own database (an SQLite
// file in the test's temp dir, or a PostgreSQL schema of its own), so tests
// that use it can run in parallel.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/store"
)

// EnvURL names the environment variable with a PostgreSQL URL for tests.
const EnvURL = "BAEUM_TEST_DATABASE_URL"

// Each runs fn as a subtest once per available dialect, each with a fresh
// migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(string(d), func(t *testing.T) {
			fn(t, New(t, d))
		})
	}
}

// Dialects lists the dialects tests run on here.
func Dialects() []store.Dialect {
	ds := []store.Dialect{store.SQLite}
	if os.Getenv(EnvURL) != "" {
		ds = append(ds, store.Postgres)
	}
	return ds
}

// New returns a fresh migrated database of the dialect, closed (and for
// PostgreSQL dropped) when the test ends.
func New(tb testing.TB, d store.Dialect) *store.DB {
	tb.Helper()
	ctx := context.Background()
	var db *store.DB
	switch d {
	case store.SQLite:
		var err error
		db, err = store.Open(ctx, "sqlite:"+filepath.Join(tb.TempDir(), "test.db"))
		if err != nil {
			tb.Fatalf("storetest: %v", err)
		}
	case store.Postgres:
		db = newPostgres(tb)
	default:
		tb.Fatalf("storetest: unknown dialect %q", d)
	}
	tb.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		tb.Fatalf("storetest: migrate: %v", err)
	}
	return db
}

// newPostgres creates a schema of its own and opens a pool whose
// search_path points at it, so each test sees an empty database.
func newPostgres(tb testing.TB) *store.DB {
	tb.Helper()
	raw := os.Getenv(EnvURL)
	if raw == "" {
		tb.Skipf("storetest: %s is not set", EnvURL)
	}
	ctx := context.Background()
	admin, err := store.Open(ctx, raw)
	if err != nil {
		tb.Fatalf("storetest: PostgreSQL at %s is not reachable: %v", EnvURL, err)
	}
	defer func() { _ = admin.Close() }()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if err := admin.Gorm.Exec("CREATE SCHEMA " + schema).Error; err != nil { // name is generated above, never user input
		tb.Fatalf("storetest: create schema: %v", err)
	}
	tb.Cleanup(func() {
		drop, err := store.Open(context.Background(), raw)
		if err != nil {
			return
		}
		defer func() { _ = drop.Close() }()
		_ = drop.Gorm.Exec("DROP SCHEMA " + schema + " CASCADE").Error
	})
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatalf("storetest: parse %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		tb.Fatalf("storetest: open schema %s: %v", schema, err)
	}
	return db
}

// Count returns the number of rows in table, for assertions on what a test
// left behind.
func Count(tb testing.TB, db *store.DB, table string, where ...any) int64 {
	tb.Helper()
	var n int64
	q := db.Gorm.Table(table)
	if len(where) > 0 {
		q = q.Where(where[0], where[1:]...)
	}
	if err := q.Count(&n).Error; err != nil {
		tb.Fatalf("storetest: count %s: %v", table, err)
	}
	return n
}

// QueryCounter counts the statements a database runs, for tests that
// prove a page or list takes a bounded number of queries.
type QueryCounter struct{ n atomic.Int64 }

// Count returns the statements run since the last Reset.
func (q *QueryCounter) Count() int64 { return q.n.Load() }

// Reset starts counting from zero.
func (q *QueryCounter) Reset() { q.n.Store(0) }

// CountQueries registers a counter on every kind of statement of db.
func CountQueries(tb testing.TB, db *store.DB) *QueryCounter {
	tb.Helper()
	qc := &QueryCounter{}
	inc := func(db *gorm.DB) {
		if !db.DryRun { // gorm dry-runs a subquery to build its SQL; it is not sent
			qc.n.Add(1)
		}
	}
	cb := db.Gorm.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("storetest:count_query", inc),
		cb.Row().After("gorm:row").Register("storetest:count_row", inc),
		cb.Raw().After("gorm:raw").Register("storetest:count_raw", inc),
		cb.Create().After("gorm:create").Register("storetest:count_create", inc),
		cb.Update().After("gorm:update").Register("storetest:count_update", inc),
		cb.Delete().After("gorm:delete").Register("storetest:count_delete", inc),
	} {
		if err != nil {
			tb.Fatalf("storetest: count queries: %v", err)
		}
	}
	return qc
}

// Reopen opens a second handle on the database db is open on, as a second
// app process would: the same SQLite file, or the same PostgreSQL schema.
func Reopen(t testing.TB, db *store.DB) *store.DB {
	t.Helper()
	var raw string
	switch db.Dialect {
	case store.SQLite:
		var rows []struct {
			Name string
			File string
		}
		if err := db.Gorm.Raw("PRAGMA database_list").Scan(&rows).Error; err != nil || len(rows) == 0 {
			t.Fatalf("database_list: %v", err)
		}
		raw = "sqlite:" + rows[0].File
	case store.Postgres:
		var schema string
		if err := db.Gorm.Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(os.Getenv(EnvURL))
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		raw = u.String()
	}
	other, err := store.Open(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })
	return other
}
