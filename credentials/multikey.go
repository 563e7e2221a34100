package credentials

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/mr-tron/base58"
)

// ed25519PubHeader is the multicodec prefix of an Ed25519 public key (0xed, as the
// unsigned varint 0xed 0x01).
var ed25519PubHeader = [2]byte{0xed, 0x01}

// ErrMultikey is returned (wrapped) by DecodeMultikey for a value that is not an
// Ed25519 public key in Multikey form.
var ErrMultikey = errors.New("not an Ed25519 Multikey")

// EncodeMultikey returns the publicKeyMultibase of an Ed25519 public key: 'z' (base58btc)
// followed by the base58btc encoding of 0xed 0x01 ‖ key. It starts "z6Mk".
func EncodeMultikey(pub ed25519.PublicKey) string {
	buf := make([]byte, 0, len(ed25519PubHeader)+len(pub))
	buf = append(buf, ed25519PubHeader[:]...)
	buf = append(buf, pub...)
	return "z" + base58.Encode(buf)
}

// DecodeMultikey parses a publicKeyMultibase made by EncodeMultikey (or any other
// Ed25519 Multikey) back into the public key.
func DecodeMultikey(multibase string) (ed25519.PublicKey, error) {
	rest, ok := strings.CutPrefix(multibase, "z")
	if !ok {
		return nil, fmt.Errorf("credentials: decode multikey: %w: no base58btc prefix 'z'", ErrMultikey)
	}
	raw, err := base58.Decode(rest)
	if err != nil {
		return nil, fmt.Errorf("credentials: decode multikey: %w: %w", ErrMultikey, err)
	}
	if len(raw) != len(ed25519PubHeader)+ed25519.PublicKeySize ||
		raw[0] != ed25519PubHeader[0] || raw[1] != ed25519PubHeader[1] {
		return nil, fmt.Errorf("credentials: decode multikey: %w: %d bytes with header % x", ErrMultikey, len(raw), raw[:min(2, len(raw))])
	}
	return ed25519.PublicKey(raw[len(ed25519PubHeader):]), nil
}

// Fingerprint returns a short form of a public key for people to compare by eye: the first
// 16 bytes of SHA-256 of the raw 32-byte key, upper-case hex in groups of four
// ("3F2A 9C01 …", eight groups). It names the key, not the credential; two keys never
// share one in practice.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	h := strings.ToUpper(hex.EncodeToString(sum[:16]))
	var b strings.Builder
	for i := 0; i < len(h); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(h[i : i+4])
	}
	return b.String()
}

// VerificationMethod returns the Multikey verification method of pub controlled by
// controller (the controller document's URL): its id is controller#<publicKeyMultibase>,
// the form the proof's verificationMethod takes.
func VerificationMethod(controller string, pub ed25519.PublicKey) map[string]any {
	mk := EncodeMultikey(pub)
	return map[string]any{
		"id":                 controller + "#" + mk,
		"type":               "Multikey",
		"controller":         controller,
		"publicKeyMultibase": mk,
	}
}

// IssuerDocument returns the document to publish at the issuer's id: the issuer's Open
// Badges Profile (profile: its id, type, name, url and so on, as credentials' issuer has
// them) that is also its controller document, listing the Multikey verification methods
// of keys under assertionMethod. A verifier dereferences a proof's verificationMethod
// (id#<publicKeyMultibase>) to find the key, and checks that the controller document
// authorises it for assertionMethod and that its id is the credential's issuer.
//
// Its @context is ContextDIDV1, ContextMultikeyV1, ContextCredentialsV2,
// ContextOpenBadgesV3, in that order (any @context in profile is replaced): with the DID
// context first, the digitalbazaar verifier (jsonld-signatures) reads assertionMethod
// as it stands instead of framing the document. List old keys after a rotation too, so
// that the credentials they signed still verify. It fails when profile has no string id
// or a term the contexts do not define.
func IssuerDocument(profile map[string]any, keys ...ed25519.PublicKey) (map[string]any, error) {
	controller, _ := profile["id"].(string)
	if controller == "" {
		return nil, errors.New("credentials: issuer document: the profile has no id")
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("credentials: issuer document %s: no key", controller)
	}
	doc := make(map[string]any, len(profile)+2)
	for k, v := range profile {
		doc[k] = v
	}
	methods := make([]any, 0, len(keys))
	for _, k := range keys {
		if len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("credentials: issuer document %s: public key has %d bytes, want %d", controller, len(k), ed25519.PublicKeySize)
		}
		methods = append(methods, VerificationMethod(controller, k))
	}
	doc["@context"] = []any{ContextDIDV1, ContextMultikeyV1, ContextCredentialsV2, ContextOpenBadgesV3}
	doc["assertionMethod"] = methods
	if _, err := Canonicalize(doc); err != nil {
		return nil, fmt.Errorf("credentials: issuer document %s: %w", controller, err)
	}
	return doc, nil
}
