package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/jobs"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// cancelBatchJob cancels a batch's River job, as an operator (or River
// giving up) would.
func cancelBatchJob(t *testing.T, db *store.DB, batchID int64) {
	t.Helper()
	ctx := context.Background()
	sqlDB, err := db.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var c *river.Client[*sql.Tx]
	if db.Dialect == store.Postgres {
		c, err = river.NewClient(riverdatabasesql.New(sqlDB), &river.Config{})
	} else {
		c, err = river.NewClient(riversqlite.New(sqlDB), &river.Config{})
	}
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.JobList(ctx, river.NewJobListParams().Kinds(certificates.BatchArgs{}.Kind()))
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range res.Jobs {
		var args certificates.BatchArgs
		if json.Unmarshal(j.EncodedArgs, &args) == nil && args.BatchID == batchID {
			if _, err := c.JobCancel(ctx, j.ID); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no job for batch %d", batchID)
}

// TestCertificateBatchWhoseJobIsGone: a bulk issue whose background job is
// gone shows as failed on the page and in the API, its ZIP says why, and a
// new request starts a new bulk issue; one without progress for minutes
// says so on the page.
func TestCertificateBatchWhoseJobIsGone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		if err := jobs.Migrate(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		a.certs.Jobs().Started() // batches go to River (nothing works them here)
		fx := newCertFixture(t, a, "LOST-BATCH")
		tok := a.token("coordinator@example.org")
		start := fmt.Sprintf("/api/v1/cohorts/%d/certificate-batches", fx.cohort.ID)
		r := a.api(http.MethodPost, start, tok, nil)
		if r.status != http.StatusAccepted {
			t.Fatalf("start: %d %s", r.status, r.body)
		}
		first := decode[certificates.BatchOut](t, r.body)
		cancelBatchJob(t, db, first.ID)

		r = a.api(http.MethodGet, fmt.Sprintf("/api/v1/certificate-batches/%d", first.ID), tok, nil)
		if got := decode[certificates.BatchOut](t, r.body); r.status != http.StatusOK || got.Status != certificates.BatchFailed {
			t.Errorf("the batch without its job: %d %s, want failed", r.status, r.body)
		}
		r = a.api(http.MethodGet, fmt.Sprintf("/api/v1/certificate-batches/%d/zip?lang=en", first.ID), tok, nil)
		if r.status != http.StatusConflict || !strings.Contains(r.body, "stopped before the end") {
			t.Errorf("ZIP of the failed batch: %d %s", r.status, r.body)
		}
		c := a.client()
		c.login("coordinator@example.org")
		page := c.get(fmt.Sprintf("/coordinate/cohorts/%d/certificates?lang=en", fx.cohort.ID))
		if page.status != http.StatusOK || !strings.Contains(page.body, `data-testid="batch-failed"`) ||
			!strings.Contains(page.body, "issues only the certificates still missing") {
			t.Errorf("the page does not say the batch failed and what to do: %d", page.status)
		}

		r = a.api(http.MethodPost, start, tok, nil)
		second := decode[certificates.BatchOut](t, r.body)
		if r.status != http.StatusAccepted || second.ID == first.ID || second.Status != certificates.BatchQueued {
			t.Fatalf("a new request after the failure: %d %s, want a new batch", r.status, r.body)
		}
		// Running, its job still there, but no progress for ten minutes.
		if err := db.Gorm.Exec("UPDATE certificate_batches SET status = ?, updated_at = ? WHERE id = ?", certificates.BatchRunning,
			time.Now().UTC().Add(-10*time.Minute), second.ID).Error; err != nil {
			t.Fatal(err)
		}
		page = c.get(fmt.Sprintf("/coordinate/cohorts/%d/certificates?lang=en", fx.cohort.ID))
		if !strings.Contains(page.body, `data-testid="batch-stalled"`) || !strings.Contains(page.body, "carries on by itself") {
			t.Errorf("the page does not say the batch makes no progress")
		}
		if r = a.api(http.MethodGet, fmt.Sprintf("/api/v1/certificate-batches/%d", second.ID), tok, nil); !strings.Contains(r.body, `"stalled":true`) {
			t.Errorf("the API does not say the batch is stalled: %s", r.body)
		}
	})
}
