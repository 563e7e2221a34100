package projects

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// BudgetLineInput plans spending for a year and category. The amount is
// Planned in minor units or PlannedText in major units.
type BudgetLineInput struct {
	Year        int
	Category    string
	Planned     int64
	PlannedText string
}

// AddBudgetLine plans spending in a year of the project.
func (s *Service) AddBudgetLine(ctx context.Context, actor accounts.Actor, projectID int64, in BudgetLineInput) (*BudgetLine, error) {
	var v i18n.ValidationError
	l := &BudgetLine{ProjectID: projectID, Year: in.Year, Category: textField(&v, "category", in.Category, true, 100)}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		l.Planned = amount(&v, "planned", in.Planned, in.PlannedText, p.Currency, true)
		lineYear(&v, in.Year, p)
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Create(l).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldError("category", "error.project.budget_line_twice")
			}
			return fmt.Errorf("projects: add budget line to %d: %w", projectID, err)
		}
		return s.acc.Record(ctx, actor, "project.budget_line.add", "project", projectID, map[string]any{
			"after": map[string]any{"budget_line_id": l.ID, "year": l.Year, "category": l.Category, "planned": l.Planned, "currency": p.Currency}})
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// DisbursementInput records money paid against a budget line. The amount
// is Amount in minor units or AmountText in major units; it must be more
// than zero.
type DisbursementInput struct {
	BudgetLineID int64
	PaidOn       string
	Amount       int64
	AmountText   string
	Note         string
}

// AddDisbursement records a payment made within the project's dates.
func (s *Service) AddDisbursement(ctx context.Context, actor accounts.Actor, projectID int64, in DisbursementInput) (*Disbursement, error) {
	var v i18n.ValidationError
	d := &Disbursement{ProjectID: projectID, BudgetLineID: in.BudgetLineID, Note: textField(&v, "note", in.Note, false, 1000)}
	paid := dateField(&v, "paid_on", in.PaidOn, true)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		d.Amount = amount(&v, "amount", in.Amount, in.AmountText, p.Currency, false)
		within(&v, "paid_on", paid, p)
		if err := s.checkLine(ctx, &v, projectID, in.BudgetLineID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		d.PaidOn = *paid
		if err := s.db.Conn(ctx).Create(d).Error; err != nil {
			return fmt.Errorf("projects: add disbursement to %d: %w", projectID, err)
		}
		return s.acc.Record(ctx, actor, "project.disbursement.add", "project", projectID, map[string]any{
			"after": map[string]any{"disbursement_id": d.ID, "budget_line_id": d.BudgetLineID, "paid_on": d.PaidOn, "amount": d.Amount, "currency": p.Currency}})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// lineYear: a budget line plans a year the project runs in.
func lineYear(v *i18n.ValidationError, year int, p *Project) {
	first, _ := strconv.Atoi(string(p.StartsOn)[:4])
	last, _ := strconv.Atoi(string(p.EndsOn)[:4])
	if year < first || year > last {
		v.Add("year", "error.field.range", "Min", first, "Max", last)
	}
}

// checkLine: a disbursement is paid against a line of its own project.
func (s *Service) checkLine(ctx context.Context, v *i18n.ValidationError, projectID, lineID int64) error {
	var n int64
	if err := s.db.Conn(ctx).Model(&BudgetLine{}).Where("id = ? AND project_id = ?", lineID, projectID).Count(&n).Error; err != nil {
		return fmt.Errorf("projects: check budget line %d: %w", lineID, err)
	}
	if n == 0 {
		v.Add("budget_line_id", "error.project.budget_line_not_found")
	}
	return nil
}

// BudgetRow is one budget line with what was paid against it.
type BudgetRow struct {
	BudgetLine
	Disbursed     int64
	Disbursements []Disbursement
}

// Budget is a project's budget lines with their payments and totals.
type Budget struct {
	Rows      []BudgetRow
	Planned   int64
	Disbursed int64
}

// Percent is the share of the plan paid so far.
func (b *Budget) Percent() int {
	if b.Planned == 0 {
		return 0
	}
	return int(100 * b.Disbursed / b.Planned)
}

// BudgetOf loads a project's budget lines and disbursements (two queries).
func (s *Service) BudgetOf(ctx context.Context, projectID int64) (*Budget, error) {
	var lines []BudgetLine
	if err := s.db.Conn(ctx).Where("project_id = ?", projectID).Order("year, category").Find(&lines).Error; err != nil {
		return nil, fmt.Errorf("projects: budget of %d: %w", projectID, err)
	}
	var ds []Disbursement
	if err := s.db.Conn(ctx).Where("project_id = ?", projectID).Order("paid_on, id").Find(&ds).Error; err != nil {
		return nil, fmt.Errorf("projects: disbursements of %d: %w", projectID, err)
	}
	b := &Budget{}
	idx := map[int64]int{}
	for i, l := range lines {
		idx[l.ID] = i
		b.Rows = append(b.Rows, BudgetRow{BudgetLine: l})
		b.Planned += l.Planned
	}
	for _, d := range ds {
		if i, ok := idx[d.BudgetLineID]; ok {
			b.Rows[i].Disbursed += d.Amount
			b.Rows[i].Disbursements = append(b.Rows[i].Disbursements, d)
		}
		b.Disbursed += d.Amount
	}
	return b, nil
}

// LineLabel names a budget line in lists ("2024 · Training").
func (l *BudgetLine) LineLabel() string {
	return strings.TrimSpace(strconv.Itoa(l.Year) + " · " + l.Category)
}
