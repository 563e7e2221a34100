package enrollment_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestConcurrentPromotionsFillEveryFreeSeat frees two seats of a full
// cohort with six people waiting and sends ten promotions at once: the two
// who waited longest are seated, the other eight are refused as full, and
// no seat stays empty while people wait.
func TestConcurrentPromotionsFillEveryFreeSeat(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCohortEnv(t, db)
		c := e.cohort(t, "ET-2026-02", 3)
		actor := accounts.Actor{UserID: e.coord.ID}
		ppl := e.learners(t, 9)
		apps := make([]*enrollment.Application, len(ppl))
		for i, u := range ppl {
			a, err := e.svc.Apply(ctx, actor, c.ID, u, e.coord, "")
			if err != nil {
				t.Fatal(err)
			}
			d := enrollment.Waitlist
			if i < 3 {
				d = enrollment.Accept
			}
			if apps[i], err = e.svc.Decide(ctx, actor, a.ID, d, ""); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range apps[:2] {
			if _, err := e.svc.Decide(ctx, actor, a.ID, enrollment.Withdraw, ""); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		promoted := make([]*enrollment.Application, 10)
		errs := make([]error, 10)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				promoted[i], errs[i] = e.svc.PromoteNext(ctx, actor, c.ID)
			}()
		}
		wg.Wait()
		var seated []int64
		full := 0
		for i, err := range errs {
			switch {
			case err == nil:
				seated = append(seated, promoted[i].ID)
			case errors.Is(err, enrollment.ErrCohortFull):
				full++
			default:
				t.Errorf("promotion %d: %v", i, err)
			}
		}
		slices.Sort(seated)
		if want := []int64{apps[3].ID, apps[4].ID}; !slices.Equal(seated, want) || full != 8 {
			t.Fatalf("promoted %v and refused %d as full; want %v and 8", seated, full, want)
		}
		got, err := e.svc.CohortByID(ctx, c.ID)
		if err != nil || got.SeatsTaken != 3 {
			t.Fatalf("seats taken %d (%v), want 3", got.SeatsTaken, err)
		}
		if n := storetest.Count(t, db, "applications", "cohort_id = ? AND status = ?", c.ID, "waitlisted"); n != 4 {
			t.Fatalf("%d still waiting, want 4", n)
		}
		if n := storetest.Count(t, db, "enrolments", "cohort_id = ? AND status = ?", c.ID, "active"); n != 3 {
			t.Fatalf("%d active enrolments, want 3", n)
		}
	})
}
