// Package projects tracks the institute's development projects in partner
// countries: Saemaul Undong pilot villages and public administration
// consulting projects, with their phases, milestones, budgets, results
// indicators, periodic reports, dashboards and exports.
package projects

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Domain errors.
var (
	ErrProjectNotFound   = i18n.NewError(i18n.KindNotFound, "error.project.not_found")
	ErrIndicatorNotFound = i18n.NewError(i18n.KindNotFound, "error.project.indicator_not_found")
	ErrReportNotFound    = i18n.NewError(i18n.KindNotFound, "error.project.report_not_found")
	ErrLineNotFound      = i18n.NewError(i18n.KindNotFound, "error.project.budget_line_not_found")
	ErrMilestoneNotFound = i18n.NewError(i18n.KindNotFound, "error.project.milestone_not_found")
	ErrMemberNotFound    = i18n.NewError(i18n.KindNotFound, "error.project.member_not_found")
	ErrAttachmentMissing = i18n.NewError(i18n.KindNotFound, "error.project.attachment_not_found")
	ErrOnHold            = i18n.NewError(i18n.KindConflict, "error.project.on_hold")
	ErrNotOnHold         = i18n.NewError(i18n.KindConflict, "error.project.not_on_hold")
	ErrClosed            = i18n.NewError(i18n.KindConflict, "error.project.closed")
	ErrReportState       = i18n.NewError(i18n.KindConflict, "error.project.report_state")
)

// MaxAttachment is the largest report attachment accepted.
const MaxAttachment = 20 << 20

// Service holds the rules for projects.
type Service struct {
	db    *store.DB
	acc   *accounts.Service
	enr   *enrollment.Service
	files *files.Store
	now   func() time.Time
}

// NewService returns the projects service.
func NewService(db *store.DB, acc *accounts.Service, enr *enrollment.Service, fs *files.Store) *Service {
	return &Service{db: db, acc: acc, enr: enr, files: fs, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
}

// CanWrite reports whether u may change projects: staff and admins.
func CanWrite(u *accounts.User) bool { return u.Can(accounts.RoleStaff) }

// CanReadAll reports whether u may read every project: staff, admins and
// coordinators. Others read only the projects they are members of.
func CanReadAll(u *accounts.User) bool { return u.Can(accounts.RoleStaff, accounts.RoleCoordinator) }

// Today is the current date in UTC.
func (s *Service) Today() store.Date { return store.DateOf(s.now()) }

func (s *Service) load(ctx context.Context, id int64, lock bool) (*Project, error) {
	var p Project
	q := s.db.Conn(ctx)
	if lock {
		q = s.db.ForUpdate(q)
	}
	if err := q.First(&p, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrProjectNotFound
		}
		return nil, fmt.Errorf("projects: load project %d: %w", id, err)
	}
	if err := s.db.Conn(ctx).Where("project_id = ?", id).Order("locale").Find(&p.Translations).Error; err != nil {
		return nil, fmt.Errorf("projects: texts of project %d: %w", id, err)
	}
	return &p, nil
}

// Project returns a project for u: staff, admins and coordinators see
// every project, others only those they are members of; to them the rest
// does not exist.
func (s *Service) Project(ctx context.Context, u *accounts.User, id int64) (*Project, error) {
	p, err := s.load(ctx, id, false)
	if err != nil {
		return nil, err
	}
	if CanReadAll(u) {
		return p, nil
	}
	if u == nil {
		return nil, ErrProjectNotFound
	}
	var n int64
	if err := s.db.Conn(ctx).Model(&Member{}).Where("project_id = ? AND user_id = ?", id, u.ID).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("projects: membership in %d: %w", id, err)
	}
	if n == 0 {
		return nil, ErrProjectNotFound
	}
	return p, nil
}

func (s *Service) upsertProjectText(ctx context.Context, id int64, locale, title, summary string) error {
	now := s.now()
	t := ProjectTranslation{ProjectID: id, Locale: locale, Title: title, Summary: summary, CreatedAt: now, UpdatedAt: now}
	err := s.db.Conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "project_id"}, {Name: "locale"}},
		DoUpdates: clause.AssignmentColumns([]string{"title", "summary", "updated_at"}),
	}).Create(&t).Error
	if err != nil {
		return fmt.Errorf("projects: save %s text of project %d: %w", locale, id, err)
	}
	return nil
}

func actorID(a accounts.Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}
