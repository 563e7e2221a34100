package courses

import (
	"fmt"

	"github.com/baeum-lms/baeum/i18n"
)

// Owner kinds of translatable text.
const (
	OwnerCourse   = "course"
	OwnerModule   = "module"
	OwnerLesson   = "lesson"
	OwnerQuestion = "question"
	OwnerChoice   = "choice"
)

// Text is one translatable field of a course with its value in every
// locale, addressed by Key (stable: owner kind, id and field) and by Path
// (readable: its place in the course, as in the export file).
type Text struct {
	Key       string // e.g. "lesson.42.body"
	Path      string // e.g. "modules[0].lessons[1].body"
	Owner     string
	OwnerID   int64
	Field     string
	Required  bool // must be filled in the default locale to publish
	Multiline bool
	Values    map[string]string
}

func text(owner string, id int64, field, path string, required, multiline bool) Text {
	return Text{
		Key: fmt.Sprintf("%s.%d.%s", owner, id, field), Path: path, Owner: owner, OwnerID: id, Field: field,
		Required: required, Multiline: multiline, Values: map[string]string{},
	}
}

// Texts lists every translatable field of a loaded course, in reading order.
func (c *Course) Texts() []Text {
	var out []Text
	title := text(OwnerCourse, c.ID, "title", "title", true, false)
	summary := text(OwnerCourse, c.ID, "summary", "summary", true, true)
	for _, t := range c.Translations {
		title.Values[t.Locale], summary.Values[t.Locale] = t.Title, t.Summary
	}
	out = append(out, title, summary)
	for mi, m := range c.Modules {
		mp := fmt.Sprintf("modules[%d]", mi)
		mt := text(OwnerModule, m.ID, "title", mp+".title", true, false)
		for _, t := range m.Translations {
			mt.Values[t.Locale] = t.Title
		}
		out = append(out, mt)
		for li, l := range m.Lessons {
			lp := fmt.Sprintf("%s.lessons[%d]", mp, li)
			lt := text(OwnerLesson, l.ID, "title", lp+".title", true, false)
			body := text(OwnerLesson, l.ID, "body", lp+".body", l.Kind == KindText, true)
			for _, t := range l.Translations {
				lt.Values[t.Locale], body.Values[t.Locale] = t.Title, t.Body
			}
			out = append(out, lt)
			if l.Kind == KindText || l.Kind == KindVideo {
				out = append(out, body)
			}
			for qi, q := range l.Questions {
				qp := fmt.Sprintf("%s.questions[%d]", lp, qi)
				prompt := text(OwnerQuestion, q.ID, "prompt", qp+".prompt", true, true)
				feedback := text(OwnerQuestion, q.ID, "feedback", qp+".feedback", false, true)
				answers := text(OwnerQuestion, q.ID, "answers", qp+".answers", q.Kind == ShortAnswer, true)
				for _, t := range q.Translations {
					prompt.Values[t.Locale], feedback.Values[t.Locale], answers.Values[t.Locale] = t.Prompt, t.Feedback, t.Answers
				}
				out = append(out, prompt, feedback)
				if q.Kind == ShortAnswer {
					out = append(out, answers)
				}
				for ci, ch := range q.Choices {
					ct := text(OwnerChoice, ch.ID, "text", fmt.Sprintf("%s.choices[%d].text", qp, ci), true, false)
					for _, t := range ch.Translations {
						ct.Values[t.Locale] = t.Text
					}
					out = append(out, ct)
				}
			}
		}
	}
	return out
}

// Missing lists the required texts that are empty in locale.
func Missing(texts []Text, locale string) []Text {
	var out []Text
	for _, t := range texts {
		if t.Required && t.Values[locale] == "" {
			out = append(out, t)
		}
	}
	return out
}

// LocaleStatus is how complete one language of a course is.
type LocaleStatus struct {
	Locale   string
	Filled   int
	Required int
	Missing  []Text
}

// Complete reports whether every required text is filled.
func (s LocaleStatus) Complete() bool { return s.Filled == s.Required }

// Completeness reports, for every content locale the course has any text in
// (and its default), how many required texts are filled.
func Completeness(c *Course) []LocaleStatus {
	texts := c.Texts()
	present := map[string]bool{c.DefaultLocale: true}
	for _, t := range texts {
		for loc, v := range t.Values {
			if v != "" {
				present[loc] = true
			}
		}
	}
	var required int
	for _, t := range texts {
		if t.Required {
			required++
		}
	}
	var out []LocaleStatus
	for _, loc := range i18n.ContentLocales {
		if !present[loc] {
			continue
		}
		miss := Missing(texts, loc)
		out = append(out, LocaleStatus{Locale: loc, Filled: required - len(miss), Required: required, Missing: miss})
	}
	return out
}

func localized(values map[string]string, locale, defaultLocale string) i18n.Localized {
	return i18n.Localize(values, locale, defaultLocale)
}

// The per-kind translation maps, field → locale → value.

func courseValues(ts []CourseTranslation) (title, summary map[string]string) {
	title, summary = map[string]string{}, map[string]string{}
	for _, t := range ts {
		title[t.Locale], summary[t.Locale] = t.Title, t.Summary
	}
	return
}

func moduleValues(ts []ModuleTranslation) map[string]string {
	m := map[string]string{}
	for _, t := range ts {
		m[t.Locale] = t.Title
	}
	return m
}

func lessonValues(ts []LessonTranslation) (title, body map[string]string) {
	title, body = map[string]string{}, map[string]string{}
	for _, t := range ts {
		title[t.Locale], body[t.Locale] = t.Title, t.Body
	}
	return
}

func programmeValues(ts []ProgrammeTranslation) (title, summary map[string]string) {
	title, summary = map[string]string{}, map[string]string{}
	for _, t := range ts {
		title[t.Locale], summary[t.Locale] = t.Title, t.Summary
	}
	return
}

// TitleIn is the module's title for a reader of locale.
func (m *Module) TitleIn(locale, defaultLocale string) i18n.Localized {
	return localized(moduleValues(m.Translations), locale, defaultLocale)
}

// TitleIn is the lesson's title for a reader of locale.
func (l *Lesson) TitleIn(locale, defaultLocale string) i18n.Localized {
	title, _ := lessonValues(l.Translations)
	return localized(title, locale, defaultLocale)
}

// BodyIn is the lesson's body (Markdown, or a video's transcript) for a
// reader of locale.
func (l *Lesson) BodyIn(locale, defaultLocale string) i18n.Localized {
	_, body := lessonValues(l.Translations)
	return localized(body, locale, defaultLocale)
}

// PromptIn is the question's prompt for a reader of locale.
func (q *Question) PromptIn(locale, defaultLocale string) i18n.Localized {
	m := map[string]string{}
	for _, t := range q.Translations {
		m[t.Locale] = t.Prompt
	}
	return localized(m, locale, defaultLocale)
}

// FeedbackIn is the question's feedback for a reader of locale.
func (q *Question) FeedbackIn(locale, defaultLocale string) i18n.Localized {
	m := map[string]string{}
	for _, t := range q.Translations {
		m[t.Locale] = t.Feedback
	}
	return localized(m, locale, defaultLocale)
}

// AnswersIn are the accepted short answers shown to a reader of locale.
func (q *Question) AnswersIn(locale, defaultLocale string) i18n.Localized {
	m := map[string]string{}
	for _, t := range q.Translations {
		m[t.Locale] = t.Answers
	}
	return localized(m, locale, defaultLocale)
}

// TextIn is the choice's text for a reader of locale.
func (c *Choice) TextIn(locale, defaultLocale string) i18n.Localized {
	m := map[string]string{}
	for _, t := range c.Translations {
		m[t.Locale] = t.Text
	}
	return localized(m, locale, defaultLocale)
}
