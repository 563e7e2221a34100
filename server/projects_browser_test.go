package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func dashboardProgress(t *testing.T, ctx context.Context, base, country string) string {
	t.Helper()
	sel := fmt.Sprintf(`[data-testid=bar-progress-%s]`, country)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/projects/dashboard"), chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		t.Fatalf("open the dashboard: %v", err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).dataset.value`, sel)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowserStaffRecordsIndicatorValue: a staff member (reading Korean)
// records an indicator's actual value with the form and sees the
// dashboard's progress chart for the country change.
func TestBrowserStaffRecordsIndicatorValue(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	f := projectFixture(t, a)
	base := a.srv.URL
	browserLogin(t, ctx, base, "staff@example.org")
	before := dashboardProgress(t, ctx, base, "LA")
	if before != "25%" {
		t.Fatalf("progress before: %q, want 25%%", before)
	}
	shot(t, ctx, "ko-dashboard-360")
	form := fmt.Sprintf(`form[action="/projects/%d/indicators/%d/values"]`, f.project, f.indicator)
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/projects/%d", base, f.project)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=steps]`)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/projects/%d/indicators/%d"]`, f.project, f.indicator))),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=values]`)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/projects/%d/indicators/%d/values"]`, f.project, f.indicator))),
		chromedp.WaitVisible(chromedp.CSS(form)),
		chromedp.SetValue(chromedp.CSS("#f-on"), "2022-12-31"),
		chromedp.SendKeys(chromedp.CSS("#f-value"), "1800"),
		chromedp.SendKeys(chromedp.CSS("#f-note"), "Mushroom farm sales"),
		chromedp.Click(chromedp.CSS(form+" button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`.notice-success`)),
	)
	if err != nil {
		t.Fatalf("record the value: %v", err)
	}
	shot(t, ctx, "ko-indicator-360")
	if after := dashboardProgress(t, ctx, base, "LA"); after != "80%" {
		t.Errorf("progress after recording 1800 (baseline 1000, target 2000): %q, want 80%%", after)
	}
	for _, lang := range []string{"vi", "ar"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/projects/dashboard?lang="+lang), chromedp.WaitVisible(chromedp.CSS(`[data-testid=chart-progress]`))); err != nil {
			t.Fatal(err)
		}
		shot(t, ctx, lang+"-dashboard-360")
	}
}
