package jobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/baeum-lms/baeum/store"
)

// Insert queues a job from any process, River running in it or not. Inside
// a store transaction (store.InTx) the job is part of it: it exists exactly
// when what it works on was committed, so no row waits for a job that was
// never queued.
func Insert(ctx context.Context, db *store.DB, args river.JobArgs) error {
	client, err := inserter(db)
	if err != nil {
		return err
	}
	return insert(ctx, client, db, args)
}

func insert(ctx context.Context, client *river.Client[*sql.Tx], db *store.DB, args river.JobArgs) error {
	var err error
	if tx, ok := db.SQLTx(ctx); ok {
		_, err = client.InsertTx(ctx, tx, args, nil)
	} else {
		_, err = client.Insert(ctx, args, nil)
	}
	if err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// inserter is a River client that only inserts and reads jobs (it works
// none): cheap to make, it starts nothing.
func inserter(db *store.DB) (*river.Client[*sql.Tx], error) {
	drv, err := driver(db)
	if err != nil {
		return nil, err
	}
	client, err := river.NewClient(drv, &river.Config{})
	if err != nil {
		return nil, fmt.Errorf("jobs: client: %w", err)
	}
	return client, nil
}

// Pending reports whether River still has a job of the kind whose argument
// key is id waiting, scheduled, retrying or running; false means the job
// finished, was cancelled or discarded (it gave up), or never was. A row a
// job works on may be declared lost on false: nothing will come for it.
func Pending(ctx context.Context, db *store.DB, kind, key string, id int64) (bool, error) {
	client, err := inserter(db)
	if err != nil {
		return false, err
	}
	// ->> reads a top-level key on both dialects (SQLite's JSON and
	// PostgreSQL's jsonb); the cast compares numbers, not text.
	params := river.NewJobListParams().Kinds(kind).First(1).
		States(rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
			rivertype.JobStateRunning, rivertype.JobStateScheduled).
		Where("CAST(args ->> @key AS BIGINT) = @id", river.NamedArgs{"key": key, "id": id})
	res, err := client.JobList(ctx, params)
	if err != nil {
		return false, fmt.Errorf("jobs: pending %s %d: %w", kind, id, err)
	}
	return len(res.Jobs) > 0, nil
}
