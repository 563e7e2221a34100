package certificates_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/jobs"
	"github.com/baeum-lms/baeum/mail"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// riverDriver is River's driver on the test database, for doing what a
// process that died had done to the job table.
func riverDriver(t *testing.T, db *store.DB) riverdriver.Driver[*sql.Tx] {
	t.Helper()
	sqlDB, err := db.SQL()
	if err != nil {
		t.Fatal(err)
	}
	if db.Dialect == store.Postgres {
		return riverdatabasesql.New(sqlDB)
	}
	return riversqlite.New(sqlDB)
}

// withRiver migrates River's tables and hands the service's batches to
// River, as Jobs does once River runs in a process.
func withRiver(t *testing.T, e *env) {
	t.Helper()
	if err := jobs.Migrate(context.Background(), e.db); err != nil {
		t.Fatal(err)
	}
	e.svc.Jobs().Started()
}

func batchJob(t *testing.T, e *env, batchID int64) *rivertype.JobRow {
	t.Helper()
	c, err := river.NewClient(riverDriver(t, e.db), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.JobList(context.Background(), river.NewJobListParams().Kinds(certificates.BatchArgs{}.Kind()))
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range res.Jobs {
		var args certificates.BatchArgs
		if err := json.Unmarshal(j.EncodedArgs, &args); err == nil && args.BatchID == batchID {
			return j
		}
	}
	t.Fatalf("no River job for batch %d among %d", batchID, len(res.Jobs))
	return nil
}

// TestBatchResumesAfterCrash: the process running a batch dies half-way
// (its job left running in River, the batch running at k of n). A new
// process starts: River rescues the job, the batch carries on from where
// it was, finishes with its ZIP, and every trainee has exactly one
// certificate. Meanwhile a new request gets the same batch, not a second.
func TestBatchResumesAfterCrash(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		withRiver(t, e)
		const n = 30
		people := make([]trainee, n)
		for i := range people {
			people[i] = trainee{fmt.Sprintf("Trainee %02d", i), "", "VN"}
		}
		e.enrol(t, true, people...)
		b, err := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The dead process had taken the job, as River's fetch does...
		res, err := riverDriver(t, db).GetExecutor().JobGetAvailable(ctx, &riverdriver.JobGetAvailableParams{
			ClientID: "the-process-that-died", MaxAttemptedBy: 100, MaxToLock: 1, Queue: jobs.QueueBulk})
		if err != nil || len(res.Jobs) != 1 {
			t.Fatalf("take the job: %v %v", res, err)
		}
		fetched := time.Now()
		// ... and issued part of the cohort when it stopped.
		run, cancel := context.WithCancel(ctx)
		go func() {
			for storetest.Count(t, db, "certificates") < 5 {
				time.Sleep(time.Millisecond)
			}
			cancel()
		}()
		if err := e.svc.RunBatch(run, b.ID); !errors.Is(err, context.Canceled) {
			t.Fatalf("the interrupted run: %v", err)
		}
		partial := storetest.Count(t, db, "certificates")
		if partial == 0 || partial >= n {
			t.Fatalf("%d certificates when the process died, want part of %d", partial, n)
		}
		if b, err = e.svc.Batch(ctx, b.ID); err != nil || b.Status != certificates.BatchRunning {
			t.Fatalf("after the crash the batch is %+v %v, want running (its job will carry it on)", b, err)
		}
		if again, err := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID); err != nil || again.ID != b.ID {
			t.Fatalf("a new request during the crash: %+v %v, want the same batch", again, err)
		}

		// The new process: River rescues the job once it is older than
		// RescueAfter, and runs the batch in slices. As in production
		// (6 minutes against a 5-minute timeout), RescueAfter is longer
		// than the worker's timeout (5 slices): a shorter one rescues the
		// live process's own running job, which then runs twice and
		// backs off, and the batch stalled. Slices are long enough for a
		// loaded machine to render several certificates and the ZIP.
		e.svc.BatchSlice = 2 * time.Second
		const rescueAfter = 12 * time.Second
		time.Sleep(time.Until(fetched.Add(rescueAfter + time.Second)))
		log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
		r, err := jobs.StartWith(ctx, db, mail.LogSender{Log: log}, log, jobs.Config{MailEvery: time.Hour, RescueAfter: rescueAfter}, e.svc.Jobs())
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = r.Stop(context.Background()) }()
		deadline := time.Now().Add(3 * time.Minute)
		for b.Status != certificates.BatchDone && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
			if b, err = e.svc.Batch(ctx, b.ID); err != nil {
				t.Fatal(err)
			}
		}
		if b.Status != certificates.BatchDone || b.Done != n || b.Total != n {
			t.Fatalf("after the restart: %+v", b)
		}
		var got struct{ Rows, Enrolments int64 }
		if err := db.Gorm.Raw("SELECT COUNT(*) AS rows, COUNT(DISTINCT enrolment_id) AS enrolments FROM certificates").Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got.Rows != n || got.Enrolments != n {
			t.Fatalf("%d certificates for %d trainees, want exactly one each of %d", got.Rows, got.Enrolments, n)
		}
		if entries := zipEntries(t, e, b); len(entries) != n {
			t.Fatalf("%d entries in the ZIP, want %d", len(entries), n)
		}
	})
}

// TestBatchWhoseJobIsGone: River no longer has an open batch's job (it gave
// up, or an operator cancelled it): the batch is marked failed, its ZIP
// says so, and a new request starts a new batch that finishes the work.
func TestBatchWhoseJobIsGone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		withRiver(t, e)
		e.enrol(t, true, trainee{"Kim Min-jun", "김민준", "KR"}, trainee{"Sok Dara", "", "KH"})
		b, err := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		c, err := river.NewClient(riverDriver(t, db), &river.Config{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.JobCancel(ctx, batchJob(t, e, b.ID).ID); err != nil {
			t.Fatal(err)
		}
		if b, err = e.svc.Batch(ctx, b.ID); err != nil || b.Status != certificates.BatchFailed {
			t.Fatalf("batch without its job: %+v %v, want failed", b, err)
		}
		if _, err := e.svc.OpenZip(ctx, b); !errors.Is(err, certificates.ErrBatchFailed) {
			t.Errorf("ZIP of the failed batch: %v", err)
		}
		b2, err := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID)
		if err != nil || b2.ID == b.ID || b2.Status != certificates.BatchQueued {
			t.Fatalf("new request: %+v %v, want a new batch", b2, err)
		}
		e.svc.JobPending = nil // run here, as the command line does
		if err := e.svc.RunBatch(ctx, b2.ID); err != nil {
			t.Fatal(err)
		}
		if b2, _ = e.svc.Batch(ctx, b2.ID); b2.Status != certificates.BatchDone || b2.Issued != 2 {
			t.Fatalf("the new batch: %+v", b2)
		}
	})
}

// TestBatchStalled: a running batch that has written no progress for
// minutes says so (the page and the API show it).
func TestBatchStalled(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		e.enrol(t, true, trainee{"Kim Min-jun", "", "KR"})
		b, err := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ = e.svc.Batch(ctx, b.ID); b.Stalled {
			t.Fatal("a queued batch is stalled")
		}
		if err := db.Gorm.Exec("UPDATE certificate_batches SET status = ?, updated_at = ? WHERE id = ?", certificates.BatchRunning,
			time.Now().UTC().Add(-10*time.Minute), b.ID).Error; err != nil {
			t.Fatal(err)
		}
		if b, _ = e.svc.Batch(ctx, b.ID); !b.Stalled || b.Status != certificates.BatchRunning {
			t.Fatalf("running without progress for 10 minutes: %+v", b)
		}
	})
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
