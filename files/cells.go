package files

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP "CSV injection"): = + - @, tab and carriage
// return, and the full-width forms that East Asian input methods type and
// that spreadsheets fold to the ASCII ones.
const formulaStarts = "=+-@\t\r＝＋－＠"

// plainNumber is a number a spreadsheet reads as a number, never as a
// formula: an optional sign, digits with an optional decimal part and
// exponent. "-12.5" is one; "-1+1" is not.
var plainNumber = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// FormulaLike reports whether a spreadsheet would run s as a formula: its
// first character after any leading spaces is one of = + - @ (or their
// full-width forms), a tab or a carriage return, and it is neither a plain
// number nor a lone dash. It is the one check behind every CSV and XLSX
// export (SafeCell) and the trainee importer, which refuses such cells.
func FormulaLike(s string) bool {
	t := strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != '\t' && r != '\r' })
	first, _ := utf8.DecodeRuneInString(t)
	if t == "" || !strings.ContainsRune(formulaStarts, first) {
		return false
	}
	t = strings.TrimRightFunc(t, unicode.IsSpace)
	return t != "-" && !plainNumber.MatchString(t) // a lone dash is how lists say "none"
}

// SafeCell returns s ready for a cell of an exported CSV or XLSX file: a
// formula-like text gets a leading apostrophe, which spreadsheets show as
// text and do not run.
func SafeCell(s string) string {
	if FormulaLike(s) {
		return "'" + s
	}
	return s
}

// SafeRow applies SafeCell to every cell of row in place and returns it.
func SafeRow(row []string) []string {
	for i, c := range row {
		row[i] = SafeCell(c)
	}
	return row
}
