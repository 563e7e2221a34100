package projects

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// point is one actual value drawn in the indicator's chart.
type point struct {
	X, Y  float64 // in the chart's 0–300 × 0–120 box
	Label string
}

type indicatorView struct {
	web.Page
	Project     *Project
	ProjectName i18n.Localized
	Indicator   IndicatorView
	Name        i18n.Localized
	Points      []point
	Line        string // SVG polyline points
	TargetY     float64
	BaselineY   float64
	CanWrite    bool
}

// Num writes a value without needless decimals.
func (v *indicatorView) Num(f float64) string { return num(f) }

func (h *Handler) showIndicator(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	iid, _ := paramID(c, "iid")
	list, err := h.svc.Indicators(ctx, p.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	var iv *IndicatorView
	for i := range list {
		if list[i].ID == iid {
			iv = &list[i]
		}
	}
	if iv == nil {
		web.Fail(c, h.tpl, ErrIndicatorNotFound)
		return
	}
	v := &indicatorView{Page: web.NewPage(c, "page.project_indicator.title"), Project: p, Indicator: *iv,
		CanWrite: CanWrite(accounts.CurrentUser(ctx))}
	v.ProjectName, v.Name = p.TitleIn(v.L.Code()), iv.Title(v.L.Code(), p.DefaultLocale)
	v.Title = v.Name.Text
	v.Points, v.Line, v.BaselineY, v.TargetY = chartLine(iv)
	web.HTML(c, h.tpl, http.StatusOK, templates.ProjectIndicator, v)
}

// chartLine lays the values out from the baseline date to the target
// date, scaled between the smallest and largest of baseline, target and
// values.
func chartLine(iv *IndicatorView) ([]point, string, float64, float64) {
	lo, hi := min(iv.BaselineValue, iv.TargetValue), max(iv.BaselineValue, iv.TargetValue)
	for _, v := range iv.Values {
		lo, hi = min(lo, v.Value), max(hi, v.Value)
	}
	if hi == lo {
		hi = lo + 1
	}
	t0, t1 := iv.BaselineOn.Time(), iv.TargetOn.Time()
	for _, v := range iv.Values {
		if v.MeasuredOn.Time().Before(t0) {
			t0 = v.MeasuredOn.Time()
		}
		if v.MeasuredOn.Time().After(t1) {
			t1 = v.MeasuredOn.Time()
		}
	}
	span := t1.Sub(t0).Hours()
	if span <= 0 {
		span = 1
	}
	y := func(f float64) float64 { return 110 - 100*(f-lo)/(hi-lo) }
	var pts []point
	line := ""
	for _, v := range iv.Values {
		p := point{X: 10 + 280*v.MeasuredOn.Time().Sub(t0).Hours()/span, Y: y(v.Value), Label: string(v.MeasuredOn) + ": " + num(v.Value)}
		pts = append(pts, p)
		line += strconv.FormatFloat(p.X, 'f', 1, 64) + "," + strconv.FormatFloat(p.Y, 'f', 1, 64) + " "
	}
	return pts, line, y(iv.BaselineValue), y(iv.TargetValue)
}
