package projects

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Corrections of indicators and their measured values.

// ErrIndicatorHasValues refuses to delete an indicator with measured
// values: they are deleted first, so that no measurement goes unseen.
var ErrIndicatorHasValues = i18n.NewError(i18n.KindConflict, "error.project.indicator_has_values")

// ErrValueNotFound is an indicator value that was not recorded.
var ErrValueNotFound = i18n.NewError(i18n.KindNotFound, "error.project.value_not_found")

// Indicator returns one indicator of a project with its titles.
func (s *Service) Indicator(ctx context.Context, projectID, indicatorID int64) (*Indicator, error) {
	return part[Indicator](s.db.Conn(ctx).Preload("Translations"), projectID, indicatorID, ErrIndicatorNotFound)
}

func indicatorSnapshot(ind *Indicator) map[string]any {
	return map[string]any{"unit": ind.Unit, "baseline": ind.BaselineValue, "baseline_on": ind.BaselineOn,
		"target": ind.TargetValue, "target_on": ind.TargetOn}
}

// UpdateIndicator corrects an indicator's unit, baseline and target, with
// the rules of AddIndicator. Its title is changed by TranslateIndicator;
// Locale and Title are ignored here.
func (s *Service) UpdateIndicator(ctx context.Context, actor accounts.Actor, projectID, indicatorID int64, in IndicatorInput) (*Indicator, error) {
	var v i18n.ValidationError
	unit := textField(&v, "unit", in.Unit, false, 50)
	baseline, target := numberField(&v, "baseline", in.Baseline), numberField(&v, "target", in.Target)
	bOn := dateField(&v, "baseline_on", in.BaselineOn, true)
	tOn := dateField(&v, "target_on", in.TargetOn, true)
	if bOn != nil && tOn != nil && *tOn < *bOn {
		v.Add("target_on", "error.project.target_before_baseline")
	}
	var ind *Indicator
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.load(ctx, projectID, true); err != nil {
			return err
		}
		var err error
		if ind, err = s.Indicator(ctx, projectID, indicatorID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := indicatorSnapshot(ind)
		ind.Unit, ind.BaselineValue, ind.BaselineOn, ind.TargetValue, ind.TargetOn = unit, baseline, *bOn, target, *tOn
		if err := s.db.Conn(ctx).Model(&Indicator{}).Where("id = ?", ind.ID).Updates(map[string]any{"unit": ind.Unit,
			"baseline_value": ind.BaselineValue, "baseline_on": ind.BaselineOn, "target_value": ind.TargetValue,
			"target_on": ind.TargetOn, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("projects: update indicator %d: %w", indicatorID, err)
		}
		return s.acc.Record(ctx, actor, "project.indicator.update", "project", projectID, map[string]any{
			"indicator_id": ind.ID, "before": before, "after": indicatorSnapshot(ind)})
	})
	if err != nil {
		return nil, err
	}
	return ind, nil
}

// DeleteIndicator deletes an indicator added by mistake, with its titles;
// one with values is refused (ErrIndicatorHasValues). The project row is
// locked, as RecordValue locks it, so no value lands while it goes.
func (s *Service) DeleteIndicator(ctx context.Context, actor accounts.Actor, projectID, indicatorID int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.load(ctx, projectID, true); err != nil {
			return err
		}
		ind, err := s.Indicator(ctx, projectID, indicatorID)
		if err != nil {
			return err
		}
		var n int64
		if err := s.db.Conn(ctx).Model(&Value{}).Where("indicator_id = ?", indicatorID).Count(&n).Error; err != nil {
			return fmt.Errorf("projects: values of indicator %d: %w", indicatorID, err)
		}
		if n > 0 {
			return ErrIndicatorHasValues
		}
		before := indicatorSnapshot(ind)
		titles := map[string]string{}
		for _, t := range ind.Translations {
			titles[t.Locale] = t.Title
		}
		before["titles"] = titles
		if err := s.db.Conn(ctx).Where("indicator_id = ?", indicatorID).Delete(&IndicatorTranslation{}).Error; err != nil {
			return fmt.Errorf("projects: delete titles of indicator %d: %w", indicatorID, err)
		}
		if err := s.db.Conn(ctx).Omit("Translations").Delete(&Indicator{ID: indicatorID}).Error; err != nil {
			return fmt.Errorf("projects: delete indicator %d: %w", indicatorID, err)
		}
		return s.acc.Record(ctx, actor, "project.indicator.delete", "project", projectID, map[string]any{
			"indicator_id": indicatorID, "before": before})
	})
}

// value loads an indicator's value on a date; the indicator must be the
// project's.
func (s *Service) value(ctx context.Context, projectID, indicatorID int64, on string) (*Value, error) {
	if _, err := s.Indicator(ctx, projectID, indicatorID); err != nil {
		return nil, err
	}
	d, err := store.ParseDate(on)
	if err != nil {
		return nil, ErrValueNotFound
	}
	var val Value
	if err := s.db.Conn(ctx).Where("indicator_id = ? AND measured_on = ?", indicatorID, d).First(&val).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrValueNotFound
		}
		return nil, fmt.Errorf("projects: value of %d on %s: %w", indicatorID, d, err)
	}
	return &val, nil
}

// Value returns an indicator's value measured on a date (YYYY-MM-DD).
func (s *Service) Value(ctx context.Context, projectID, indicatorID int64, on string) (*Value, error) {
	return s.value(ctx, projectID, indicatorID, on)
}

// UpdateValue corrects the value and note measured on a date; the date is
// the value's key and stays (a value on another date is recorded anew).
// in.On is ignored.
func (s *Service) UpdateValue(ctx context.Context, actor accounts.Actor, projectID, indicatorID int64, on string, in ValueInput) (*Value, error) {
	var v i18n.ValidationError
	num := numberField(&v, "value", in.Value)
	note := textField(&v, "note", in.Note, false, 2000)
	var val *Value
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.load(ctx, projectID, true); err != nil {
			return err
		}
		var err error
		if val, err = s.value(ctx, projectID, indicatorID, on); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := map[string]any{"value": val.Value, "note": val.Note}
		val.Value, val.Note = num, note
		if err := s.db.Conn(ctx).Model(val).Updates(map[string]any{"value": val.Value, "note": val.Note, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("projects: update value of %d on %s: %w", indicatorID, val.MeasuredOn, err)
		}
		return s.acc.Record(ctx, actor, "project.indicator.value_update", "project", projectID, map[string]any{
			"indicator_id": indicatorID, "on": val.MeasuredOn, "before": before, "after": map[string]any{"value": val.Value, "note": val.Note}})
	})
	if err != nil {
		return nil, err
	}
	return val, nil
}

// DeleteValue deletes a value recorded by mistake.
func (s *Service) DeleteValue(ctx context.Context, actor accounts.Actor, projectID, indicatorID int64, on string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.load(ctx, projectID, true); err != nil {
			return err
		}
		val, err := s.value(ctx, projectID, indicatorID, on)
		if err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Delete(val).Error; err != nil {
			return fmt.Errorf("projects: delete value of %d on %s: %w", indicatorID, val.MeasuredOn, err)
		}
		return s.acc.Record(ctx, actor, "project.indicator.value_delete", "project", projectID, map[string]any{
			"indicator_id": indicatorID, "on": val.MeasuredOn, "before": map[string]any{"value": val.Value, "note": val.Note}})
	})
}
