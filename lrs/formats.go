package lrs

import (
	"regexp"
	"strings"
	"time"
)

// The formats of xAPI's string values.
var (
	uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	// An IRI here is absolute: a scheme, a colon, and no white space.
	iriRE   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$`)
	mboxRE  = regexp.MustCompile(`^mailto:[^@\s:/?#]+@[^@\s/?#]+$`)
	sha1RE  = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
	sha2RE  = regexp.MustCompile(`^[0-9a-fA-F]{56}$|^[0-9a-fA-F]{64}$|^[0-9a-fA-F]{96}$|^[0-9a-fA-F]{128}$`)
	mimeRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9!#$&^_.+\-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+\-]*(\s*;.*)?$`)
	version = regexp.MustCompile(`^1\.0(\.[0-9]+)?$`)
	// ISO 8601 durations: PnW, or PnYnMnDTnHnMnS with any part left out
	// (at least one given) and a decimal fraction allowed.
	durationRE = regexp.MustCompile(`^P(?:[0-9]+(?:\.[0-9]+)?W|(?:[0-9]+(?:\.[0-9]+)?Y)?(?:[0-9]+(?:\.[0-9]+)?M)?(?:[0-9]+(?:\.[0-9]+)?D)?(?:T(?:[0-9]+(?:\.[0-9]+)?H)?(?:[0-9]+(?:\.[0-9]+)?M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?)$`)
	// ISO 8601 extended date and time, seconds and zone optional.
	timestampRE = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$`)
)

func isUUID(s string) bool { return uuidRE.MatchString(s) }
func isIRI(s string) bool  { return iriRE.MatchString(s) }

// isIRL is an IRI that can be looked up: http or https.
func isIRL(s string) bool {
	l := strings.ToLower(s)
	return isIRI(s) && (strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://"))
}

func isDuration(s string) bool {
	return durationRE.MatchString(s) && s != "P" && !strings.HasSuffix(s, "T")
}

// ParseTimestamp reads an ISO 8601 date and time as xAPI allows it: a zone
// is optional (UTC when absent); "-00:00", which RFC 3339 gives to an
// unknown offset, is refused, as the specification says it must not be
// used.
func ParseTimestamp(s string) (time.Time, bool) {
	m := timestampRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	zone := m[8]
	switch {
	case zone == "":
		zone = "Z"
	case zone == "-00:00" || zone == "-0000" || zone == "-00":
		return time.Time{}, false
	case len(zone) == 3:
		zone += ":00"
	case len(zone) == 5:
		zone = zone[:3] + ":" + zone[3:]
	}
	sec := m[6]
	if sec == "" {
		sec = "00"
	}
	t, err := time.Parse(time.RFC3339Nano, m[1]+"-"+m[2]+"-"+m[3]+"T"+m[4]+":"+m[5]+":"+sec+m[7]+zone)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// The parts of an RFC 5646 language tag (section 2.1).
var (
	langTagRE = regexp.MustCompile(`^(?i:` +
		`((?:[a-z]{2,3}(?:-[a-z]{3}){0,3})|[a-z]{4}|[a-z]{5,8})` + // language, extlang
		`(-[a-z]{4})?` + // script
		`(-(?:[a-z]{2}|[0-9]{3}))?` + // region
		`((?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)` + // variants
		`((?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*)` + // extensions
		`(-x(?:-[a-z0-9]{1,8})+)?` + // private use
		`)$`)
	privateTagRE = regexp.MustCompile(`^(?i:x(?:-[a-z0-9]{1,8})+)$`)
)

// grandfathered tags of RFC 5646, valid as they are.
var grandfathered = map[string]bool{
	"en-gb-oed": true, "i-ami": true, "i-bnn": true, "i-default": true, "i-enochian": true, "i-hak": true,
	"i-klingon": true, "i-lux": true, "i-mingo": true, "i-navajo": true, "i-pwn": true, "i-tao": true,
	"i-tay": true, "i-tsu": true, "sgn-be-fr": true, "sgn-be-nl": true, "sgn-ch-de": true,
	"art-lojban": true, "cel-gaulish": true, "no-bok": true, "no-nyn": true, "zh-guoyu": true,
	"zh-hakka": true, "zh-min": true, "zh-min-nan": true, "zh-xiang": true,
}

// isLanguageTag reports a well-formed RFC 5646 tag with no variant or
// extension singleton repeated (the "valid" tags of section 2.2.9, less
// the registry lookup, so new subtags pass).
func isLanguageTag(s string) bool {
	if grandfathered[strings.ToLower(s)] || privateTagRE.MatchString(s) {
		return true
	}
	m := langTagRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	seen := map[string]bool{}
	for _, v := range strings.Split(strings.TrimPrefix(strings.ToLower(m[4]), "-"), "-") {
		if v == "" {
			continue
		}
		if seen[v] {
			return false
		}
		seen[v] = true
	}
	singletons := map[string]bool{}
	for _, part := range strings.Split(strings.ToLower(m[5]), "-") {
		if len(part) == 1 {
			if singletons[part] {
				return false
			}
			singletons[part] = true
		}
	}
	return true
}
