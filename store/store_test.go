package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestMigrateUpFromEmpty(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		current, latest, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if current != latest || current < 1 {
			t.Fatalf("after migrate: current %d, latest %d", current, latest)
		}
		for _, table := range []string{"users", "sessions", "api_tokens", "login_failures", "audit_log"} {
			if !db.Gorm.Migrator().HasTable(table) {
				t.Errorf("table %s missing after migrate", table)
			}
		}
		// Migrating again is a no-op.
		if err := db.Migrate(ctx, discardLogger()); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
	})
}

func TestInTxRollsBackAndNests(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := db.Conn(ctx).Exec(`INSERT INTO users (email, name, password_hash, role, created_at, updated_at) VALUES ('a@example.org', 'A', 'x', 'learner', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`).Error; err != nil {
				return err
			}
			// A nested InTx joins the outer transaction.
			return db.InTx(ctx, func(ctx context.Context) error { return boom })
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx error = %v, want boom", err)
		}
		if n := storetest.Count(t, db, "users"); n != 0 {
			t.Fatalf("rolled-back insert left %d users", n)
		}
	})
}
