package courses

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

const cataloguePerPage = 20

type catalogueView struct {
	web.Page
	Items              []CatalogueItem
	Total              int64
	Query              string
	Programmes         []i18n.Option
	DeliveryOptions    []i18n.Option
	LanguageOptions    []i18n.Option
	PrevHref, NextHref string
}

// catalogueFilter reads the catalogue's filters from the query string,
// ignoring values it does not know (a shared link never errors).
func catalogueFilter(c *gin.Context, locale string) CatalogueFilter {
	page, _ := strconv.Atoi(c.Query("page"))
	prog, _ := strconv.ParseInt(c.Query("programme"), 10, 64)
	f := CatalogueFilter{Query: c.Query("q"), ProgrammeID: prog, Locale: locale, Page: max(page, 1), PerPage: cataloguePerPage}
	if d := Delivery(c.Query("delivery")); valid(d, Deliveries) {
		f.Delivery = d
	}
	if lang := c.Query("language"); i18n.ValidLocale(lang) {
		f.Language = lang
	}
	if len(f.Query) > 200 {
		f.Query = f.Query[:200]
	}
	return f
}

func (h *Handler) showCatalogue(c *gin.Context) {
	l := web.Localizer(c.Request.Context())
	f := catalogueFilter(c, l.Code())
	items, total, err := h.svc.Catalogue(c.Request.Context(), f)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	progs, err := h.programmeOptions(c, f.ProgrammeID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &catalogueView{Page: web.NewPage(c, "page.catalogue.title"), Items: items, Total: total, Query: f.Query,
		Programmes: progs, DeliveryOptions: options(l, "delivery.", Deliveries, string(f.Delivery)),
		LanguageOptions: localeOptions(f.Language)}
	q := url.Values{"q": {f.Query}, "delivery": {string(f.Delivery)}, "language": {f.Language}}
	if f.ProgrammeID != 0 {
		q.Set("programme", strconv.FormatInt(f.ProgrammeID, 10))
	}
	if f.Page > 1 {
		q.Set("page", strconv.Itoa(f.Page-1))
		v.PrevHref = "/courses?" + q.Encode()
	}
	if int64(f.Page*cataloguePerPage) < total {
		q.Set("page", strconv.Itoa(f.Page+1))
		v.NextHref = "/courses?" + q.Encode()
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.Catalogue, v)
}
