package courses_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
)

// validCourseDoc is the smallest course file ParseDoc accepts: one module
// with one text lesson, in English.
const validCourseDoc = `{
  "format": "baeum-course/1",
  "course": {
    "code": "SMU-101",
    "programme_code": "SMU",
    "delivery": "online",
    "default_locale": "en",
    "texts": {"en": {"title": "Saemaul Undong basics"}},
    "modules": [{
      "texts": {"en": {"title": "Origins"}},
      "lessons": [{"kind": "text", "required": true, "texts": {"en": {"title": "The 1970 programme", "body": "## Three spirits"}}}]
    }]
  }
}`

// brokenCourseDocs are course files ParseDoc must reject with a list of
// problems, each with the field it expects among them.
var brokenCourseDocs = []struct{ doc, field string }{
	{``, "file"},
	{`{`, "file"},
	{`null`, "format"},
	{`[]`, "file"},
	{`"baeum-course/1"`, "file"},
	{`{}`, "format"},
	{`{"format":"baeum-course/1"}`, "course.code"},
	{`{"format":"baeum-course/2","course":{"code":"A","delivery":"online","default_locale":"en","texts":{"en":{"title":"T"}}}}`, "format"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","texts":{"en":{"title":"T"}}}} {}`, "file"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","texts":{"en":{"title":"T"}}},"extra":1}`, "file"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","pass_mark":"60","texts":{"en":{"title":"T"}}}}`, "course.pass_mark"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"post","default_locale":"en","texts":{"en":{"title":"T"}}}}`, "course.delivery"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"xx","texts":{}}}`, "course.default_locale"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","texts":{"ko":{"title":"T"}}}}`, "course.texts.en.title"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","pass_mark":101,"texts":{"en":{"title":"T"}}}}`, "course.pass_mark"},
	{`{"format":"baeum-course/1","course":{"code":"-A","delivery":"online","default_locale":"en","texts":{"en":{"title":"T"}}}}`, "course.code"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","texts":{"en":{"title":"T"},"zz":{"title":"Z"}}}}`, "course.texts.zz"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","texts":{"en":{"title":"T"}},
	  "modules":[{"texts":{"en":{"title":"M"}},"lessons":[{"kind":"text","texts":{"en":{"title":"L"}},
	  "questions":[{"kind":"true_false","points":1,"texts":{"en":{"prompt":"P"}}}]}]}]}}`, "course.modules[0].lessons[0].questions"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","texts":{"en":{"title":"T"}},
	  "modules":[{"texts":{"en":{"title":"M"}},"lessons":[{"kind":"quiz","texts":{"en":{"title":"Q"}},
	  "questions":[{"kind":"single","points":1,"texts":{"en":{"prompt":"P"}},"choices":[{"correct":true,"texts":{"en":{"text":"a"}}},{"correct":true,"texts":{"en":{"text":"b"}}}]}]}]}]}}`,
		"course.modules[0].lessons[0].questions[0].choices"},
	{`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"en","texts":{"en":{"title":"T"}},
	  "modules":[{"texts":{"en":{"title":"M"}},"lessons":[{"kind":"video","video_url":"javascript:alert(1)","texts":{"en":{"title":"V"}}}]}]}}`,
		"course.modules[0].lessons[0].video_url"},
}

// FuzzParseDoc throws arbitrary bytes at the course file parser: it never
// panics, an accepted file is a course file with a title in its default
// language, and a rejected one comes with a list of problems.
func FuzzParseDoc(f *testing.F) {
	f.Add([]byte(validCourseDoc))
	for _, b := range brokenCourseDocs {
		f.Add([]byte(b.doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := courses.ParseDoc(data)
		if err != nil {
			if d != nil {
				t.Fatalf("rejected, yet returned a doc: %v", err)
			}
			var v *i18n.ValidationError
			if !errors.As(err, &v) || len(v.Fields) == 0 {
				t.Fatalf("rejected without a list of problems: %T %v", err, err)
			}
			return
		}
		if d == nil {
			t.Fatal("accepted, but returned no doc")
		}
		if d.Format != courses.Format {
			t.Fatalf("accepted format %q", d.Format)
		}
		if d.Course.Texts[d.Course.DefaultLocale].Title == "" {
			t.Fatalf("accepted a course without a title in its default language %q", d.Course.DefaultLocale)
		}
	})
}

func TestParseDocValid(t *testing.T) {
	t.Parallel()
	d, err := courses.ParseDoc([]byte(validCourseDoc))
	if err != nil {
		t.Fatal(err)
	}
	c := d.Course
	if d.Format != courses.Format || c.Code != "SMU-101" || c.ProgrammeCode != "SMU" || c.Delivery != courses.Online ||
		c.DefaultLocale != "en" || c.Texts["en"].Title != "Saemaul Undong basics" {
		t.Errorf("parsed %+v", d)
	}
	if len(c.Modules) != 1 || len(c.Modules[0].Lessons) != 1 {
		t.Fatalf("modules %+v", c.Modules)
	}
	l := c.Modules[0].Lessons[0]
	if c.Modules[0].Texts["en"].Title != "Origins" || l.Kind != courses.KindText || !l.Required ||
		l.Texts["en"].Title != "The 1970 programme" || l.Texts["en"].Body != "## Three spirits" {
		t.Errorf("lesson %+v", l)
	}
}

func TestParseDocBroken(t *testing.T) {
	t.Parallel()
	for _, b := range brokenCourseDocs {
		d, err := courses.ParseDoc([]byte(b.doc))
		var v *i18n.ValidationError
		if d != nil || !errors.As(err, &v) {
			t.Errorf("ParseDoc(%.60q) = %v, %v; want a validation error", b.doc, d, err)
			continue
		}
		if !v.Has(b.field) {
			t.Errorf("ParseDoc(%.60q): problems %v, want one at %s", b.doc, v, b.field)
		}
	}
	big := []byte(`{"format":"baeum-course/1","x":"` + strings.Repeat("a", courses.MaxImportBytes) + `"}`)
	var v *i18n.ValidationError
	if _, err := courses.ParseDoc(big); !errors.As(err, &v) || !v.Has("file") {
		t.Errorf("oversized file: %v", err)
	}
}

// TestParseDocRejectsBlankTitles: a title of only spaces is no title. The
// forms (CreateCourse, AddModule, AddLesson via checkText) reject it, and
// Import stores titles trimmed, so accepting "   " here creates a course
// with an empty title in its default language.
func TestParseDocRejectsBlankTitles(t *testing.T) {
	for _, blank := range []struct{ old, new, field string }{
		{`"title": "Saemaul Undong basics"`, `"title": "   "`, "course.texts.en.title"},
		{`"title": "Origins"`, `"title": " \t "`, "course.modules[0].texts.en.title"},
		{`"title": "The 1970 programme"`, `"title": "\n"`, "course.modules[0].lessons[0].texts.en.title"},
	} {
		doc := strings.Replace(validCourseDoc, blank.old, blank.new, 1)
		_, err := courses.ParseDoc([]byte(doc))
		var v *i18n.ValidationError
		if !errors.As(err, &v) || !v.Has(blank.field) {
			t.Errorf("blank %s accepted: %v", blank.field, err)
		}
	}
}
