package credentials

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Bitstring Status List (W3C Bitstring Status List v1.0) sizes and purposes.
const (
	// MinStatusListLength is the fewest entries a status list may have (16 KiB of bits),
	// so that one credential's entry hides among many.
	MinStatusListLength = 131072
	// MaxStatusListBytes bounds the unpacked size DecodeStatusList accepts (16 Mi entries),
	// so that a small hostile encodedList cannot unpack into gigabytes.
	MaxStatusListBytes = 2 << 20
	// StatusPurposeRevocation is the statusPurpose of a revocation list.
	StatusPurposeRevocation = "revocation"
	// StatusPurposeSuspension is the statusPurpose of a suspension list.
	StatusPurposeSuspension = "suspension"
)

// ErrStatusList is returned (wrapped) for a status list that cannot be decoded or is out
// of bounds, and for an index outside the list.
var ErrStatusList = errors.New("invalid status list")

// StatusList is a bitstring of credential statuses, one bit per credential: entry i is
// bit 7-(i%8) of byte i/8, so entry 0 is the most significant bit of the first byte (the
// left-most bit, as the specification says). The zero value is not usable; make one with
// NewStatusList or DecodeStatusList. It is not safe for concurrent writes.
type StatusList struct {
	bits []byte
}

// NewStatusList returns a list of length entries, all clear. length must be a multiple
// of 8 of at least MinStatusListLength, and at most MaxStatusListBytes*8.
func NewStatusList(length int) (*StatusList, error) {
	if length < MinStatusListLength || length%8 != 0 || length/8 > MaxStatusListBytes {
		return nil, fmt.Errorf("credentials: new status list: %w: length %d (want a multiple of 8 from %d to %d)",
			ErrStatusList, length, MinStatusListLength, MaxStatusListBytes*8)
	}
	return &StatusList{bits: make([]byte, length/8)}, nil
}

// Len returns the number of entries.
func (l *StatusList) Len() int { return len(l.bits) * 8 }

// Get reports whether entry index is set.
func (l *StatusList) Get(index int) (bool, error) {
	if index < 0 || index >= l.Len() {
		return false, fmt.Errorf("credentials: status list get: %w: index %d outside 0..%d", ErrStatusList, index, l.Len()-1)
	}
	return l.bits[index/8]&(0x80>>(index%8)) != 0, nil
}

// Set sets (true) or clears (false) entry index.
func (l *StatusList) Set(index int, value bool) error {
	if index < 0 || index >= l.Len() {
		return fmt.Errorf("credentials: status list set: %w: index %d outside 0..%d", ErrStatusList, index, l.Len()-1)
	}
	mask := byte(0x80 >> (index % 8))
	if value {
		l.bits[index/8] |= mask
	} else {
		l.bits[index/8] &^= mask
	}
	return nil
}

// Encode returns the list as a BitstringStatusList's encodedList: "u" (multibase
// base64url) then the base64url encoding, without padding, of the GZIP-compressed bits.
func (l *StatusList) Encode() (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", fmt.Errorf("credentials: encode status list: %w", err)
	}
	if _, err := zw.Write(l.bits); err != nil {
		return "", fmt.Errorf("credentials: encode status list: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("credentials: encode status list: %w", err)
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// DecodeStatusList parses an encodedList. It refuses input that is not "u" +
// base64url(GZIP), that unpacks to more than MaxStatusListBytes (reading no further than
// that), or to fewer than MinStatusListLength entries.
func DecodeStatusList(encoded string) (*StatusList, error) {
	rest, ok := strings.CutPrefix(encoded, "u")
	if !ok {
		return nil, fmt.Errorf("credentials: decode status list: %w: no multibase base64url prefix 'u'", ErrStatusList)
	}
	// Padding is not in the multibase alphabet, but some encoders write it.
	packed, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(rest, "="))
	if err != nil {
		return nil, fmt.Errorf("credentials: decode status list: %w: %w", ErrStatusList, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return nil, fmt.Errorf("credentials: decode status list: %w: %w", ErrStatusList, err)
	}
	bits, err := io.ReadAll(io.LimitReader(zr, MaxStatusListBytes+1))
	if err != nil {
		return nil, fmt.Errorf("credentials: decode status list: %w: %w", ErrStatusList, err)
	}
	if len(bits) > MaxStatusListBytes {
		return nil, fmt.Errorf("credentials: decode status list: %w: unpacks to more than %d bytes", ErrStatusList, MaxStatusListBytes)
	}
	if len(bits)*8 < MinStatusListLength {
		return nil, fmt.Errorf("credentials: decode status list: %w: %d entries, fewer than %d", ErrStatusList, len(bits)*8, MinStatusListLength)
	}
	return &StatusList{bits: bits}, nil
}

// StatusListCredential returns the unsigned BitstringStatusListCredential published at id
// for list: @context VC 2.0, type VerifiableCredential and BitstringStatusListCredential,
// issuer (the same issuer id as the credentials that point into it, which verifiers
// compare), validFrom, and credentialSubject {id: id#list, type BitstringStatusList,
// statusPurpose, encodedList}. Sign it before publishing.
func StatusListCredential(id, issuer string, validFrom time.Time, purpose string, list *StatusList) (map[string]any, error) {
	encoded, err := list.Encode()
	if err != nil {
		return nil, fmt.Errorf("credentials: status list credential %s: %w", id, err)
	}
	return map[string]any{
		"@context":  []any{ContextCredentialsV2},
		"id":        id,
		"type":      []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    issuer,
		"validFrom": validFrom.UTC().Truncate(time.Second).Format(time.RFC3339),
		"credentialSubject": map[string]any{
			"id":            id + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": purpose,
			"encodedList":   encoded,
		},
	}, nil
}

// StatusEntry returns the credentialStatus of a credential whose status is entry index of
// the status list credential published at listURL: a BitstringStatusListEntry with id
// listURL#index, statusPurpose, statusListIndex (a string, as the specification has it)
// and statusListCredential.
func StatusEntry(listURL string, index int, purpose string) map[string]any {
	i := strconv.Itoa(index)
	return map[string]any{
		"id":                   listURL + "#" + i,
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        purpose,
		"statusListIndex":      i,
		"statusListCredential": listURL,
	}
}
