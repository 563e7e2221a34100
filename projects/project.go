package projects

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Input is what creating or changing a project takes. Dates are
// "2006-01-02"; the budget is either Budget in minor units (the API) or
// BudgetText in major units ("1250.50", forms), checked against the
// currency's decimals.
type Input struct {
	Code          string
	Kind          Kind
	DefaultLocale string
	Title         string // in DefaultLocale
	Summary       string
	Country       string
	Region        string
	Village       string
	PartnerOrg    string
	KoreanOrg     string
	Sector        string
	StartsOn      string
	EndsOn        string
	Status        Status
	Budget        int64
	BudgetText    string
	Currency      string
}

func (in *Input) build(v *i18n.ValidationError) *Project {
	in.Code = strings.TrimSpace(in.Code)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if in.DefaultLocale == "" {
		in.DefaultLocale = i18n.Default
	}
	if in.Status == "" {
		in.Status = Planned
	}
	p := &Project{Code: in.Code, Kind: in.Kind, DefaultLocale: in.DefaultLocale, Country: in.Country, Currency: in.Currency, Status: in.Status}
	if !codePattern(in.Code) {
		v.Add("code", "error.field.code")
	}
	if !slices.Contains(Kinds, in.Kind) {
		v.Add("kind", "error.project.kind")
	}
	if !i18n.ValidLocale(in.DefaultLocale) {
		v.Add("default_locale", "error.field.content_locale", "Locale", in.DefaultLocale)
	}
	in.Title = textField(v, "title", in.Title, true, 300)
	in.Summary = textField(v, "summary", in.Summary, false, 5000)
	if !i18n.ValidCountry(in.Country) {
		v.Add("country", "error.field.country")
	}
	p.Region = textField(v, "region", in.Region, false, 200)
	p.Village = textField(v, "village", in.Village, false, 200)
	p.PartnerOrg = textField(v, "partner_org", in.PartnerOrg, false, 200)
	p.KoreanOrg = textField(v, "korean_org", in.KoreanOrg, false, 200)
	p.Sector = textField(v, "sector", in.Sector, false, 200)
	if !slices.Contains(Statuses, in.Status) {
		v.Add("status", "error.project.status")
	}
	if !ValidCurrency(in.Currency) {
		v.Add("currency", "error.project.currency")
	}
	p.BudgetAmount = amount(v, "budget", in.Budget, in.BudgetText, in.Currency, true)
	start := dateField(v, "starts_on", in.StartsOn, true)
	end := dateField(v, "ends_on", in.EndsOn, true)
	if start != nil && end != nil {
		p.StartsOn, p.EndsOn = *start, *end
		if *end < *start {
			v.Add("ends_on", "error.project.ends_before_start")
		}
	}
	return p
}

// amount checks a money amount given in minor units or as text.
func amount(v *i18n.ValidationError, field string, minor int64, text, cur string, zeroOK bool) int64 {
	if strings.TrimSpace(text) != "" {
		n, ok := ParseAmount(text, cur)
		if !ok {
			v.Add(field, "error.project.amount", "Decimals", Scale(cur))
			return 0
		}
		minor = n
	}
	if minor < 0 || (!zeroOK && minor == 0) {
		v.Add(field, "error.project.amount", "Decimals", Scale(cur))
	}
	return minor
}

func snapshot(p *Project) map[string]any {
	return map[string]any{
		"code": p.Code, "kind": p.Kind, "country": p.Country, "region": p.Region, "village": p.Village,
		"partner_org": p.PartnerOrg, "korean_org": p.KoreanOrg, "sector": p.Sector, "starts_on": p.StartsOn,
		"ends_on": p.EndsOn, "status": p.Status, "phase": p.Phase, "budget": p.BudgetAmount, "currency": p.Currency,
		"default_locale": p.DefaultLocale,
	}
}

// Create starts a project in the first phase of its kind's procedure.
func (s *Service) Create(ctx context.Context, actor accounts.Actor, in Input) (*Project, error) {
	var v i18n.ValidationError
	p := in.build(&v)
	if in.Status == OnHold {
		v.Add("status", "error.project.status")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	p.Phase, p.PhaseSince = procedures[p.Kind][0], p.StartsOn
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Omit("Translations").Create(p).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldError("code", "error.field.code_taken")
			}
			return fmt.Errorf("projects: create %s: %w", p.Code, err)
		}
		if err := s.upsertProjectText(ctx, p.ID, p.DefaultLocale, in.Title, in.Summary); err != nil {
			return err
		}
		ev := PhaseEvent{ProjectID: p.ID, Kind: EventStart, ToPhase: p.Phase, OnDate: p.StartsOn, ActorID: actorID(actor)}
		if err := s.db.Conn(ctx).Create(&ev).Error; err != nil {
			return fmt.Errorf("projects: start history of %d: %w", p.ID, err)
		}
		after := snapshot(p)
		after["title"] = in.Title
		return s.acc.Record(ctx, actor, "project.create", "project", p.ID, map[string]any{"after": after})
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, p.ID, false)
}

// Update changes a project's record. The kind is fixed once created (it
// fixes the procedure); the phase moves only through Transition.
func (s *Service) Update(ctx context.Context, actor accounts.Actor, id int64, in Input) (*Project, error) {
	var v i18n.ValidationError
	next := in.build(&v)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.load(ctx, id, true)
		if err != nil {
			return err
		}
		if next.Kind != cur.Kind && !v.Has("kind") {
			v.Add("kind", "error.project.kind_fixed")
		}
		if (next.Status == OnHold) != (cur.Status == OnHold) && !v.Has("status") {
			v.Add("status", "error.project.hold_by_action")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if next.StartsOn > cur.PhaseSince {
			return fieldError("starts_on", "error.project.history_before_start", "Date", string(cur.PhaseSince))
		}
		next.ID, next.Phase, next.PhaseSince, next.CreatedAt = cur.ID, cur.Phase, cur.PhaseSince, cur.CreatedAt
		if err := s.db.Conn(ctx).Omit("Translations").Save(next).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldError("code", "error.field.code_taken")
			}
			return fmt.Errorf("projects: update %d: %w", id, err)
		}
		before, after := snapshot(cur), snapshot(next)
		before["title"], after["title"] = titleOf(cur, next.DefaultLocale), in.Title
		if err := s.upsertProjectText(ctx, id, next.DefaultLocale, in.Title, in.Summary); err != nil {
			return err
		}
		return s.acc.Record(ctx, actor, "project.update", "project", id, map[string]any{"before": before, "after": after})
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, id, false)
}

func titleOf(p *Project, locale string) string {
	for _, t := range p.Translations {
		if t.Locale == locale {
			return t.Title
		}
	}
	return ""
}

// Translate sets a project's title and summary in one locale.
func (s *Service) Translate(ctx context.Context, actor accounts.Actor, id int64, locale, title, summary string) error {
	var v i18n.ValidationError
	if !i18n.ValidLocale(locale) {
		v.Add("locale", "error.field.content_locale", "Locale", locale)
	}
	title = textField(&v, "title", title, true, 300)
	summary = textField(&v, "summary", summary, false, 5000)
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.load(ctx, id, true)
		if err != nil {
			return err
		}
		before := map[string]any{}
		for _, t := range cur.Translations {
			if t.Locale == locale {
				before = map[string]any{"title": t.Title, "summary": t.Summary}
			}
		}
		if err := s.upsertProjectText(ctx, id, locale, title, summary); err != nil {
			return err
		}
		return s.acc.Record(ctx, actor, "project.translate", "project", id, map[string]any{
			"locale": locale, "before": before, "after": map[string]any{"title": title, "summary": summary}})
	})
}

// TitleIn is the project's title for a reader of locale.
func (p *Project) TitleIn(locale string) i18n.Localized {
	t, _ := p.textsIn(locale)
	return t
}

// SummaryIn is the project's summary for a reader of locale.
func (p *Project) SummaryIn(locale string) i18n.Localized {
	_, s := p.textsIn(locale)
	return s
}

func (p *Project) textsIn(locale string) (i18n.Localized, i18n.Localized) {
	titles, summaries := map[string]string{}, map[string]string{}
	for _, t := range p.Translations {
		titles[t.Locale], summaries[t.Locale] = t.Title, t.Summary
	}
	return i18n.Localize(titles, locale, p.DefaultLocale), i18n.Localize(summaries, locale, p.DefaultLocale)
}

// Filter narrows a project listing.
type Filter struct {
	Kind    Kind   `json:"kind"`
	Country string `json:"country"`
	Status  Status `json:"status"`
	Phase   Phase  `json:"phase"`
	Year    int    `json:"year"` // projects running during this year
	Search  string `json:"search"`
}

func (f Filter) apply(q *gorm.DB) *gorm.DB {
	if f.Kind != "" {
		q = q.Where("projects.kind = ?", f.Kind)
	}
	if f.Country != "" {
		q = q.Where("projects.country = ?", f.Country)
	}
	if f.Status != "" {
		q = q.Where("projects.status = ?", f.Status)
	}
	if f.Phase != "" {
		q = q.Where("projects.phase = ?", f.Phase)
	}
	if f.Year != 0 {
		q = q.Where("projects.starts_on <= ? AND projects.ends_on >= ?", store.Date(fmt.Sprintf("%04d-12-31", f.Year)), store.Date(fmt.Sprintf("%04d-01-01", f.Year)))
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(s)) + "%"
		q = q.Where(`(LOWER(projects.code) LIKE ? ESCAPE '\' OR projects.id IN (SELECT project_id FROM project_translations WHERE LOWER(title) LIKE ? ESCAPE '\'))`, like, like)
	}
	return q
}

// readable narrows q to the projects u may read: all of them for staff,
// coordinators and admins, their own for the members of a project, none
// for nobody.
func readable(q *gorm.DB, u *accounts.User) *gorm.DB {
	switch {
	case CanReadAll(u):
		return q
	case u == nil:
		return q.Where("1 = 0")
	}
	return q.Where("projects.id IN (SELECT project_id FROM project_members WHERE user_id = ?)", u.ID)
}

// List returns the projects u may read that match f, newest start first,
// with their texts (two queries).
func (s *Service) List(ctx context.Context, u *accounts.User, f Filter) ([]Project, error) {
	out, _, err := s.list(ctx, u, f, 0, 0)
	return out, err
}

// ListPage returns one page of List (page from 1, per at most 200) and the
// number of matching projects (three queries).
func (s *Service) ListPage(ctx context.Context, u *accounts.User, f Filter, page, per int) ([]Project, int64, error) {
	if page < 1 {
		page = 1
	}
	if per < 1 || per > 200 {
		per = 50
	}
	return s.list(ctx, u, f, page, per)
}

func (s *Service) list(ctx context.Context, u *accounts.User, f Filter, page, per int) ([]Project, int64, error) {
	if u == nil {
		return []Project{}, 0, nil
	}
	q := readable(f.apply(s.db.Conn(ctx).Model(&Project{})), u)
	var total int64
	if page > 0 {
		if err := q.Count(&total).Error; err != nil {
			return nil, 0, fmt.Errorf("projects: count: %w", err)
		}
		q = q.Limit(per).Offset((page - 1) * per)
	}
	var out []Project
	if err := q.Preload("Translations").Order("projects.starts_on DESC, projects.id DESC").Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("projects: list: %w", err)
	}
	if page == 0 {
		total = int64(len(out))
	}
	return out, total, nil
}

// ByCode returns the project with a code.
func (s *Service) ByCode(ctx context.Context, code string) (*Project, error) {
	var ids []int64
	if err := s.db.Conn(ctx).Model(&Project{}).Where("code = ?", code).Limit(1).Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("projects: find %s: %w", code, err)
	}
	if len(ids) == 0 {
		return nil, ErrProjectNotFound
	}
	return s.load(ctx, ids[0], false)
}
