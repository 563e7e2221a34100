package projects

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// Corrections of budget lines and disbursements typed in by mistake.

// ErrLineHasDisbursements refuses to delete a budget line that money was
// paid against: its disbursements are deleted or moved to another line
// first, so that no payment disappears with a line.
var ErrLineHasDisbursements = i18n.NewError(i18n.KindConflict, "error.project.budget_line_has_disbursements")

// ErrDisbursementNotFound is a disbursement that is not in the project.
var ErrDisbursementNotFound = i18n.NewError(i18n.KindNotFound, "error.project.disbursement_not_found")

// BudgetLine returns one budget line of a project.
func (s *Service) BudgetLine(ctx context.Context, projectID, lineID int64) (*BudgetLine, error) {
	return part[BudgetLine](s.db.Conn(ctx), projectID, lineID, ErrLineNotFound)
}

// UpdateBudgetLine corrects a line's year, category and planned amount,
// with the rules of AddBudgetLine: a year of the project, one line per
// year and category.
func (s *Service) UpdateBudgetLine(ctx context.Context, actor accounts.Actor, projectID, lineID int64, in BudgetLineInput) (*BudgetLine, error) {
	var v i18n.ValidationError
	category := textField(&v, "category", in.Category, true, 100)
	var l *BudgetLine
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		if l, err = s.BudgetLine(ctx, projectID, lineID); err != nil {
			return err
		}
		planned := amount(&v, "planned", in.Planned, in.PlannedText, p.Currency, true)
		lineYear(&v, in.Year, p)
		if err := v.Err(); err != nil {
			return err
		}
		before := map[string]any{"year": l.Year, "category": l.Category, "planned": l.Planned}
		l.Year, l.Category, l.Planned = in.Year, category, planned
		err = s.db.Conn(ctx).Model(l).Updates(map[string]any{"year": l.Year, "category": l.Category, "planned": l.Planned, "updated_at": s.now()}).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return fieldError("category", "error.project.budget_line_twice")
		}
		if err != nil {
			return fmt.Errorf("projects: update budget line %d: %w", lineID, err)
		}
		return s.acc.Record(ctx, actor, "project.budget_line.update", "project", projectID, map[string]any{
			"budget_line_id": l.ID, "currency": p.Currency, "before": before,
			"after": map[string]any{"year": l.Year, "category": l.Category, "planned": l.Planned}})
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// DeleteBudgetLine deletes a line planned by mistake; a line with
// disbursements is refused (ErrLineHasDisbursements). The project row is
// locked, as AddDisbursement locks it, so no payment lands on the line
// while it goes.
func (s *Service) DeleteBudgetLine(ctx context.Context, actor accounts.Actor, projectID, lineID int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		l, err := s.BudgetLine(ctx, projectID, lineID)
		if err != nil {
			return err
		}
		var n int64
		if err := s.db.Conn(ctx).Model(&Disbursement{}).Where("budget_line_id = ?", lineID).Count(&n).Error; err != nil {
			return fmt.Errorf("projects: disbursements of line %d: %w", lineID, err)
		}
		if n > 0 {
			return ErrLineHasDisbursements
		}
		if err := s.db.Conn(ctx).Delete(l).Error; err != nil {
			return fmt.Errorf("projects: delete budget line %d: %w", lineID, err)
		}
		return s.acc.Record(ctx, actor, "project.budget_line.delete", "project", projectID, map[string]any{
			"budget_line_id": l.ID, "before": map[string]any{"year": l.Year, "category": l.Category, "planned": l.Planned, "currency": p.Currency}})
	})
}

// Disbursement returns one disbursement of a project.
func (s *Service) Disbursement(ctx context.Context, projectID, id int64) (*Disbursement, error) {
	return part[Disbursement](s.db.Conn(ctx), projectID, id, ErrDisbursementNotFound)
}

// UpdateDisbursement corrects a payment, with the rules of
// AddDisbursement: a line of the project (BudgetLineID 0 keeps the line),
// a date within the project, an amount above zero.
func (s *Service) UpdateDisbursement(ctx context.Context, actor accounts.Actor, projectID, id int64, in DisbursementInput) (*Disbursement, error) {
	var v i18n.ValidationError
	note := textField(&v, "note", in.Note, false, 1000)
	paid := dateField(&v, "paid_on", in.PaidOn, true)
	var d *Disbursement
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		if d, err = s.Disbursement(ctx, projectID, id); err != nil {
			return err
		}
		line := in.BudgetLineID
		if line == 0 {
			line = d.BudgetLineID
		}
		amt := amount(&v, "amount", in.Amount, in.AmountText, p.Currency, false)
		within(&v, "paid_on", paid, p)
		if err := s.checkLine(ctx, &v, projectID, line); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := map[string]any{"budget_line_id": d.BudgetLineID, "paid_on": d.PaidOn, "amount": d.Amount, "note": d.Note}
		d.BudgetLineID, d.PaidOn, d.Amount, d.Note = line, *paid, amt, note
		if err := s.db.Conn(ctx).Model(d).Updates(map[string]any{"budget_line_id": d.BudgetLineID, "paid_on": d.PaidOn,
			"amount": d.Amount, "note": d.Note, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("projects: update disbursement %d: %w", id, err)
		}
		return s.acc.Record(ctx, actor, "project.disbursement.update", "project", projectID, map[string]any{
			"disbursement_id": d.ID, "currency": p.Currency, "before": before,
			"after": map[string]any{"budget_line_id": d.BudgetLineID, "paid_on": d.PaidOn, "amount": d.Amount, "note": d.Note}})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteDisbursement deletes a payment recorded by mistake.
func (s *Service) DeleteDisbursement(ctx context.Context, actor accounts.Actor, projectID, id int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		d, err := s.Disbursement(ctx, projectID, id)
		if err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Delete(d).Error; err != nil {
			return fmt.Errorf("projects: delete disbursement %d: %w", id, err)
		}
		return s.acc.Record(ctx, actor, "project.disbursement.delete", "project", projectID, map[string]any{
			"disbursement_id": d.ID, "before": map[string]any{"budget_line_id": d.BudgetLineID, "paid_on": d.PaidOn,
				"amount": d.Amount, "note": d.Note, "currency": p.Currency}})
	})
}
