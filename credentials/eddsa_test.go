package credentials

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
)

const vectorMethod = "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"

var vectorCreated = time.Date(2010, 1, 1, 19, 23, 24, 0, time.UTC)

// The standard's vector: signing 1EdTech's credential with its key at its time gives
// its proof options and proofValue byte for byte.
func TestSignVector(t *testing.T) {
	t.Parallel()
	_, priv := vectorKeys(t)
	signed, err := Sign(readJSON(t, "credential.json"), priv, vectorMethod, vectorCreated)
	if err != nil {
		t.Fatal(err)
	}
	proof := signed["proof"].(map[string]any)
	if proof["proofValue"] != vectorProofValue {
		t.Errorf("proofValue = %v, want %s", proof["proofValue"], vectorProofValue)
	}
	options := readJSON(t, "proof-options.json")
	delete(options, "@context")
	delete(proof, "proofValue")
	if !reflect.DeepEqual(proof, options) {
		t.Errorf("proof = %v, want proof-options.json %v", proof, options)
	}
}

func resolverFor(method string, pub ed25519.PublicKey) func(string) (ed25519.PublicKey, error) {
	return func(vm string) (ed25519.PublicKey, error) {
		if vm != method {
			return nil, fmt.Errorf("not a key of this issuer")
		}
		return pub, nil
	}
}

func TestVerifyVector(t *testing.T) {
	t.Parallel()
	pub, _ := vectorKeys(t)
	doc := readJSON(t, "credential.json")
	proof := readJSON(t, "proof-options.json")
	proof["proofValue"] = vectorProofValue
	doc["proof"] = proof // with its own @context, the same as the document's
	if err := Verify(doc, resolverFor(vectorMethod, pub)); err != nil {
		t.Fatalf("Verify(vector) = %v", err)
	}
	delete(proof, "@context")
	if err := Verify(doc, resolverFor(vectorMethod, pub)); err != nil {
		t.Fatalf("Verify(vector without the proof's @context) = %v", err)
	}
}

func TestSignThenVerify(t *testing.T) {
	t.Parallel()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	issuer := "https://baeum.example/issuer"
	method := issuer + "#" + EncodeMultikey(pub)
	unsigned := sampleCredential(issuer, "https://baeum.example/status/1", 42)
	signed, err := Sign(unsigned, priv, method, time.Date(2026, 11, 20, 9, 30, 15, 999, time.FixedZone("KST", 9*3600)))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := unsigned["proof"]; ok {
		t.Fatal("Sign changed its input")
	}
	proof := signed["proof"].(map[string]any)
	if proof["created"] != "2026-11-20T00:30:15Z" || proof["verificationMethod"] != method ||
		proof["type"] != ProofType || proof["cryptosuite"] != Cryptosuite || proof["proofPurpose"] != ProofPurposeAssertion {
		t.Errorf("proof = %v", proof)
	}
	if _, ok := proof["@context"]; ok {
		t.Errorf("the embedded proof carries an @context: %v", proof)
	}
	if err := Verify(signed, resolverFor(method, pub)); err != nil {
		t.Fatalf("Verify(signed) = %v", err)
	}

	otherPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		change  func(d map[string]any)
		resolve func(string) (ed25519.PublicKey, error)
		want    error
	}{
		{"holder's name changed", func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["identityHash"] = "Someone Else"
		}, nil, ErrBadSignature},
		{"validFrom changed", func(d map[string]any) { d["validFrom"] = "2025-01-01T00:00:00Z" }, nil, ErrBadSignature},
		{"status index changed", func(d map[string]any) {
			d["credentialStatus"] = StatusEntry("https://baeum.example/status/1", 43, StatusPurposeRevocation)
		}, nil, ErrBadSignature},
		{"proof date changed", func(d map[string]any) { d["proof"].(map[string]any)["created"] = "2026-11-21T00:00:00Z" }, nil, ErrBadSignature},
		{"signed with another key", nil, resolverFor(method, otherPub), ErrBadSignature},
		{"undefined term added", func(d map[string]any) { d["note"] = "added later" }, nil, ErrCanonicalize},
		{"no proof", func(d map[string]any) { delete(d, "proof") }, nil, ErrNoProof},
		{"other cryptosuite", func(d map[string]any) { d["proof"].(map[string]any)["cryptosuite"] = "ecdsa-rdfc-2019" }, nil, ErrWrongCryptosuite},
		{"other proof type", func(d map[string]any) { d["proof"].(map[string]any)["type"] = "Ed25519Signature2020" }, nil, ErrWrongCryptosuite},
		{"other purpose", func(d map[string]any) { d["proof"].(map[string]any)["proofPurpose"] = "authentication" }, nil, ErrMalformedProof},
		{"proofValue not base58btc", func(d map[string]any) { d["proof"].(map[string]any)["proofValue"] = "uAAAA" }, nil, ErrMalformedProof},
		{"proofValue too short", func(d map[string]any) { d["proof"].(map[string]any)["proofValue"] = "z3yQ" }, nil, ErrMalformedProof},
		{"proofValue not base58", func(d map[string]any) { d["proof"].(map[string]any)["proofValue"] = "z0OIl" }, nil, ErrMalformedProof},
		{"no verificationMethod", func(d map[string]any) { delete(d["proof"].(map[string]any), "verificationMethod") }, nil, ErrMalformedProof},
		{"two proofs", func(d map[string]any) { d["proof"] = []any{d["proof"], d["proof"]} }, nil, ErrMalformedProof},
		{"proof context not the document's", func(d map[string]any) {
			d["proof"].(map[string]any)["@context"] = []any{ContextDataIntegrityV2}
		}, nil, ErrMalformedProof},
		{"key unknown", nil, resolverFor("https://elsewhere.example/#k", pub), ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := jsonValue(signed)
			if err != nil {
				t.Fatal(err)
			}
			d := doc.(map[string]any)
			if tt.change != nil {
				tt.change(d)
			}
			resolve := tt.resolve
			if resolve == nil {
				resolve = resolverFor(method, pub)
			}
			err = Verify(d, resolve)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			var ve *VerifyError
			if !errors.As(err, &ve) || ve.Kind != tt.want {
				t.Errorf("Verify = %#v, want a *VerifyError of kind %v", err, tt.want)
			}
		})
	}
	// A proof array of one is the same proof.
	doc, err := jsonValue(signed)
	if err != nil {
		t.Fatal(err)
	}
	d := doc.(map[string]any)
	d["proof"] = []any{d["proof"]}
	if err := Verify(d, resolverFor(method, pub)); err != nil {
		t.Errorf("Verify(proof array of one) = %v", err)
	}
}

func TestSignRejects(t *testing.T) {
	t.Parallel()
	_, priv := vectorKeys(t)
	good := func() map[string]any { return readJSON(t, "credential.json") }
	tests := []struct {
		name    string
		doc     map[string]any
		priv    ed25519.PrivateKey
		method  string
		created time.Time
	}{
		{"short key", good(), priv[:32], vectorMethod, vectorCreated},
		{"relative method", good(), priv, "#key-1", vectorCreated},
		{"blank node method", good(), priv, "_:b0", vectorCreated},
		{"no time", good(), priv, vectorMethod, time.Time{}},
		{"already signed", func() map[string]any { d := good(); d["proof"] = map[string]any{}; return d }(), priv, vectorMethod, vectorCreated},
		{"no context", func() map[string]any { d := good(); delete(d, "@context"); return d }(), priv, vectorMethod, vectorCreated},
		{"undefined term", func() map[string]any { d := good(); d["extra"] = 1; return d }(), priv, vectorMethod, vectorCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if out, err := Sign(tt.doc, tt.priv, tt.method, tt.created); err == nil {
				t.Errorf("Sign succeeded: %v", out)
			}
		})
	}
}

// BenchmarkSign signs one credential of the shape Baeum issues, canonicalisation of the
// document and of the proof configuration included.
func BenchmarkSign(b *testing.B) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	issuer := "https://baeum.example/issuer"
	method := issuer + "#" + EncodeMultikey(pub)
	doc := sampleCredential(issuer, "https://baeum.example/status/1", 42)
	created := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(doc, priv, method, created); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify verifies the same credential.
func BenchmarkVerify(b *testing.B) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	issuer := "https://baeum.example/issuer"
	method := issuer + "#" + EncodeMultikey(pub)
	signed, err := Sign(sampleCredential(issuer, "https://baeum.example/status/1", 42), priv, method, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	resolve := resolverFor(method, pub)
	b.ReportAllocs()
	for b.Loop() {
		if err := Verify(signed, resolve); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCanonicalConfigFromCache checks the cached canonical proof
// configuration against canonicalising each one in full, for times that
// sort before and after the cache's sentinel, and that a configuration
// the cache cannot serve exactly is canonicalised in full.
func TestCanonicalConfigFromCache(t *testing.T) {
	base := map[string]any{
		"@context":           []any{ContextCredentialsV2, ContextOpenBadgesV3},
		"type":               ProofType,
		"cryptosuite":        Cryptosuite,
		"verificationMethod": "https://baeum.example.org/issuer#z6MkpBK4MavAz5TGX3HziHUxCjKnYkm6MCpqq2Ra5rFduYVM",
		"proofPurpose":       ProofPurposeAssertion,
	}
	for _, created := range []string{"1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "2026-12-02T10:25:03Z", "2099-01-01T00:00:00Z", "2026-12-02T10:25:03+09:00", "not a time"} {
		config := map[string]any{"created": created}
		for k, v := range base {
			config[k] = v
		}
		for range 2 { // the second from the cache
			got, err1 := canonicalizeConfig(config, false)
			want, err2 := canonicalize(config, false)
			if got != want || (err1 == nil) != (err2 == nil) {
				t.Fatalf("created %q: from the cache\n%s(%v)\nin full\n%s(%v)", created, got, err1, want, err2)
			}
		}
	}
}
