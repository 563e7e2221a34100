package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// TestApplicantsWithdrawTheirOwnApplication: a learner withdraws their own
// application from /my (a form with its CSRF token, a confirmation after)
// and through the API; they may not decide anything else, nor on anybody
// else's application, nor withdraw once their cohort has started. Each
// withdrawal is audited as the applicant's and mailed to them.
func TestApplicantsWithdrawTheirOwnApplication(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "WD-1", true)
		coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
		learner, _ := a.acc.UserByEmail(ctx, "learner@example.org")
		svc := enrollment.NewService(a.db, a.crs, a.acc)
		open := func(code string, days int) *enrollment.Cohort {
			start := time.Now().UTC().AddDate(0, 0, days)
			co, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID, Code: code,
				Country: "LA", StartsOn: string(store.DateOf(start)), EndsOn: string(store.DateOf(start.AddDate(0, 0, 10))), Capacity: 5,
				Delivery: courses.Online, AttendanceThreshold: 80})
			if err != nil {
				t.Fatal(err)
			}
			return co
		}
		soon, started := open("WD-SOON", 30), open("WD-NOW", -2)
		ap, err := svc.Apply(ctx, accounts.Actor{}, started.ID, learner, learner, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Decide(ctx, accounts.Actor{}, ap.ID, enrollment.Accept, ""); err != nil {
			t.Fatal(err)
		}

		c := a.client()
		c.login("learner@example.org")
		if r := c.post(fmt.Sprintf("/cohorts/%d/apply", soon.ID), url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("apply: %d", r.status)
		}
		var mine enrollment.Application
		if err := db.Gorm.Where("cohort_id = ? AND user_id = ?", soon.ID, learner.ID).First(&mine).Error; err != nil {
			t.Fatal(err)
		}
		withdraw := fmt.Sprintf("/my/applications/%d/withdraw", mine.ID)
		my := c.get("/my")
		form := regexpFind(t, `(?s)(<form method="post" action="`+withdraw+`">.*?</form>)`, my.body)
		if !strings.Contains(form, `name="`+web.CSRFField+`" value="`+c.csrf()+`"`) {
			t.Errorf("the withdraw form has no CSRF token: %s", form)
		}
		if strings.Contains(my.body, fmt.Sprintf(`/my/applications/%d/withdraw`, ap.ID)) {
			t.Error("/my offers to withdraw from a cohort that has started")
		}
		if r := c.post(withdraw, url.Values{web.CSRFField: {"forged"}}); r.status == http.StatusSeeOther {
			t.Fatal("a withdrawal without the CSRF token went through")
		}
		r := c.post(withdraw, url.Values{})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/my" {
			t.Fatalf("withdraw: %d %s", r.status, r.header.Get("Location"))
		}
		after := c.get("/my")
		b, _ := i18n.Load()
		lang := regexpFind(t, `<html lang="([a-z]+)"`, after.body)
		if want := b.Localizer(lang).T("flash.application_withdrawn"); !strings.Contains(html.UnescapeString(after.body), want) {
			t.Errorf("/my does not confirm the withdrawal (%q)", want)
		}
		if strings.Contains(after.body, withdraw) {
			t.Error("/my still offers to withdraw the withdrawn application")
		}
		checkWithdrawn(t, db, mine.ID, learner.ID)

		// The API, for another applicant.
		vn, _ := a.acc.UserByEmail(ctx, "learner.vn@example.org")
		vnTok, laTok := a.token(vn.Email), a.token(learner.Email)
		res := a.api("POST", fmt.Sprintf("/api/v1/cohorts/%d/applications", soon.ID), vnTok, map[string]any{})
		if res.status != http.StatusCreated {
			t.Fatalf("apply through the API: %d %s", res.status, res.body)
		}
		vnApp := decode[struct{ ID int64 }](t, res.body).ID
		decision := fmt.Sprintf("/api/v1/applications/%d/decision", vnApp)
		for _, tc := range []struct {
			name, token, decision string
			want                  int
		}{
			{"accept one's own", vnTok, "accept", http.StatusForbidden},
			{"waitlist one's own", vnTok, "waitlist", http.StatusForbidden},
			{"withdraw another's", laTok, "withdraw", http.StatusNotFound},
			{"withdraw one's own", vnTok, "withdraw", http.StatusOK},
			{"withdraw it again", vnTok, "withdraw", http.StatusConflict},
			{"withdraw once the cohort started", laTok, "withdraw", http.StatusConflict},
		} {
			path := decision
			if tc.name == "withdraw once the cohort started" {
				path = fmt.Sprintf("/api/v1/applications/%d/decision", ap.ID)
			}
			if r := a.api("POST", path, tc.token, map[string]any{"decision": tc.decision}); r.status != tc.want {
				t.Errorf("%s: %d, want %d (%s)", tc.name, r.status, tc.want, r.body)
			}
		}
		checkWithdrawn(t, db, vnApp, vn.ID)
		var still enrollment.Application
		if db.Gorm.First(&still, ap.ID); still.Status != enrollment.Accepted {
			t.Errorf("the trainee of the started cohort is %s", still.Status)
		}
	})
}

// checkWithdrawn checks that an application is withdrawn, audited as the
// applicant's and mailed to them.
func checkWithdrawn(t *testing.T, db *store.DB, appID, userID int64) {
	t.Helper()
	var a enrollment.Application
	if err := db.Gorm.First(&a, appID).Error; err != nil || a.Status != enrollment.AppWithdrawn {
		t.Fatalf("application %d: %s (%v)", appID, a.Status, err)
	}
	var entry accounts.AuditEntry
	err := db.Gorm.Where("action = ? AND detail LIKE ?", "application.withdraw", fmt.Sprintf(`%%"application_id":%d,%%`, appID)).First(&entry).Error
	if err != nil || entry.ActorID == nil || *entry.ActorID != userID {
		t.Fatalf("application %d: audit %+v (%v), want the applicant %d", appID, entry, err, userID)
	}
	var u accounts.User
	db.Gorm.First(&u, userID)
	if n := storetest.Count(t, db, "mail_outbox", "to_address = ?", u.Email); n < 2 {
		t.Fatalf("%d mails to %s, want the application's and the withdrawal's", n, u.Email)
	}
}
