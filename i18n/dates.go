package i18n

import (
	"strings"

	"github.com/baeum-lms/baeum/store"
)

// DateField reads a "YYYY-MM-DD" form or API field. A blank value is nil,
// and a problem of field when required; a value that is not a calendar
// date ("2026-02-30", "yesterday") is nil and a problem of field. Every
// feature reads its date fields through it, so they fail alike.
func DateField(v *ValidationError, field, s string, required bool) *store.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			v.Add(field, "error.field.required")
		}
		return nil
	}
	d, err := store.ParseDate(s)
	if err != nil {
		v.Add(field, "error.field.date")
		return nil
	}
	return &d
}
