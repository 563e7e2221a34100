package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

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

type thingArgs struct {
	ThingID int64 `json:"thing_id"`
}

func (thingArgs) Kind() string { return "test_thing" }

type thingWorker struct {
	river.WorkerDefaults[thingArgs]
	done chan int64
}

func (w *thingWorker) Work(_ context.Context, job *river.Job[thingArgs]) error {
	w.done <- job.Args.ThingID
	return nil
}

// TestInsertInTransactionAndPending: a job queued inside a transaction
// exists only if the transaction commits; Pending sees it until it is
// worked, and never sees another id's.
func TestInsertInTransactionAndPending(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		rolledBack := errors.New("roll back")
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := jobs.Insert(ctx, db, thingArgs{ThingID: 9}); err != nil {
				return err
			}
			return rolledBack
		})
		if !errors.Is(err, rolledBack) {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(ctx context.Context) error { return jobs.Insert(ctx, db, thingArgs{ThingID: 7}) }); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[int64]bool{7: true, 9: false, 8: false} {
			if got, err := jobs.Pending(ctx, db, "test_thing", "thing_id", id); err != nil || got != want {
				t.Errorf("pending %d: %v %v, want %v", id, got, err, want)
			}
		}
		w := &thingWorker{done: make(chan int64, 1)}
		started := false
		r, err := jobs.StartWith(ctx, db, &recorder{}, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Config{MailEvery: time.Hour},
			jobs.Feature{Register: func(ws *river.Workers) { river.AddWorker(ws, w) }, Started: func() { started = true }})
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = r.Stop(context.Background()) }()
		if !started {
			t.Error("the feature was not told that River started")
		}
		select {
		case id := <-w.done:
			if id != 7 {
				t.Fatalf("worked thing %d, want 7 (the rolled-back one must not exist)", id)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the committed job was not worked")
		}
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if p, err := jobs.Pending(ctx, db, "test_thing", "thing_id", 7); err == nil && !p {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Error("the worked job is still pending")
	})
}
