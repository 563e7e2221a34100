package server_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// chromeBinary finds Debian's Chromium (or another Chrome) on the PATH.
func chromeBinary() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromeFor starts a headless Chromium with a fresh profile, sized like a
// phone (360 px wide), for one test. It skips the test where no Chromium is
// installed.
func chromeFor(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := chromeBinary()
	if bin == "" {
		t.Skip("no Chromium found: install Debian's chromium package (apt-get install chromium) to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(360, 800))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800)); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

func screenshotDir(t *testing.T) string {
	if d := os.Getenv("BAEUM_SCREENSHOT_DIR"); d != "" {
		_ = os.MkdirAll(d, 0o755)
		return d
	}
	return t.TempDir()
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(screenshotDir(t), name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	t.Logf("screenshot: %s", p)
}

func browserLogin(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#f-email")),
		chromedp.SendKeys(chromedp.CSS("#f-email"), email),
		chromedp.SendKeys(chromedp.CSS("#f-password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=user-name]`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
}

func htmlLang(t *testing.T, ctx context.Context) string {
	t.Helper()
	lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil {
		t.Fatal(err)
	}
	return lang
}

// TestBrowserLearnerCompletesACourseInVietnamese: a learner reading
// Vietnamese opens the catalogue, enrols in an online course, completes the
// text lesson, passes the quiz and sees the course complete.
func TestBrowserLearnerCompletesACourseInVietnamese(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	f := coursetest.Build(t, a.crs, "VN-BROWSER", true)
	base := a.srv.URL
	browserLogin(t, ctx, base, "learner.vn@example.org") // profile language: vi
	if lang := htmlLang(t, ctx); lang != "vi" {
		t.Fatalf("page language %q, want vi", lang)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/courses"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`a[href="/courses/%d"]`, f.Course.ID))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/courses/%d"]`, f.Course.ID))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`form[action="/courses/%d/enrol"] button`, f.Course.ID))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/courses/%d/enrol"] button`, f.Course.ID))),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=enrolment] a.button`)),
		chromedp.Click(chromedp.CSS(`[data-testid=enrolment] a.button`)),
		chromedp.WaitVisible(chromedp.CSS(`article.lesson-body`)),
	)
	if err != nil {
		t.Fatalf("enrol and open the first lesson: %v", err)
	}
	shot(t, ctx, "vi-lesson-360")
	var enrolment int64
	a.db.Gorm.Table("enrolments").Select("id").Where("course_id = ?", f.Course.ID).Scan(&enrolment)
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/learn/%d/%d/complete"] button`, enrolment, f.Text.ID))),
		chromedp.WaitVisible(chromedp.CSS(`.notice-success`)),
		chromedp.Navigate(fmt.Sprintf("%s/learn/%d/%d", base, enrolment, f.Quiz.ID)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`form[action="/learn/%d/%d/quiz"]`, enrolment, f.Quiz.ID))),
	)
	if err != nil {
		t.Fatalf("complete the text lesson: %v", err)
	}
	q := f.Questions
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="q-%d"][value="%d"]`, q[0].ID, q[0].Choices[0].ID))),
	}
	for _, c := range q[1].Choices {
		if c.Correct {
			steps = append(steps, chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="q-%d"][value="%d"]`, q[1].ID, c.ID))))
		}
	}
	steps = append(steps,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="q-%d"][value="true"]`, q[2].ID))),
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`#a-%d`, q[3].ID)), "New Village Movement"),
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`#a-%d`, q[4].ID)), "41"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/learn/%d/%d/quiz"] button[type=submit]`, enrolment, f.Quiz.ID))),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=quiz-result]`)),
	)
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("take the quiz: %v", err)
	}
	result, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid=quiz-result]`)))
	if err != nil || !strings.Contains(result, "100") {
		t.Fatalf("quiz result %q (%v)", result, err)
	}
	shot(t, ctx, "vi-quiz-result-360")
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/courses/%d", base, f.Course.ID)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=course-complete]`)),
	)
	if err != nil {
		t.Fatalf("the course page does not show the course complete: %v", err)
	}
	for _, lang := range []string{"ko", "ar"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/courses/%d?lang=%s", base, f.Course.ID, lang)), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		shot(t, ctx, lang+"-course-360")
	}
	dir, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dir`))
	if err != nil || dir != "rtl" {
		t.Fatalf("Arabic page dir %q (%v)", dir, err)
	}
}

// TestBrowserCoordinatorImportsAndMarksAttendance: a coordinator imports a
// trainee list with one bad row, sees the error, imports the fixed list,
// marks attendance; a trainee sees the cohort in French.
func TestBrowserCoordinatorImportsAndMarksAttendance(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	f := coursetest.Build(t, a.crs, "COH-BROWSER", true)
	coord, _ := a.acc.UserByEmail(context.Background(), "coordinator@example.org")
	svc := enrollment.NewService(a.db, a.crs, a.acc)
	c, err := svc.CreateCohort(context.Background(), accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID,
		Code: "KH-2027-01", Country: "KH", StartsOn: "2027-04-05", EndsOn: "2027-04-16", Capacity: 10, Delivery: courses.InPerson, AttendanceThreshold: 80})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddSession(context.Background(), accounts.Actor{}, c.ID, "2027-04-05T09:00", "Opening"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	good := filepath.Join(dir, "good.csv")
	_ = os.WriteFile(bad, []byte("email,name,native_name,country\nlearner.kh@example.org,Sok Dara,សុខ ដារ៉ា,KH\nnot-an-email,Chan Vuthy,,KH\n"), 0o644)
	_ = os.WriteFile(good, []byte("email,name,native_name,country\nlearner.kh@example.org,Sok Dara,សុខ ដារ៉ា,KH\nvuthy@example.kh,Chan Vuthy,,KH\n"), 0o644)

	base := a.srv.URL
	browserLogin(t, ctx, base, "coordinator@example.org")
	cohortURL := fmt.Sprintf("%s/coordinate/cohorts/%d", base, c.ID)
	err = chromedp.Do(ctx,
		chromedp.Navigate(cohortURL+"/import"),
		chromedp.WaitVisible(chromedp.CSS("#f-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{bad}),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/coordinate/cohorts/%d/import"] button`, c.ID))),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=import-errors]`)),
	)
	if err != nil {
		t.Fatalf("upload the bad list: %v", err)
	}
	errs, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid=import-errors]`)))
	if !strings.Contains(errs, "3") || !strings.Contains(errs, "email") {
		t.Fatalf("the error table does not point at line 3, email: %q", errs)
	}
	shot(t, ctx, "ko-import-errors-360")
	err = chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{good}),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/coordinate/cohorts/%d/import"] button`, c.ID))),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=import-preview]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=import-preview] button`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=roster]`)),
	)
	if err != nil {
		t.Fatalf("import the fixed list: %v", err)
	}
	var sessionID int64
	a.db.Gorm.Table("class_sessions").Select("id").Where("cohort_id = ?", c.ID).Scan(&sessionID)
	var enrolments []int64
	a.db.Gorm.Table("enrolments").Where("cohort_id = ?", c.ID).Order("id").Pluck("id", &enrolments)
	if len(enrolments) != 2 {
		t.Fatalf("%d enrolments after the import", len(enrolments))
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/coordinate/sessions/%d", base, sessionID)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="mark-%d"][value="present"]`, enrolments[0]))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="mark-%d"][value="excused"]`, enrolments[1]))),
	)
	if err != nil {
		t.Fatalf("mark attendance: %v", err)
	}
	shot(t, ctx, "ko-attendance-360")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/coordinate/sessions/%d"] button[type=submit]`, sessionID))),
		chromedp.WaitVisible(chromedp.CSS(`.notice-success`)),
	)
	if err != nil {
		t.Fatalf("save attendance: %v", err)
	}
	var marks int64
	a.db.Gorm.Table("attendance").Count(&marks)
	if marks != 2 {
		t.Fatalf("%d marks saved", marks)
	}

	// The trainee (profile language French) sees the cohort on /my.
	b2 := chromeFor(t) // a second browser: the trainee's own
	browserLogin(t, b2, base, "learner.kh@example.org")
	if err := chromedp.Do(b2, chromedp.Navigate(base+"/my"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=my-applications]`))); err != nil {
		t.Fatalf("/my: %v", err)
	}
	text, _ := chromedp.Run(b2, chromedp.Text(chromedp.CSS(`[data-testid=my-applications]`)))
	if !strings.Contains(text, "KH-2027-01") {
		t.Fatalf("/my does not list the cohort: %q", text)
	}
	if lang := htmlLang(t, b2); lang != "fr" {
		t.Fatalf("/my in %q, want fr", lang)
	}
	shot(t, b2, "fr-my-360")
}
