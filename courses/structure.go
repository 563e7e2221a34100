package courses

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strings"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
)

// courseOf loads the bare course row (no tree) and locks it for the
// structure change that follows.
func (s *Service) courseOf(ctx context.Context, id int64) (*Course, error) {
	var c Course
	err := s.db.ForUpdate(s.db.Conn(ctx)).First(&c, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrCourseNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("courses: load course %d: %w", id, err)
	}
	return &c, nil
}

func (s *Service) nextPosition(ctx context.Context, table, column string, parent int64) (int, error) {
	var max *int
	if err := s.db.Conn(ctx).Table(table).Where(column+" = ?", parent).Select("MAX(position)").Scan(&max).Error; err != nil {
		return 0, fmt.Errorf("courses: next position in %s: %w", table, err)
	}
	if max == nil {
		return 1, nil
	}
	return *max + 1, nil
}

// AddModule appends a module to a course, titled in the course's default
// locale.
func (s *Service) AddModule(ctx context.Context, actor accounts.Actor, courseID int64, title string) (*Module, error) {
	var v i18n.ValidationError
	checkText(&v, "title", title, true, 200)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var m *Module
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.courseOf(ctx, courseID)
		if err != nil {
			return err
		}
		pos, err := s.nextPosition(ctx, "modules", "course_id", courseID)
		if err != nil {
			return err
		}
		m = &Module{CourseID: courseID, Position: pos, Translations: []ModuleTranslation{{Locale: c.DefaultLocale, Title: strings.TrimSpace(title)}}}
		if err := s.db.Conn(ctx).Omit("Lessons").Create(m).Error; err != nil {
			return fmt.Errorf("courses: add module to course %d: %w", courseID, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "module.create", "course", courseID, map[string]any{"module_id": m.ID})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// LessonInput is what adding or changing a lesson takes. Title and Body are
// in the course's default locale (ignored by UpdateLesson, which changes
// settings only; texts change through SaveTexts).
type LessonInput struct {
	Kind         LessonKind
	Title        string
	Body         string
	Required     bool
	VideoURL     string
	PassMark     int
	AttemptLimit int
	Shuffle      bool
	ShowFeedback bool
}

func (in *LessonInput) validateSettings(v *i18n.ValidationError) {
	if !valid(in.Kind, LessonKinds) {
		v.Add("kind", "error.field.lesson_kind")
	}
	in.VideoURL = strings.TrimSpace(in.VideoURL)
	if in.Kind == KindVideo {
		u, err := url.Parse(in.VideoURL)
		if in.VideoURL == "" {
			v.Add("video_url", "error.field.required")
		} else if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.VideoURL) > 2000 {
			v.Add("video_url", "error.field.url")
		}
	}
	if in.PassMark < 0 || in.PassMark > 100 {
		v.Add("pass_mark", "error.field.range", "Min", 0, "Max", 100)
	}
	if in.AttemptLimit < 0 || in.AttemptLimit > 100 {
		v.Add("attempt_limit", "error.field.range", "Min", 0, "Max", 100)
	}
}

// AddLesson appends a lesson to a module.
func (s *Service) AddLesson(ctx context.Context, actor accounts.Actor, moduleID int64, in LessonInput) (*Lesson, error) {
	var v i18n.ValidationError
	in.validateSettings(&v)
	checkText(&v, "title", in.Title, true, 200)
	checkText(&v, "body", in.Body, false, 200_000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var l *Lesson
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var m Module
		if err := s.db.Conn(ctx).First(&m, moduleID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrModuleNotFound
			}
			return fmt.Errorf("courses: load module %d: %w", moduleID, err)
		}
		c, err := s.courseOf(ctx, m.CourseID)
		if err != nil {
			return err
		}
		pos, err := s.nextPosition(ctx, "lessons", "module_id", moduleID)
		if err != nil {
			return err
		}
		l = &Lesson{ModuleID: moduleID, CourseID: m.CourseID, Position: pos, Kind: in.Kind, Required: in.Required,
			VideoURL: in.VideoURL, PassMark: in.PassMark, AttemptLimit: in.AttemptLimit, Shuffle: in.Shuffle, ShowFeedback: in.ShowFeedback,
			Translations: []LessonTranslation{{Locale: c.DefaultLocale, Title: strings.TrimSpace(in.Title), Body: in.Body}}}
		if err := s.db.Conn(ctx).Omit("Questions").Create(l).Error; err != nil {
			return fmt.Errorf("courses: add lesson to module %d: %w", moduleID, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "lesson.create", "course", m.CourseID, map[string]any{"lesson_id": l.ID, "kind": l.Kind})
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// LessonByID loads one lesson with its translations and questions.
func (s *Service) LessonByID(ctx context.Context, id int64) (*Lesson, error) {
	var l Lesson
	byPos := func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }
	err := s.db.Conn(ctx).Preload("Translations").Preload("Questions", byPos).Preload("Questions.Translations").
		Preload("Questions.Choices", byPos).Preload("Questions.Choices.Translations").First(&l, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrLessonNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("courses: load lesson %d: %w", id, err)
	}
	return &l, nil
}

// UpdateLesson changes a lesson's settings (its kind stays).
func (s *Service) UpdateLesson(ctx context.Context, actor accounts.Actor, id int64, in LessonInput) (*Lesson, error) {
	var out Lesson
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).First(&out, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrLessonNotFound
			}
			return fmt.Errorf("courses: load lesson %d: %w", id, err)
		}
		in.Kind = out.Kind
		var v i18n.ValidationError
		in.validateSettings(&v)
		if err := v.Err(); err != nil {
			return err
		}
		out.Required, out.VideoURL, out.PassMark, out.AttemptLimit, out.Shuffle, out.ShowFeedback =
			in.Required, in.VideoURL, in.PassMark, in.AttemptLimit, in.Shuffle, in.ShowFeedback
		if err := s.db.Conn(ctx).Model(&out).Select("required", "video_url", "pass_mark", "attempt_limit", "shuffle", "show_feedback", "updated_at").Updates(&out).Error; err != nil {
			return fmt.Errorf("courses: update lesson %d: %w", id, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "lesson.update", "course", out.CourseID, map[string]any{"lesson_id": id})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// AttachFile stores an uploaded document for a file lesson, replacing any
// earlier one. It reads at most max bytes (the configured upload limit) and
// checks the content once, here, for the page and the API alike: a PDF,
// DOCX or PPTX whose content matches its extension, and no ZIP bomb
// (files.Check). Problems are reported on the "file" field.
func (s *Service) AttachFile(ctx context.Context, actor accounts.Actor, lessonID int64, name string, r io.Reader, max int64) error {
	var l Lesson
	if err := s.db.Conn(ctx).First(&l, lessonID).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrLessonNotFound
		}
		return fmt.Errorf("courses: load lesson %d: %w", lessonID, err)
	}
	if l.Kind != KindFile {
		return fieldErr("file", "error.lesson.not_file")
	}
	data, contentType, err := files.Check(name, r, max)
	if err != nil {
		var de *i18n.Error
		if errors.As(err, &de) {
			return &i18n.ValidationError{Fields: []i18n.FieldError{{Field: "file", Msg: de.Msg}}}
		}
		return err
	}
	key, err := s.files.Put(ctx, fmt.Sprintf("lessons/%d", lessonID), data, contentType)
	if err != nil {
		return err
	}
	old := l.FileKey
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		err := s.db.Conn(ctx).Model(&Lesson{}).Where("id = ?", lessonID).Updates(map[string]any{
			"file_key": key, "file_name": safeName(name), "file_type": contentType, "file_size": len(data), "updated_at": s.now(),
		}).Error
		if err != nil {
			return fmt.Errorf("courses: attach file to lesson %d: %w", lessonID, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "lesson.file", "course", l.CourseID, map[string]any{"lesson_id": lessonID, "name": safeName(name), "size": len(data)})
	})
	if err != nil {
		_ = s.files.Delete(ctx, key) // nothing points at it
		return err
	}
	if old != "" {
		_ = s.files.Delete(ctx, old)
	}
	return nil
}

// safeName keeps the base name of an upload, without path or control
// characters, for the Content-Disposition of later downloads.
func safeName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	return name
}

// DeleteLesson removes a lesson (and its questions and learners' progress
// on it) from a draft course. Published courses keep their lessons, so no
// learner's record changes under them.
func (s *Service) DeleteLesson(ctx context.Context, actor accounts.Actor, id int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		var l Lesson
		if err := s.db.Conn(ctx).First(&l, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrLessonNotFound
			}
			return fmt.Errorf("courses: load lesson %d: %w", id, err)
		}
		c, err := s.courseOf(ctx, l.CourseID)
		if err != nil {
			return err
		}
		if c.Status != Draft {
			return i18n.NewError(i18n.KindConflict, "error.course.not_draft")
		}
		if err := s.db.Conn(ctx).Delete(&Lesson{}, id).Error; err != nil {
			return fmt.Errorf("courses: delete lesson %d: %w", id, err)
		}
		if l.FileKey != "" {
			_ = s.files.Delete(ctx, l.FileKey)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "lesson.delete", "course", l.CourseID, map[string]any{"lesson_id": id})
	})
}

// QuestionInput is what adding a question takes; texts are in the course's
// default locale. For choice questions Choices lists the options; for
// short answers Answers the accepted ones.
type QuestionInput struct {
	Kind         QuestionKind
	Points       int
	Prompt       string
	Feedback     string
	Answers      []string
	AnswerBool   bool
	AnswerNumber float64
	Tolerance    float64
	Choices      []ChoiceInput
}

// ChoiceInput is one option of a new choice question.
type ChoiceInput struct {
	Text    string
	Correct bool
}

func (in *QuestionInput) validate() error {
	var v i18n.ValidationError
	if !valid(in.Kind, QuestionKinds) {
		v.Add("kind", "error.field.question_kind")
	}
	if in.Points < 1 || in.Points > 100 {
		v.Add("points", "error.field.range", "Min", 1, "Max", 100)
	}
	checkText(&v, "prompt", in.Prompt, true, 5000)
	checkText(&v, "feedback", in.Feedback, false, 5000)
	switch in.Kind {
	case SingleChoice, MultipleChoice:
		if len(in.Choices) < 2 || len(in.Choices) > 20 {
			v.Add("choices", "error.quiz.choice_count")
		}
		correct := 0
		for _, c := range in.Choices {
			if strings.TrimSpace(c.Text) == "" {
				v.Add("choices", "error.quiz.choice_empty")
				break
			}
			if c.Correct {
				correct++
			}
		}
		if correct == 0 || (in.Kind == SingleChoice && correct != 1) {
			v.Add("choices", "error.quiz.correct_count")
		}
	case ShortAnswer:
		n := 0
		for _, a := range in.Answers {
			if strings.TrimSpace(a) != "" {
				n++
			}
		}
		if n == 0 {
			v.Add("answers", "error.field.required")
		}
	case Numeric:
		if math.IsNaN(in.AnswerNumber) || math.IsInf(in.AnswerNumber, 0) {
			v.Add("answer_number", "error.field.number")
		}
		if in.Tolerance < 0 || math.IsNaN(in.Tolerance) || math.IsInf(in.Tolerance, 0) {
			v.Add("tolerance", "error.field.number")
		}
	}
	return v.Err()
}

// AddQuestion appends a question to a quiz lesson.
func (s *Service) AddQuestion(ctx context.Context, actor accounts.Actor, lessonID int64, in QuestionInput) (*Question, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var q *Question
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var l Lesson
		if err := s.db.Conn(ctx).First(&l, lessonID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrLessonNotFound
			}
			return fmt.Errorf("courses: load lesson %d: %w", lessonID, err)
		}
		if l.Kind != KindQuiz {
			return ErrNotQuiz
		}
		c, err := s.courseOf(ctx, l.CourseID)
		if err != nil {
			return err
		}
		pos, err := s.nextPosition(ctx, "questions", "lesson_id", lessonID)
		if err != nil {
			return err
		}
		q = &Question{LessonID: lessonID, Position: pos, Kind: in.Kind, Points: in.Points, AnswerBool: in.AnswerBool,
			AnswerNumber: in.AnswerNumber, Tolerance: in.Tolerance,
			Translations: []QuestionTranslation{{Locale: c.DefaultLocale, Prompt: strings.TrimSpace(in.Prompt),
				Feedback: strings.TrimSpace(in.Feedback), Answers: joinAnswers(in.Answers)}}}
		if in.Kind == SingleChoice || in.Kind == MultipleChoice {
			for i, ch := range in.Choices {
				q.Choices = append(q.Choices, Choice{Position: i + 1, Correct: ch.Correct,
					Translations: []ChoiceTranslation{{Locale: c.DefaultLocale, Text: strings.TrimSpace(ch.Text)}}})
			}
		}
		if err := s.db.Conn(ctx).Create(q).Error; err != nil {
			return fmt.Errorf("courses: add question to lesson %d: %w", lessonID, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "question.create", "course", l.CourseID, map[string]any{"lesson_id": lessonID, "question_id": q.ID})
	})
	if err != nil {
		return nil, err
	}
	return q, nil
}

func joinAnswers(as []string) string {
	var keep []string
	for _, a := range as {
		if a = strings.TrimSpace(a); a != "" {
			keep = append(keep, a)
		}
	}
	return strings.Join(keep, "\n")
}

// DeleteQuestion removes a question from a quiz of a draft course.
func (s *Service) DeleteQuestion(ctx context.Context, actor accounts.Actor, id int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		var q Question
		if err := s.db.Conn(ctx).First(&q, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrQuestionNotFound
			}
			return fmt.Errorf("courses: load question %d: %w", id, err)
		}
		var l Lesson
		if err := s.db.Conn(ctx).First(&l, q.LessonID).Error; err != nil {
			return fmt.Errorf("courses: load lesson %d: %w", q.LessonID, err)
		}
		c, err := s.courseOf(ctx, l.CourseID)
		if err != nil {
			return err
		}
		if c.Status != Draft {
			return i18n.NewError(i18n.KindConflict, "error.course.not_draft")
		}
		if err := s.db.Conn(ctx).Delete(&Question{}, id).Error; err != nil {
			return fmt.Errorf("courses: delete question %d: %w", id, err)
		}
		if err := s.catalogueChanged(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "question.delete", "course", l.CourseID, map[string]any{"question_id": id})
	})
}

// ModuleByID returns a module (without its lessons).
func (s *Service) ModuleByID(ctx context.Context, id int64) (*Module, error) {
	var m Module
	if err := s.db.Conn(ctx).First(&m, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrModuleNotFound
		}
		return nil, fmt.Errorf("courses: load module %d: %w", id, err)
	}
	return &m, nil
}

// QuestionByID returns a question (without its choices).
func (s *Service) QuestionByID(ctx context.Context, id int64) (*Question, error) {
	var q Question
	if err := s.db.Conn(ctx).First(&q, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrQuestionNotFound
		}
		return nil, fmt.Errorf("courses: load question %d: %w", id, err)
	}
	return &q, nil
}
