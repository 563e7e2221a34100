// Package jobs runs Baeum's background work with River on the same
// database as everything else (no extra server): the delivery of the mail
// outbox, every few seconds, and the jobs that features add (a cohort's
// certificates), each on one process at a time.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"database/sql"
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
}

// QueueBulk is the queue of long jobs (a cohort's certificates), so that
// they never hold up the mail.
const QueueBulk = "bulk"

// Feature is what a feature package adds to the background work: its
// workers and its periodic jobs. The feature defines them; cmd hands them
// to Start, so this package depends on no feature.
type Feature struct {
	Register func(*river.Workers)
	Periodic []*river.PeriodicJob
}

// Start starts the workers. every is how often the outbox is emptied.
func Start(ctx context.Context, db *store.DB, sender mail.Sender, log *slog.Logger, every time.Duration, features ...Feature) (*Runner, error) {
	drv, err := driver(db)
	if err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliverWorker{db: db, sender: sender, log: log})
	periodic := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return DeliverMailArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
	for _, f := range features {
		if f.Register != nil {
			f.Register(workers)
		}
		periodic = append(periodic, f.Periodic...)
	}
	client, err := river.NewClient(drv, &river.Config{
		Logger:       log,
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}, QueueBulk: {MaxWorkers: 1}},
		Workers:      workers,
		PeriodicJobs: periodic,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: client: %w", err)
	}
	if err := client.Start(ctx); err != nil {
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	return &Runner{client: client}, nil
}

// Insert queues a job.
func (r *Runner) Insert(ctx context.Context, args river.JobArgs) error {
	if _, err := r.client.Insert(ctx, args, nil); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Stop lets running jobs finish, then stops.
func (r *Runner) Stop(ctx context.Context) error { return r.client.Stop(ctx) }
