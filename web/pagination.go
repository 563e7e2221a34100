package web

import (
	"net/url"
	"strconv"

	"github.com/baeum-lms/baeum/i18n"
)

// The page sizes of every list that grows with a cohort or the institute.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
	// maxPage keeps an offset computed from the address far from overflow.
	maxPage = 1_000_000
)

// PageRequest is which page of a list is asked for, counted from 1.
type PageRequest struct {
	Page    int
	PerPage int
}

// Bounded returns r with a page of at least 1 (and at most a million) and a
// page size from 1 to MaxPerPage, DefaultPerPage where r has none or one out
// of range. Services bound what they are given with it, so every list
// agrees on the limits whoever calls.
func (r PageRequest) Bounded() PageRequest {
	if r.Page < 1 {
		r.Page = 1
	}
	r.Page = min(r.Page, maxPage)
	if r.PerPage < 1 || r.PerPage > MaxPerPage {
		r.PerPage = DefaultPerPage
	}
	return r
}

// Offset is how many items come before the page.
func (r PageRequest) Offset() int {
	b := r.Bounded()
	return (b.Page - 1) * b.PerPage
}

// ReadPage reads "page" and "per_page" from an address's query leniently,
// as a shared link must never fail: a page that is not a whole number from 1 is
// the first, a size that is not one is the default, and a size above
// MaxPerPage is MaxPerPage. (The API refuses the same values with a 422
// instead: a program should learn that it asked for something else.)
func ReadPage(q url.Values) PageRequest {
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	per, err := strconv.Atoi(q.Get("per_page"))
	switch {
	case err != nil || per < 1:
		per = DefaultPerPage
	case per > MaxPerPage:
		per = MaxPerPage
	}
	return PageRequest{Page: page, PerPage: per}.Bounded()
}

// Address adds the page and its size to a list's filters, each only when
// not the default, for a link or a form that must come back to this page.
func (r PageRequest) Address(filters url.Values) url.Values {
	q := url.Values{}
	for k, vs := range filters {
		for _, v := range vs {
			if v != "" {
				q.Add(k, v)
			}
		}
	}
	r = r.Bounded()
	if r.Page > 1 {
		q.Set("page", strconv.Itoa(r.Page))
	}
	if r.PerPage != DefaultPerPage {
		q.Set("per_page", strconv.Itoa(r.PerPage))
	}
	return q
}

// Pager is what a page shows about the pages of a list: where the reader
// is, translated, and links to the other pages that keep the list's
// filters. The "pager" partial renders it.
type Pager struct {
	Page, PerPage, Pages  int
	Total                 int64
	Status                string // "Page 2 of 100: 51–100 of 5000", translated
	Beyond                string // translated note for a page after the last; "" otherwise
	Label                 string // the navigation landmark's name, translated
	PrevLabel, NextLabel  string
	FirstLabel, LastLabel string
	PrevHref, NextHref    string // "" on the first (last) page
	FirstHref, LastHref   string // "" when the reader is there already
}

// NewPager builds the pager of a list at path whose filters (already in
// their address form, without "page") are kept in every link; anchor, when
// not "", is the id of the list's heading, so a link lands on the list. The
// page size is kept only when it is not the default, so links stay short.
func NewPager(l *i18n.Localizer, path string, filters url.Values, r PageRequest, total int64, anchor string) Pager {
	r = r.Bounded()
	p := Pager{Page: r.Page, PerPage: r.PerPage, Total: total,
		Label: l.T("page.list.pages"), PrevLabel: l.T("nav.previous"), NextLabel: l.T("nav.next"),
		FirstLabel: l.T("page.list.first"), LastLabel: l.T("page.list.last")}
	p.Pages = int((total + int64(r.PerPage) - 1) / int64(r.PerPage))
	href := func(page int) string {
		q := PageRequest{Page: page, PerPage: r.PerPage}.Address(filters)
		out := path
		if enc := q.Encode(); enc != "" {
			out += "?" + enc
		}
		if anchor != "" {
			out += "#" + anchor
		}
		return out
	}
	switch {
	case total == 0 && r.Page == 1:
		// The list says it is empty better than a pager can.
	case r.Page > p.Pages:
		p.Status = l.T("page.list.count", "Count", total)
		p.Beyond = l.T("page.list.beyond", "Page", r.Page, "Count", p.Pages)
	default:
		from := int64(r.Page-1)*int64(r.PerPage) + 1
		to := min(from+int64(r.PerPage)-1, total)
		p.Status = l.T("page.list.status", "Total", total, "Page", r.Page, "Pages", p.Pages, "From", from, "To", to)
	}
	// First and last only where they lead elsewhere than previous and next.
	if prev := min(r.Page-1, p.Pages); prev >= 1 {
		p.PrevHref = href(prev)
		if prev > 1 {
			p.FirstHref = href(1)
		}
	}
	if r.Page < p.Pages {
		p.NextHref = href(r.Page + 1)
		if r.Page+1 < p.Pages {
			p.LastHref = href(p.Pages)
		}
	}
	return p
}

// More reports whether the list has more than one page, or the reader is
// past its end: only then is the pager worth showing.
func (p Pager) More() bool { return p.Pages > 1 || p.Beyond != "" }
