package enrollment_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCohortEditIsAuditedWithBefore: the audit entry of a cohort edit keeps
// each field as it was and as it became, coordinators included.
func TestCohortEditIsAuditedWithBefore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCohortEnv(t, db)
		c := e.cohort(t, "MN-2026-04", 10)
		in := enrollment.CohortInput{CourseID: c.CourseID, Code: c.Code, Country: "MN", StartsOn: "2026-03-09", EndsOn: "2026-03-20",
			Capacity: 12, Delivery: courses.Blended, Venue: "Ulaanbaatar", Languages: []string{"en", "mn"}, AttendanceThreshold: 75,
			Coordinators: []int64{e.coord.ID, e.other.ID}}
		if _, err := e.svc.UpdateCohort(ctx, accounts.Actor{UserID: e.coord.ID}, c.ID, in); err != nil {
			t.Fatal(err)
		}
		var entry accounts.AuditEntry
		if err := db.Gorm.Where("action = ? AND entity_id = ?", "cohort.update", c.ID).First(&entry).Error; err != nil {
			t.Fatal(err)
		}
		var detail struct{ Before, After map[string]any }
		if err := json.Unmarshal([]byte(entry.Detail), &detail); err != nil {
			t.Fatal(err)
		}
		want := []struct {
			field         string
			before, after any
		}{
			{"capacity", 10.0, 12.0}, {"country", "LA", "MN"}, {"starts_on", "2026-03-02", "2026-03-09"}, {"ends_on", "2026-03-13", "2026-03-20"},
			{"venue", "", "Ulaanbaatar"}, {"languages", "en,lo", "en,mn"}, {"attendance_threshold", 80.0, 75.0}, {"code", c.Code, c.Code},
		}
		for _, w := range want {
			if detail.Before[w.field] != w.before || detail.After[w.field] != w.after {
				t.Errorf("%s: %v → %v, want %v → %v", w.field, detail.Before[w.field], detail.After[w.field], w.before, w.after)
			}
		}
		b, _ := detail.Before["coordinators"].([]any)
		a, _ := detail.After["coordinators"].([]any)
		if len(b) != 1 || len(a) != 2 {
			t.Errorf("coordinators %v → %v, want one then two", detail.Before["coordinators"], detail.After["coordinators"])
		}
		third, err := e.acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: "third@example.org", Name: "Third", Password: "long-enough-pw", Role: accounts.RoleCoordinator})
		if err != nil {
			t.Fatal(err)
		}
		// Another coordinator cannot change a cohort they are not in charge of.
		if _, err := e.svc.UpdateCohort(ctx, accounts.Actor{UserID: third.ID}, c.ID, in); !errors.Is(err, enrollment.ErrCohortNotFound) {
			t.Errorf("a coordinator not in charge changes the cohort: %v", err)
		}
	})
}
