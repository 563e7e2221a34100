package files_test

import (
	"testing"

	"github.com/baeum-lms/baeum/files"
)

// TestFormulaLike runs the OWASP CSV-injection cases and their full-width
// and space-led variants; plain numbers and ordinary text pass unchanged.
func TestFormulaLike(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		formula bool
	}{
		// OWASP CSV injection examples.
		{"=1+1", true},
		{"=HYPERLINK(\"http://evil.example\",\"click\")", true},
		{"+1+1", true},
		{"-1+1", true},
		{"-1+1+cmd|' /C calc'!A0", true},
		{"-2+3+cmd|' /C calc'!A0", true},
		{"@SUM(1+1)*cmd|' /C calc'!A0", true},
		{"=cmd|' /C notepad'!'A1'", true},
		{"\t=1+1", true},
		{"\r=1+1", true},
		{"\tplain text", true},
		{"-cmd|' /C calc'!A0", true},
		// Full-width forms and leading spaces.
		{"＝1+1", true},
		{"＋1", true},
		{"－1", true},
		{"＠SUM(A1)", true},
		{"  =1+1", true},
		{"\u00a0=1+1", true},
		{"\u3000@SUM(A1)", true},
		{"\n=1+1", true},
		{" -1+1", true},
		// Plain numbers stay numbers.
		{"-12.5", false},
		{"+3", false},
		{"-0", false},
		{"-.5", false},
		{"-1e5", false},
		{" -12.5 ", false},
		{"1+1", false},
		// Ordinary text.
		{"", false},
		{"   ", false},
		{"Ama Owusu", false},
		{"a-b", false},
		{"Survey - phase 2", false},
		{"a@example.org", false},
		{"새마을 운동", false},
		{"-", false},
		{" - ", false},
		{"--", true},
		{"=", true},
	}
	for _, tc := range cases {
		if got := files.FormulaLike(tc.in); got != tc.formula {
			t.Errorf("FormulaLike(%q) = %v, want %v", tc.in, got, tc.formula)
		}
		want := tc.in
		if tc.formula {
			want = "'" + tc.in
		}
		if got := files.SafeCell(tc.in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", tc.in, got, want)
		}
		if got := files.SafeCell(files.SafeCell(tc.in)); got != want {
			t.Errorf("SafeCell twice (%q) = %q, want %q", tc.in, got, want)
		}
	}
	row := files.SafeRow([]string{"=1", "x", "-12.5"})
	if row[0] != "'=1" || row[1] != "x" || row[2] != "-12.5" {
		t.Errorf("SafeRow: %q", row)
	}
}
