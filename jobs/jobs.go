// Package jobs runs Baeum's background work with River on the same
// database as everything else (no extra server): the delivery of the mail
// outbox, every few seconds, and the jobs that features add (a cohort's
// certificates), each on one process at a time.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/baeum-lms/baeum/mail"
	"github.com/baeum-lms/baeum/store"
)

// DeliverMailArgs is the periodic job that empties the mail outbox.
type DeliverMailArgs struct{}

// Kind names the job.
func (DeliverMailArgs) Kind() string { return "deliver_mail" }

type deliverWorker struct {
	river.WorkerDefaults[DeliverMailArgs]
	db     *store.DB
	sender mail.Sender
	log    *slog.Logger
}

func (w *deliverWorker) Work(ctx context.Context, _ *river.Job[DeliverMailArgs]) error {
	n, err := mail.Deliver(ctx, w.db, w.sender, 200)
	if n > 0 {
		w.log.InfoContext(ctx, "mail delivered", "messages", n)
	}
	return err
}

func driver(db *store.DB) (riverdriver.Driver[*sql.Tx], error) {
	sqlDB, err := db.SQL()
	if err != nil {
		return nil, err
	}
	if db.Dialect == store.Postgres {
		return riverdatabasesql.New(sqlDB), nil
	}
	return riversqlite.New(sqlDB), nil
}

// Migrate applies River's own migrations (its job tables).
func Migrate(ctx context.Context, db *store.DB) error {
	drv, err := driver(db)
	if err != nil {
		return err
	}
	m, err := rivermigrate.New(drv, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrator: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate River tables: %w", err)
	}
	return nil
}

// Runner is the started River client.
type Runner struct {
	client *river.Client[*sql.Tx]
	db     *store.DB
}

// QueueBulk is the queue of long jobs (a cohort's certificates), so that
// they never hold up the mail.
const QueueBulk = "bulk"

// Feature is what a feature package adds to the background work: its
// workers and its periodic jobs, and what it does once River runs (hand its
// service the queue). The feature defines them; cmd hands them to Start, so
// this package depends on no feature.
type Feature struct {
	Register func(*river.Workers)
	Periodic []*river.PeriodicJob
	Started  func()
}

// DefaultRescueAfter is how long a job may have been running before River
// takes it for the job of a process that died (killed, crashed, lost power)
// and runs it again. It must exceed the longest worker timeout, or a job still
// working would run twice: no worker here takes longer than five minutes (a
// long job works in slices and gives the queue back in between).
const DefaultRescueAfter = 6 * time.Minute

// Config sets the River client up.
type Config struct {
	// MailEvery is how often the outbox is emptied.
	MailEvery time.Duration
	// RescueAfter is DefaultRescueAfter unless set (tests set it short).
	RescueAfter time.Duration
}

// Start starts the workers. every is how often the outbox is emptied.
func Start(ctx context.Context, db *store.DB, sender mail.Sender, log *slog.Logger, every time.Duration, features ...Feature) (*Runner, error) {
	return StartWith(ctx, db, sender, log, Config{MailEvery: every}, features...)
}

// StartWith starts the workers as cfg says, then tells each feature.
func StartWith(ctx context.Context, db *store.DB, sender mail.Sender, log *slog.Logger, cfg Config, features ...Feature) (*Runner, error) {
	drv, err := driver(db)
	if err != nil {
		return nil, err
	}
	rescue := cmp.Or(cfg.RescueAfter, DefaultRescueAfter)
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliverWorker{db: db, sender: sender, log: log})
	periodic := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cfg.MailEvery),
		func() (river.JobArgs, *river.InsertOpts) { return DeliverMailArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
	for _, f := range features {
		if f.Register != nil {
			f.Register(workers)
		}
		periodic = append(periodic, f.Periodic...)
	}
	client, err := river.NewClient(drv, &river.Config{
		Logger:  log,
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}, QueueBulk: {MaxWorkers: 1}},
		Workers: workers,
		// River wants the default job timeout within the rescue time.
		JobTimeout:           min(time.Minute, rescue),
		RescueStuckJobsAfter: rescue,
		PeriodicJobs:         periodic,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: client: %w", err)
	}
	if err := client.Start(ctx); err != nil {
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	for _, f := range features {
		if f.Started != nil {
			f.Started()
		}
	}
	return &Runner{client: client, db: db}, nil
}

// Insert queues a job.
func (r *Runner) Insert(ctx context.Context, args river.JobArgs) error {
	return insert(ctx, r.client, r.db, args)
}

// Stop lets running jobs finish, then stops.
func (r *Runner) Stop(ctx context.Context) error { return r.client.Stop(ctx) }
