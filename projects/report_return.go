package projects

import (
	"context"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// ErrReportNotSubmitted refuses to return a report to draft that is not
// submitted: a draft is one already, and an approved report stays
// approved.
var ErrReportNotSubmitted = i18n.NewError(i18n.KindConflict, "error.project.report_not_submitted")

// ReturnToDraft sends a submitted report back to draft, so that it can be
// corrected, with a reason that the audit log keeps.
func (s *Service) ReturnToDraft(ctx context.Context, actor accounts.Actor, projectID, reportID int64, reason string) (*Report, error) {
	var v i18n.ValidationError
	reason = textField(&v, "reason", reason, true, 2000)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		r, err := s.lockReport(ctx, projectID, reportID)
		if err != nil {
			return err
		}
		if r.Status != Submitted {
			return ErrReportNotSubmitted
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Model(&Report{}).Where("id = ?", reportID).Updates(map[string]any{
			"status": Draft, "submitted_at": nil, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("projects: return report %d to draft: %w", reportID, err)
		}
		return s.acc.Record(ctx, actor, "project.report.returned", "project", projectID, map[string]any{
			"report_id": reportID, "reason": reason,
			"before": map[string]any{"status": r.Status, "submitted_at": r.SubmittedAt}, "after": map[string]any{"status": Draft}})
	})
	if err != nil {
		return nil, err
	}
	return s.Report(ctx, projectID, reportID)
}
