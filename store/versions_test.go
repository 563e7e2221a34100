package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func stored(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	var v int64
	if err := db.Gorm.Raw("SELECT version FROM cache_versions WHERE name = ?", name).Scan(&v).Error; err != nil {
		t.Fatal(err)
	}
	return v
}

func TestBumpFollowsItsTransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, name := range []string{store.VersionIdentity, store.VersionCatalogue} {
			// A watcher with an hour's period: only a local expiry makes
			// it read again, so what it says shows whether one happened.
			w := db.Watch(name, time.Hour)
			before, err := w.Current(ctx)
			if err != nil {
				t.Fatal(err)
			}
			boom := errors.New("boom")
			err = db.InTx(ctx, func(ctx context.Context) error {
				if err := db.Bump(ctx, name); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("InTx = %v, want boom", err)
			}
			if got := stored(t, db, name); got != before {
				t.Errorf("%s after a rolled-back bump: %d, want %d", name, got, before)
			}
			if got, _ := w.Current(ctx); got != before {
				t.Errorf("%s watcher after a rolled-back bump: %d, want %d", name, got, before)
			}

			if err := db.InTx(ctx, func(ctx context.Context) error {
				// Twice in one transaction: two steps, one expiry.
				if err := db.Bump(ctx, name); err != nil {
					return err
				}
				return db.Bump(ctx, name)
			}); err != nil {
				t.Fatal(err)
			}
			if got := stored(t, db, name); got != before+2 {
				t.Errorf("%s after a committed bump: %d, want %d", name, got, before+2)
			}
			if got, err := w.Current(ctx); err != nil || got != before+2 {
				t.Errorf("%s watcher right after a committed bump: %d, %v; want %d", name, got, err, before+2)
			}

			// Outside a transaction the bump commits, and expires, at once.
			if err := db.Bump(ctx, name); err != nil {
				t.Fatal(err)
			}
			if got, err := w.Current(ctx); err != nil || got != before+3 {
				t.Errorf("%s watcher after a bump outside a transaction: %d, %v; want %d", name, got, err, before+3)
			}
		}
		if err := db.Bump(ctx, "nothing"); err == nil || !strings.Contains(err.Error(), "no such version") {
			t.Errorf("Bump(nothing) = %v, want no such version", err)
		}
		if _, err := db.Watch("nothing", 0).Current(ctx); err == nil {
			t.Error("Current of an unknown version: no error")
		}
	})
}

func TestWatchSeesAnotherProcessBump(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		other := storetest.Reopen(t, db)
		w := other.Watch(store.VersionCatalogue, 50*time.Millisecond)
		before, err := w.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(ctx context.Context) error { return db.Bump(ctx, store.VersionCatalogue) }); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		got := before
		for got == before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
			if got, err = w.Current(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if got != before+1 {
			t.Fatalf("other process's watcher: %d, want %d", got, before+1)
		}
	})
}

func TestWatchReadsOncePerPeriod(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := db.Watch(store.VersionIdentity, time.Hour)
		for range 100 {
			if _, err := w.Current(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := w.Reads(); n != 1 {
			t.Errorf("100 reads within the period ran %d queries, want 1", n)
		}
	})
}

func TestCurrentIgnoresTheOpenTransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		before := stored(t, db, store.VersionCatalogue)
		w := db.Watch(store.VersionCatalogue, time.Nanosecond)
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := db.Bump(ctx, store.VersionCatalogue); err != nil {
				return err
			}
			got, err := w.Current(ctx)
			if err != nil {
				return err
			}
			if got != before {
				t.Errorf("inside the bumping transaction: %d, want the committed %d", got, before)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestSQLTxSeesTheOpenTransaction: a library joining Baeum's transaction
// (River inserting a job) gets the database/sql transaction behind it,
// also through SQLite's prepared-statement wrapper; outside one, none.
func TestSQLTxSeesTheOpenTransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, ok := db.SQLTx(ctx); ok {
			t.Fatal("a transaction outside InTx")
		}
		err := db.InTx(ctx, func(ctx context.Context) error {
			tx, ok := db.SQLTx(ctx)
			if !ok {
				t.Fatal("no database/sql transaction inside InTx")
			}
			if _, err := tx.ExecContext(ctx, "UPDATE cache_versions SET version = version + 1 WHERE name = 'catalogue'"); err != nil {
				t.Fatal(err)
			}
			return context.Canceled // rolled back with the rest
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
	})
}
