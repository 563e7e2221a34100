package courses

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// translationTable maps an owner kind to its translation table and the
// column that points at the owner.
var translationTable = map[string][2]string{
	OwnerCourse:   {"course_translations", "course_id"},
	OwnerModule:   {"module_translations", "module_id"},
	OwnerLesson:   {"lesson_translations", "lesson_id"},
	OwnerQuestion: {"question_translations", "question_id"},
	OwnerChoice:   {"choice_translations", "choice_id"},
}

// SaveTexts stores texts of one course in one locale. values is keyed by
// Text.Key; every key must belong to this course. On a published course the
// default language's required texts cannot be emptied. Either every value
// is stored or none.
func (s *Service) SaveTexts(ctx context.Context, actor accounts.Actor, courseID int64, locale string, values map[string]string) error {
	if !i18n.ValidLocale(locale) {
		return fieldErr("locale", "error.field.content_locale", "Locale", locale)
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.Course(ctx, courseID)
		if err != nil {
			return err
		}
		index := map[string]Text{}
		for _, t := range c.Texts() {
			index[t.Key] = t
		}
		var v i18n.ValidationError
		type row struct {
			owner string
			id    int64
		}
		rows := map[row]map[string]any{}
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, key := range keys {
			value := strings.TrimSpace(values[key])
			t, ok := index[key]
			if !ok {
				v.Add(key, "error.text.unknown")
				continue
			}
			max := 200
			if t.Multiline {
				max = 200_000
			}
			if utf8.RuneCountInString(value) > max {
				v.Add(key, "error.field.too_long", "Max", max)
				continue
			}
			if value == "" && t.Required && locale == c.DefaultLocale && c.Status != Draft {
				v.Add(key, "error.field.required")
				continue
			}
			r := row{t.Owner, t.OwnerID}
			if rows[r] == nil {
				rows[r] = map[string]any{}
			}
			rows[r][t.Field] = value
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		for r, fields := range rows {
			tbl := translationTable[r.owner]
			rec := map[string]any{tbl[1]: r.id, "locale": locale, "created_at": now, "updated_at": now}
			update := []string{"updated_at"}
			for f, val := range fields {
				rec[f] = val
				update = append(update, f)
			}
			err := s.db.Conn(ctx).Table(tbl[0]).Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: tbl[1]}, {Name: "locale"}},
				DoUpdates: clause.AssignmentColumns(update),
			}).Create(rec).Error
			if err != nil {
				return fmt.Errorf("courses: save %s %d text in %s: %w", r.owner, r.id, locale, err)
			}
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "course.translate", "course", courseID, map[string]any{"locale": locale, "fields": len(values)})
	})
}
