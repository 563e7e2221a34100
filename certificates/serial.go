// Package certificates issues Baeum's certificates and lets anyone check
// them: serial numbers with a check character, the PDF (through pdfdoc's
// embedded Unicode fonts) with its QR code, per-programme templates,
// issuing one, a selection or a whole cohort as a ZIP (a River job),
// issue on completion, the public verification page and its Open Badges
// 3.0 credential, revocation and re-issue.
package certificates

import (
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/baeum-lms/baeum/i18n"
)

// serialAlphabet has 32 characters (the Luhn mod N check needs an even
// count) and none that read alike: O, I, 0 and 1 are left out.
const serialAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// NewSerial returns a serial such as BAEUM-2026-7KQ3-M9XD: the year, seven
// random characters and a check character that catches any single
// mistyped character and most swaps of neighbours (Luhn mod N).
func NewSerial(year int) string {
	var b [7]byte
	_, _ = rand.Read(b[:])
	body := make([]byte, 7)
	for i, x := range b {
		body[i] = serialAlphabet[int(x)%len(serialAlphabet)]
	}
	full := string(body) + string(checkChar(string(body)))
	return fmt.Sprintf("BAEUM-%04d-%s-%s", year, full[:4], full[4:])
}

// checkChar is the Luhn mod N check character of s over serialAlphabet.
func checkChar(s string) byte {
	n := len(serialAlphabet)
	factor, sum := 2, 0
	for i := len(s) - 1; i >= 0; i-- {
		code := strings.IndexByte(serialAlphabet, s[i])
		addend := factor * code
		if factor == 2 {
			factor = 1
		} else {
			factor = 2
		}
		sum += addend/n + addend%n
	}
	return serialAlphabet[(n-sum%n)%n]
}

// Why a typed serial is not one.
var (
	ErrSerialInvalid = i18n.NewError(i18n.KindNotFound, "error.certificate.serial_invalid")
	ErrSerialCheck   = i18n.NewError(i18n.KindNotFound, "error.certificate.serial_check")
)

// NormaliseSerial reads a serial as a person may type it — any case, with
// or without dashes and spaces — and returns its canonical form, or false
// when it is not a well-formed serial with a right check character.
func NormaliseSerial(s string) (string, bool) {
	serial, err := CheckSerial(s)
	return serial, err == nil
}

// CheckSerial is NormaliseSerial that says what is wrong: the shape
// (ErrSerialInvalid) or a mistyped character, which the check character
// shows (ErrSerialCheck).
func CheckSerial(s string) (string, error) {
	s = strings.ToUpper(strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, s))
	if !strings.HasPrefix(s, "BAEUM") || len(s) != len("BAEUM")+4+8 {
		return "", ErrSerialInvalid
	}
	year, rest := s[5:9], s[9:]
	for _, c := range year {
		if c < '0' || c > '9' {
			return "", ErrSerialInvalid
		}
	}
	for i := 0; i < len(rest); i++ {
		if strings.IndexByte(serialAlphabet, rest[i]) < 0 {
			return "", ErrSerialInvalid
		}
	}
	if checkChar(rest[:7]) != rest[7] {
		return "", ErrSerialCheck
	}
	return "BAEUM-" + year + "-" + rest[:4] + "-" + rest[4:], nil
}
