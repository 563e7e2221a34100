package credentials

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/mr-tron/base58"
	"github.com/piprate/json-gold/ld"
)

// The values of an eddsa-rdfc-2022 proof that Sign writes and Verify accepts.
const (
	// ProofType is the proof's type.
	ProofType = "DataIntegrityProof"
	// Cryptosuite is the proof's cryptosuite: Ed25519 over RDFC-1.0 canonical N-Quads
	// (W3C Data Integrity EdDSA Cryptosuites v1.0).
	Cryptosuite = "eddsa-rdfc-2022"
	// ProofPurposeAssertion is the proof purpose of a credential's issuer.
	ProofPurposeAssertion = "assertionMethod"
)

// The kinds of verification failure; a *VerifyError carries one as its Kind, and
// errors.Is(err, ErrBadSignature) and so on work on what Verify returns.
var (
	// ErrNoProof: the document has no proof.
	ErrNoProof = errors.New("no proof")
	// ErrWrongCryptosuite: the proof is not a DataIntegrityProof of the eddsa-rdfc-2022
	// cryptosuite.
	ErrWrongCryptosuite = errors.New("not an eddsa-rdfc-2022 Data Integrity proof")
	// ErrMalformedProof: the proof lacks a field, has one of the wrong form, has another
	// purpose than assertionMethod, or is one of several (proof sets are not supported).
	ErrMalformedProof = errors.New("malformed proof")
	// ErrUnknownKey: the proof's verification method could not be resolved to an
	// Ed25519 public key.
	ErrUnknownKey = errors.New("unknown verification method")
	// ErrCanonicalize: the document or the proof configuration could not be
	// canonicalised (an unknown context, an undefined term, invalid JSON-LD).
	ErrCanonicalize = errors.New("cannot canonicalize")
	// ErrBadSignature: the signature does not match the document and the key: the
	// document was changed after signing, or was signed with another key.
	ErrBadSignature = errors.New("signature does not match")
)

// VerifyError is the error Verify returns: Kind says what failed (one of ErrNoProof,
// ErrWrongCryptosuite, ErrMalformedProof, ErrUnknownKey, ErrCanonicalize,
// ErrBadSignature) and Err, when not nil, why.
type VerifyError struct {
	Kind error
	Err  error
}

// Error implements error.
func (e *VerifyError) Error() string {
	if e.Err == nil {
		return "credentials: verify: " + e.Kind.Error()
	}
	return "credentials: verify: " + e.Kind.Error() + ": " + e.Err.Error()
}

// Unwrap returns Kind and, when set, Err, for errors.Is and errors.As.
func (e *VerifyError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func verifyErr(kind error, format string, args ...any) *VerifyError {
	return &VerifyError{Kind: kind, Err: fmt.Errorf(format, args...)}
}

// Sign secures a JSON-LD document with an eddsa-rdfc-2022 Data Integrity proof made with
// priv, and returns a copy of the document with the proof embedded as "proof":
// type DataIntegrityProof, cryptosuite eddsa-rdfc-2022, proofPurpose assertionMethod,
// created (UTC, whole seconds), verificationMethod and proofValue, the multibase
// base58btc ('z') encoding of the Ed25519 signature of
// SHA-256(canonical proof configuration) ‖ SHA-256(canonical document). The proof
// configuration carries the document's @context, as the cryptosuite specifies.
//
// verificationMethod is the absolute URL (or DID URL) under which a verifier finds the
// public key, usually the issuer's controller document URL with the key's Multikey as
// fragment. The document must have an @context and no proof yet; it is not changed.
func Sign(doc map[string]any, priv ed25519.PrivateKey, verificationMethod string, created time.Time) (map[string]any, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("credentials: sign: private key has %d bytes, want %d", len(priv), ed25519.PrivateKeySize)
	}
	if !ld.IsAbsoluteIri(verificationMethod) || strings.HasPrefix(verificationMethod, "_:") {
		return nil, fmt.Errorf("credentials: sign: verification method %q is not an absolute URL", verificationMethod)
	}
	if created.IsZero() {
		return nil, errors.New("credentials: sign: no creation time")
	}
	v, err := jsonValue(doc)
	if err != nil {
		return nil, fmt.Errorf("credentials: sign: %w", err)
	}
	unsecured := v.(map[string]any)
	if _, ok := unsecured["proof"]; ok {
		return nil, errors.New("credentials: sign: the document already has a proof")
	}
	docContext, ok := unsecured["@context"]
	if !ok {
		return nil, errors.New("credentials: sign: the document has no @context")
	}
	proof := map[string]any{
		"type":               ProofType,
		"cryptosuite":        Cryptosuite,
		"created":            created.UTC().Truncate(time.Second).Format(time.RFC3339),
		"verificationMethod": verificationMethod,
		"proofPurpose":       ProofPurposeAssertion,
	}
	data, err := hashData(unsecured, proof, docContext, true)
	if err != nil {
		return nil, fmt.Errorf("credentials: sign: %w", err)
	}
	proof["proofValue"] = "z" + base58.Encode(ed25519.Sign(priv, data))
	unsecured["proof"] = proof
	return unsecured, nil
}

// Verify checks the eddsa-rdfc-2022 Data Integrity proof embedded in a document, as
// W3C vc-di-eddsa's verification algorithm does. resolve maps the proof's
// verificationMethod to the Ed25519 public key it names, and fails for a method the
// caller does not trust: for Baeum's own credentials, one of the keys its issuer
// document lists (current and former), whose controller is the credential's issuer.
// The error, when not nil, is a *VerifyError saying what failed. Verify checks the
// signature only: not the dates, the status, nor that the issuer is the key's controller.
func Verify(doc map[string]any, resolve func(verificationMethod string) (ed25519.PublicKey, error)) error {
	v, err := jsonValue(doc)
	if err != nil {
		return verifyErr(ErrMalformedProof, "%w", err)
	}
	unsecured := v.(map[string]any)
	proof, err := singleProof(unsecured["proof"])
	if err != nil {
		return err
	}
	delete(unsecured, "proof")
	if proof["type"] != ProofType || proof["cryptosuite"] != Cryptosuite {
		return verifyErr(ErrWrongCryptosuite, "type %v, cryptosuite %v", proof["type"], proof["cryptosuite"])
	}
	if proof["proofPurpose"] != ProofPurposeAssertion {
		return verifyErr(ErrMalformedProof, "proof purpose %v, want %s", proof["proofPurpose"], ProofPurposeAssertion)
	}
	method, _ := proof["verificationMethod"].(string)
	if method == "" {
		return verifyErr(ErrMalformedProof, "no verificationMethod")
	}
	value, _ := proof["proofValue"].(string)
	delete(proof, "proofValue")
	if len(value) < 2 || value[0] != 'z' {
		return verifyErr(ErrMalformedProof, "proofValue is not multibase base58btc ('z…')")
	}
	sig, err := base58.Decode(value[1:])
	if err != nil {
		return verifyErr(ErrMalformedProof, "proofValue: %w", err)
	}
	if len(sig) != ed25519.SignatureSize {
		return verifyErr(ErrMalformedProof, "signature has %d bytes, want %d", len(sig), ed25519.SignatureSize)
	}
	// A proof that names its own @context is verified against that context, provided the
	// document's begins with it (vc-di-eddsa, Verify Proof, step 4).
	docContext := unsecured["@context"]
	if proofContext, ok := proof["@context"]; ok {
		if !contextStartsWith(docContext, proofContext) {
			return verifyErr(ErrMalformedProof, "the document's @context does not begin with the proof's")
		}
		docContext = proofContext
		unsecured["@context"] = proofContext
		delete(proof, "@context")
	}
	pub, err := resolve(method)
	if err != nil {
		return &VerifyError{Kind: ErrUnknownKey, Err: fmt.Errorf("%s: %w", method, err)}
	}
	if len(pub) != ed25519.PublicKeySize {
		return verifyErr(ErrUnknownKey, "%s: public key has %d bytes, want %d", method, len(pub), ed25519.PublicKeySize)
	}
	data, err := hashData(unsecured, proof, docContext, false)
	if err != nil {
		return &VerifyError{Kind: ErrCanonicalize, Err: err}
	}
	if !ed25519.Verify(pub, data, sig) {
		return &VerifyError{Kind: ErrBadSignature}
	}
	return nil
}

// hashData is the data an eddsa-rdfc-2022 signature covers:
// SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), where the
// proof configuration is proof (without proofValue) with the document's @context. Both
// are in generic JSON form; diagnose is canonicalize's.
func hashData(unsecured, proof map[string]any, docContext any, diagnose bool) ([]byte, error) {
	config := make(map[string]any, len(proof)+1)
	for k, v := range proof {
		config[k] = v
	}
	if docContext != nil {
		config["@context"] = docContext
	}
	canonConfig, err := canonicalizeConfig(config, diagnose)
	if err != nil {
		return nil, fmt.Errorf("proof configuration: %w", err)
	}
	canonDoc, err := canonicalize(unsecured, diagnose)
	if err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	configHash := sha256.Sum256([]byte(canonConfig))
	docHash := sha256.Sum256([]byte(canonDoc))
	return append(configHash[:], docHash[:]...), nil
}

// configSentinel stands in for a proof configuration's created time in
// the cache of canonical configurations.
const configSentinel = "2000-01-01T00:00:00Z"

// configCanons caches canonical proof configurations by their JSON with
// the created time replaced by configSentinel: every credential Baeum
// signs or checks has the same configuration but for that time, and
// canonicalising it re-reads the whole @context (half the cost of a
// signature).
var configCanons = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

// canonicalizeConfig is canonicalize for a proof configuration, taking
// the canonical form of one that differs only in its created time from the
// cache and putting the time in. That is exact when, as for every proof
// here, the configuration is one blank node: its label is _:c14n0 whatever
// the time, and the created quad keeps its place among the node's quads,
// which sort by predicate before object. Anything else is canonicalised in
// full.
func canonicalizeConfig(config map[string]any, diagnose bool) (string, error) {
	created, ok := config["created"].(string)
	if _, err := time.Parse(time.RFC3339, created); !ok || err != nil || !strings.HasSuffix(created, "Z") || len(created) != len(configSentinel) {
		return canonicalize(config, diagnose)
	}
	probe := make(map[string]any, len(config))
	for k, v := range config {
		probe[k] = v
	}
	probe["created"] = configSentinel
	key, err := json.Marshal(probe)
	if err != nil {
		return canonicalize(config, diagnose)
	}
	configCanons.Lock()
	canon, hit := configCanons.m[string(key)]
	configCanons.Unlock()
	if !hit {
		if canon, err = canonicalize(probe, diagnose); err != nil {
			return "", err
		}
		if strings.Count(canon, "\""+configSentinel+"\"") != 1 || strings.Contains(canon, "_:c14n1") {
			return canonicalize(config, diagnose)
		}
		configCanons.Lock()
		if len(configCanons.m) >= 64 {
			clear(configCanons.m)
		}
		configCanons.m[string(key)] = canon
		configCanons.Unlock()
	}
	return strings.Replace(canon, "\""+configSentinel+"\"", "\""+created+"\"", 1), nil
}

// singleProof returns the document's one proof, or the *VerifyError for none or several.
func singleProof(v any) (map[string]any, error) {
	switch p := v.(type) {
	case nil:
		return nil, &VerifyError{Kind: ErrNoProof}
	case map[string]any:
		return p, nil
	case []any:
		if len(p) == 1 {
			if m, ok := p[0].(map[string]any); ok {
				return m, nil
			}
		}
		if len(p) == 0 {
			return nil, &VerifyError{Kind: ErrNoProof}
		}
		return nil, verifyErr(ErrMalformedProof, "%d proofs: proof sets are not supported", len(p))
	default:
		return nil, verifyErr(ErrMalformedProof, "proof is a JSON %T, not an object", v)
	}
}

// contextStartsWith reports whether the @context value doc begins with all the values of
// prefix, in order (each may be a single value or an array).
func contextStartsWith(doc, prefix any) bool {
	d, p := asSlice(doc), asSlice(prefix)
	if len(p) > len(d) {
		return false
	}
	for i := range p {
		if !reflect.DeepEqual(d[i], p[i]) {
			return false
		}
	}
	return true
}
