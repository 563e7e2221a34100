package credentials

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/credentials/credtest"
)

// A third party's verifier (Digital Bazaar's, in Node) accepts what Sign makes: the
// credential verifies against the issuer document IssuerDocument publishes, a changed
// name fails, so does a key the issuer document does not list and a status list changed
// after signing, and with its bit set in the signed status list it is revoked.
func TestThirdPartyVerifier(t *testing.T) {
	t.Parallel()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	const (
		issuerID  = "https://baeum.example/issuer"
		statusURL = "https://baeum.example/status/1"
		index     = 4242
	)
	method := issuerID + "#" + EncodeMultikey(pub)
	now := time.Now().Add(-time.Minute)
	issuerDoc, err := IssuerDocument(map[string]any{
		"id": issuerID, "type": []any{"Profile"}, "name": "Korea Institute of Public Administration Training",
	}, pub)
	if err != nil {
		t.Fatal(err)
	}
	credential, err := Sign(sampleCredential(issuerID, statusURL, index), priv, method, now)
	if err != nil {
		t.Fatal(err)
	}
	statusList := func(revoked ...int) map[string]any {
		l, err := NewStatusList(MinStatusListLength)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range revoked {
			if err := l.Set(i, true); err != nil {
				t.Fatal(err)
			}
		}
		doc, err := StatusListCredential(statusURL, issuerID, now, StatusPurposeRevocation, l)
		if err != nil {
			t.Fatal(err)
		}
		signed, err := Sign(doc, priv, method, now)
		if err != nil {
			t.Fatal(err)
		}
		return signed
	}
	renamed, err := jsonValue(credential)
	if err != nil {
		t.Fatal(err)
	}
	renamed.(map[string]any)["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["identityHash"] = "Nguyễn Văn Nam"
	otherPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	otherIssuerDoc, err := IssuerDocument(map[string]any{"id": issuerID}, otherPub)
	if err != nil {
		t.Fatal(err)
	}
	// A revocation flipped in the list after it was signed is not believed.
	forged := statusList()
	l, err := NewStatusList(MinStatusListLength)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Set(index, true); err != nil {
		t.Fatal(err)
	}
	if forged["credentialSubject"].(map[string]any)["encodedList"], err = l.Encode(); err != nil {
		t.Fatal(err)
	}
	// 1EdTech's vector, signed by Sign, verifies there too.
	vectorPub, vectorPriv := vectorKeys(t)
	vector, err := Sign(readJSON(t, "credential.json"), vectorPriv, vectorMethod, vectorCreated)
	if err != nil {
		t.Fatal(err)
	}
	vectorIssuer, err := IssuerDocument(map[string]any{"id": "https://example.edu/issuers/565049"}, vectorPub)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name         string
		credential   map[string]any
		documents    map[string]any
		wantVerified bool
		wantRevoked  bool
	}{
		{"issued", credential, map[string]any{issuerID: issuerDoc, statusURL: statusList(index-1, index+1)}, true, false},
		{"name changed", renamed.(map[string]any), map[string]any{issuerID: issuerDoc, statusURL: statusList()}, false, false},
		{"revoked", credential, map[string]any{issuerID: issuerDoc, statusURL: statusList(index)}, true, true},
		{"key not the issuer's", credential, map[string]any{issuerID: otherIssuerDoc, statusURL: statusList()}, false, false},
		{"status list forged", credential, map[string]any{issuerID: issuerDoc, statusURL: forged}, false, false},
		{"1EdTech vector", vector, map[string]any{"https://example.edu/issuers/565049": vectorIssuer}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := credtest.VerifyWithNode(t, tt.credential, tt.documents)
			if res.Verified != tt.wantVerified {
				t.Fatalf("verified = %v, want %v; errors: %s", res.Verified, tt.wantVerified, strings.Join(res.Errors, "; "))
			}
			_, hasStatus := tt.credential["credentialStatus"]
			if tt.wantVerified && hasStatus && (res.StatusRevoked == nil || res.Revoked() != tt.wantRevoked) {
				t.Errorf("statusRevoked = %v, want %v; errors: %s", res.StatusRevoked, tt.wantRevoked, strings.Join(res.Errors, "; "))
			}
			if !tt.wantVerified && len(res.Errors) == 0 {
				t.Error("not verified, and no error said why")
			}
		})
	}
}
