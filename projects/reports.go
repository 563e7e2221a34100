package projects

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
)

// ReportInput opens a periodic report: its period within the project and
// its narrative in Locale (the project's default when empty).
type ReportInput struct {
	PeriodStart string
	PeriodEnd   string
	Locale      string
	Narrative   string
}

// CreateReport opens a draft report for a period.
func (s *Service) CreateReport(ctx context.Context, actor accounts.Actor, projectID int64, in ReportInput) (*Report, error) {
	var v i18n.ValidationError
	start := dateField(&v, "period_start", in.PeriodStart, true)
	end := dateField(&v, "period_end", in.PeriodEnd, true)
	narrative := textField(&v, "narrative", in.Narrative, true, 50000)
	if start != nil && end != nil && *end < *start {
		v.Add("period_end", "error.project.ends_before_start")
	}
	r := &Report{ProjectID: projectID, Status: Draft}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		within(&v, "period_start", start, p)
		within(&v, "period_end", end, p)
		r.DefaultLocale = in.Locale
		if r.DefaultLocale == "" {
			r.DefaultLocale = p.DefaultLocale
		}
		if !i18n.ValidLocale(r.DefaultLocale) {
			v.Add("locale", "error.field.content_locale", "Locale", r.DefaultLocale)
		}
		if err := v.Err(); err != nil {
			return err
		}
		r.PeriodStart, r.PeriodEnd = *start, *end
		if err := s.db.Conn(ctx).Omit("Translations", "Attachments").Create(r).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldError("period_start", "error.project.report_twice")
			}
			return fmt.Errorf("projects: create report for %d: %w", projectID, err)
		}
		if err := s.upsertNarrative(ctx, r.ID, r.DefaultLocale, narrative); err != nil {
			return err
		}
		return s.acc.Record(ctx, actor, "project.report.create", "project", projectID, map[string]any{
			"report_id": r.ID, "after": map[string]any{"period_start": r.PeriodStart, "period_end": r.PeriodEnd, "status": r.Status, "locale": r.DefaultLocale}})
	})
	if err != nil {
		return nil, err
	}
	return s.Report(ctx, projectID, r.ID)
}

func (s *Service) upsertNarrative(ctx context.Context, reportID int64, locale, narrative string) error {
	now := s.now()
	t := ReportTranslation{ReportID: reportID, Locale: locale, Narrative: narrative, CreatedAt: now, UpdatedAt: now}
	err := s.db.Conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "report_id"}, {Name: "locale"}},
		DoUpdates: clause.AssignmentColumns([]string{"narrative", "updated_at"}),
	}).Create(&t).Error
	if err != nil {
		return fmt.Errorf("projects: save %s narrative of report %d: %w", locale, reportID, err)
	}
	return nil
}

// Report returns one report of a project with its texts and attachments.
func (s *Service) Report(ctx context.Context, projectID, reportID int64) (*Report, error) {
	q := s.db.Conn(ctx).Preload("Translations", func(db *gorm.DB) *gorm.DB { return db.Order("locale") }).
		Preload("Attachments", func(db *gorm.DB) *gorm.DB { return db.Order("id") })
	return part[Report](q, projectID, reportID, ErrReportNotFound)
}

// Reports lists a project's reports, latest period first.
func (s *Service) Reports(ctx context.Context, projectID int64) ([]Report, error) {
	var out []Report
	if err := s.db.Conn(ctx).Where("project_id = ?", projectID).Preload("Translations").
		Order("period_start DESC, id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("projects: reports of %d: %w", projectID, err)
	}
	return out, nil
}

func (s *Service) lockReport(ctx context.Context, projectID, reportID int64) (*Report, error) {
	return part[Report](s.db.ForUpdate(s.db.Conn(ctx)), projectID, reportID, ErrReportNotFound)
}

// SetNarrative writes a draft report's narrative in one locale.
func (s *Service) SetNarrative(ctx context.Context, actor accounts.Actor, projectID, reportID int64, locale, narrative string) error {
	var v i18n.ValidationError
	if !i18n.ValidLocale(locale) {
		v.Add("locale", "error.field.content_locale", "Locale", locale)
	}
	narrative = textField(&v, "narrative", narrative, true, 50000)
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		r, err := s.lockReport(ctx, projectID, reportID)
		if err != nil {
			return err
		}
		if r.Status != Draft {
			return ErrReportState
		}
		var old []ReportTranslation
		if err := s.db.Conn(ctx).Where("report_id = ? AND locale = ?", reportID, locale).Find(&old).Error; err != nil {
			return fmt.Errorf("projects: narrative of %d: %w", reportID, err)
		}
		before := map[string]any{}
		if len(old) > 0 {
			before["narrative"] = old[0].Narrative
		}
		if err := s.upsertNarrative(ctx, reportID, locale, narrative); err != nil {
			return err
		}
		return s.acc.Record(ctx, actor, "project.report.narrative", "project", projectID, map[string]any{
			"report_id": reportID, "locale": locale, "before": before, "after": map[string]any{"narrative": narrative}})
	})
}

// Submit moves a draft report to submitted; Approve moves a submitted one
// to approved. Any other move is refused.
func (s *Service) Submit(ctx context.Context, actor accounts.Actor, projectID, reportID int64) (*Report, error) {
	return s.moveReport(ctx, actor, projectID, reportID, Draft, Submitted)
}

// Approve approves a submitted report.
func (s *Service) Approve(ctx context.Context, actor accounts.Actor, projectID, reportID int64) (*Report, error) {
	return s.moveReport(ctx, actor, projectID, reportID, Submitted, Approved)
}

func (s *Service) moveReport(ctx context.Context, actor accounts.Actor, projectID, reportID int64, from, to ReportStatus) (*Report, error) {
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		r, err := s.lockReport(ctx, projectID, reportID)
		if err != nil {
			return err
		}
		if r.Status != from {
			return ErrReportState
		}
		now := s.now()
		up := map[string]any{"status": to, "updated_at": now}
		if to == Submitted {
			up["submitted_at"] = now
		} else {
			up["approved_at"], up["approved_by"] = now, actorID(actor)
		}
		if err := s.db.Conn(ctx).Model(&Report{}).Where("id = ?", reportID).Updates(up).Error; err != nil {
			return fmt.Errorf("projects: move report %d to %s: %w", reportID, to, err)
		}
		return s.acc.Record(ctx, actor, "project.report."+string(to), "project", projectID, map[string]any{
			"report_id": reportID, "before": map[string]any{"status": from}, "after": map[string]any{"status": to}})
	})
	if err != nil {
		return nil, err
	}
	return s.Report(ctx, projectID, reportID)
}

// Attach stores a file (PDF, DOCX or PPTX, checked by content and size)
// with a report that is not yet approved.
func (s *Service) Attach(ctx context.Context, actor accounts.Actor, projectID, reportID int64, name string, r io.Reader) (*Attachment, error) {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	if name == "" || name == "." || name == "/" {
		return nil, fieldError("file", "error.field.required")
	}
	rep, err := s.Report(ctx, projectID, reportID)
	if err != nil {
		return nil, err
	}
	if rep.Status == Approved {
		return nil, ErrReportState
	}
	data, ct, err := files.Check(name, r, MaxAttachment)
	if err != nil {
		var e *i18n.Error
		if errors.As(err, &e) { // with its data: the size or part limit passed
			return nil, &i18n.ValidationError{Fields: []i18n.FieldError{{Field: "file", Msg: e.Msg}}}
		}
		return nil, err
	}
	key, err := s.files.Put(ctx, fmt.Sprintf("projects/%d/reports/%d", projectID, reportID), data, ct)
	if err != nil {
		return nil, err
	}
	a := &Attachment{ReportID: reportID, Name: name, FileKey: key, ContentType: ct, Size: int64(len(data))}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.lockReport(ctx, projectID, reportID)
		if err != nil {
			return err
		}
		if cur.Status == Approved {
			return ErrReportState
		}
		if err := s.db.Conn(ctx).Create(a).Error; err != nil {
			return fmt.Errorf("projects: attach to report %d: %w", reportID, err)
		}
		return s.acc.Record(ctx, actor, "project.report.attach", "project", projectID, map[string]any{
			"report_id": reportID, "after": map[string]any{"attachment_id": a.ID, "name": a.Name, "size": a.Size, "content_type": ct}})
	})
	if err != nil {
		s.discard(ctx, key) // the row was not written; do not leave the blob behind
		return nil, err
	}
	return a, nil
}

// OpenAttachment returns a report attachment and its content.
func (s *Service) OpenAttachment(ctx context.Context, projectID, reportID, attachmentID int64) (*Attachment, io.ReadCloser, error) {
	var a Attachment
	err := s.db.Conn(ctx).Where("id = ? AND report_id IN (SELECT id FROM project_reports WHERE id = ? AND project_id = ?)", attachmentID, reportID, projectID).First(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, ErrAttachmentMissing
	}
	if err != nil {
		return nil, nil, fmt.Errorf("projects: load attachment %d: %w", attachmentID, err)
	}
	rc, err := s.files.Open(ctx, a.FileKey)
	if err != nil {
		return nil, nil, err
	}
	return &a, rc, nil
}

// NarrativeIn is the report's narrative for a reader of locale.
func (r *Report) NarrativeIn(locale string) i18n.Localized {
	m := map[string]string{}
	for _, t := range r.Translations {
		m[t.Locale] = t.Narrative
	}
	return i18n.Localize(m, locale, r.DefaultLocale)
}

// discard deletes a blob whose row was never written. It runs on a context
// of its own with a time limit: the request's may be cancelled already
// (often the very reason the write failed), and a blob left behind is only
// wasted space, so its failure is logged, not returned.
func (s *Service) discard(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := s.files.Delete(ctx, key); err != nil {
		slog.WarnContext(ctx, "projects: blob left behind", "key", key, "error", err)
	}
}
