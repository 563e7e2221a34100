package courses

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// Format names the course exchange file format.
const Format = "baeum-course/1"

// Doc is a whole course as one JSON file: structure, settings and every
// text in every language. Texts maps a locale to that locale's fields.
type Doc struct {
	Format string    `json:"format"`
	Course DocCourse `json:"course"`
}

// DocCourse is the course in a Doc.
type DocCourse struct {
	Code          string                   `json:"code"`
	ProgrammeCode string                   `json:"programme_code"`
	Delivery      Delivery                 `json:"delivery"`
	DurationHours int                      `json:"duration_hours"`
	DefaultLocale string                   `json:"default_locale"`
	PassMark      int                      `json:"pass_mark"`
	SelfEnrol     bool                     `json:"self_enrol"`
	Texts         map[string]DocCourseText `json:"texts"`
	Modules       []DocModule              `json:"modules"`
}

// DocCourseText is a course's text in one locale.
type DocCourseText struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

// DocModule is a module in a Doc.
type DocModule struct {
	Texts   map[string]DocTitle `json:"texts"`
	Lessons []DocLesson         `json:"lessons"`
}

// DocTitle is a title in one locale.
type DocTitle struct {
	Title string `json:"title"`
}

// DocLesson is a lesson in a Doc. File describes an attached document; the
// file itself does not travel in the Doc.
type DocLesson struct {
	Kind         LessonKind               `json:"kind"`
	Required     bool                     `json:"required"`
	VideoURL     string                   `json:"video_url,omitempty"`
	File         *DocFile                 `json:"file,omitempty"`
	PassMark     int                      `json:"pass_mark,omitempty"`
	AttemptLimit int                      `json:"attempt_limit,omitempty"`
	Shuffle      bool                     `json:"shuffle,omitempty"`
	ShowFeedback bool                     `json:"show_feedback,omitempty"`
	Texts        map[string]DocLessonText `json:"texts"`
	Questions    []DocQuestion            `json:"questions,omitempty"`
}

// DocFile describes a lesson's document.
type DocFile struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
}

// DocLessonText is a lesson's text in one locale.
type DocLessonText struct {
	Title string `json:"title"`
	Body  string `json:"body,omitempty"`
}

// DocQuestion is a quiz question in a Doc.
type DocQuestion struct {
	Kind         QuestionKind               `json:"kind"`
	Points       int                        `json:"points"`
	AnswerBool   bool                       `json:"answer_bool,omitempty"`
	AnswerNumber float64                    `json:"answer_number,omitempty"`
	Tolerance    float64                    `json:"tolerance,omitempty"`
	Texts        map[string]DocQuestionText `json:"texts"`
	Choices      []DocChoice                `json:"choices,omitempty"`
}

// DocQuestionText is a question's text in one locale.
type DocQuestionText struct {
	Prompt   string   `json:"prompt"`
	Feedback string   `json:"feedback,omitempty"`
	Answers  []string `json:"answers,omitempty"`
}

// DocChoice is a choice in a Doc.
type DocChoice struct {
	Correct bool                     `json:"correct"`
	Texts   map[string]DocChoiceText `json:"texts"`
}

// DocChoiceText is a choice's text in one locale.
type DocChoiceText struct {
	Text string `json:"text"`
}

// Export builds the exchange document of a course.
func (s *Service) Export(ctx context.Context, id int64) (*Doc, error) {
	c, err := s.Course(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.Programme(ctx, c.ProgrammeID)
	if err != nil {
		return nil, err
	}
	d := &Doc{Format: Format, Course: DocCourse{
		Code: c.Code, ProgrammeCode: p.Code, Delivery: c.Delivery, DurationHours: c.DurationHours,
		DefaultLocale: c.DefaultLocale, PassMark: c.PassMark, SelfEnrol: c.SelfEnrol, Texts: map[string]DocCourseText{},
	}}
	for _, t := range c.Translations {
		d.Course.Texts[t.Locale] = DocCourseText{Title: t.Title, Summary: t.Summary}
	}
	for _, m := range c.Modules {
		dm := DocModule{Texts: map[string]DocTitle{}}
		for _, t := range m.Translations {
			dm.Texts[t.Locale] = DocTitle{Title: t.Title}
		}
		for _, l := range m.Lessons {
			dl := DocLesson{Kind: l.Kind, Required: l.Required, VideoURL: l.VideoURL, PassMark: l.PassMark, AttemptLimit: l.AttemptLimit,
				Shuffle: l.Shuffle, ShowFeedback: l.ShowFeedback, Texts: map[string]DocLessonText{}}
			if l.FileKey != "" {
				dl.File = &DocFile{Name: l.FileName, Type: l.FileType, Size: l.FileSize}
			}
			for _, t := range l.Translations {
				dl.Texts[t.Locale] = DocLessonText{Title: t.Title, Body: t.Body}
			}
			for _, q := range l.Questions {
				dq := DocQuestion{Kind: q.Kind, Points: q.Points, AnswerBool: q.AnswerBool, AnswerNumber: q.AnswerNumber,
					Tolerance: q.Tolerance, Texts: map[string]DocQuestionText{}}
				for _, t := range q.Translations {
					var answers []string
					if t.Answers != "" {
						answers = strings.Split(t.Answers, "\n")
					}
					dq.Texts[t.Locale] = DocQuestionText{Prompt: t.Prompt, Feedback: t.Feedback, Answers: answers}
				}
				for _, ch := range q.Choices {
					dc := DocChoice{Correct: ch.Correct, Texts: map[string]DocChoiceText{}}
					for _, t := range ch.Translations {
						dc.Texts[t.Locale] = DocChoiceText{Text: t.Text}
					}
					dq.Choices = append(dq.Choices, dc)
				}
				dl.Questions = append(dl.Questions, dq)
			}
			dm.Lessons = append(dm.Lessons, dl)
		}
		d.Course.Modules = append(d.Course.Modules, dm)
	}
	return d, nil
}

// MaxImportBytes caps an import file.
const MaxImportBytes = 20 << 20

// ParseDoc decodes an exchange file strictly (unknown fields and trailing
// data are errors) and checks it, listing every problem with its path in
// the file. It writes nothing.
func ParseDoc(data []byte) (*Doc, error) {
	if len(data) > MaxImportBytes {
		return nil, fieldErr("file", "error.import.too_large")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Doc
	if err := dec.Decode(&d); err != nil {
		return nil, fieldErr(jsonErrPath(err), "error.import.json", "Detail", jsonErrDetail(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fieldErr("file", "error.import.trailing")
	}
	var v i18n.ValidationError
	d.check(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &d, nil
}

func jsonErrPath(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return te.Field
	}
	return "file"
}

func jsonErrDetail(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("offset %d: %s", se.Offset, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s is not %s", te.Value, te.Type.Kind())
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func (d *Doc) check(v *i18n.ValidationError) {
	if d.Format != Format {
		v.Add("format", "error.import.format", "Want", Format)
	}
	c := &d.Course
	if !codePattern.MatchString(c.Code) {
		v.Add("course.code", "error.field.code")
	}
	if !valid(c.Delivery, Deliveries) {
		v.Add("course.delivery", "error.field.delivery")
	}
	if !i18n.ValidLocale(c.DefaultLocale) {
		v.Add("course.default_locale", "error.field.content_locale", "Locale", c.DefaultLocale)
	}
	if c.PassMark < 0 || c.PassMark > 100 {
		v.Add("course.pass_mark", "error.field.range", "Min", 0, "Max", 100)
	}
	if c.DurationHours < 0 || c.DurationHours > 5000 {
		v.Add("course.duration_hours", "error.field.range", "Min", 0, "Max", 5000)
	}
	checkLocales(v, "course.texts", c.Texts)
	checkTitle(v, "course.texts."+c.DefaultLocale+".title", c.Texts[c.DefaultLocale].Title)
	for mi, m := range c.Modules {
		mp := fmt.Sprintf("course.modules[%d]", mi)
		checkLocales(v, mp+".texts", m.Texts)
		checkTitle(v, mp+".texts."+c.DefaultLocale+".title", m.Texts[c.DefaultLocale].Title)
		for li, l := range m.Lessons {
			lp := fmt.Sprintf("%s.lessons[%d]", mp, li)
			in := LessonInput{Kind: l.Kind, VideoURL: l.VideoURL, PassMark: l.PassMark, AttemptLimit: l.AttemptLimit}
			var lv i18n.ValidationError
			in.validateSettings(&lv)
			for _, f := range lv.Fields {
				v.Fields = append(v.Fields, i18n.FieldError{Field: lp + "." + f.Field, Msg: f.Msg})
			}
			checkLocales(v, lp+".texts", l.Texts)
			checkTitle(v, lp+".texts."+c.DefaultLocale+".title", l.Texts[c.DefaultLocale].Title)
			if l.Kind != KindQuiz && len(l.Questions) > 0 {
				v.Add(lp+".questions", "error.import.questions_not_quiz")
			}
			for qi, q := range l.Questions {
				qp := fmt.Sprintf("%s.questions[%d]", lp, qi)
				checkLocales(v, qp+".texts", q.Texts)
				def := q.Texts[c.DefaultLocale]
				in := QuestionInput{Kind: q.Kind, Points: q.Points, Prompt: def.Prompt, Answers: def.Answers,
					AnswerNumber: q.AnswerNumber, Tolerance: q.Tolerance}
				for _, ch := range q.Choices {
					in.Choices = append(in.Choices, ChoiceInput{Text: ch.Texts[c.DefaultLocale].Text, Correct: ch.Correct})
				}
				if err := in.validate(); err != nil {
					var qv *i18n.ValidationError
					if errors.As(err, &qv) {
						for _, f := range qv.Fields {
							v.Fields = append(v.Fields, i18n.FieldError{Field: qp + "." + f.Field, Msg: f.Msg})
						}
					}
				}
				for ci, ch := range q.Choices {
					checkLocales(v, fmt.Sprintf("%s.choices[%d].texts", qp, ci), ch.Texts)
				}
			}
		}
	}
}

// checkTitle applies the editor's rules to a default-language title: not
// blank, at most 200 characters.
func checkTitle(v *i18n.ValidationError, path, title string) {
	checkText(v, path, title, true, 200)
}

func checkLocales[T any](v *i18n.ValidationError, path string, texts map[string]T) {
	for loc := range texts {
		if !i18n.ValidLocale(loc) {
			v.Add(path+"."+loc, "error.field.content_locale", "Locale", loc)
		}
	}
}

// Import reads an exchange file. A course whose code is new is created as a
// draft with everything in the file. A course that exists must have the
// same structure (modules, lessons, questions and choices, in order and of
// the same kinds); its texts in every language of the file are then
// updated, which is how a translation comes back. Anything wrong changes
// nothing and is listed with its path in the file.
func (s *Service) Import(ctx context.Context, actor accounts.Actor, data []byte) (*Course, bool, error) {
	d, err := ParseDoc(data)
	if err != nil {
		return nil, false, err
	}
	var out *Course
	var created bool
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		var existing Course
		err := s.db.Conn(ctx).Where("code = ?", d.Course.Code).Limit(1).Find(&existing).Error
		if err != nil {
			return fmt.Errorf("courses: import %s: %w", d.Course.Code, err)
		}
		if existing.ID == 0 {
			created = true
			out, err = s.importNew(ctx, actor, d)
			return err
		}
		out, err = s.importTexts(ctx, actor, existing.ID, d)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return out, created, nil
}

func (s *Service) importNew(ctx context.Context, actor accounts.Actor, d *Doc) (*Course, error) {
	var p Programme
	if err := s.db.Conn(ctx).Where("code = ?", d.Course.ProgrammeCode).Limit(1).Find(&p).Error; err != nil {
		return nil, fmt.Errorf("courses: import: find programme: %w", err)
	}
	if p.ID == 0 {
		return nil, fieldErr("course.programme_code", "error.programme.not_found")
	}
	dc := d.Course
	c := &Course{ProgrammeID: p.ID, Code: dc.Code, Delivery: dc.Delivery, DurationHours: dc.DurationHours,
		DefaultLocale: dc.DefaultLocale, PassMark: dc.PassMark, SelfEnrol: dc.SelfEnrol, Status: Draft}
	for loc, t := range dc.Texts {
		c.Translations = append(c.Translations, CourseTranslation{Locale: loc, Title: strings.TrimSpace(t.Title), Summary: strings.TrimSpace(t.Summary)})
	}
	for mi, dm := range dc.Modules {
		m := Module{Position: mi + 1}
		for loc, t := range dm.Texts {
			m.Translations = append(m.Translations, ModuleTranslation{Locale: loc, Title: strings.TrimSpace(t.Title)})
		}
		for li, dl := range dm.Lessons {
			l := Lesson{Position: li + 1, Kind: dl.Kind, Required: dl.Required, VideoURL: dl.VideoURL, PassMark: dl.PassMark,
				AttemptLimit: dl.AttemptLimit, Shuffle: dl.Shuffle, ShowFeedback: dl.ShowFeedback}
			for loc, t := range dl.Texts {
				l.Translations = append(l.Translations, LessonTranslation{Locale: loc, Title: strings.TrimSpace(t.Title), Body: t.Body})
			}
			for qi, dq := range dl.Questions {
				q := Question{Position: qi + 1, Kind: dq.Kind, Points: dq.Points, AnswerBool: dq.AnswerBool, AnswerNumber: dq.AnswerNumber, Tolerance: dq.Tolerance}
				for loc, t := range dq.Texts {
					q.Translations = append(q.Translations, QuestionTranslation{Locale: loc, Prompt: strings.TrimSpace(t.Prompt),
						Feedback: strings.TrimSpace(t.Feedback), Answers: joinAnswers(t.Answers)})
				}
				for ci, dch := range dq.Choices {
					ch := Choice{Position: ci + 1, Correct: dch.Correct}
					for loc, t := range dch.Texts {
						ch.Translations = append(ch.Translations, ChoiceTranslation{Locale: loc, Text: strings.TrimSpace(t.Text)})
					}
					q.Choices = append(q.Choices, ch)
				}
				l.Questions = append(l.Questions, q)
			}
			m.Lessons = append(m.Lessons, l)
		}
		c.Modules = append(c.Modules, m)
	}
	// Lessons point at their course too; create the course first, then the
	// tree below it with that id filled in.
	modules := c.Modules
	c.Modules = nil
	if err := s.db.Conn(ctx).Create(c).Error; err != nil {
		return nil, fmt.Errorf("courses: import %s: %w", dc.Code, err)
	}
	for i := range modules {
		modules[i].CourseID = c.ID
		for j := range modules[i].Lessons {
			modules[i].Lessons[j].CourseID = c.ID
		}
	}
	if len(modules) > 0 {
		if err := s.db.Conn(ctx).Create(&modules).Error; err != nil {
			return nil, fmt.Errorf("courses: import %s modules: %w", dc.Code, err)
		}
	}
	c.Modules = modules
	if err := s.catalogueChanged(ctx); err != nil {
		return nil, err
	}
	return c, s.audit.Record(ctx, actor, "course.import", "course", c.ID, map[string]any{"code": c.Code, "created": true})
}

// importTexts checks that the file has the course's structure and stores
// every text of every locale in it.
func (s *Service) importTexts(ctx context.Context, actor accounts.Actor, id int64, d *Doc) (*Course, error) {
	c, err := s.Course(ctx, id)
	if err != nil {
		return nil, err
	}
	var v i18n.ValidationError
	dc := d.Course
	if len(dc.Modules) != len(c.Modules) {
		v.Add("course.modules", "error.import.structure", "Want", len(c.Modules), "Got", len(dc.Modules))
	}
	byLocale := map[string]map[string]string{} // locale → Text.Key → value
	put := func(loc, key, val string) {
		if byLocale[loc] == nil {
			byLocale[loc] = map[string]string{}
		}
		byLocale[loc][key] = val
	}
	for loc, t := range dc.Texts {
		put(loc, fmt.Sprintf("course.%d.title", c.ID), t.Title)
		put(loc, fmt.Sprintf("course.%d.summary", c.ID), t.Summary)
	}
	for mi := range min(len(dc.Modules), len(c.Modules)) {
		dm, m := dc.Modules[mi], c.Modules[mi]
		mp := fmt.Sprintf("course.modules[%d]", mi)
		for loc, t := range dm.Texts {
			put(loc, fmt.Sprintf("module.%d.title", m.ID), t.Title)
		}
		if len(dm.Lessons) != len(m.Lessons) {
			v.Add(mp+".lessons", "error.import.structure", "Want", len(m.Lessons), "Got", len(dm.Lessons))
		}
		for li := range min(len(dm.Lessons), len(m.Lessons)) {
			dl, l := dm.Lessons[li], m.Lessons[li]
			lp := fmt.Sprintf("%s.lessons[%d]", mp, li)
			if dl.Kind != l.Kind {
				v.Add(lp+".kind", "error.import.kind", "Want", string(l.Kind))
				continue
			}
			for loc, t := range dl.Texts {
				put(loc, fmt.Sprintf("lesson.%d.title", l.ID), t.Title)
				if l.Kind == KindText || l.Kind == KindVideo {
					put(loc, fmt.Sprintf("lesson.%d.body", l.ID), t.Body)
				}
			}
			if len(dl.Questions) != len(l.Questions) {
				v.Add(lp+".questions", "error.import.structure", "Want", len(l.Questions), "Got", len(dl.Questions))
			}
			for qi := range min(len(dl.Questions), len(l.Questions)) {
				dq, q := dl.Questions[qi], l.Questions[qi]
				qp := fmt.Sprintf("%s.questions[%d]", lp, qi)
				if dq.Kind != q.Kind {
					v.Add(qp+".kind", "error.import.kind", "Want", string(q.Kind))
					continue
				}
				for loc, t := range dq.Texts {
					put(loc, fmt.Sprintf("question.%d.prompt", q.ID), t.Prompt)
					put(loc, fmt.Sprintf("question.%d.feedback", q.ID), t.Feedback)
					if q.Kind == ShortAnswer {
						put(loc, fmt.Sprintf("question.%d.answers", q.ID), joinAnswers(t.Answers))
					}
				}
				if len(dq.Choices) != len(q.Choices) {
					v.Add(qp+".choices", "error.import.structure", "Want", len(q.Choices), "Got", len(dq.Choices))
				}
				for ci := range min(len(dq.Choices), len(q.Choices)) {
					for loc, t := range dq.Choices[ci].Texts {
						put(loc, fmt.Sprintf("choice.%d.text", q.Choices[ci].ID), t.Text)
					}
				}
			}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	for loc, values := range byLocale {
		if err := s.SaveTexts(ctx, actor, id, loc, values); err != nil {
			return nil, err
		}
	}
	if err := s.catalogueChanged(ctx); err != nil {
		return nil, err
	}
	if err := s.audit.Record(ctx, actor, "course.import", "course", id, map[string]any{"code": c.Code, "created": false}); err != nil {
		return nil, err
	}
	return s.Course(ctx, id)
}
