package web

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"
)

// LocalTarget returns next if it is a clean path on this site, else "/".
// Every redirect to an address that came with the request (the ?next= of
// the sign-in page, a form's hidden next field) goes through it, so none can
// send a person to another site.
//
// Browsers are lenient with a Location header in ways url.Parse is not: they
// read a backslash as a slash and drop tabs and newlines, so "/\evil.example"
// and "/\t/evil.example" both become "//evil.example", another host. So a
// target is refused outright when it holds a backslash, a control character
// or any white space (raw or percent-encoded in its path), a scheme, a host
// or user information, or when it does not start with exactly one slash. What
// is left is cleaned (path.Clean: no "." or ".." segments, no doubled
// slashes) and keeps its query; a fragment is dropped.
func LocalTarget(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || unsafeForLocation(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || unsafeForLocation(u.Path) {
		return "/"
	}
	clean := path.Clean(u.Path)
	if !strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "//") {
		return "/"
	}
	out := (&url.URL{Path: clean}).EscapedPath()
	if u.RawQuery != "" {
		out += "?" + escapeNonASCII(u.RawQuery)
	}
	return out
}

// unsafeForLocation reports whether s holds a character that a browser may
// drop or reinterpret in a Location header.
func unsafeForLocation(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r == '\\' || r == unicode.ReplacementChar || unicode.IsControl(r) || unicode.IsSpace(r) ||
			unicode.Is(unicode.Cf, r) // zero-width and direction marks: invisible, and some are dropped
	})
}

// escapeNonASCII percent-encodes the bytes of a query that are not
// printable ASCII, so a Location header stays plain ASCII.
func escapeNonASCII(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c < 0x21 || c > 0x7e {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
