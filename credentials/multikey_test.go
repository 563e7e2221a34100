package credentials

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// The vector's public key is the Multikey in its verificationMethod's fragment.
func TestEncodeMultikeyVector(t *testing.T) {
	t.Parallel()
	pub, _ := vectorKeys(t)
	want := vectorMethod[strings.Index(vectorMethod, "#")+1:]
	if got := EncodeMultikey(pub); got != want {
		t.Errorf("EncodeMultikey = %s, want %s", got, want)
	}
	back, err := DecodeMultikey(want)
	if err != nil || !back.Equal(pub) {
		t.Errorf("DecodeMultikey(%s) = %x, %v; want %x", want, back, err, pub)
	}
}

func TestMultikeyRoundTrip(t *testing.T) {
	t.Parallel()
	for range 20 {
		pub, _, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		mk := EncodeMultikey(pub)
		if !strings.HasPrefix(mk, "z6Mk") {
			t.Errorf("EncodeMultikey = %s, want z6Mk…", mk)
		}
		back, err := DecodeMultikey(mk)
		if err != nil || !back.Equal(pub) {
			t.Fatalf("DecodeMultikey(EncodeMultikey(%x)) = %x, %v", pub, back, err)
		}
	}
}

func TestDecodeMultikeyRejects(t *testing.T) {
	t.Parallel()
	pub, _ := vectorKeys(t)
	good := EncodeMultikey(pub)
	for _, s := range []string{
		"",
		"z",
		good[1:],           // no multibase prefix
		"u" + good[1:],     // another base
		good + "1",         // one byte too many
		good[:len(good)-1], // one byte short
		"z0OIl",            // not base58
		"zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", // a P-256 key
	} {
		if k, err := DecodeMultikey(s); !errors.Is(err, ErrMultikey) {
			t.Errorf("DecodeMultikey(%q) = %x, %v; want ErrMultikey", s, k, err)
		}
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	pub, _ := vectorKeys(t)
	fp := Fingerprint(pub)
	if !regexp.MustCompile(`^[0-9A-F]{4}( [0-9A-F]{4}){7}$`).MatchString(fp) {
		t.Errorf("Fingerprint = %q, want eight groups of four hex digits", fp)
	}
	other, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if Fingerprint(other) == fp || Fingerprint(pub) != fp {
		t.Errorf("fingerprints: %s for the vector key (twice: %s), %s for another", fp, Fingerprint(pub), Fingerprint(other))
	}
}

func TestIssuerDocument(t *testing.T) {
	t.Parallel()
	oldKey, _ := vectorKeys(t)
	newKey, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	profile := map[string]any{"id": "https://baeum.example/issuer", "type": []any{"Profile"}, "name": "Institute", "url": "https://baeum.example/"}
	doc, err := IssuerDocument(profile, newKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := profile["assertionMethod"]; ok {
		t.Error("IssuerDocument changed the profile")
	}
	methods := doc["assertionMethod"].([]any)
	if len(methods) != 2 {
		t.Fatalf("assertionMethod = %v", methods)
	}
	for i, k := range []ed25519.PublicKey{newKey, oldKey} {
		m := methods[i].(map[string]any)
		mk := EncodeMultikey(k)
		if m["id"] != "https://baeum.example/issuer#"+mk || m["type"] != "Multikey" ||
			m["controller"] != "https://baeum.example/issuer" || m["publicKeyMultibase"] != mk {
			t.Errorf("assertionMethod[%d] = %v", i, m)
		}
	}
	nquads, err := Canonicalize(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<https://baeum.example/issuer> <https://w3id.org/security#assertionMethod> <https://baeum.example/issuer#" + EncodeMultikey(oldKey) + "> .",
		"<https://baeum.example/issuer> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile> .",
		"<https://w3id.org/security#Multikey>",
	} {
		if !strings.Contains(nquads, want) {
			t.Errorf("issuer document's N-Quads lack %s:\n%s", want, nquads)
		}
	}

	for name, p := range map[string]map[string]any{
		"no id":          {"name": "Institute"},
		"undefined term": {"id": "https://baeum.example/issuer", "motto": "Learn"},
	} {
		if _, err := IssuerDocument(p, newKey); err == nil {
			t.Errorf("IssuerDocument(%s) succeeded", name)
		}
	}
	if _, err := IssuerDocument(profile); err == nil {
		t.Error("IssuerDocument without a key succeeded")
	}
	if _, err := IssuerDocument(profile, newKey[:16]); err == nil {
		t.Error("IssuerDocument with a short key succeeded")
	}
}
