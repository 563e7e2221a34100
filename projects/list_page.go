package projects

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// filterFrom reads a listing or dashboard filter from the URL query, so a
// view can be shared as a link. Unknown values are ignored.
func filterFrom(q url.Values) Filter {
	f := Filter{Search: strings.TrimSpace(q.Get("q"))}
	if k := Kind(q.Get("kind")); PhaseCount(k) > 0 {
		f.Kind = k
	}
	if c := strings.ToUpper(q.Get("country")); i18n.ValidCountry(c) {
		f.Country = c
	}
	for _, s := range Statuses {
		if string(s) == q.Get("status") {
			f.Status = s
		}
	}
	for _, k := range Kinds {
		if PhaseIndex(k, Phase(q.Get("phase"))) >= 0 {
			f.Phase = Phase(q.Get("phase"))
		}
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 1990 && y <= 2100 {
		f.Year = y
	}
	return f
}

// PhaseCount is the number of phases of a kind's procedure (0 for an
// unknown kind).
func PhaseCount(k Kind) int { return len(procedures[k]) }

// Href is path with the filter as its query, for links that keep the
// list's filters (exports, the dashboard). It is written whole into href:
// html/template only normalises a whole address, while a query put in by
// itself ("?{{.Filter.Query.Encode}}") has its "=" and "&" escaped, and
// the filter is lost.
func (f Filter) Href(path string) string {
	if q := f.Query().Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// Query writes the filter back as URL query parameters.
func (f Filter) Query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("kind", string(f.Kind))
	set("country", f.Country)
	set("status", string(f.Status))
	set("phase", string(f.Phase))
	set("q", f.Search)
	if f.Year != 0 {
		q.Set("year", strconv.Itoa(f.Year))
	}
	return q
}

type filterOptions struct {
	Kinds, Statuses, Phases, Countries []i18n.Option
}

func newFilterOptions(l *i18n.Localizer, f Filter) filterOptions {
	o := filterOptions{Countries: l.Countries(f.Country)}
	for _, k := range Kinds {
		o.Kinds = append(o.Kinds, i18n.Option{Value: string(k), Label: l.T("project_kind." + string(k)), Selected: k == f.Kind})
		for _, p := range procedures[k] {
			o.Phases = append(o.Phases, i18n.Option{Value: string(p), Label: l.T("project_kind."+string(k)) + ": " + l.T("phase."+string(p)), Selected: p == f.Phase})
		}
	}
	for _, s := range Statuses {
		o.Statuses = append(o.Statuses, i18n.Option{Value: string(s), Label: l.T("project_status." + string(s)), Selected: s == f.Status})
	}
	return o
}

type listRow struct {
	Project
	Title i18n.Localized
	Step  int
	Steps int
}

type listView struct {
	web.Page
	Filter   Filter
	Options  filterOptions
	Year     string
	Rows     []listRow
	Total    int64
	PrevHref string
	NextHref string
	CanWrite bool
	CanDash  bool
}

// listPerPage is how many projects one list page shows.
const listPerPage = 50

func (h *Handler) showList(c *gin.Context) {
	ctx := c.Request.Context()
	u := accounts.CurrentUser(ctx)
	f := filterFrom(c.Request.URL.Query())
	page, _ := strconv.Atoi(c.Query("page"))
	page = max(page, 1)
	list, total, err := h.svc.ListPage(ctx, u, f, page, listPerPage)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &listView{Page: web.NewPage(c, "page.projects.title"), Filter: f, Total: total, CanWrite: CanWrite(u), CanDash: CanReadAll(u)}
	href := func(p int) string {
		q := f.Query()
		q.Set("page", strconv.Itoa(p))
		return "/projects?" + q.Encode()
	}
	if page > 1 {
		v.PrevHref = href(page - 1)
	}
	if int64(page*listPerPage) < total {
		v.NextHref = href(page + 1)
	}
	v.Options = newFilterOptions(v.L, f)
	if f.Year != 0 {
		v.Year = strconv.Itoa(f.Year)
	}
	for _, p := range list {
		v.Rows = append(v.Rows, listRow{Project: p, Title: p.TitleIn(v.L.Code()), Step: PhaseIndex(p.Kind, p.Phase) + 1, Steps: PhaseCount(p.Kind)})
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.ProjectList, v)
}
