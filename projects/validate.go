package projects

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/currency"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// ValidCurrency reports whether code is an ISO 4217 currency code.
func ValidCurrency(code string) bool {
	if len(code) != 3 || strings.ToUpper(code) != code {
		return false
	}
	_, err := currency.ParseISO(code)
	return err == nil
}

// Scale is how many minor-unit digits a currency has (2 for USD, 0 for KRW).
func Scale(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// ParseAmount reads a money amount written in major units ("1250.50") as
// an integer in the currency's minor units. Negative amounts and more
// decimals than the currency has are refused.
func ParseAmount(s, cur string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	scale := Scale(cur)
	if whole == "" || len(frac) > scale || !digits(whole) || !digits(frac) || len(whole) > 15 {
		return 0, false
	}
	frac += strings.Repeat("0", scale-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// FormatAmount writes minor units in major units with the currency code
// ("1,250.50 USD").
func FormatAmount(minor int64, cur string) string {
	scale := Scale(cur)
	neg := minor < 0
	if neg {
		minor = -minor
	}
	div := int64(math.Pow10(scale))
	whole := strconv.FormatInt(minor/div, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if scale > 0 {
		b.WriteString("." + strings.Repeat("0", scale-len(strconv.FormatInt(minor%div, 10))) + strconv.FormatInt(minor%div, 10))
	}
	out := b.String() + " " + cur
	if neg {
		out = "-" + out
	}
	return out
}

// AmountInput writes minor units as a form value in major units ("1250.50").
func AmountInput(minor int64, cur string) string {
	scale := Scale(cur)
	if scale == 0 {
		return strconv.FormatInt(minor, 10)
	}
	div := int64(math.Pow10(scale))
	f := strconv.FormatInt(minor%div, 10)
	return strconv.FormatInt(minor/div, 10) + "." + strings.Repeat("0", scale-len(f)) + f
}

func dateField(v *i18n.ValidationError, field, s string, required bool) *store.Date {
	return i18n.DateField(v, field, s, required)
}

// within checks that d falls inside the project's dates.
func within(v *i18n.ValidationError, field string, d *store.Date, p *Project) {
	if d != nil && (*d < p.StartsOn || *d > p.EndsOn) {
		v.Add(field, "error.project.date_outside", "Start", string(p.StartsOn), "End", string(p.EndsOn))
	}
}

func textField(v *i18n.ValidationError, field, s string, required bool, maxLen int) string {
	s = strings.TrimSpace(s)
	if s == "" && required {
		v.Add(field, "error.field.required")
	}
	if utf8.RuneCountInString(s) > maxLen {
		v.Add(field, "error.field.too_long", "Max", maxLen)
	}
	return s
}

// num writes a number as people type it: no exponent, no trailing zeros
// (1250, 0.5, 12.75); numberField reads it back.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func numberField(v *i18n.ValidationError, field, s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		v.Add(field, "error.field.required")
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		v.Add(field, "error.field.number")
		return 0
	}
	return f
}

func codePattern(code string) bool {
	if code == "" || len(code) > 40 {
		return false
	}
	for i, r := range code {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || (i > 0 && (r == '-' || r == '_' || r == '.'))
		if !ok {
			return false
		}
	}
	return true
}

func fieldError(field, id string, kv ...any) error {
	v := &i18n.ValidationError{}
	v.Add(field, id, kv...)
	return v
}
