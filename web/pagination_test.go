package web

import (
	"net/url"
	"testing"

	"github.com/baeum-lms/baeum/i18n"
)

func TestReadPageIsLenient(t *testing.T) {
	t.Parallel()
	cases := []struct {
		query     string
		page, per int
	}{
		{"", 1, 50},
		{"page=3", 3, 50},
		{"page=0", 1, 50},
		{"page=-2", 1, 50},
		{"page=two", 1, 50},
		{"page=99999999999999999999", 1, 50},
		{"page=2000000", 1_000_000, 50},
		{"per_page=10", 1, 10},
		{"per_page=200", 1, 200},
		{"per_page=201", 1, 200},
		{"per_page=0", 1, 50},
		{"per_page=-5", 1, 50},
		{"per_page=ten", 1, 50},
		{"page=4&per_page=25", 4, 25},
	}
	for _, tc := range cases {
		q, _ := url.ParseQuery(tc.query)
		if got := ReadPage(q); got.Page != tc.page || got.PerPage != tc.per {
			t.Errorf("ReadPage(%q) = %+v, want page %d of %d", tc.query, got, tc.page, tc.per)
		}
	}
}

func TestPageRequestBoundsAndOffset(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in     PageRequest
		want   PageRequest
		offset int
	}{
		{PageRequest{}, PageRequest{1, 50}, 0},
		{PageRequest{3, 20}, PageRequest{3, 20}, 40},
		{PageRequest{2, 500}, PageRequest{2, 50}, 50},
		{PageRequest{-1, -1}, PageRequest{1, 50}, 0},
		{PageRequest{5_000_000, 200}, PageRequest{1_000_000, 200}, 999_999 * 200},
	}
	for _, tc := range cases {
		if got := tc.in.Bounded(); got != tc.want || tc.in.Offset() != tc.offset {
			t.Errorf("%+v: bounded %+v, offset %d; want %+v, %d", tc.in, got, tc.in.Offset(), tc.want, tc.offset)
		}
	}
}

func TestPagerLinksKeepTheFilters(t *testing.T) {
	t.Parallel()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	en := b.Localizer("en")
	filters := url.Values{"q": {"kim & co"}, "status": {"active"}, "empty": {""}}
	cases := []struct {
		name                    string
		req                     PageRequest
		total                   int64
		status, beyond          string
		first, prev, next, last string
		more                    bool
	}{
		{"empty", PageRequest{1, 50}, 0, "", "", "", "", "", "", false},
		{"one page", PageRequest{1, 50}, 30, "Page 1 of 1: 1–30 of 30", "", "", "", "", "", false},
		{"first of many", PageRequest{1, 50}, 5000, "Page 1 of 100: 1–50 of 5000", "", "", "",
			"/l?page=2&q=kim+%26+co&status=active#list", "/l?page=100&q=kim+%26+co&status=active#list", true},
		{"second", PageRequest{2, 50}, 5000, "Page 2 of 100: 51–100 of 5000", "", "",
			"/l?q=kim+%26+co&status=active#list", "/l?page=3&q=kim+%26+co&status=active#list", "/l?page=100&q=kim+%26+co&status=active#list", true},
		{"middle", PageRequest{50, 50}, 5000, "Page 50 of 100: 2451–2500 of 5000", "", "/l?q=kim+%26+co&status=active#list",
			"/l?page=49&q=kim+%26+co&status=active#list", "/l?page=51&q=kim+%26+co&status=active#list", "/l?page=100&q=kim+%26+co&status=active#list", true},
		{"last, short", PageRequest{3, 20}, 45, "Page 3 of 3: 41–45 of 45", "", "/l?per_page=20&q=kim+%26+co&status=active#list",
			"/l?page=2&per_page=20&q=kim+%26+co&status=active#list", "", "", true},
		{"beyond", PageRequest{9, 50}, 120, "120 in all", "There is no page 9: this list has 3 pages.", "/l?q=kim+%26+co&status=active#list",
			"/l?page=3&q=kim+%26+co&status=active#list", "", "", true},
		{"beyond an empty list", PageRequest{2, 50}, 0, "0 in all", "There is no page 2: this list has 0 pages.", "", "", "", "", true},
	}
	for _, tc := range cases {
		p := NewPager(en, "/l", filters, tc.req, tc.total, "list")
		got := [...]string{p.Status, p.Beyond, p.FirstHref, p.PrevHref, p.NextHref, p.LastHref}
		want := [...]string{tc.status, tc.beyond, tc.first, tc.prev, tc.next, tc.last}
		if got != want || p.More() != tc.more {
			t.Errorf("%s:\n got %q more=%v\nwant %q more=%v", tc.name, got, p.More(), want, tc.more)
		}
	}
	if ko := NewPager(b.Localizer("ko"), "/l", nil, PageRequest{2, 50}, 5000, ""); ko.Status != "100쪽 중 2쪽: 전체 5000건 중 51–100" || ko.NextHref != "/l?page=3" {
		t.Errorf("Korean pager: %q %q", ko.Status, ko.NextHref)
	}
}
