// Package store opens Baeum's database (an embedded SQLite file or PostgreSQL),
// applies the versioned migrations and runs work in transactions.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the SQL dialect of an open database.
type Dialect string

// The dialects Baeum runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: the gorm handle plus which dialect it speaks.
type DB struct {
	Gorm    *gorm.DB
	Dialect Dialect

	watchers watchers // the cache versions this process watches (Watch)
}

// ErrNotFound is returned by lookups that find no row.
var ErrNotFound = errors.New("store: not found")

// Open connects to the database named by rawURL. A "postgres://" or
// "postgresql://" URL selects PostgreSQL; "sqlite:PATH", "file:PATH" or a bare
// path selects an SQLite file, created with its folder if missing.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	cfg := &gorm.Config{
		Logger: logger.Discard,
		// Microseconds: PostgreSQL keeps no finer, so a time read back equals
		// the one written, on both dialects.
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		SkipDefaultTransaction: true,
		TranslateError:         true,
	}
	var (
		db      *gorm.DB
		dialect Dialect
		err     error
	)
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		dialect = Postgres
		db, err = gorm.Open(postgres.Open(rawURL), cfg)
	default:
		dialect = SQLite
		var dsn string
		dsn, err = sqliteDSN(rawURL)
		if err == nil {
			// Statements are prepared once per connection and reused:
			// preparing was a third of the catalogue's time on SQLite.
			// Bounded, since a search's IN list makes statements of many
			// lengths. (PostgreSQL needs no such setting: pgx caches the
			// prepared statements of each connection itself.)
			cfg.PrepareStmt = true
			cfg.PrepareStmtMaxSize = 256
			cfg.PrepareStmtTTL = time.Hour
			db, err = gorm.Open(sqlite.Open(dsn), cfg)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s database: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: open %s database: %w", dialect, err)
	}
	if dialect == Postgres {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
	} else {
		// SQLite serialises writers anyway; a small pool keeps readers
		// concurrent under WAL without piling up busy writers.
		sqlDB.SetMaxOpenConns(4)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("store: ping %s database: %w", dialect, err)
	}
	return &DB{Gorm: db, Dialect: dialect}, nil
}

// sqliteDSN turns "sqlite:path", "file:path" or "path" into a DSN for the
// pure-Go driver with foreign keys, WAL, a busy timeout and IMMEDIATE
// transactions (so two writers queue instead of failing to upgrade a lock).
func sqliteDSN(rawURL string) (string, error) {
	p := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "file:")
	p = strings.TrimPrefix(p, "//")
	query := ""
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p, query = p[:i], p[i+1:]
	}
	if p == "" {
		return "", errors.New("empty SQLite path")
	}
	if p != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return "", fmt.Errorf("create folder for %s: %w", p, err)
		}
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("parse SQLite options: %w", err)
	}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// No _time_format: glebarez/go-sqlite v1.23.0 stops reading options at
	// _time_format, so _txlock would be silently ignored and writers would
	// fail with SQLITE_BUSY instead of queueing. Times are all UTC, so the
	// driver's default text form still sorts and compares correctly.
	q.Set("_txlock", "immediate")
	return "file:" + p + "?" + q.Encode(), nil
}

// SQL returns the underlying *sql.DB.
func (d *DB) SQL() (*sql.DB, error) {
	return d.Gorm.DB()
}

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connection pool.
func (d *DB) Close() error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}
