package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/jobs"
	"github.com/baeum-lms/baeum/mail"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestBrowserCohortCertificates: the coordinator issues a whole cohort's
// certificates from the cohort page; River does the work in the background
// while the page shows the progress and then offers the ZIP. A stranger
// reading Spanish opens the address the QR code holds and sees "valid".
func TestBrowserCohortCertificates(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	a.certs.BaseURL = a.srv.URL
	fx := newCertFixture(t, a, "BROWSER-CERT")
	db := a.db
	if err := jobs.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	runner, err := jobs.Start(context.Background(), db, mail.LogSender{Log: slog.New(slog.NewTextHandler(io.Discard, nil))},
		slog.New(slog.NewTextHandler(io.Discard, nil)), time.Hour, a.certs.Jobs())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = runner.Stop(context.Background()) })
	a.certs.Enqueue = func(ctx context.Context, id int64) error {
		return runner.Insert(ctx, certificates.BatchArgs{BatchID: id})
	}

	base := a.srv.URL
	browserLogin(t, ctx, base, "coordinator@example.org")
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/coordinate/cohorts/%d", base, fx.cohort.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid=cohort-certificates]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=trainees]`)),
	)
	if err != nil {
		t.Fatalf("open the cohort's certificates: %v", err)
	}
	shot(t, ctx, "ko-cohort-certificates-360")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=start-batch]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=batches]`)),
	)
	if err != nil {
		t.Fatalf("issue the whole cohort: %v", err)
	}
	// The page reloads itself while the batch runs (a meta refresh, no
	// script; TestCertificateFlowOverHTTP checks it is there). The test
	// opens the page again each second instead, since a reload under a
	// running query can hang that query.
	page := fmt.Sprintf("%s/coordinate/cohorts/%d/certificates", base, fx.cohort.ID)
	for tries := 0; ; tries++ {
		if tries == 60 {
			var status string
			db.Gorm.Table("certificate_batches").Select("status || ' ' || error").Order("id DESC").Limit(1).Scan(&status)
			t.Fatalf("the page shows no ZIP after 60 s; the batch is %q", status)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`[data-testid=batches]`))); err != nil {
			t.Fatalf("open the page: %v", err)
		}
		ready, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("[data-testid=batch-zip]") !== null`))
		if err != nil {
			t.Fatalf("look for the ZIP: %v", err)
		}
		if ready {
			break
		}
		time.Sleep(time.Second)
	}
	shot(t, ctx, "ko-cohort-certificates-done-360")
	if n := storetest.Count(t, db, "certificates"); n != 2 {
		t.Fatalf("%d certificates after the batch, want 2", n)
	}
	var vnSerial string
	db.Gorm.Table("certificates").Select("serial").Where("enrolment_id = ?", fx.enrolments["learner.vn@example.org"]).Scan(&vnSerial)
	if vnSerial == "" {
		t.Fatal("the Vietnamese trainee has no certificate")
	}

	// A stranger, in a browser of their own that prefers Spanish, opens the
	// address printed in the QR code.
	b2 := chromeFor(t)
	err = chromedp.Do(b2,
		chromedp.Navigate(a.certs.VerifyURL(vnSerial)+"?lang=es"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=verify-status]`)),
	)
	if err != nil {
		t.Fatalf("open the verification page: %v", err)
	}
	status, _ := chromedp.Run(b2, chromedp.Text(chromedp.CSS(`[data-testid=verify-status]`)))
	b, _ := i18n.Load()
	if want := b.Localizer("es").T("page.verify.valid"); !strings.Contains(status, want) {
		t.Fatalf("status %q, want %q", status, want)
	}
	if lang := htmlLang(t, b2); lang != "es" {
		t.Fatalf("verification page in %q, want es", lang)
	}
	shot(t, b2, "es-verify-360")
}
