package projects

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// IndicatorInput defines a results indicator. Values are decimal numbers
// as text ("12.5"); the title is in Locale (the project's default when
// empty).
type IndicatorInput struct {
	Locale     string
	Title      string
	Unit       string
	Baseline   string
	BaselineOn string
	Target     string
	TargetOn   string
}

// AddIndicator adds a results indicator to a project.
func (s *Service) AddIndicator(ctx context.Context, actor accounts.Actor, projectID int64, in IndicatorInput) (*Indicator, error) {
	var v i18n.ValidationError
	title := textField(&v, "title", in.Title, true, 300)
	ind := &Indicator{ProjectID: projectID, Unit: textField(&v, "unit", in.Unit, false, 50),
		BaselineValue: numberField(&v, "baseline", in.Baseline), TargetValue: numberField(&v, "target", in.Target)}
	bOn := dateField(&v, "baseline_on", in.BaselineOn, true)
	tOn := dateField(&v, "target_on", in.TargetOn, true)
	if bOn != nil && tOn != nil && *tOn < *bOn {
		v.Add("target_on", "error.project.target_before_baseline")
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		locale := in.Locale
		if locale == "" {
			locale = p.DefaultLocale
		}
		if !i18n.ValidLocale(locale) {
			v.Add("locale", "error.field.content_locale", "Locale", locale)
		}
		if err := v.Err(); err != nil {
			return err
		}
		ind.BaselineOn, ind.TargetOn = *bOn, *tOn
		if err := s.db.Conn(ctx).Omit("Translations").Create(ind).Error; err != nil {
			return fmt.Errorf("projects: add indicator to %d: %w", projectID, err)
		}
		if err := s.upsertIndicatorText(ctx, ind.ID, locale, title); err != nil {
			return err
		}
		ind.Translations = []IndicatorTranslation{{IndicatorID: ind.ID, Locale: locale, Title: title}}
		return s.acc.Record(ctx, actor, "project.indicator.add", "project", projectID, map[string]any{
			"after": map[string]any{"indicator_id": ind.ID, "title": title, "unit": ind.Unit, "baseline": ind.BaselineValue,
				"baseline_on": ind.BaselineOn, "target": ind.TargetValue, "target_on": ind.TargetOn}})
	})
	if err != nil {
		return nil, err
	}
	return ind, nil
}

func (s *Service) upsertIndicatorText(ctx context.Context, id int64, locale, title string) error {
	now := s.now()
	t := IndicatorTranslation{IndicatorID: id, Locale: locale, Title: title, CreatedAt: now, UpdatedAt: now}
	err := s.db.Conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "indicator_id"}, {Name: "locale"}},
		DoUpdates: clause.AssignmentColumns([]string{"title", "updated_at"}),
	}).Create(&t).Error
	if err != nil {
		return fmt.Errorf("projects: save %s title of indicator %d: %w", locale, id, err)
	}
	return nil
}

// TranslateIndicator sets an indicator's title in one locale.
func (s *Service) TranslateIndicator(ctx context.Context, actor accounts.Actor, projectID, indicatorID int64, locale, title string) error {
	var v i18n.ValidationError
	if !i18n.ValidLocale(locale) {
		v.Add("locale", "error.field.content_locale", "Locale", locale)
	}
	title = textField(&v, "title", title, true, 300)
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		// The project's row lock orders this after a delete of the
		// indicator, which takes it too: the title then finds no
		// indicator (404) instead of failing on its foreign key.
		if _, err := s.load(ctx, projectID, true); err != nil {
			return err
		}
		if _, err := s.Indicator(ctx, projectID, indicatorID); err != nil {
			return err
		}
		if err := s.upsertIndicatorText(ctx, indicatorID, locale, title); err != nil {
			return err
		}
		return s.acc.Record(ctx, actor, "project.indicator.translate", "project", projectID, map[string]any{
			"indicator_id": indicatorID, "locale": locale, "after": map[string]any{"title": title}})
	})
}

// ValueInput is one measured actual value of an indicator.
type ValueInput struct {
	On    string
	Value string
	Note  string
}

// RecordValue records an indicator's actual value on a date within the
// project; recording again on the same date replaces the value (audited
// with the value before).
func (s *Service) RecordValue(ctx context.Context, actor accounts.Actor, projectID, indicatorID int64, in ValueInput) (*Value, error) {
	var v i18n.ValidationError
	on := dateField(&v, "on", in.On, true)
	val := &Value{IndicatorID: indicatorID, Value: numberField(&v, "value", in.Value), Note: textField(&v, "note", in.Note, false, 2000)}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		if _, err := s.Indicator(ctx, projectID, indicatorID); err != nil {
			return err
		}
		within(&v, "on", on, p)
		if err := v.Err(); err != nil {
			return err
		}
		val.MeasuredOn = *on
		var old []Value
		if err := s.db.Conn(ctx).Where("indicator_id = ? AND measured_on = ?", indicatorID, *on).Find(&old).Error; err != nil {
			return fmt.Errorf("projects: value of %d on %s: %w", indicatorID, *on, err)
		}
		before := map[string]any{}
		if len(old) > 0 {
			before = map[string]any{"value": old[0].Value, "note": old[0].Note}
			val.ID, val.CreatedAt = old[0].ID, old[0].CreatedAt
			err = s.db.Conn(ctx).Save(val).Error
		} else {
			err = s.db.Conn(ctx).Create(val).Error
		}
		if err != nil {
			return fmt.Errorf("projects: record value of %d: %w", indicatorID, err)
		}
		return s.acc.Record(ctx, actor, "project.indicator.value", "project", projectID, map[string]any{
			"indicator_id": indicatorID, "on": val.MeasuredOn, "before": before, "after": map[string]any{"value": val.Value, "note": val.Note}})
	})
	if err != nil {
		return nil, err
	}
	return val, nil
}

// IndicatorView is an indicator with its values, oldest first, and its
// progress at the latest value.
type IndicatorView struct {
	Indicator
	Values   []Value
	Latest   *Value
	Progress *float64 // percent of the way from baseline to target
}

// Title is the indicator's title for a reader of locale.
func (iv *IndicatorView) Title(locale, defaultLocale string) i18n.Localized {
	m := map[string]string{}
	for _, t := range iv.Translations {
		m[t.Locale] = t.Title
	}
	return i18n.Localize(m, locale, defaultLocale)
}

// Bar is the progress clamped to 0–100, for drawing.
func (iv *IndicatorView) Bar() int {
	if iv.Progress == nil {
		return 0
	}
	return int(min(100, max(0, *iv.Progress)))
}

// Indicators loads a project's indicators with their titles and values
// (three queries).
func (s *Service) Indicators(ctx context.Context, projectID int64) ([]IndicatorView, error) {
	var inds []Indicator
	if err := s.db.Conn(ctx).Where("project_id = ?", projectID).Preload("Translations").Order("id").Find(&inds).Error; err != nil {
		return nil, fmt.Errorf("projects: indicators of %d: %w", projectID, err)
	}
	var vals []Value
	if err := s.db.Conn(ctx).Where("indicator_id IN (SELECT id FROM project_indicators WHERE project_id = ?)", projectID).
		Order("measured_on, id").Find(&vals).Error; err != nil {
		return nil, fmt.Errorf("projects: indicator values of %d: %w", projectID, err)
	}
	by := map[int64][]Value{}
	for _, v := range vals {
		by[v.IndicatorID] = append(by[v.IndicatorID], v)
	}
	out := make([]IndicatorView, len(inds))
	for i, ind := range inds {
		out[i] = IndicatorView{Indicator: ind, Values: by[ind.ID]}
		if n := len(out[i].Values); n > 0 {
			out[i].Latest = &out[i].Values[n-1]
			if pct, ok := Progress(ind.BaselineValue, ind.TargetValue, out[i].Latest.Value); ok {
				out[i].Progress = &pct
			}
		}
	}
	return out, nil
}
