package credentials

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The key pair of the Open Badges 3.0 eddsa-rdfc-2022 test vector (testdata/VECTOR.md).
const (
	vectorPublicHex  = "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
	vectorPrivateHex = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4" + vectorPublicHex
	vectorProofValue = "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
)

func vectorKeys(t testing.TB) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, err := hex.DecodeString(vectorPublicHex)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := hex.DecodeString(vectorPrivateHex)
	if err != nil {
		t.Fatal(err)
	}
	return ed25519.PublicKey(pub), ed25519.PrivateKey(priv)
}

// readJSON reads a JSON object from testdata.
func readJSON(t testing.TB, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func readText(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// sampleCredential is an unsigned OpenBadgeCredential of the shape Baeum issues: an
// issuer Profile, validFrom, a holder named by a name identity, the course as the
// achievement with its criteria, the PDF's fingerprint as evidence, and a
// BitstringStatusListEntry at index of the status list credential at statusURL.
func sampleCredential(issuer, statusURL string, index int) map[string]any {
	const serial = "https://baeum.example/verify/KB25-00042"
	return map[string]any{
		"@context": []any{ContextCredentialsV2, ContextOpenBadgesV3},
		"id":       serial,
		"type":     []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer": map[string]any{
			"id":   issuer,
			"type": []any{"Profile"},
			"name": "Korea Institute of Public Administration Training",
		},
		"validFrom": "2026-11-20T09:00:00Z",
		"name":      "Digital Government Strategy",
		"credentialSubject": map[string]any{
			"type": []any{"AchievementSubject"},
			"identifier": []any{map[string]any{
				"type":         "IdentityObject",
				"identityHash": "Nguyễn Thị Lan",
				"identityType": "name",
				"hashed":       false,
			}},
			"achievement": map[string]any{
				"id":          serial + "#achievement",
				"type":        []any{"Achievement"},
				"name":        "Digital Government Strategy",
				"description": "LOGODI invitational training — Digital Government Strategy",
				"criteria": map[string]any{
					"narrative": "Completed 40 hours of the programme (cohort DG-2026-3, 2026-11-02 to 2026-11-20) with the required attendance and assessments.",
				},
				"humanCode": "DG-2026-3",
			},
		},
		"evidence": []any{map[string]any{
			"type":        []any{"Evidence"},
			"name":        "Certificate PDF",
			"description": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		}},
		"credentialStatus": StatusEntry(statusURL, index, StatusPurposeRevocation),
	}
}
