package main

import (
	"bufio"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	t.Parallel()
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {90, 90 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(lat, tc.p); got != tc.want {
			t.Errorf("p%v = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("p99 of one = %v", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of none = %v", got)
	}
}

func TestTallyCountsErrors(t *testing.T) {
	t.Parallel()
	tl := newTallies([]string{"r"})[0]
	for _, o := range []outcome{{status: 200, bytes: 10}, {status: 303, bytes: 0}, {status: 404, bytes: 5}, {status: 500}, {err: errors.New("dial tcp: connection refused")}} {
		tl.add(o)
	}
	s := summarise(tl, time.Second)
	if s.n != 5 || s.errors != 3 || s.totalBytes != 15 || s.rate != 5 {
		t.Errorf("summary = %+v, want 5 answers, 3 errors, 15 bytes, 5/s", s)
	}
	if tl.why["HTTP 404"] != 1 || tl.why["HTTP 500"] != 1 || tl.why["connection refused"] != 1 {
		t.Errorf("errors by cause = %v", tl.why)
	}
}

func TestParseStatus(t *testing.T) {
	t.Parallel()
	in := "Name:\tbaeum\nVmPeak:\t  900000 kB\nVmHWM:\t  153600 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n"
	m, err := parseStatus(bufio.NewScanner(strings.NewReader(in)))
	if err != nil {
		t.Fatal(err)
	}
	if m.PeakMB != 150 || m.NowMB != 100 {
		t.Errorf("memory = %+v, want peak 150 MB and now 100 MB", m)
	}
	if _, err := parseStatus(bufio.NewScanner(strings.NewReader("Name:\tx\n"))); err == nil {
		t.Error("a status without VmHWM and VmRSS was read")
	}
}

func TestRewriteExport(t *testing.T) {
	t.Parallel()
	doc := map[string]any{"course": map[string]any{
		"code":  "SMU-E01",
		"texts": map[string]any{"en": map[string]any{"title": "Saemaul Undong"}},
		"modules": []any{map[string]any{"lessons": []any{
			map[string]any{"kind": "text"},
			map[string]any{"kind": "quiz", "attempt_limit": 3.0},
		}}},
	}}
	if err := rewriteExport(doc, "LOAD-SMU-E01"); err != nil {
		t.Fatal(err)
	}
	c := doc["course"].(map[string]any)
	if c["code"] != "LOAD-SMU-E01" {
		t.Errorf("code = %v", c["code"])
	}
	if title := c["texts"].(map[string]any)["en"].(map[string]any)["title"]; title != "Load test: Saemaul Undong" {
		t.Errorf("title = %v", title)
	}
	quiz := c["modules"].([]any)[0].(map[string]any)["lessons"].([]any)[1].(map[string]any)
	if _, ok := quiz["attempt_limit"]; ok {
		t.Errorf("the quiz keeps its attempt limit: %v", quiz)
	}
	if err := rewriteExport(map[string]any{}, "X"); err == nil {
		t.Error("an export without a course was rewritten")
	}
}

func TestPickRuns(t *testing.T) {
	t.Parallel()
	mix, err := pickRuns("")
	if err != nil || len(mix) != 1 || len(mix[0].routes) != len(mixRoutes()) {
		t.Fatalf("mix = %+v, %v", mix, err)
	}
	each, err := pickRuns("each")
	if err != nil || len(each) != len(mixRoutes()) {
		t.Fatalf("each = %d runs, %v", len(each), err)
	}
	two, err := pickRuns("healthz, catalogue-api")
	if err != nil || len(two) != 2 || two[0].name != "healthz" || two[1].routes[0].Weight != 1 {
		t.Fatalf("two = %+v, %v", two, err)
	}
	more, err := pickRuns("each,healthz")
	if err != nil || len(more) != len(mixRoutes())+1 || more[len(more)-1].name != "healthz" {
		t.Fatalf("each,healthz = %d runs, %v", len(more), err)
	}
	if _, err := pickRuns("nope"); err == nil {
		t.Error("an unknown route was accepted")
	}
}

func TestCSRFField(t *testing.T) {
	t.Parallel()
	page := `<form method="post"><input type="hidden" name="csrf_token" value="abc_DEF-123"></form>`
	if got := csrfField(page); got != "abc_DEF-123" {
		t.Errorf("csrf = %q", got)
	}
	if got := csrfField("<p>no form</p>"); got != "" {
		t.Errorf("csrf of a page without a form = %q", got)
	}
}
