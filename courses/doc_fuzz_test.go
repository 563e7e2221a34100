package courses_test

import (
	"errors"
	"testing"

	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
)

const minimalDoc = `{"format":"baeum-course/1","course":{"code":"F-1","programme_code":"P","delivery":"online","default_locale":"en",
"texts":{"en":{"title":"T","summary":"S"}},"modules":[{"texts":{"en":{"title":"M"}},"lessons":[{"kind":"text","required":true,"texts":{"en":{"title":"L","body":"B"}}}]}]}}`

// FuzzCourseDoc throws arbitrary bytes at the course file parser: it never
// panics, a rejected file always comes with a list of problems, and an
// accepted one is a course file with a title in its default language.
func FuzzCourseDoc(f *testing.F) {
	for _, seed := range []string{minimalDoc, `{`, `[]`, `{"format":"baeum-course/1"}`, `{"format":"x"} {}`,
		`{"format":"baeum-course/1","course":{"code":"A","delivery":"online","default_locale":"xx","texts":{}}}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := courses.ParseDoc(data)
		if err != nil {
			var v *i18n.ValidationError
			if !errors.As(err, &v) || len(v.Fields) == 0 {
				t.Fatalf("rejected without problems: %v", err)
			}
			return
		}
		if d.Format != courses.Format || d.Course.Texts[d.Course.DefaultLocale].Title == "" {
			t.Fatalf("accepted an incomplete file: %+v", d)
		}
	})
}

func TestMinimalDocParses(t *testing.T) {
	if _, err := courses.ParseDoc([]byte(minimalDoc)); err != nil {
		t.Fatal(err)
	}
}
