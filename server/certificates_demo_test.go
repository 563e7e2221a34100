package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// seedCertificateDemo seeds what `baeum --demo` seeds for certificates:
// the courses, the cohorts and the Vietnam cohort's issued certificates
// under the institute's default template (which has no programme).
func seedCertificateDemo(t testing.TB, a *app) []string {
	t.Helper()
	ctx := context.Background()
	enr := enrollment.NewService(a.db, a.crs, a.acc)
	if _, err := demo.SeedCourses(ctx, a.crs); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedCohorts(ctx, a.acc, a.crs, enr); err != nil {
		t.Fatal(err)
	}
	serials, err := demo.SeedCertificates(ctx, a.acc, a.crs, enr, a.certs)
	if err != nil {
		t.Fatal(err)
	}
	return serials
}

// TestCertificateTemplatesOnDemoData: the admin's list of templates opens
// on the demo data, whose default template has no programme (NULL), and
// marks only programmes with a template of their own as such.
func TestCertificateTemplatesOnDemoData(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		seedCertificateDemo(t, a)
		c := a.client()
		c.login("admin@example.org")
		r := c.get("/admin/certificate-templates?lang=en")
		if r.status != http.StatusOK {
			t.Fatalf("GET /admin/certificate-templates on the demo data: %d %.300s", r.status, r.body)
		}
		if !strings.Contains(r.body, `href="/admin/certificate-templates/default"`) || !strings.Contains(r.body, "SMU invitational training") {
			t.Errorf("the list lacks the default or the programmes: %.500s", r.body)
		}
		own, err := a.certs.OwnTemplates(context.Background())
		if err != nil || len(own) != 0 {
			t.Errorf("own templates on the demo data: %v %v, want none (only the default)", own, err)
		}
	})
}
