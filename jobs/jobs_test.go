package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/jobs"
	"github.com/baeum-lms/baeum/mail"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

type recorder struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (r *recorder) Send(_ context.Context, m mail.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent)
}

// TestRiverDeliversTheOutbox runs River on the test database and waits for
// the periodic job to deliver queued messages exactly once each.
func TestRiverDeliversTheOutbox(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		for _, to := range []string{"a@example.org", "b@example.org"} {
			if err := mail.Enqueue(ctx, db, to, "Hello", "새마을 — Xin chào"); err != nil {
				t.Fatal(err)
			}
		}
		rec := &recorder{}
		r, err := jobs.Start(ctx, db, rec, slog.New(slog.NewTextHandler(io.Discard, nil)), 200*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = r.Stop(context.Background()) }()
		deadline := time.Now().Add(20 * time.Second)
		for rec.count() < 2 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if rec.count() != 2 {
			t.Fatalf("%d messages delivered, want 2", rec.count())
		}
		time.Sleep(500 * time.Millisecond) // later runs find nothing left to send
		if rec.count() != 2 {
			t.Fatalf("a message was delivered twice (%d)", rec.count())
		}
		if n := storetest.Count(t, db, "mail_outbox", "sent_at IS NULL"); n != 0 {
			t.Fatalf("%d messages still pending", n)
		}
	})
}
