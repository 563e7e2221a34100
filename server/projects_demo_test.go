package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestDemoProjects seeds the demo projects twice (the second time changes
// nothing) and shows them on the dashboard.
func TestDemoProjects(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ctx := context.Background()
		fs, err := files.OpenDir(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		enr := enrollment.NewService(db, a.crs, a.acc)
		prj := projects.NewService(db, a.acc, enr, fs)
		codes, err := demo.SeedProjects(ctx, a.acc, enr, prj)
		if err != nil {
			t.Fatal(err)
		}
		tables := []string{"projects", "project_indicator_values", "project_disbursements", "project_phase_events", "audit_log"}
		before := map[string]int64{}
		for _, tb := range tables {
			before[tb] = storetest.Count(t, db, tb)
		}
		again, err := demo.SeedProjects(ctx, a.acc, enr, prj)
		if err != nil || len(again) != len(codes) {
			t.Fatalf("seed again: %v %v", again, err)
		}
		for _, tb := range tables {
			if n := storetest.Count(t, db, tb); n != before[tb] {
				t.Errorf("seeding again changed %s: %d → %d", tb, before[tb], n)
			}
		}
		if before["projects"] != 12 || before["project_indicator_values"] < 20 {
			t.Errorf("seeded %v", before)
		}
		d, err := prj.Dashboard(ctx, projects.Filter{})
		if err != nil || d.Projects != 12 || len(d.ByCountry) != 11 || d.Measured == 0 || len(d.Budget) == 0 || d.OverdueTotal == 0 {
			t.Errorf("dashboard %+v %v", d, err)
		}
		mn, err := prj.ByCode(ctx, "PAC-2012-MN")
		if err != nil || mn.Phase != "evaluation" || mn.Status != projects.Completed || mn.TitleIn("ko").Text != "전자정부 법·제도 기반 타당성 조사" {
			t.Errorf("Mongolia 2012: %+v %v", mn, err)
		}
		c := a.client()
		c.login("staff@example.org")
		r := c.get("/projects/dashboard?lang=en")
		if r.status != http.StatusOK || !strings.Contains(r.body, "Mongolia") || !strings.Contains(r.body, `data-testid="bar-progress-LA"`) {
			t.Errorf("dashboard page: %d", r.status)
		}
		la, _ := prj.ByCode(ctx, "SMU-LA-2019")
		learner := a.client()
		learner.login("learner@example.org")
		if r := learner.get("/projects"); !strings.Contains(r.body, "SMU-LA-2019") || strings.Contains(r.body, "PAC-2012-MN") {
			t.Errorf("the Lao village leader sees only her project")
		}
		if r := learner.get("/projects/export.csv"); strings.Count(r.body, "\n") != 2 || !strings.Contains(r.body, "SMU-LA-2019") {
			t.Errorf("the learner's export holds only her project: %q", r.body)
		}
		if r := c.get("/projects/export.csv?kind=consulting"); strings.Count(r.body, "\n") != 9 || !strings.Contains(r.body, "PAC-2015-ET") {
			t.Errorf("staff export of the consulting projects: %q", r.body)
		}
		if r := learner.get("/projects/" + itoa(la.ID)); r.status != http.StatusOK || !strings.Contains(r.body, "LA-2027-01") && !strings.Contains(r.body, "Village leader") {
			t.Errorf("member page: %d", r.status)
		}
	})
}
