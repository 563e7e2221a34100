package courses

import (
	"fmt"
	"slices"

	"github.com/baeum-lms/baeum/i18n"
)

// ContentLocales are the languages course content may be written in: the
// UI languages plus the partner countries' own (Lao, Mongolian, Khmer,
// Burmese, Amharic, …), which learners read even where the interface is in
// English.
var ContentLocales = []string{"en", "ko", "fr", "es", "vi", "ru", "ar", "lo", "mn", "km", "my", "am", "id", "th", "pt", "sw", "uz", "kk", "ne", "si", "bn"}

// ValidLocale reports whether code is a content locale.
func ValidLocale(code string) bool { return slices.Contains(ContentLocales, code) }

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
	for _, loc := range ContentLocales {
		if !present[loc] {
			continue
		}
		miss := Missing(texts, loc)
		out = append(out, LocaleStatus{Locale: loc, Filled: required - len(miss), Required: required, Missing: miss})
	}
	return out
}

// Pick chooses the text to show a reader of locale: their locale, then the
// course's default, then English, then any language that has it. It returns
// the text and the locale it is in.
func Pick(values map[string]string, locale, defaultLocale string) (string, string) {
	for _, loc := range []string{locale, defaultLocale, i18n.Default} {
		if v := values[loc]; v != "" {
			return v, loc
		}
	}
	for _, loc := range ContentLocales {
		if v := values[loc]; v != "" {
			return v, loc
		}
	}
	return "", locale
}

// Localized is a text chosen for a reader, with the locale it is really in
// so pages can mark fallback text with its own lang attribute.
type Localized struct {
	Text     string
	Lang     string
	Fallback bool // not in the reader's locale
}

func localized(values map[string]string, locale, defaultLocale string) Localized {
	v, loc := Pick(values, locale, defaultLocale)
	return Localized{Text: v, Lang: loc, Fallback: loc != locale}
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

// Localize chooses from values (locale → text) for a reader of locale, as
// Pick does, and says which locale the text is in.
func Localize(values map[string]string, locale, defaultLocale string) Localized {
	return localized(values, locale, defaultLocale)
}

// TitleIn is the module's title for a reader of locale.
func (m *Module) TitleIn(locale, defaultLocale string) Localized {
	return localized(moduleValues(m.Translations), locale, defaultLocale)
}

// TitleIn is the lesson's title for a reader of locale.
func (l *Lesson) TitleIn(locale, defaultLocale string) Localized {
	title, _ := lessonValues(l.Translations)
	return localized(title, locale, defaultLocale)
}

// BodyIn is the lesson's body (Markdown, or a video's transcript) for a
// reader of locale.
func (l *Lesson) BodyIn(locale, defaultLocale string) Localized {
	_, body := lessonValues(l.Translations)
	return localized(body, locale, defaultLocale)
}

// PromptIn is the question's prompt for a reader of locale.
func (q *Question) PromptIn(locale, defaultLocale string) Localized {
	m := map[string]string{}
	for _, t := range q.Translations {
		m[t.Locale] = t.Prompt
	}
	return localized(m, locale, defaultLocale)
}

// FeedbackIn is the question's feedback for a reader of locale.
func (q *Question) FeedbackIn(locale, defaultLocale string) Localized {
	m := map[string]string{}
	for _, t := range q.Translations {
		m[t.Locale] = t.Feedback
	}
	return localized(m, locale, defaultLocale)
}

// AnswersIn are the accepted short answers shown to a reader of locale.
func (q *Question) AnswersIn(locale, defaultLocale string) Localized {
	m := map[string]string{}
	for _, t := range q.Translations {
		m[t.Locale] = t.Answers
	}
	return localized(m, locale, defaultLocale)
}

// TextIn is the choice's text for a reader of locale.
func (c *Choice) TextIn(locale, defaultLocale string) Localized {
	m := map[string]string{}
	for _, t := range c.Translations {
		m[t.Locale] = t.Text
	}
	return localized(m, locale, defaultLocale)
}
