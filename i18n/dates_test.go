package i18n_test

import (
	"testing"

	"github.com/baeum-lms/baeum/i18n"
)

func TestDateField(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in       string
		required bool
		want     string // "" for nil
		problem  string // message id, "" for none
	}{
		{"2026-03-02", true, "2026-03-02", ""},
		{" 2026-03-02 ", false, "2026-03-02", ""},
		{"", true, "", "error.field.required"},
		{"   ", true, "", "error.field.required"},
		{"", false, "", ""},
		{"2026-02-30", false, "", "error.field.date"},
		{"2026-3-2", true, "", "error.field.date"},
		{"02/03/2026", true, "", "error.field.date"},
		{"yesterday", false, "", "error.field.date"},
		{"2026-03-02T09:00", true, "", "error.field.date"},
	}
	for _, tc := range cases {
		var v i18n.ValidationError
		d := i18n.DateField(&v, "starts_on", tc.in, tc.required)
		got := ""
		if d != nil {
			got = string(*d)
		}
		if got != tc.want {
			t.Errorf("%q: date %q, want %q", tc.in, got, tc.want)
		}
		switch {
		case tc.problem == "" && v.Err() != nil:
			t.Errorf("%q: unexpected problem %v", tc.in, v.Err())
		case tc.problem != "" && (len(v.Fields) != 1 || v.Fields[0].Field != "starts_on" || v.Fields[0].Msg.ID != tc.problem):
			t.Errorf("%q: problems %+v, want one %s at starts_on", tc.in, v.Fields, tc.problem)
		}
	}
}
