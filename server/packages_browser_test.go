package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/lrs"
	"github.com/baeum-lms/baeum/packages/packagetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// inFrame queries sel inside the frames named by frames (CSS selectors
// of iframes, from the page down) and answers its text, retrying while
// the frames load: the SCO's frame is set by script after the host's.
// It fails the test when want never appears.
func inFrame(t *testing.T, ctx context.Context, want string, sel string, frames ...string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		text, err := frameQuery(ctx, sel, frames, func(tctx context.Context, opts []chromedp.QueryOption) (string, error) {
			return chromedp.Run(tctx, chromedp.TextContent(chromedp.CSS(sel), opts...))
		})
		if err == nil {
			last = text
			if strings.Contains(text, want) {
				return text
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s in frames %v: %q, want %q", sel, frames, last, want)
	return ""
}

// clickInFrame clicks sel inside frames.
func clickInFrame(t *testing.T, ctx context.Context, sel string, frames ...string) {
	t.Helper()
	_, err := frameQuery(ctx, sel, frames, func(tctx context.Context, opts []chromedp.QueryOption) (string, error) {
		return "", chromedp.Do(tctx, chromedp.Click(chromedp.CSS(sel), opts...))
	})
	if err != nil {
		t.Fatalf("click %s in %v: %v", sel, frames, err)
	}
}

func frameQuery(ctx context.Context, sel string, frames []string, q func(context.Context, []chromedp.QueryOption) (string, error)) (string, error) {
	tctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var opts []chromedp.QueryOption
	for _, f := range frames {
		nodes, err := chromedp.Run(tctx, chromedp.Nodes(chromedp.CSS(f), opts...))
		if err != nil || len(nodes) == 0 {
			return "", fmt.Errorf("frame %s: %w", f, err)
		}
		opts = []chromedp.QueryOption{chromedp.FromNode(nodes[0])}
	}
	return q(tctx, opts)
}

// The SCORM frames: the host on the content origin, then the SCO in it.
var scoFrames = []string{"[data-player] iframe", "iframe#sco"}

// waitFor polls cond until it holds or the test's patience ends.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(150 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("waited in vain for %s", what)
}

// cohortEnrolment puts the demo learner in a cohort of course c that issues
// certificates on completion, as a programme would run it.
func cohortEnrolment(t *testing.T, a *app, c *courses.Course, code string) int64 {
	t.Helper()
	ctx := context.Background()
	coord := mustUser(t, a, "coordinator@example.org")
	actor := accounts.Actor{UserID: coord.ID}
	co, err := a.enr.CreateCohort(ctx, actor, enrollment.CohortInput{CourseID: c.ID, Code: code, Country: "LA",
		StartsOn: "2026-11-02", EndsOn: "2027-01-29", Capacity: 30, Delivery: courses.Online})
	if err != nil {
		t.Fatal(err)
	}
	u := mustUser(t, a, "learner@example.org")
	if _, err := a.enr.ImportTrainees(ctx, actor, co.ID, []enrollment.TraineeRow{{Line: 2, Email: u.Email, Name: u.Name, NativeName: u.NativeName, Country: u.Country}}); err != nil {
		t.Fatal(err)
	}
	if err := a.certs.SetAuto(ctx, actor, co.ID, true); err != nil {
		t.Fatal(err)
	}
	var id int64
	a.db.Gorm.Table("enrolments").Select("id").Where("cohort_id = ? AND user_id = ?", co.ID, u.ID).Scan(&id)
	return id
}

func enrolmentStatus(a *app, id int64) enrollment.Status {
	e, err := a.enr.Enrolment(context.Background(), id)
	if err != nil {
		return ""
	}
	return e.Status
}

// readStatements reads /xapi/statements as an analytics program would,
// with an LRS key an admin made, and answers the verbs stored for the
// registration of enrolment eid.
func readStatements(t *testing.T, a *app, eid int64) map[string]int {
	t.Helper()
	admin := a.client()
	admin.login("admin@example.org")
	key, secret := makeKey(t, admin, "analytics", true)
	r := a.xapi(http.MethodGet, "/xapi/statements?registration="+lrs.Registration(eid)+"&limit=100", key, secret, "")
	var out struct {
		Statements []struct {
			Verb struct {
				ID string `json:"id"`
			} `json:"verb"`
		} `json:"statements"`
	}
	if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &out) != nil {
		t.Fatalf("GET statements: %d %.300s", r.status, r.body)
	}
	verbs := map[string]int{}
	for _, s := range out.Statements {
		verbs[s.Verb.ID[strings.LastIndex(s.Verb.ID, "/")+1:]]++
	}
	return verbs
}

// TestBrowserSCORM12: a coordinator uploads a SCORM 1.2 package through
// the page; the learner, on a phone-sized screen, steps on, reloads and
// resumes from suspend_data, finishes; the course completes, the
// certificate is issued, and a program reads the statements back.
func TestBrowserSCORM12(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	c, lessons := packageCourse(t, a, "SCORM12-B", nil)
	eid := cohortEnrolment(t, a, c, "SCORM12-B-01")
	lid := lessons[0].ID
	base := a.srv.URL

	zipPath := filepath.Join(t.TempDir(), "village-planning.zip")
	if err := os.WriteFile(zipPath, packagetest.SCORM12(), 0o600); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, base, "coordinator@example.org")
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/coordinate/lessons/%d", base, lid)),
		chromedp.Click(chromedp.CSS(`[data-testid=package-link]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{zipPath}),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/coordinate/lessons/%d/package"] button[type=submit]`, lid))),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=package-facts]`)),
	)
	if err != nil {
		t.Fatalf("upload the package: %v", err)
	}
	// The coordinator's preview plays it, and saves nothing.
	inFrame(t, ctx, "entry=ab-initio", "#state", scoFrames...)
	shot(t, ctx, "scorm12-coordinator-preview-360")
	clickInFrame(t, ctx, "#next", scoFrames...)
	inFrame(t, ctx, "step=1", "#state", scoFrames...)
	time.Sleep(300 * time.Millisecond)
	if n := storetest.Count(t, a.db, "package_runtimes"); n != 0 {
		t.Fatalf("the preview saved %d runtimes", n)
	}

	lctx := chromeFor(t)
	browserLogin(t, lctx, base, "learner@example.org")
	lesson := fmt.Sprintf("%s/learn/%d/%d", base, eid, lid)
	if err := chromedp.Do(lctx, chromedp.Navigate(lesson)); err != nil {
		t.Fatal(err)
	}
	inFrame(t, lctx, "entry=ab-initio step=0 learner=Souksavanh Phommachanh", "#state", scoFrames...)
	clickInFrame(t, lctx, "#next", scoFrames...)
	clickInFrame(t, lctx, "#next", scoFrames...)
	inFrame(t, lctx, "step=2", "#state", scoFrames...)
	waitFor(t, "the commit of step 2", func() bool {
		var data string
		a.db.Gorm.Table("package_runtimes").Select("data").Where("enrolment_id = ?", eid).Scan(&data)
		return strings.Contains(data, "step=2")
	})
	shot(t, lctx, "scorm12-learner-360")
	// Reload: the SCO resumes where the learner was.
	if err := chromedp.Do(lctx, chromedp.Navigate(lesson)); err != nil {
		t.Fatal(err)
	}
	inFrame(t, lctx, "entry=resume step=2", "#state", scoFrames...)
	clickInFrame(t, lctx, "#finish", scoFrames...)
	waitFor(t, "the course to complete", func() bool { return enrolmentStatus(a, eid) == enrollment.Completed })
	if err := chromedp.Do(lctx, chromedp.Navigate(lesson), chromedp.WaitVisible(chromedp.CSS(`[data-testid=lesson-done]`))); err != nil {
		t.Fatalf("the lesson shows done: %v", err)
	}
	if n, err := a.certs.AutoIssue(context.Background()); err != nil || n != 1 {
		t.Fatalf("certificate on completion: %d %v", n, err)
	}
	verbs := readStatements(t, a, eid)
	if verbs["completed"] < 2 || verbs["earned"] != 1 {
		t.Errorf("statements of the enrolment: %v", verbs)
	}
}

// TestBrowserSCORM2004MultiSCO: the learner takes a two-SCO SCORM 2004
// package: resumes the first after a reload, finishes it and is taken to
// the second by its continue request, finishes that; the course completes.
func TestBrowserSCORM2004MultiSCO(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	c, lessons := packageCourse(t, a, "SCORM2004-B", packagetest.SCORM2004())
	eid := cohortEnrolment(t, a, c, "SCORM2004-B-01")
	lesson := fmt.Sprintf("%s/learn/%d/%d", a.srv.URL, eid, lessons[0].ID)
	browserLogin(t, ctx, a.srv.URL, "learner@example.org")
	if err := chromedp.Do(ctx, chromedp.Navigate(lesson)); err != nil {
		t.Fatal(err)
	}
	inFrame(t, ctx, "Part one entry=ab-initio", "#state", scoFrames...)
	clickInFrame(t, ctx, "#next", scoFrames...)
	waitFor(t, "the first SCO's commit", func() bool {
		var data string
		a.db.Gorm.Table("package_runtimes").Select("data").Where("enrolment_id = ? AND item = ?", eid, "PART1").Scan(&data)
		return strings.Contains(data, "step=1")
	})
	if err := chromedp.Do(ctx, chromedp.Navigate(lesson)); err != nil {
		t.Fatal(err)
	}
	inFrame(t, ctx, "Part one entry=resume step=1", "#state", scoFrames...)
	shot(t, ctx, "scorm2004-part-one-360")
	clickInFrame(t, ctx, "#finish", scoFrames...)
	// Terminate with adl.nav.request=continue: on to part two.
	inFrame(t, ctx, "Part two entry=ab-initio", "#state", scoFrames...)
	clickInFrame(t, ctx, "#finish", scoFrames...)
	waitFor(t, "the course to complete", func() bool { return enrolmentStatus(a, eid) == enrollment.Completed })
	var scaled float64
	a.db.Gorm.Table("package_runtimes").Select("score").Where("enrolment_id = ? AND item = ?", eid, "PART1").Scan(&scaled)
	if scaled != 0.9 {
		t.Errorf("part one's score %v", scaled)
	}
}

// TestBrowserCMI5: the learner launches each AU of a cmi5 course; the AU
// fetches its token, reads LMS.LaunchData, reports completed and passed to
// /xapi/ and returns; moveOn completes the course.
func TestBrowserCMI5(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	c, lessons := packageCourse(t, a, "CMI5-B", packagetest.CMI5())
	eid := cohortEnrolment(t, a, c, "CMI5-B-01")
	lesson := fmt.Sprintf("%s/learn/%d/%d", a.srv.URL, eid, lessons[0].ID)
	browserLogin(t, ctx, a.srv.URL, "learner@example.org")
	au := []string{"[data-player] iframe"}
	for i := range 2 {
		if err := chromedp.Do(ctx, chromedp.Navigate(lesson)); err != nil {
			t.Fatal(err)
		}
		want := []string{"moveOn=CompletedAndPassed", "moveOn=Completed"}[i]
		inFrame(t, ctx, want, "#state", au...)
		if i == 0 {
			shot(t, ctx, "cmi5-au-360")
		}
		clickInFrame(t, ctx, "#finish", au...)
		// The AU goes to its returnURL; the page comes back without it.
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`[data-testid=player-message]`))); err != nil {
			t.Fatalf("AU %d returns: %v", i+1, err)
		}
	}
	waitFor(t, "the course to complete", func() bool { return enrolmentStatus(a, eid) == enrollment.Completed })
	verbs := readStatements(t, a, eid)
	for _, v := range []string{"launched", "initialized", "completed", "passed", "terminated", "satisfied"} {
		if verbs[v] == 0 {
			t.Errorf("no %s statement: %v", v, verbs)
		}
	}
}

// TestBrowserHostilePackage: a package that tries to act as its viewer —
// a coordinator previewing it, a learner playing it — reads no page of
// Baeum, no CSRF token, no cookie, and changes nothing.
func TestBrowserHostilePackage(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	c, lessons := packageCourse(t, a, "HOSTILE-B", packagetest.Hostile(a.srv.URL))
	eid := cohortEnrolment(t, a, c, "HOSTILE-B-01")
	before := mustUser(t, a, "coordinator@example.org").Name

	browserLogin(t, ctx, a.srv.URL, "coordinator@example.org")
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/coordinate/lessons/%d/package", a.srv.URL, lessons[0].ID))); err != nil {
		t.Fatal(err)
	}
	report := inFrame(t, ctx, "hostile {", "#state", scoFrames...)
	t.Logf("as the coordinator: %s", report)
	checkHostile(t, report)
	if got := mustUser(t, a, "coordinator@example.org").Name; got != before {
		t.Fatalf("the package renamed the coordinator to %q", got)
	}

	lctx := chromeFor(t)
	browserLogin(t, lctx, a.srv.URL, "learner@example.org")
	if err := chromedp.Do(lctx, chromedp.Navigate(fmt.Sprintf("%s/learn/%d/%d", a.srv.URL, eid, lessons[0].ID))); err != nil {
		t.Fatal(err)
	}
	report = inFrame(t, lctx, "hostile {", "#state", scoFrames...)
	checkHostile(t, report)
	// What it could do is what any package does: write its own data.
	waitFor(t, "the hostile package's own commit", func() bool {
		var data string
		a.db.Gorm.Table("package_runtimes").Select("data").Where("enrolment_id = ?", eid).Scan(&data)
		return strings.Contains(data, "blocked")
	})
	if got := mustUser(t, a, "learner@example.org").Name; got != "Souksavanh Phommachanh" {
		t.Fatalf("the package renamed the learner to %q", got)
	}
}

func checkHostile(t *testing.T, report string) {
	t.Helper()
	var r map[string]any
	if err := json.Unmarshal([]byte(strings.TrimPrefix(report, "hostile ")), &r); err != nil {
		t.Fatalf("report %q: %v", report, err)
	}
	if r["top"] != "blocked" || r["parentCookie"] != "blocked" || r["page"] == "READ" || r["cookie"] != "" {
		t.Errorf("the package reached Baeum: %v", r)
	}
	if s, ok := r["api"].(float64); ok && s == http.StatusOK {
		t.Errorf("the package read the API as the viewer: %v", r)
	}
}

// TestBrowserDemoPackages: the demo's e-learning course plays through on
// a phone: the SCORM 1.2 module's pages and question, then the cmi5
// activity; the course completes.
func TestBrowserDemoPackages(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	bg := context.Background()
	if _, err := demo.SeedCourses(bg, a.crs); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedPackages(bg, a.acc, a.crs, a.pkgs); err != nil {
		t.Fatal(err)
	}
	id, _ := a.crs.CourseIDByCode(bg, demo.ElearningCourse)
	c, _ := a.crs.Course(bg, id)
	_, e := enrolLearner(t, a, c)
	lessons := c.OrderedLessons()
	browserLogin(t, ctx, a.srv.URL, "learner@example.org")
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/learn/%d/%d", a.srv.URL, e.ID, lessons[0].ID))); err != nil {
		t.Fatal(err)
	}
	inFrame(t, ctx, "In 1970", "section.on", scoFrames...)
	shot(t, ctx, "demo-scorm12-360")
	clickInFrame(t, ctx, "#next", scoFrames...)
	clickInFrame(t, ctx, "#next", scoFrames...)
	clickInFrame(t, ctx, `input[value="b"]`, scoFrames...)
	clickInFrame(t, ctx, "#submit", scoFrames...)
	inFrame(t, ctx, "You passed", "#result", scoFrames...)
	learner := mustUser(t, a, "learner@example.org")
	waitFor(t, "the SCORM lesson to be done", func() bool {
		lr, err := a.enr.Learning(bg, learner, e.ID)
		return err == nil && !lr.Progress.Done[lessons[0].ID].IsZero()
	})
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/learn/%d/%d", a.srv.URL, e.ID, lessons[1].ID))); err != nil {
		t.Fatal(err)
	}
	au := []string{"[data-player] iframe"}
	inFrame(t, ctx, "Ready", "#status", au...)
	clickInFrame(t, ctx, `input[value="a"]`, au...)
	clickInFrame(t, ctx, "#answer", au...)
	waitFor(t, "the course to complete", func() bool { return enrolmentStatus(a, e.ID) == enrollment.Completed })
}
