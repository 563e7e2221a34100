package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// overflowing lists the elements wider than the window, for the failure
// message.
const overflowing = `(() => { const w = window.innerWidth; const out = [];
  for (const e of document.querySelectorAll('body *')) { const r = e.getBoundingClientRect();
    if (r.right > w + 0.5 || r.left < -0.5) out.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right)); }
  return document.documentElement.scrollWidth + ' > ' + w + ': ' + out.slice(0, 12).join(', '); })()`

// TestBrowserDashboardFitsAPhone: at 360 px the project dashboard (demo
// data) and the project list do not scroll sideways, in Arabic (right to
// left) and Vietnamese (long words), nor in English and Korean.
func TestBrowserDashboardFitsAPhone(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	fs, err := files.OpenDir(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	enr := enrollment.NewService(a.db, a.crs, a.acc)
	if _, err := demo.SeedProjects(context.Background(), a.acc, enr, projects.NewService(a.db, a.acc, enr, fs)); err != nil {
		t.Fatal(err)
	}
	base := a.srv.URL
	browserLogin(t, ctx, base, "staff@example.org")
	for _, lang := range []string{"ar", "vi", "en", "ko"} {
		for _, page := range []string{"/projects/dashboard", "/projects"} {
			var fits bool
			err := chromedp.Do(ctx,
				chromedp.Navigate(fmt.Sprintf("%s%s?lang=%s", base, page, lang)),
				chromedp.WaitReady(chromedp.CSS(`html[lang=`+lang+`]`)),
				chromedp.WaitVisible(chromedp.CSS(`main`)),
			)
			if err != nil {
				t.Fatalf("%s in %s: %v", page, lang, err)
			}
			fits, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			name := lang + map[string]string{"/projects/dashboard": "-dashboard", "/projects": "-list"}[page] + "-360"
			if !fits {
				why, _ := chromedp.Run(ctx, chromedp.Evaluate[string](overflowing))
				t.Errorf("%s in %s scrolls sideways at 360 px: %s", page, lang, why)
			}
			shot(t, ctx, name)
		}
	}
}
