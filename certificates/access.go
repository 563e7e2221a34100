package certificates

import (
	"context"
	"strconv"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
)

// Who may do what with certificates, in one place: the page and the API
// handlers ask these and nothing else.

// ManagedCohort returns a cohort whose certificates user may issue: its
// coordinators in charge and admins. Anyone else is told it is not there.
func (s *Service) ManagedCohort(ctx context.Context, user *accounts.User, cohortID int64) (*enrollment.Cohort, error) {
	return s.enr.ManagedCohort(ctx, user, cohortID)
}

// IssueFor issues the certificate of a completed enrolment for user, who
// must be in charge of its cohort; again it returns the same certificate.
func (s *Service) IssueFor(ctx context.Context, user *accounts.User, actor accounts.Actor, enrolmentID int64) (*Certificate, error) {
	e, err := s.enr.Enrolment(ctx, enrolmentID)
	if err != nil {
		return nil, err
	}
	if err := s.MayManage(ctx, user, e.CohortID); err != nil {
		return nil, err
	}
	return s.Issue(ctx, actor, enrolmentID)
}

// mayEditTemplates: templates are the admins'.
func mayEditTemplates(user *accounts.User) error {
	if !user.Can(accounts.RoleAdmin) {
		return ErrForbidden
	}
	return nil
}

// programmeKey reads a template key: "default" (nil) or a programme id.
func programmeKey(key string) (*int64, bool) {
	if key == "default" {
		return nil, true
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id < 1 {
		return nil, false
	}
	return &id, true
}

// TemplateKey resolves a template key for user (an admin): "default" is
// the institute's template (programme nil), a number names a programme
// that must exist.
func (s *Service) TemplateKey(ctx context.Context, user *accounts.User, key string) (*int64, *courses.Programme, error) {
	if err := mayEditTemplates(user); err != nil {
		return nil, nil, err
	}
	prog, ok := programmeKey(key)
	if !ok {
		return nil, nil, ErrTemplateNotFound
	}
	if prog == nil {
		return nil, nil, nil
	}
	p, err := s.crs.Programme(ctx, *prog)
	if err != nil {
		return nil, nil, err
	}
	return prog, p, nil
}

// TemplateEntry is one line of the templates list: the default (Programme
// nil) or a programme, and whether it has a template of its own.
type TemplateEntry struct {
	Key       string
	Programme *courses.Programme
	Own       bool
}

// TemplateList is, for user (an admin), the default template and every
// programme's.
func (s *Service) TemplateList(ctx context.Context, user *accounts.User) ([]TemplateEntry, error) {
	if err := mayEditTemplates(user); err != nil {
		return nil, err
	}
	progs, err := s.crs.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	own, err := s.OwnTemplates(ctx)
	if err != nil {
		return nil, err
	}
	out := []TemplateEntry{{Key: "default", Own: true}}
	for i := range progs {
		out = append(out, TemplateEntry{Key: strconv.FormatInt(progs[i].ID, 10), Programme: &progs[i], Own: own[progs[i].ID]})
	}
	return out, nil
}
