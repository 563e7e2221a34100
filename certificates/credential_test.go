package certificates_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/credentials"
)

// checkSigned verifies doc's proof with the keys of svc's issuer document,
// as a verifier resolving the proof's verificationMethod would.
func checkSigned(t testing.TB, svc *certificates.Service, doc map[string]any) error {
	t.Helper()
	issuer, err := svc.IssuerDocument(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return credentials.Verify(doc, func(method string) (ed25519.PublicKey, error) {
		methods, _ := issuer["assertionMethod"].([]any)
		for _, m := range methods {
			vm, _ := m.(map[string]any)
			if vm["id"] == method {
				return credentials.DecodeMultikey(vm["publicKeyMultibase"].(string))
			}
		}
		return nil, fmt.Errorf("%s is not one of the issuer's keys", method)
	})
}

// revokedBit reads the status bit of the credential raw from the status
// list svc serves.
func revokedBit(t testing.TB, svc *certificates.Service, raw json.RawMessage) bool {
	t.Helper()
	var doc struct {
		CredentialStatus struct {
			StatusListIndex      string `json:"statusListIndex"`
			StatusListCredential string `json:"statusListCredential"`
		} `json:"credentialStatus"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(doc.CredentialStatus.StatusListCredential[strings.LastIndex(doc.CredentialStatus.StatusListCredential, "/")+1:])
	body, _, err := svc.StatusList(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	var list map[string]any
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	if err := checkSigned(t, svc, list); err != nil {
		t.Fatalf("the status list's proof: %v", err)
	}
	sl, err := credentials.DecodeStatusList(list["credentialSubject"].(map[string]any)["encodedList"].(string))
	if err != nil {
		t.Fatal(err)
	}
	i, _ := strconv.Atoi(doc.CredentialStatus.StatusListIndex)
	bit, err := sl.Get(i)
	if err != nil {
		t.Fatal(err)
	}
	return bit
}

func decodeDoc(t testing.TB, raw []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	return doc
}
