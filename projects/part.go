package projects

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// part loads row id of one of a project's parts (a milestone, a budget
// line, an indicator, a report, …) through q, which may add preloads or a
// row lock; a row of another project is notFound, as a missing one is.
func part[T any](q *gorm.DB, projectID, id int64, notFound error) (*T, error) {
	var row T
	err := q.Where("id = ? AND project_id = ?", id, projectID).First(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("projects: load %T %d of project %d: %w", row, id, projectID, err)
	}
	return &row, nil
}
