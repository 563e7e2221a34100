package credentials

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// FuzzVerify feeds Verify documents from anywhere, as /verify will: it must answer with a
// *VerifyError or nil, never panic.
func FuzzVerify(f *testing.F) {
	pub, priv := vectorKeys(f)
	signed, err := Sign(sampleCredential("https://baeum.example/issuer", "https://baeum.example/status/1", 3), priv, vectorMethod, time.Now())
	if err != nil {
		f.Fatal(err)
	}
	seed, err := json.Marshal(signed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	vector, err := json.Marshal(readJSON(f, "credential.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(vector)
	f.Add([]byte(`{"@context":{"@vocab":"x:"},"proof":{}}`))
	f.Add([]byte(`{"@context":[{"a":{"@id":"x:a","@type":"@id","@context":{"@propagate":false}}}],"a":{"@graph":[{"@list":[1]}]},"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofPurpose":"assertionMethod","verificationMethod":"x:k","proofValue":"z2"}}`))
	resolve := resolverFor(vectorMethod, pub)
	f.Fuzz(func(t *testing.T, data []byte) {
		var doc map[string]any
		if json.Unmarshal(data, &doc) != nil {
			return
		}
		err := Verify(doc, resolve)
		var ve *VerifyError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("Verify returned %T %v, not a *VerifyError", err, err)
		}
	})
}

func FuzzDecodeMultikey(f *testing.F) {
	pub, _ := vectorKeys(f)
	f.Add(EncodeMultikey(pub))
	f.Add("z6Mk")
	f.Add("z")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := DecodeMultikey(s)
		if err != nil {
			return
		}
		if len(k) != ed25519.PublicKeySize || EncodeMultikey(k) != s {
			t.Fatalf("DecodeMultikey(%q) = %x, which encodes to %q", s, k, EncodeMultikey(k))
		}
	})
}
