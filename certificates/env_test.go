package certificates_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/store"
)

// env is a published course with a cohort of trainees and the services.
type env struct {
	keys   *certificates.Keys
	db     *store.DB
	acc    *accounts.Service
	crs    *courses.Service
	enr    *enrollment.Service
	svc    *certificates.Service
	fs     *files.Store
	f      *coursetest.Fixture
	coord  *accounts.User
	admin  *accounts.User
	cohort *enrollment.Cohort
}

func newEnv(tb testing.TB, db *store.DB) *env {
	tb.Helper()
	ctx := context.Background()
	fs, err := files.OpenDir(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = fs.Close() })
	acc := accounts.NewService(db)
	crs := courses.NewService(db, acc, fs)
	e := &env{db: db, acc: acc, crs: crs, fs: fs, f: coursetest.Build(tb, crs, "CERT-1", true)}
	e.enr = enrollment.NewService(db, crs, acc)
	keys, err := certificates.NewKeys(db, bytes.Repeat([]byte{0x42}, certificates.KeySecretSize))
	if err != nil {
		tb.Fatal(err)
	}
	e.keys = keys
	e.svc = certificates.NewService(db, acc, crs, e.enr, fs, keys)
	e.svc.BaseURL = "https://baeum.example.org"
	mk := func(email string, role accounts.Role) *accounts.User {
		u, err := acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: email, Name: email, Password: "long-enough-pw", Role: role})
		if err != nil {
			tb.Fatal(err)
		}
		return u
	}
	e.coord, e.admin = mk("coord@example.org", accounts.RoleCoordinator), mk("admin@example.org", accounts.RoleAdmin)
	e.cohort, err = e.enr.CreateCohort(ctx, accounts.Actor{UserID: e.coord.ID}, enrollment.CohortInput{
		CourseID: e.f.Course.ID, Code: "VN-2026-01", Country: "VN", StartsOn: "2026-03-02", EndsOn: "2026-03-13", Capacity: 5000,
		Delivery: courses.Online, Languages: []string{"en", "vi"},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// trainee is one person to put in the cohort.
type trainee struct{ name, native, country string }

// enrol imports trainees into the cohort and returns their enrolments by
// name; completed ones are marked so directly (completion itself is the
// enrolment package's, tested there).
func (e *env) enrol(tb testing.TB, completed bool, people ...trainee) map[string]int64 {
	tb.Helper()
	ctx := context.Background()
	rows := make([]enrollment.TraineeRow, len(people))
	for i, p := range people {
		rows[i] = enrollment.TraineeRow{Line: i + 2, Email: fmt.Sprintf("t%d-%d@example.org", time.Now().UnixNano(), i), Name: p.name,
			NativeName: p.native, Country: p.country}
	}
	if _, err := e.enr.ImportTrainees(ctx, accounts.Actor{UserID: e.coord.ID}, e.cohort.ID, rows); err != nil {
		tb.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		var id int64
		if err := e.db.Gorm.Raw("SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = ? AND e.cohort_id = ?",
			r.Email, e.cohort.ID).Scan(&id).Error; err != nil || id == 0 {
			tb.Fatalf("enrolment of %s: %v", r.Email, err)
		}
		out[r.Name] = id
	}
	if completed {
		ids := make([]int64, 0, len(out))
		for _, id := range out {
			ids = append(ids, id)
		}
		if err := e.db.Gorm.Exec("UPDATE enrolments SET status = ?, completed_at = ? WHERE id IN ?", enrollment.Completed,
			time.Now().UTC(), ids).Error; err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

func (e *env) actor() accounts.Actor { return accounts.Actor{UserID: e.coord.ID} }
