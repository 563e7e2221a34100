package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

var reLink = regexp.MustCompile(`/password/(p_[a-z0-9]+)`)

// TestImportedTraineeSetsPasswordFromWelcomeMail: a trainee created by a
// list import gets a welcome mail with a one-time link, sets a password
// with it, is signed in, and the link then stops working.
func TestImportedTraineeSetsPasswordFromWelcomeMail(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "PW-1", true)
		coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
		svc := enrollment.NewService(db, a.crs, a.acc)
		c, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID, Code: "PW",
			Country: "LA", StartsOn: "2027-01-04", EndsOn: "2027-01-15", Capacity: 5, Delivery: courses.Online, AttendanceThreshold: 80})
		if err != nil {
			t.Fatal(err)
		}
		rows := []enrollment.TraineeRow{{Email: "noy@example.la", Name: "Noy Phomma", Country: "LA", Language: "fr"}}
		if _, err := svc.ImportTrainees(ctx, accounts.Actor{UserID: coord.ID}, c.ID, rows); err != nil {
			t.Fatal(err)
		}
		var body string
		db.Gorm.Table("mail_outbox").Where("to_address = ?", "noy@example.la").Select("body").Scan(&body)
		link := reLink.FindStringSubmatch(body)
		if link == nil || !strings.Contains(body, "Pour vous connecter") {
			t.Fatalf("welcome mail (in French, with a link): %q", body)
		}
		b := a.client()
		if r := b.get("/password/" + link[1]); r.status != http.StatusOK || !strings.Contains(r.body, "noy@example.la") {
			t.Fatalf("set-password page: %d", r.status)
		}
		if r := b.post("/password/"+link[1], url.Values{"password": {"a-new-password"}, "confirm": {"another-one"}}); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("mismatched confirmation: %d", r.status)
		}
		if r := b.post("/password/"+link[1], url.Values{"password": {"a-new-password"}, "confirm": {"a-new-password"}}); r.status != http.StatusSeeOther {
			t.Fatalf("set password: %d", r.status)
		}
		if !strings.Contains(b.get("/").body, "Noy Phomma") {
			t.Fatal("not signed in after setting the password")
		}
		if _, err := a.acc.Authenticate(ctx, "noy@example.la", "a-new-password", ""); err != nil {
			t.Fatalf("sign in with the new password: %v", err)
		}
		if r := a.client().get("/password/" + link[1]); r.status != http.StatusNotFound {
			t.Fatalf("a spent link still opens: %d", r.status)
		}
	})
}

// TestForgotPasswordRevealsNothing: the same answer for known and unknown
// addresses; a link only for the known one; a link works once, even when
// used twice at the same moment.
func TestForgotPasswordRevealsNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		known := c.post("/password/forgot", url.Values{"email": {"learner.gh@example.org"}})
		unknown := c.post("/password/forgot", url.Values{"email": {"nobody@example.org"}})
		if known.status != http.StatusSeeOther || unknown.status != known.status || known.header.Get("Location") != unknown.header.Get("Location") {
			t.Fatalf("answers differ: %d %s / %d %s", known.status, known.header.Get("Location"), unknown.status, unknown.header.Get("Location"))
		}
		if n := storetest.Count(t, db, "mail_outbox"); n != 1 {
			t.Fatalf("%d mails queued, want 1", n)
		}
		for i := 0; i < 5; i++ { // at most three links an hour
			c.post("/password/forgot", url.Values{"email": {"learner.gh@example.org"}})
		}
		if n := storetest.Count(t, db, "mail_outbox"); n != 3 {
			t.Fatalf("%d mails after repeated requests, want 3", n)
		}
		var body string
		db.Gorm.Table("mail_outbox").Order("id").Limit(1).Select("body").Scan(&body)
		link := reLink.FindStringSubmatch(body)[1]
		var wg sync.WaitGroup
		codes := make([]int, 5)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = a.client().post("/password/"+link, url.Values{"password": {"fresh-password-1"}, "confirm": {"fresh-password-1"}}).status
			}()
		}
		wg.Wait()
		worked := 0
		for _, code := range codes {
			if code == http.StatusSeeOther {
				worked++
			}
		}
		if worked != 1 {
			t.Fatalf("the link worked %d times (%v)", worked, codes)
		}
	})
}
