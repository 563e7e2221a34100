package courses

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/web"
)

// CatalogueFilter narrows the catalogue. Locale is the reader's language;
// Language keeps only courses available in that language.
type CatalogueFilter struct {
	Query       string
	ProgrammeID int64
	Delivery    Delivery
	Language    string
	Locale      string
	AllStatuses bool // coordinators see drafts and archived courses too
	Page        int
	PerPage     int
}

// CatalogueItem is one course as the catalogue lists it, in the reader's
// language where it has one.
type CatalogueItem struct {
	ID             int64
	Code           string
	Delivery       Delivery
	DurationHours  int
	Status         Status
	SelfEnrol      bool
	Title          i18n.Localized
	Summary        i18n.Localized
	ProgrammeID    int64
	ProgrammeTitle i18n.Localized
	Languages      []string
}

type catalogueRow struct {
	ID                                                             int64
	Code                                                           string
	Delivery                                                       Delivery
	DurationHours                                                  int
	Status                                                         Status
	SelfEnrol                                                      bool
	DefaultLocale                                                  string
	ProgrammeID                                                    int64
	ProgrammeLocale                                                string
	TitleReq, SummaryReq, TitleDef, SummaryDef, TitleEn, SummaryEn *string
	ProgReq, ProgDef                                               *string
	Locales                                                        *string
	Total                                                          int64
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Catalogue lists one page of courses with everything a catalogue card
// shows, in a single query whatever the page size: the reader's, the
// default and the English texts come from joins, the available languages
// from a correlated aggregate and the total from a window function.
//
// A page is kept per (locale, filters, page) until the catalogue changes
// (see catalogueCache), so a busy catalogue costs no query at all.
func (s *Service) Catalogue(ctx context.Context, f CatalogueFilter) ([]CatalogueItem, int64, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 || f.PerPage > 100 {
		f.PerPage = 20
	}
	version, cacheable := s.catalogue.current(ctx)
	if cacheable {
		if items, total, ok := s.catalogue.page(f, version); ok {
			return items, total, nil
		}
	}
	items, total, err := s.cataloguePage(ctx, f)
	if err == nil && cacheable {
		s.catalogue.putPage(f, version, items, total)
	}
	return items, total, err
}

func (s *Service) cataloguePage(ctx context.Context, f CatalogueFilter) ([]CatalogueItem, int64, error) {
	page, per := f.Page, f.PerPage
	agg := "group_concat(x.locale, ',')"
	if s.db.Dialect == store.Postgres {
		agg = "string_agg(x.locale, ',' ORDER BY x.locale)"
	}
	// The inner query filters, orders and cuts the page (with the total
	// from a window function) touching only courses and, for a search, the
	// translations; the outer one joins the page's texts. Still one query.
	inner := s.db.Conn(ctx).Table("courses AS c").Select("c.id, c.published_at, COUNT(*) OVER () AS total")
	if !f.AllStatuses {
		inner = inner.Where("c.status = ?", Published)
	}
	if f.ProgrammeID != 0 {
		inner = inner.Where("c.programme_id = ?", f.ProgrammeID)
	}
	if f.Delivery != "" {
		inner = inner.Where("c.delivery = ?", f.Delivery)
	}
	if f.Language != "" {
		inner = inner.Where("EXISTS (SELECT 1 FROM course_translations l WHERE l.course_id = c.id AND l.locale = ? AND l.title <> '')", f.Language)
	}
	search := web.ParseSearch(f.Query)
	for _, p := range search.Patterns() {
		inner = inner.Where(`(LOWER(c.code) LIKE ? ESCAPE '\' OR EXISTS (SELECT 1 FROM course_translations s WHERE s.course_id = c.id
			AND (LOWER(s.title) LIKE ? ESCAPE '\' OR LOWER(s.summary) LIKE ? ESCAPE '\')))`, p, p, p)
	}
	if !search.Exact() {
		// The patterns found a superset (letters whose case SQLite's
		// LOWER cannot fold match any one character); the page is cut
		// from the courses whose texts hold every word.
		ids, err := s.searchMatches(ctx, inner.Session(&gorm.Session{}), search)
		if err != nil {
			return nil, 0, err
		}
		if len(ids) == 0 {
			return []CatalogueItem{}, 0, nil
		}
		inner = inner.Where("c.id IN ?", ids)
	}
	inner = inner.Order("c.published_at DESC, c.id DESC").Limit(per).Offset((page - 1) * per)
	q := s.db.Conn(ctx).Table("(?) AS pg", inner).
		Select(`c.id, c.code, c.delivery, c.duration_hours, c.status, c.self_enrol, c.default_locale, c.programme_id,
			p.default_locale AS programme_locale, pg.total,
			tr.title AS title_req, tr.summary AS summary_req, td.title AS title_def, td.summary AS summary_def,
			te.title AS title_en, te.summary AS summary_en, pr.title AS prog_req, pd.title AS prog_def,
			(SELECT `+agg+` FROM course_translations x WHERE x.course_id = c.id AND x.title <> '') AS locales`).
		Joins("JOIN courses c ON c.id = pg.id").
		Joins("JOIN programmes p ON p.id = c.programme_id").
		Joins("LEFT JOIN course_translations tr ON tr.course_id = c.id AND tr.locale = ?", f.Locale).
		Joins("LEFT JOIN course_translations td ON td.course_id = c.id AND td.locale = c.default_locale").
		Joins("LEFT JOIN course_translations te ON te.course_id = c.id AND te.locale = 'en'").
		Joins("LEFT JOIN programme_translations pr ON pr.programme_id = p.id AND pr.locale = ?", f.Locale).
		Joins("LEFT JOIN programme_translations pd ON pd.programme_id = p.id AND pd.locale = p.default_locale")
	var rows []catalogueRow
	if err := q.Order("pg.published_at DESC, pg.id DESC").Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("courses: catalogue: %w", err)
	}
	var total int64
	out := make([]CatalogueItem, len(rows))
	for i, r := range rows {
		total = r.Total
		title, summary := map[string]string{}, map[string]string{}
		fixFallback(title, f.Locale, r.DefaultLocale, r.TitleReq, r.TitleDef, r.TitleEn)
		fixFallback(summary, f.Locale, r.DefaultLocale, r.SummaryReq, r.SummaryDef, r.SummaryEn)
		prog := map[string]string{f.Locale: deref(r.ProgReq)}
		if r.ProgrammeLocale != f.Locale {
			prog[r.ProgrammeLocale] = deref(r.ProgDef)
		}
		var langs []string
		if r.Locales != nil && *r.Locales != "" {
			langs = strings.Split(*r.Locales, ",")
		}
		out[i] = CatalogueItem{
			ID: r.ID, Code: r.Code, Delivery: r.Delivery, DurationHours: r.DurationHours, Status: r.Status, SelfEnrol: r.SelfEnrol,
			Title: localized(title, f.Locale, r.DefaultLocale), Summary: localized(summary, f.Locale, r.DefaultLocale),
			ProgrammeID: r.ProgrammeID, ProgrammeTitle: localized(prog, f.Locale, r.ProgrammeLocale), Languages: langs,
		}
	}
	return out, total, nil
}

// fixFallback fills m from the three joined texts; where the reader's
// locale is also the default or English, the joined value that exists wins.
func fixFallback(m map[string]string, locale, def string, req, dflt, en *string) {
	if en != nil {
		m["en"] = *en
	}
	if dflt != nil {
		m[def] = *dflt
	}
	if req != nil {
		m[locale] = *req
	}
}

// searchMatches is the ids of the courses found (filters and search
// patterns applied) whose code or texts in any language hold every word
// of the search, ignoring case.
func (s *Service) searchMatches(ctx context.Context, found *gorm.DB, search web.Search) ([]int64, error) {
	rows, err := s.db.Conn(ctx).Table("(?) AS f", found.Select("c.id, c.code")).
		Joins("LEFT JOIN course_translations t ON t.course_id = f.id").
		Select("f.id, f.code, COALESCE(t.title, ''), COALESCE(t.summary, '')").Order("f.id").Rows()
	if err != nil {
		return nil, fmt.Errorf("courses: search the catalogue: %w", err)
	}
	defer func() { _ = rows.Close() }()
	texts := map[int64][]string{}
	var order []int64
	for rows.Next() {
		var id int64
		var code, title, summary string
		if err := rows.Scan(&id, &code, &title, &summary); err != nil {
			return nil, fmt.Errorf("courses: search the catalogue: %w", err)
		}
		if _, ok := texts[id]; !ok {
			order = append(order, id)
			texts[id] = []string{code}
		}
		texts[id] = append(texts[id], title, summary)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("courses: search the catalogue: %w", err)
	}
	var ids []int64
	for _, id := range order {
		if search.Matches(texts[id]...) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
