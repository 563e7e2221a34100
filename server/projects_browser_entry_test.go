package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestBrowserStaffCreatesEditsAndBudgetsProject: a staff member (reading
// Korean) creates a project from the list's link, edits it and adds a
// budget line, all by filling in and sending the pages' forms.
func TestBrowserStaffCreatesEditsAndBudgetsProject(t *testing.T) {
	ctx := chromeFor(t)
	a := newApp(t, storetest.New(t, store.SQLite))
	base := a.srv.URL
	browserLogin(t, ctx, base, "staff@example.org")

	// A refused form first: the end date is before the start.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/projects"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/projects/new"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/projects/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-code`)),
		chromedp.SendKeys(chromedp.CSS(`#f-code`), "GH-SMU-2026"),
		chromedp.SetValue(chromedp.CSS(`#f-kind`), "smu_pilot_village"),
		chromedp.SendKeys(chromedp.CSS(`#f-title`), "Asante Akim pilot village"),
		chromedp.SetValue(chromedp.CSS(`#f-country`), "GH"),
		chromedp.SendKeys(chromedp.CSS(`#f-village`), "Juaso"),
		chromedp.SetValue(chromedp.CSS(`#f-starts_on`), "2026-03-01"),
		chromedp.SetValue(chromedp.CSS(`#f-ends_on`), "2025-12-31"),
		chromedp.SendKeys(chromedp.CSS(`#f-budget`), "250000"),
		chromedp.Click(chromedp.CSS(`form[action="/projects"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.error-summary a[href="#f-ends_on"]`)),
	)
	if err != nil {
		t.Fatalf("send the new-project form with a bad end date: %v", err)
	}
	shot(t, ctx, "ko-project-new-error-360")
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#f-title").value + "|" + document.querySelector("#f-country").value + "|" + document.querySelector("#f-kind").value`))
	if err != nil {
		t.Fatal(err)
	}
	if title != "Asante Akim pilot village|GH|smu_pilot_village" {
		t.Errorf("after the error the form holds %q, want what was typed", title)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#f-ends_on`), "2029-12-31"),
		chromedp.Click(chromedp.CSS(`form[action="/projects"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=steps]`)),
	)
	if err != nil {
		t.Fatalf("create the project: %v", err)
	}
	path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}

	// Edit it from the project page's link.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="`+path+`/edit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="`+path+`"] #f-title`)),
		chromedp.SetValue(chromedp.CSS(`#f-title`), "Juaso pilot village"),
		chromedp.SendKeys(chromedp.CSS(`#f-sector`), "Rural development"),
		chromedp.Click(chromedp.CSS(`form[action="`+path+`"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice-success`)),
	)
	if err != nil {
		t.Fatalf("edit the project: %v", err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`h1`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h1, "Juaso pilot village") {
		t.Errorf("after the edit the heading is %q", h1)
	}

	// Add a budget line.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="`+path+`/budget"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="`+path+`/budget"] #f-category`)),
		chromedp.SendKeys(chromedp.CSS(`#f-category`), "Village hall"),
		chromedp.SendKeys(chromedp.CSS(`#f-planned`), "60000"),
		chromedp.Click(chromedp.CSS(`form[action="`+path+`/budget"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=budget-total]`)),
	)
	if err != nil {
		t.Fatalf("add a budget line: %v", err)
	}
	shot(t, ctx, "ko-project-budget-360")
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#budget + p + table`)))
	if err != nil {
		t.Fatalf("the budget table: %v", err)
	}
	if !strings.Contains(body, "Village hall") || !strings.Contains(body, "60,000.00") {
		t.Errorf("the budget table shows %q, want the new line", body)
	}
}
