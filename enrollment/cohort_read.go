package enrollment

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

// CohortByID returns a cohort.
func (s *Service) CohortByID(ctx context.Context, id int64) (*Cohort, error) {
	var c Cohort
	if err := s.db.Conn(ctx).First(&c, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrCohortNotFound
		}
		return nil, fmt.Errorf("enrollment: load cohort %d: %w", id, err)
	}
	return &c, nil
}

// CohortByCode returns the cohort with a code (codes are unique).
func (s *Service) CohortByCode(ctx context.Context, code string) (*Cohort, error) {
	var c Cohort
	if err := s.db.Conn(ctx).Where("code = ?", strings.TrimSpace(code)).First(&c).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrCohortNotFound
		}
		return nil, fmt.Errorf("enrollment: load cohort %q: %w", code, err)
	}
	return &c, nil
}

// Coordinators lists the user ids in charge of a cohort.
func (s *Service) Coordinators(ctx context.Context, cohortID int64) ([]int64, error) {
	var ids []int64
	if err := s.db.Conn(ctx).Model(&CohortCoordinator{}).Where("cohort_id = ?", cohortID).Order("user_id").Pluck("user_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("enrollment: coordinators of cohort %d: %w", cohortID, err)
	}
	return ids, nil
}

// CanManage reports whether user may manage the cohort: admins always,
// coordinators when they are in charge of it.
func (s *Service) CanManage(ctx context.Context, user *accounts.User, cohortID int64) (bool, error) {
	if user.Can(accounts.RoleAdmin) {
		return true, nil
	}
	if !user.Can(accounts.RoleCoordinator) {
		return false, nil
	}
	var n int64
	if err := s.db.Conn(ctx).Model(&CohortCoordinator{}).Where("cohort_id = ? AND user_id = ?", cohortID, user.ID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("enrollment: check coordinator of cohort %d: %w", cohortID, err)
	}
	return n > 0, nil
}

// ManagedCohort returns a cohort if user may manage it; to others it does
// not exist.
func (s *Service) ManagedCohort(ctx context.Context, user *accounts.User, id int64) (*Cohort, error) {
	c, err := s.CohortByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.CanManage(ctx, user, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrCohortNotFound
	}
	return c, nil
}

// CohortFilter narrows a cohort listing.
type CohortFilter struct {
	CourseID int64
	InCharge int64 // only cohorts this user coordinates (0: all)
}

// Cohorts lists cohorts, newest start first.
func (s *Service) Cohorts(ctx context.Context, f CohortFilter) ([]Cohort, error) {
	q := s.db.Conn(ctx).Model(&Cohort{})
	if f.CourseID != 0 {
		q = q.Where("course_id = ?", f.CourseID)
	}
	if f.InCharge != 0 {
		q = q.Where("id IN (SELECT cohort_id FROM cohort_coordinators WHERE user_id = ?)", f.InCharge)
	}
	var out []Cohort
	if err := q.Order("starts_on DESC, id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("enrollment: list cohorts: %w", err)
	}
	return out, nil
}

// CohortListFilter narrows the cohorts a person manages and chooses one
// page of them.
type CohortListFilter struct {
	Search   web.Search // words in the code, partner organisation or venue
	CourseID int64
	Country  string // ISO 3166-1 alpha-2; "" for any
	Page     web.PageRequest
}

// CohortPage is one page of cohorts and how many the filter keeps.
type CohortPage struct {
	Cohorts []Cohort
	Total   int64
	Page    web.PageRequest // as bounded
}

// CohortsFor lists one page of the cohorts user may manage, newest start
// first: administrators all, coordinators those they are in charge of,
// anybody else none.
func (s *Service) CohortsFor(ctx context.Context, user *accounts.User, f CohortListFilter) (*CohortPage, error) {
	page := f.Page.Bounded()
	if !user.Can(accounts.RoleCoordinator) {
		return &CohortPage{Cohorts: []Cohort{}, Page: page}, nil
	}
	where := func() *gorm.DB {
		q := s.db.Conn(ctx).Table("cohorts AS c")
		if !user.Can(accounts.RoleAdmin) {
			q = q.Where("c.id IN (SELECT cohort_id FROM cohort_coordinators WHERE user_id = ?)", user.ID)
		}
		if f.CourseID != 0 {
			q = q.Where("c.course_id = ?", f.CourseID)
		}
		if f.Country != "" {
			q = q.Where("c.country = ?", f.Country)
		}
		for _, p := range f.Search.Patterns() {
			q = q.Where(`(LOWER(c.code) LIKE ? ESCAPE '\' OR LOWER(c.partner_org) LIKE ? ESCAPE '\' OR LOWER(c.venue) LIKE ? ESCAPE '\')`, p, p, p)
		}
		return q
	}
	list, total, err := listPage(where, "c.*", "c.starts_on DESC, c.id DESC", f.Search,
		func(c *Cohort) []string { return []string{c.Code, c.PartnerOrg, c.Venue} }, page)
	if err != nil {
		return nil, fmt.Errorf("enrollment: list cohorts of user %d: %w", user.ID, err)
	}
	return &CohortPage{Cohorts: list, Total: total, Page: page}, nil
}

// CohortCourses loads the courses of cohorts (without their modules), by
// course id.
func (s *Service) CohortCourses(ctx context.Context, cohorts []Cohort) (map[int64]*courses.Course, error) {
	ids := make([]int64, len(cohorts))
	for i, c := range cohorts {
		ids[i] = c.CourseID
	}
	return s.courses.Headers(ctx, ids)
}

// CourseOf loads a cohort's course with its outline.
func (s *Service) CourseOf(ctx context.Context, c *Cohort) (*courses.Course, error) {
	return s.courses.Course(ctx, c.CourseID)
}

// CourseChoices lists the courses a cohort can be opened for (every
// status: a cohort may be planned before its course is published), titled
// in locale, at most 100.
func (s *Service) CourseChoices(ctx context.Context, locale string) ([]courses.CatalogueItem, error) {
	items, _, err := s.courses.Catalogue(ctx, courses.CatalogueFilter{Locale: locale, AllStatuses: true, PerPage: 100})
	return items, err
}

func (s *Service) lockCohort(ctx context.Context, id int64) (*Cohort, error) {
	var c Cohort
	if err := s.db.ForUpdate(s.db.Conn(ctx)).First(&c, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrCohortNotFound
		}
		return nil, fmt.Errorf("enrollment: lock cohort %d: %w", id, err)
	}
	return &c, nil
}

func fieldError(field, id string, kv ...any) error {
	v := &i18n.ValidationError{}
	v.Add(field, id, kv...)
	return v
}
