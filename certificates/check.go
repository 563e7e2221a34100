package certificates

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/baeum-lms/baeum/credentials"
	"github.com/baeum-lms/baeum/i18n"
)

// Checking a credential document that someone brings (the credential.json
// of a PDF, the JSON of a verification page, or something that claims to
// be one): the same rule for the /verify page and the API. Keys come only
// from Baeum's own key store and statuses only from its own records;
// nothing is fetched, whatever the document points to.

// MaxCredentialBytes is the largest credential document CheckCredential
// reads. Baeum's credentials are about 3 KiB; the cap, with the limits of
// package credentials (ErrTooComplex), keeps a hostile document from
// costing more than a moment's work.
const MaxCredentialBytes = 256 << 10

// The reasons a signature does not hold (SignatureCheck.Problem), from
// the kinds of credentials.VerifyError.
const (
	// ProblemNoProof: the document carries no proof.
	ProblemNoProof = "no_proof"
	// ProblemUnknownKey: the proof names a key that is not one of Baeum's
	// (current or retired), or a document of another issuer.
	ProblemUnknownKey = "unknown_key"
	// ProblemAltered: the proof names one of Baeum's keys but the
	// signature does not match: the document was changed after signing.
	ProblemAltered = "altered"
	// ProblemMalformed: the proof is malformed or not an eddsa-rdfc-2022
	// Data Integrity proof (the only kind Baeum makes).
	ProblemMalformed = "malformed"
	// ProblemCanonicalization: the document cannot be processed as JSON-LD
	// (an unknown context, an undefined term, too complex a graph), so its
	// signature cannot be checked.
	ProblemCanonicalization = "canonicalization"
)

// StatusUnknown is the status of a checked credential whose status Baeum
// cannot vouch for: its signature does not hold, its credentialStatus is
// not a position in one of Baeum's status lists, or no certificate holds
// that position.
const StatusUnknown Status = "unknown"

// CredentialCheck is what CheckCredential found about a credential
// document. Valid is the verdict; the parts say why.
type CredentialCheck struct {
	Valid     bool           `json:"valid" doc:"True only when the signature holds with one of Baeum's keys, the certificate is valid, and the document is the one Baeum issued"`
	Signature SignatureCheck `json:"signature"`
	Signer    *SignerCheck   `json:"signer,omitempty" doc:"Who signed it; present only when the signature holds"`
	Status    StatusCheck    `json:"status"`
	Record    RecordCheck    `json:"record"`
}

// SignatureCheck says whether the document's proof holds with one of
// Baeum's keys, and if not, why (one of the Problem constants).
type SignatureCheck struct {
	Holds   bool   `json:"holds"`
	Problem string `json:"problem,omitempty" enum:"no_proof,unknown_key,altered,malformed,canonicalization" doc:"Why the signature does not hold"`
}

// SignerCheck is the key that signed a document whose signature holds, as
// Baeum's key store knows it.
type SignerCheck struct {
	Issuer      string     `json:"issuer" doc:"The institute's name, as its issuer profile gives it"`
	IssuerID    string     `json:"issuer_id" doc:"The issuer profile's address"`
	Fingerprint string     `json:"key_fingerprint" doc:"SHA-256 of the public key, first 16 bytes in hexadecimal groups of four"`
	Generation  int        `json:"key_generation" doc:"Which of the institute's keys (1 is the first; each rotation adds one)"`
	Retired     bool       `json:"key_retired" doc:"The key no longer signs; what it signed stays checkable"`
	RetiredAt   *time.Time `json:"key_retired_at,omitempty"`
}

// StatusCheck is the status of the certificate at the credential's status
// list position, from Baeum's records; StatusUnknown when Baeum cannot say
// (see StatusUnknown).
type StatusCheck struct {
	State        Status     `json:"state" enum:"valid,revoked,superseded,unknown"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	RevokeReason string     `json:"revoke_reason,omitempty"`
	SupersededBy string     `json:"superseded_by,omitempty" doc:"Serial of the certificate that replaced this one"`
}

// RecordCheck is the certificate the credential's id names (its
// verification address) and whether the document is the signed credential
// Baeum stored for it, compared as JSON values (spacing and key order do
// not matter).
type RecordCheck struct {
	Found      bool   `json:"found"`
	Matches    bool   `json:"matches" doc:"The document is the credential Baeum issued with this certificate"`
	Serial     string `json:"serial,omitempty"`
	HolderName string `json:"holder_name,omitempty"`
}

// errNotBaeumKey is what the resolver of CheckCredential answers for a
// verification method that is not one of Baeum's keys.
var errNotBaeumKey = errors.New("not one of the institute's keys")

// CheckCredential checks a credential document (JSON, at most
// MaxCredentialBytes): whether its eddsa-rdfc-2022 proof holds with one of
// Baeum's keys, current or retired (never a key found elsewhere); which
// key signed it; the status Baeum's records give the certificate at its
// status list position; and whether it is the signed credential Baeum
// stored for the certificate its id names. A document that is too large,
// not JSON or not a JSON object is an *i18n.ValidationError on the field
// "credential". Nothing in the document is fetched.
func (s *Service) CheckCredential(ctx context.Context, data []byte) (*CredentialCheck, error) {
	doc, err := parseCredential(data)
	if err != nil {
		return nil, err
	}
	if s.keys == nil {
		return nil, errNoKeys
	}
	keys, err := s.keys.Public(ctx)
	if err != nil {
		return nil, err
	}
	out := &CredentialCheck{Status: StatusCheck{State: StatusUnknown}}
	var used *PublicKey
	if tooComplex(doc, 0, new(int)) {
		out.Signature = SignatureCheck{Problem: ProblemCanonicalization}
	} else {
		out.Signature = signatureCheck(credentials.Verify(doc, func(method string) (ed25519.PublicKey, error) {
			for i := range keys {
				if s.keyMethod(keys[i].Key) == method {
					used = &keys[i]
					return keys[i].Key, nil
				}
			}
			return nil, errNotBaeumKey
		}))
	}
	if out.Signature.Holds && issuerID(doc["issuer"]) != s.IssuerURL() {
		// Baeum's key signs only what names Baeum as issuer; anything else
		// is not one of its documents, whoever made it.
		out.Signature = SignatureCheck{Problem: ProblemUnknownKey}
	}
	if out.Signature.Holds && used != nil {
		if out.Signer, err = s.signer(used); err != nil {
			return nil, err
		}
		if out.Status, err = s.statusAt(ctx, doc["credentialStatus"]); err != nil {
			return nil, err
		}
	}
	if out.Record, err = s.recordOf(ctx, doc); err != nil {
		return nil, err
	}
	out.Valid = out.Signature.Holds && out.Status.State == Valid && out.Record.Found && out.Record.Matches
	return out, nil
}

// parseCredential reads a credential document: at most MaxCredentialBytes
// of JSON (a leading byte order mark, as some editors write, is skipped)
// that is one object.
func parseCredential(data []byte) (map[string]any, error) {
	v := &i18n.ValidationError{}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch {
	case len(data) > MaxCredentialBytes:
		v.Add("credential", "error.credential.too_large", "Limit", MaxCredentialBytes>>10)
		return nil, v
	case len(bytes.TrimSpace(data)) == 0:
		v.Add("credential", "error.credential.empty")
		return nil, v
	}
	var parsed any
	if err := json.Unmarshal(data, &parsed); err != nil {
		v.Add("credential", "error.credential.not_json")
		return nil, v
	}
	doc, ok := parsed.(map[string]any)
	if !ok {
		v.Add("credential", "error.credential.not_object")
		return nil, v
	}
	return doc, nil
}

// The most JSON values (objects, arrays and scalars, the document's
// included) and the deepest nesting CheckCredential canonicalises. Baeum's
// credentials have about 60 values, 5 deep. json-gold spends time
// quadratic in the values a property of one node gets (its node map
// compares each new value with all the earlier ones), before the
// statement limit of package credentials is reached: a 200 KiB array of
// 30,000 strings took 18 s; 2,000 values cost at most a few hundredths of
// a second.
const (
	maxCheckedValues = 2000
	maxCheckedDepth  = 64
)

// tooComplex reports whether v, at depth, takes the document past
// maxCheckedValues (counted in *seen) or maxCheckedDepth.
func tooComplex(v any, depth int, seen *int) bool {
	*seen++
	if *seen > maxCheckedValues || depth > maxCheckedDepth {
		return true
	}
	switch v := v.(type) {
	case map[string]any:
		for _, item := range v {
			if tooComplex(item, depth+1, seen) {
				return true
			}
		}
	case []any:
		for _, item := range v {
			if tooComplex(item, depth+1, seen) {
				return true
			}
		}
	}
	return false
}

// keyMethod is the verification method id of one of Baeum's keys, as its
// proofs and the issuer profile name it.
func (s *Service) keyMethod(pub ed25519.PublicKey) string {
	id, _ := credentials.VerificationMethod(s.IssuerURL(), pub)["id"].(string)
	return id
}

// signatureCheck maps what credentials.Verify returned to a SignatureCheck.
func signatureCheck(err error) SignatureCheck {
	if err == nil {
		return SignatureCheck{Holds: true}
	}
	var ve *credentials.VerifyError
	if !errors.As(err, &ve) {
		return SignatureCheck{Problem: ProblemMalformed}
	}
	switch ve.Kind {
	case credentials.ErrNoProof:
		return SignatureCheck{Problem: ProblemNoProof}
	case credentials.ErrUnknownKey:
		return SignatureCheck{Problem: ProblemUnknownKey}
	case credentials.ErrBadSignature:
		return SignatureCheck{Problem: ProblemAltered}
	case credentials.ErrCanonicalize:
		return SignatureCheck{Problem: ProblemCanonicalization}
	default: // ErrMalformedProof, ErrWrongCryptosuite
		return SignatureCheck{Problem: ProblemMalformed}
	}
}

// issuerID is a credential's issuer id: the issuer itself when it is a
// string, else the object's id.
func issuerID(issuer any) string {
	switch v := issuer.(type) {
	case string:
		return v
	case map[string]any:
		id, _ := v["id"].(string)
		return id
	}
	return ""
}

// signer describes one of Baeum's keys with the institute's name.
func (s *Service) signer(k *PublicKey) (*SignerCheck, error) {
	bundle, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	return &SignerCheck{Issuer: bundle.Localizer("en").T("certificate.institute"), IssuerID: s.IssuerURL(),
		Fingerprint: credentials.Fingerprint(k.Key), Generation: k.Generation, Retired: k.RetiredAt != nil, RetiredAt: k.RetiredAt}, nil
}

// statusAt is the status of the certificate at the position a
// credentialStatus entry names, when it is a revocation entry of one of
// Baeum's status lists and a certificate holds it.
func (s *Service) statusAt(ctx context.Context, entry any) (StatusCheck, error) {
	unknown := StatusCheck{State: StatusUnknown}
	e, ok := entry.(map[string]any)
	if !ok || e["type"] != "BitstringStatusListEntry" || e["statusPurpose"] != statusPurpose {
		return unknown, nil
	}
	listURL, _ := e["statusListCredential"].(string)
	number, ok := strings.CutPrefix(listURL, strings.TrimSuffix(s.StatusListURL(0), "0"))
	if !ok {
		return unknown, nil
	}
	n, err := strconv.Atoi(number)
	if err != nil || n < 1 || s.StatusListURL(n) != listURL {
		return unknown, nil
	}
	raw, _ := e["statusListIndex"].(string)
	index, err := strconv.Atoi(raw)
	if err != nil || index < 0 || strconv.Itoa(index) != raw {
		return unknown, nil
	}
	var found []Certificate
	if err := s.db.Conn(ctx).Where("status_list = ? AND status_index = ?", n, index).Limit(1).Find(&found).Error; err != nil {
		return unknown, fmt.Errorf("certificates: certificate at status %d/%d: %w", n, index, err)
	}
	if len(found) == 0 {
		return unknown, nil
	}
	c := &found[0]
	out := StatusCheck{State: c.Status, RevokedAt: c.RevokedAt, RevokeReason: c.RevokeReason}
	if c.SupersededBy != nil {
		next, err := s.ByID(ctx, *c.SupersededBy)
		if err != nil {
			return unknown, err
		}
		out.SupersededBy = next.Serial
	}
	return out, nil
}

// recordOf finds the certificate whose verification address is the
// document's id and compares the document with its stored credential.
func (s *Service) recordOf(ctx context.Context, doc map[string]any) (RecordCheck, error) {
	id, _ := doc["id"].(string)
	serial, ok := strings.CutPrefix(id, s.VerifyURL(""))
	if !ok || serial == "" {
		return RecordCheck{}, nil
	}
	c, err := s.BySerial(ctx, serial)
	var de *i18n.Error
	if errors.As(err, &de) { // not a serial, or none issued
		return RecordCheck{}, nil
	}
	if err != nil {
		return RecordCheck{}, err
	}
	out := RecordCheck{Found: true, Serial: c.Serial, HolderName: c.HolderName}
	if c.Credential != "" {
		var stored any
		if err := json.Unmarshal([]byte(c.Credential), &stored); err != nil {
			return RecordCheck{}, fmt.Errorf("certificates: stored credential of %s: %w", c.Serial, err)
		}
		out.Matches = reflect.DeepEqual(stored, doc)
	}
	return out, nil
}

// CredentialFingerprint is the fingerprint (credentials.Fingerprint) of
// the key that signed c's stored credential, read from its proof's
// verification method; "" for a certificate not signed yet.
func CredentialFingerprint(c *Certificate) (string, error) {
	if c.Credential == "" {
		return "", nil
	}
	var doc struct {
		Proof struct {
			VerificationMethod string `json:"verificationMethod"`
		} `json:"proof"`
	}
	if err := json.Unmarshal([]byte(c.Credential), &doc); err != nil {
		return "", fmt.Errorf("certificates: stored credential of %s: %w", c.Serial, err)
	}
	_, multikey, _ := strings.Cut(doc.Proof.VerificationMethod, "#")
	pub, err := credentials.DecodeMultikey(multikey)
	if err != nil {
		return "", fmt.Errorf("certificates: the signing key of %s: %w", c.Serial, err)
	}
	return credentials.Fingerprint(pub), nil
}
