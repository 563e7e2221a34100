package projects

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// bar is one row of a horizontal bar chart: the SVG draws Pct (0–100) of
// its width; the label and the value stay HTML text, so they translate,
// wrap and read aloud.
type bar struct {
	Key   string
	Label string
	Text  string
	Pct   float64
	Pct2  float64 // a second, overlaid measure (disbursed against planned)
	Dual  bool    // draw Pct as the plan and Pct2 over it
	Href  string
}

type chart struct {
	ID    string
	Title string
	Bars  []bar
}

type dashboardView struct {
	web.Page
	Dash     *Dashboard
	Filter   Filter
	Options  filterOptions
	Year     string
	Charts   []chart
	Progress chart
	Buckets  chart
	Budget   chart
	Query    string
	Summary  string // the counts, each with its language's plural form
}

// bucketIDs name the progress buckets of Dashboard.Buckets.
var bucketIDs = [5]string{"page.project_dashboard.bucket_0", "page.project_dashboard.bucket_1", "page.project_dashboard.bucket_2",
	"page.project_dashboard.bucket_3", "page.project_dashboard.bucket_4"}

func scaled(n, top int) float64 {
	if top <= 0 {
		return 0
	}
	return 100 * float64(n) / float64(top)
}

func (h *Handler) showDashboard(c *gin.Context) {
	f := filterFrom(c.Request.URL.Query())
	d, err := h.svc.Dashboard(c.Request.Context(), f)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &dashboardView{Page: web.NewPage(c, "page.project_dashboard.title"), Dash: d, Filter: f, Query: f.Query().Encode()}
	v.Options = newFilterOptions(v.L, f)
	v.Summary = v.T("page.project_dashboard.summary", "Projects", v.T("page.project_dashboard.projects", "Count", d.Projects),
		"Indicators", v.T("page.project_dashboard.indicators", "Count", d.Indicators),
		"Measured", v.T("page.project_dashboard.measured", "Count", d.Measured))
	if f.Year != 0 {
		v.Year = strconv.Itoa(f.Year)
	}
	link := func(key, val string) string {
		q := f.Query()
		q.Set(key, val)
		return "/projects/dashboard?" + q.Encode()
	}
	countChart := func(id, title string, cs []Count, label func(Count) string, key string) chart {
		ch := chart{ID: id, Title: v.T(title)}
		top := 0
		for _, c := range cs {
			top = max(top, c.Count)
		}
		for _, c := range cs {
			ch.Bars = append(ch.Bars, bar{Key: c.Key, Label: label(c), Text: strconv.Itoa(c.Count), Pct: scaled(c.Count, top), Href: link(key, c.Key)})
		}
		return ch
	}
	v.Charts = []chart{
		countChart("country", "page.project_dashboard.by_country", d.ByCountry, func(c Count) string { return v.Country(c.Key) }, "country"),
		countChart("year", "page.project_dashboard.by_year", d.ByYear, func(c Count) string { return c.Key }, "year"),
		countChart("kind", "page.project_dashboard.by_kind", d.ByKind, func(c Count) string { return v.T("project_kind." + c.Key) }, "kind"),
		countChart("phase", "page.project_dashboard.by_phase", d.ByPhase, func(c Count) string {
			return v.T("project_kind."+string(c.Kind)) + ": " + v.T("phase."+c.Key)
		}, "phase"),
	}
	v.Progress = chart{ID: "progress", Title: v.T("page.project_dashboard.progress")}
	for _, p := range d.Progress {
		v.Progress.Bars = append(v.Progress.Bars, bar{Key: p.Country, Label: v.Country(p.Country),
			Text: strconv.Itoa(int(p.Average+0.5)) + "%", Pct: p.Average, Href: link("country", p.Country)})
	}
	v.Buckets = chart{ID: "buckets", Title: v.T("page.project_dashboard.buckets")}
	top := 0
	for _, n := range d.Buckets {
		top = max(top, n)
	}
	for i, n := range d.Buckets {
		v.Buckets.Bars = append(v.Buckets.Bars, bar{Key: strconv.Itoa(i), Label: v.T(bucketIDs[i]),
			Text: strconv.Itoa(n), Pct: scaled(n, top)})
	}
	v.Budget = chart{ID: "budget", Title: v.T("page.project_dashboard.budget")}
	var topB int64
	for _, b := range d.Budget {
		topB = max(topB, b.Planned, b.Disbursed)
	}
	for _, b := range d.Budget {
		pct := func(n int64) float64 {
			if topB == 0 {
				return 0
			}
			return 100 * float64(n) / float64(topB)
		}
		v.Budget.Bars = append(v.Budget.Bars, bar{Key: strconv.Itoa(b.Year) + b.Currency, Label: strconv.Itoa(b.Year) + "\u00a0·\u00a0" + b.Currency, // one unit, never broken
			Text: v.T("page.project_dashboard.budget_text", "Disbursed", FormatAmount(b.Disbursed, b.Currency), "Planned", FormatAmount(b.Planned, b.Currency), "Percent", b.Percent()),
			Pct:  pct(b.Planned), Pct2: pct(b.Disbursed), Dual: true})
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.ProjectDashboard, v)
}
