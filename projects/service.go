// Package projects tracks the institute's development projects in partner
// countries: Saemaul Undong pilot villages and public administration
// consulting projects, with their phases, milestones, budgets, results
// indicators, periodic reports, dashboards and exports.
package projects

import (
	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/store"
)

// Service holds the rules for projects.
type Service struct {
	db    *store.DB
	acc   *accounts.Service
	enr   *enrollment.Service
	files *files.Store
}

// NewService returns the projects service.
func NewService(db *store.DB, acc *accounts.Service, enr *enrollment.Service, fs *files.Store) *Service {
	return &Service{db: db, acc: acc, enr: enr, files: fs}
}
