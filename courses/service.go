package courses

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Domain errors.
var (
	ErrProgrammeNotFound = i18n.NewError(i18n.KindNotFound, "error.programme.not_found")
	ErrCourseNotFound    = i18n.NewError(i18n.KindNotFound, "error.course.not_found")
	ErrModuleNotFound    = i18n.NewError(i18n.KindNotFound, "error.module.not_found")
	ErrLessonNotFound    = i18n.NewError(i18n.KindNotFound, "error.lesson.not_found")
	ErrQuestionNotFound  = i18n.NewError(i18n.KindNotFound, "error.question.not_found")
	ErrNotQuiz           = i18n.NewError(i18n.KindInvalid, "error.lesson.not_quiz")
)

// Service holds the rules for programmes, courses and their content. Both
// the pages and the API call it.
type Service struct {
	db    *store.DB
	audit *accounts.Service
	files *files.Store
	now   func() time.Time

	catalogue *catalogueCache
	courses   courseCache
}

// NewService returns the courses service. Changes are audited through acc;
// uploaded lesson files go to fs.
func NewService(db *store.DB, acc *accounts.Service, fs *files.Store) *Service {
	return &Service{db: db, audit: acc, files: fs, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		catalogue: newCatalogueCache(db)}
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

func checkText(v *i18n.ValidationError, field, value string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(value) == "":
		v.Add(field, "error.field.required")
	case utf8.RuneCountInString(value) > max:
		v.Add(field, "error.field.too_long", "Max", max)
	}
}

func checkLocale(v *i18n.ValidationError, field, locale string) {
	if !i18n.ValidLocale(locale) {
		v.Add(field, "error.field.content_locale", "Locale", locale)
	}
}

// ProgrammeInput is what creating or changing a programme takes.
type ProgrammeInput struct {
	Code          string
	Type          ProgrammeType
	DefaultLocale string
	Title         string // in DefaultLocale
	Summary       string
}

func (in *ProgrammeInput) validate() error {
	in.Code = strings.TrimSpace(in.Code)
	var v i18n.ValidationError
	if !codePattern.MatchString(in.Code) {
		v.Add("code", "error.field.code")
	}
	if !valid(in.Type, ProgrammeTypes) {
		v.Add("type", "error.field.programme_type")
	}
	checkLocale(&v, "default_locale", in.DefaultLocale)
	checkText(&v, "title", in.Title, true, 200)
	checkText(&v, "summary", in.Summary, false, 2000)
	return v.Err()
}

// CreateProgramme stores a new programme with its title in its default
// locale.
func (s *Service) CreateProgramme(ctx context.Context, actor accounts.Actor, in ProgrammeInput) (*Programme, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	p := &Programme{Code: in.Code, Type: in.Type, DefaultLocale: in.DefaultLocale,
		Translations: []ProgrammeTranslation{{Locale: in.DefaultLocale, Title: strings.TrimSpace(in.Title), Summary: strings.TrimSpace(in.Summary)}}}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Create(p).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldErr("code", "error.field.code_taken")
			}
			return fmt.Errorf("courses: create programme %s: %w", in.Code, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "programme.create", "programme", p.ID, map[string]any{"code": p.Code, "type": p.Type})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// SetProgrammeText adds or changes a programme's title and summary in one
// locale.
func (s *Service) SetProgrammeText(ctx context.Context, actor accounts.Actor, id int64, locale, title, summary string) error {
	var v i18n.ValidationError
	checkLocale(&v, "locale", locale)
	checkText(&v, "title", title, false, 200)
	checkText(&v, "summary", summary, false, 2000)
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.Programme(ctx, id)
		if err != nil {
			return err
		}
		if locale == p.DefaultLocale && strings.TrimSpace(title) == "" {
			return fieldErr("title", "error.field.required")
		}
		now := s.now()
		row := ProgrammeTranslation{ProgrammeID: id, Locale: locale, Title: strings.TrimSpace(title), Summary: strings.TrimSpace(summary), CreatedAt: now, UpdatedAt: now}
		err = s.db.Conn(ctx).Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "programme_id"}, {Name: "locale"}},
			DoUpdates: clause.AssignmentColumns([]string{"title", "summary", "updated_at"}),
		}).Create(&row).Error
		if err != nil {
			return fmt.Errorf("courses: programme %d text %s: %w", id, locale, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "programme.translate", "programme", id, map[string]any{"locale": locale})
	})
}

// Programme returns a programme with its translations.
func (s *Service) Programme(ctx context.Context, id int64) (*Programme, error) {
	var p Programme
	err := s.db.Conn(ctx).Preload("Translations").First(&p, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrProgrammeNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("courses: load programme %d: %w", id, err)
	}
	return &p, nil
}

// Programmes lists every programme with its translations, by code.
func (s *Service) Programmes(ctx context.Context) ([]Programme, error) {
	var out []Programme
	if err := s.db.Conn(ctx).Preload("Translations").Order("code").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("courses: list programmes: %w", err)
	}
	return out, nil
}

// ProgrammeTitle is a programme's title for a reader of locale.
func (p *Programme) ProgrammeTitle(locale string) i18n.Localized {
	title, _ := programmeValues(p.Translations)
	return localized(title, locale, p.DefaultLocale)
}

// CourseInput is what creating a course takes; Title and Summary are in
// DefaultLocale.
type CourseInput struct {
	ProgrammeID   int64
	Code          string
	Delivery      Delivery
	DurationHours int
	DefaultLocale string
	PassMark      int
	SelfEnrol     bool
	Title         string
	Summary       string
}

// CourseSettings are a course's fields other than its texts.
type CourseSettings struct {
	ProgrammeID   int64
	Code          string
	Delivery      Delivery
	DurationHours int
	DefaultLocale string
	PassMark      int
	SelfEnrol     bool
}

func (in *CourseSettings) validate(v *i18n.ValidationError) {
	in.Code = strings.TrimSpace(in.Code)
	if !codePattern.MatchString(in.Code) {
		v.Add("code", "error.field.code")
	}
	if !valid(in.Delivery, Deliveries) {
		v.Add("delivery", "error.field.delivery")
	}
	if in.DurationHours < 0 || in.DurationHours > 5000 {
		v.Add("duration_hours", "error.field.range", "Min", 0, "Max", 5000)
	}
	if in.PassMark < 0 || in.PassMark > 100 {
		v.Add("pass_mark", "error.field.range", "Min", 0, "Max", 100)
	}
	checkLocale(v, "default_locale", in.DefaultLocale)
	if in.ProgrammeID <= 0 {
		v.Add("programme_id", "error.field.required")
	}
}

func fieldErr(field, id string, kv ...any) error {
	v := &i18n.ValidationError{}
	v.Add(field, id, kv...)
	return v
}

func (s *Service) programmeExists(ctx context.Context, id int64) error {
	var n int64
	if err := s.db.Conn(ctx).Model(&Programme{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return fmt.Errorf("courses: check programme %d: %w", id, err)
	}
	if n == 0 {
		return fieldErr("programme_id", "error.programme.not_found")
	}
	return nil
}

// CreateCourse stores a new draft course with its title and summary in
// its default locale.
func (s *Service) CreateCourse(ctx context.Context, actor accounts.Actor, in CourseInput) (*Course, error) {
	set := CourseSettings{ProgrammeID: in.ProgrammeID, Code: in.Code, Delivery: in.Delivery, DurationHours: in.DurationHours,
		DefaultLocale: in.DefaultLocale, PassMark: in.PassMark, SelfEnrol: in.SelfEnrol}
	var v i18n.ValidationError
	set.validate(&v)
	checkText(&v, "title", in.Title, true, 200)
	checkText(&v, "summary", in.Summary, false, 5000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	c := &Course{ProgrammeID: set.ProgrammeID, Code: set.Code, Delivery: set.Delivery, DurationHours: set.DurationHours,
		DefaultLocale: set.DefaultLocale, PassMark: set.PassMark, SelfEnrol: set.SelfEnrol, Status: Draft,
		Translations: []CourseTranslation{{Locale: set.DefaultLocale, Title: strings.TrimSpace(in.Title), Summary: strings.TrimSpace(in.Summary)}}}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.programmeExists(ctx, set.ProgrammeID); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Omit("Modules").Create(c).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldErr("code", "error.field.code_taken")
			}
			return fmt.Errorf("courses: create course %s: %w", set.Code, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "course.create", "course", c.ID, map[string]any{"code": c.Code})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateCourse changes a course's settings.
func (s *Service) UpdateCourse(ctx context.Context, actor accounts.Actor, id int64, set CourseSettings) (*Course, error) {
	var v i18n.ValidationError
	set.validate(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out Course
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.programmeExists(ctx, set.ProgrammeID); err != nil {
			return err
		}
		if err := s.db.ForUpdate(s.db.Conn(ctx)).First(&out, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrCourseNotFound
			}
			return fmt.Errorf("courses: load course %d: %w", id, err)
		}
		out.ProgrammeID, out.Code, out.Delivery, out.DurationHours = set.ProgrammeID, set.Code, set.Delivery, set.DurationHours
		out.DefaultLocale, out.PassMark, out.SelfEnrol = set.DefaultLocale, set.PassMark, set.SelfEnrol
		err := s.db.Conn(ctx).Model(&out).Select("programme_id", "code", "delivery", "duration_hours", "default_locale", "pass_mark", "self_enrol", "updated_at").Updates(&out).Error
		if err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldErr("code", "error.field.code_taken")
			}
			return fmt.Errorf("courses: update course %d: %w", id, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "course.update", "course", id, map[string]any{
			"code": set.Code, "delivery": set.Delivery, "duration_hours": set.DurationHours, "default_locale": set.DefaultLocale,
			"pass_mark": set.PassMark, "self_enrol": set.SelfEnrol, "programme_id": set.ProgrammeID,
		})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ErrIncomplete is returned when publishing a course whose default language
// lacks required texts.
var ErrIncomplete = i18n.NewError(i18n.KindConflict, "error.course.incomplete")

// SetStatus moves a course between draft, published and archived. A course
// is published only when its default language is complete and it has at
// least one lesson.
func (s *Service) SetStatus(ctx context.Context, actor accounts.Actor, id int64, status Status) (*Course, error) {
	if !valid(status, Statuses) {
		return nil, fieldErr("status", "error.field.status")
	}
	var out *Course
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.Course(ctx, id)
		if err != nil {
			return err
		}
		if status == Published {
			var lessons int
			for _, m := range c.Modules {
				lessons += len(m.Lessons)
			}
			miss := Missing(c.Texts(), c.DefaultLocale)
			if len(miss) > 0 {
				return i18n.NewError(i18n.KindConflict, "error.course.incomplete", "Count", len(miss), "Locale", c.DefaultLocale)
			}
			if lessons == 0 {
				return i18n.NewError(i18n.KindConflict, "error.course.no_lessons")
			}
			if err := s.checkQuizzes(c); err != nil {
				return err
			}
		}
		if c.Status == status {
			out = c
			return nil
		}
		updates := map[string]any{"status": status, "updated_at": s.now()}
		if status == Published && c.PublishedAt == nil {
			now := s.now()
			updates["published_at"] = now
			c.PublishedAt = &now
		}
		if err := s.db.Conn(ctx).Model(&Course{}).Where("id = ?", id).Updates(updates).Error; err != nil {
			return fmt.Errorf("courses: set status of course %d: %w", id, err)
		}
		from := c.Status
		c.Status = status
		out = c
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "course.status", "course", id, map[string]any{"from": from, "to": status})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkQuizzes refuses to publish a quiz that cannot be passed: no
// questions, or a choice question without a right choice.
func (s *Service) checkQuizzes(c *Course) error {
	for _, m := range c.Modules {
		for _, l := range m.Lessons {
			if l.Kind != KindQuiz {
				continue
			}
			if len(l.Questions) == 0 {
				return i18n.NewError(i18n.KindConflict, "error.quiz.no_questions")
			}
			for _, q := range l.Questions {
				if (q.Kind == SingleChoice || q.Kind == MultipleChoice) && countCorrect(q.Choices) == 0 {
					return i18n.NewError(i18n.KindConflict, "error.quiz.no_correct_choice")
				}
			}
		}
	}
	return nil
}

func countCorrect(cs []Choice) int {
	n := 0
	for _, c := range cs {
		if c.Correct {
			n++
		}
	}
	return n
}

// Course loads a course with its whole tree: translations, modules,
// lessons, questions and choices, each ordered by position. It takes a
// fixed number of queries whatever the course's size, and none while the
// tree is in the course cache (a deep copy: the caller may change it).
func (s *Service) Course(ctx context.Context, id int64) (*Course, error) {
	return s.cachedCourse(ctx, id)
}

func (s *Service) loadCourse(ctx context.Context, id int64) (*Course, error) {
	var c Course
	byPos := func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }
	err := s.db.Conn(ctx).
		Preload("Translations").
		Preload("Modules", byPos).Preload("Modules.Translations").
		Preload("Modules.Lessons", byPos).Preload("Modules.Lessons.Translations").
		Preload("Modules.Lessons.Questions", byPos).Preload("Modules.Lessons.Questions.Translations").
		Preload("Modules.Lessons.Questions.Choices", byPos).Preload("Modules.Lessons.Questions.Choices.Translations").
		First(&c, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrCourseNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("courses: load course %d: %w", id, err)
	}
	return &c, nil
}

// Title is the course's title for a reader of locale.
func (c *Course) Title(locale string) i18n.Localized {
	title, _ := courseValues(c.Translations)
	return localized(title, locale, c.DefaultLocale)
}

// Summary is the course's summary for a reader of locale.
func (c *Course) Summary(locale string) i18n.Localized {
	_, summary := courseValues(c.Translations)
	return localized(summary, locale, c.DefaultLocale)
}

// Lesson finds a lesson of the loaded course by id.
func (c *Course) Lesson(id int64) (*Lesson, *Module, bool) {
	for mi := range c.Modules {
		for li := range c.Modules[mi].Lessons {
			if c.Modules[mi].Lessons[li].ID == id {
				return &c.Modules[mi].Lessons[li], &c.Modules[mi], true
			}
		}
	}
	return nil, nil, false
}

// OrderedLessons lists the course's lessons in reading order.
func (c *Course) OrderedLessons() []*Lesson {
	var out []*Lesson
	for mi := range c.Modules {
		for li := range c.Modules[mi].Lessons {
			out = append(out, &c.Modules[mi].Lessons[li])
		}
	}
	return out
}

// RequiredLessons counts the lessons completion needs.
func (c *Course) RequiredLessons() int {
	n := 0
	for _, l := range c.OrderedLessons() {
		if l.Required {
			n++
		}
	}
	return n
}

// Headers loads courses by id with their translations but not their tree
// (two queries), for lists such as a learner's enrolments.
func (s *Service) Headers(ctx context.Context, ids []int64) (map[int64]*Course, error) {
	out := map[int64]*Course{}
	if len(ids) == 0 {
		return out, nil
	}
	var cs []Course
	if err := s.db.Conn(ctx).Preload("Translations").Where("id IN ?", ids).Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("courses: load course headers: %w", err)
	}
	for i := range cs {
		out[cs[i].ID] = &cs[i]
	}
	return out, nil
}

// ProgrammeChoice is a programme for a select list, titled for the reader.
type ProgrammeChoice struct {
	ID    int64
	Code  string
	Title i18n.Localized
}

// ProgrammeChoices lists the programmes titled in locale (falling back to
// each programme's default) in one query, kept until the catalogue changes.
func (s *Service) ProgrammeChoices(ctx context.Context, locale string) ([]ProgrammeChoice, error) {
	version, cacheable := s.catalogue.current(ctx)
	if cacheable {
		if list, ok := s.catalogue.programmes(locale, version); ok {
			return list, nil
		}
	}
	out, err := s.programmeChoices(ctx, locale)
	if err == nil && cacheable {
		s.catalogue.putProgrammes(locale, version, out)
	}
	return out, err
}

func (s *Service) programmeChoices(ctx context.Context, locale string) ([]ProgrammeChoice, error) {
	var rows []struct {
		ID            int64
		Code          string
		DefaultLocale string
		TitleReq      *string
		TitleDef      *string
	}
	err := s.db.Conn(ctx).Table("programmes AS p").
		Select("p.id, p.code, p.default_locale, r.title AS title_req, d.title AS title_def").
		Joins("LEFT JOIN programme_translations r ON r.programme_id = p.id AND r.locale = ?", locale).
		Joins("LEFT JOIN programme_translations d ON d.programme_id = p.id AND d.locale = p.default_locale").
		Order("p.code").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("courses: programme choices: %w", err)
	}
	out := make([]ProgrammeChoice, len(rows))
	for i, r := range rows {
		m := map[string]string{}
		if r.TitleDef != nil {
			m[r.DefaultLocale] = *r.TitleDef
		}
		if r.TitleReq != nil && *r.TitleReq != "" {
			m[locale] = *r.TitleReq
		}
		out[i] = ProgrammeChoice{ID: r.ID, Code: r.Code, Title: localized(m, locale, r.DefaultLocale)}
	}
	return out, nil
}

// CourseIDByCode returns the id of the course with code, or 0.
func (s *Service) CourseIDByCode(ctx context.Context, code string) (int64, error) {
	var ids []int64
	if err := s.db.Conn(ctx).Model(&Course{}).Where("code = ?", code).Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("courses: find course %s: %w", code, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}
