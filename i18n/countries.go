package i18n

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/text/collate"
)

// countryCodes are the ISO 3166-1 alpha-2 codes officially assigned.
var countryCodes = strings.Fields(`
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`)

// Option is one entry of a select list.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// Countries lists every country with its name in the localizer's language,
// sorted by that name the way the reader's language sorts, with selected
// marked.
func (l *Localizer) Countries(selected string) []Option {
	out := make([]Option, len(countryCodes))
	names := make([]string, len(countryCodes))
	for i, c := range countryCodes {
		names[i] = l.CountryName(c)
		out[i] = Option{Value: c, Label: names[i], Selected: c == selected}
	}
	col := collate.New(l.tag)
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sorted := make([]Option, 0, len(out))
	sortByName(idx, names, col)
	for _, i := range idx {
		sorted = append(sorted, out[i])
	}
	return sorted
}

func sortByName(idx []int, names []string, col *collate.Collator) {
	var buf collate.Buffer
	keys := make([][]byte, len(names))
	for i, n := range names {
		keys[i] = append([]byte(nil), col.KeyFromString(&buf, n)...)
		buf.Reset()
	}
	slices.SortFunc(idx, func(a, b int) int { return bytes.Compare(keys[a], keys[b]) })
}
