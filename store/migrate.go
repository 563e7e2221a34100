package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/gorm/clause"
)

var forUpdate = clause.Locking{Strength: "UPDATE"}

//go:embed migrations
var migrations embed.FS

// Migrate applies every migration not yet applied, each in its own
// transaction, and records them in the goose_db_version table. The SQL lives
// in migrations/<dialect>/, numbered identically for both dialects.
func (d *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", d.Dialect, err)
	}
	for _, r := range results {
		log.InfoContext(ctx, "migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// MigrationStatus reports the current and newest available schema versions.
func (d *DB) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := d.provider()
	if err != nil {
		return 0, 0, err
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: migration status: %w", err)
	}
	return current, latest, nil
}

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.Dialect))
	if err != nil {
		return nil, fmt.Errorf("store: migrations for %s: %w", d.Dialect, err)
	}
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if d.Dialect == Postgres {
		// Several app processes may start at once: an advisory lock lets
		// one migrate while the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, sqlDB, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations for %s: %w", d.Dialect, err)
	}
	return p, nil
}
