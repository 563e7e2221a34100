package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestBrowserLearnerSignsInInKorean: a visitor on a phone-sized screen picks
// Korean from the language menu, signs in as the demo learner (who has no
// profile language, so the cookie keeps Korean) and sees their name in the
// header. It saves full-page screenshots of the signed-in home page in
// Korean, Vietnamese and Arabic (right to left) to $BAEUM_SCREENSHOT_DIR, or
// to a temporary directory.
func TestBrowserLearnerSignsInInKorean(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := chromeBinary() // chromium, chromium-browser, google-chrome
	if bin == "" {
		t.Skip("no Chromium found (install Debian's chromium package to run browser tests)")
	}
	a := newApp(t, storetest.New(t, store.SQLite))
	base := a.srv.URL

	// Started after the app, so the browser closes before the server.
	tctx, cancelT := context.WithTimeout(context.Background(), 60*time.Second)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(360, 800))
	actx, cancelA := chromedp.NewExecAllocator(tctx, opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA(); cancelT() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800)); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}

	attr := func(sel, name string) string {
		t.Helper()
		r, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
		if err != nil {
			t.Fatalf("%s[%s]: %v", sel, name, err)
		}
		return r.Value
	}

	// Pick Korean from the language menu. Each wait is for something only
	// the next page has, so it also waits for the navigation.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`a[hreflang=ko]`)),
		chromedp.Click(chromedp.CSS(`a[hreflang=ko]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang=ko]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[hreflang=ko][aria-current=true]`)),
	)
	if err != nil {
		t.Fatalf("choose Korean from the language menu: %v", err)
	}
	if lang := attr("html", "lang"); lang != "ko" {
		t.Fatalf("after choosing Korean, html lang=%q", lang)
	}

	// Sign in from the header link.
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`.session a[href="/login"]`)),
		chromedp.Click(chromedp.CSS(`.session a[href="/login"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"] #f-email`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "learner@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=user-name]`)),
	)
	if err != nil {
		t.Fatalf("sign in as the demo learner: %v", err)
	}
	name, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid=user-name]`)))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(name); got != "Souksavanh Phommachanh" {
		t.Errorf("header shows user %q, want Souksavanh Phommachanh", got)
	}
	if lang := attr("html", "lang"); lang != "ko" {
		t.Errorf("after sign-in, html lang=%q, want ko (the cookie's choice)", lang)
	}

	// Full-page screenshots of the signed-in home page at 360 px.
	dir := screenshotDir(t)
	for _, sc := range []struct{ lang, path, dir string }{
		{"ko", "/", "ltr"}, // still Korean from the cookie
		{"vi", "/?lang=vi", "ltr"},
		{"ar", "/?lang=ar", "rtl"},
	} {
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+sc.path),
			chromedp.WaitReady(chromedp.CSS(`html[lang=`+sc.lang+`]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=user-name]`)),
		)
		if err != nil {
			t.Fatalf("home page in %s: %v", sc.lang, err)
		}
		if d := attr("html", "dir"); d != sc.dir {
			t.Errorf("home page in %s: html dir=%q, want %q", sc.lang, d, sc.dir)
		}
		img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // PNG
		if err != nil {
			t.Fatalf("screenshot in %s: %v", sc.lang, err)
		}
		p := filepath.Join(dir, "home-signed-in-"+sc.lang+"-360.png")
		if err := os.WriteFile(p, img, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
}
