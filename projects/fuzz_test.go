package projects

import (
	"net/url"
	"slices"
	"testing"

	"github.com/baeum-lms/baeum/i18n"
)

// FuzzFilterFrom: any query string gives a filter of known values only,
// and the filter survives a trip through its own query.
func FuzzFilterFrom(f *testing.F) {
	for _, s := range []string{"", "kind=consulting&country=la&year=2014", "phase=launch&status=on_hold&q=%25_", "year=99999&kind=x", "country=ZZ&phase=seminar"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		flt := filterFrom(q)
		if flt.Kind != "" && !slices.Contains(Kinds, flt.Kind) {
			t.Fatalf("kind %q", flt.Kind)
		}
		if flt.Country != "" && !i18n.ValidCountry(flt.Country) {
			t.Fatalf("country %q", flt.Country)
		}
		if flt.Status != "" && !slices.Contains(Statuses, flt.Status) {
			t.Fatalf("status %q", flt.Status)
		}
		if flt.Phase != "" && PhaseIndex(Consulting, flt.Phase) < 0 && PhaseIndex(SMUPilotVillage, flt.Phase) < 0 {
			t.Fatalf("phase %q", flt.Phase)
		}
		if flt.Year != 0 && (flt.Year < 1990 || flt.Year > 2100) {
			t.Fatalf("year %d", flt.Year)
		}
		if again := filterFrom(flt.Query()); again != flt {
			t.Fatalf("round trip %+v → %+v", flt, again)
		}
	})
}

// FuzzParseAmount: amounts never panic, are never negative, and written
// back as form text they read the same.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"0", "1250.50", "-1", "1,000,000", "12.345", "9999999999999999999", ".5", "1e3"} {
		f.Add(s, "USD")
		f.Add(s, "KRW")
	}
	f.Fuzz(func(t *testing.T, s, cur string) {
		n, ok := ParseAmount(s, cur)
		if !ok {
			return
		}
		if n < 0 {
			t.Fatalf("%q %s → %d", s, cur, n)
		}
		if back, ok := ParseAmount(AmountInput(n, cur), cur); !ok || back != n {
			t.Fatalf("%q %s → %d → %q → %d %v", s, cur, n, AmountInput(n, cur), back, ok)
		}
	})
}
