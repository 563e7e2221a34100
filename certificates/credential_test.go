package certificates_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/credentials"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
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

// underOtherSecret is e's service with a key store sealed under another
// secret than e's: it finds e's keys but cannot open them.
func (e *env) underOtherSecret(t testing.TB) *certificates.Service {
	t.Helper()
	other, err := certificates.NewKeys(e.db, bytes.Repeat([]byte{0x17}, certificates.KeySecretSize))
	if err != nil {
		t.Fatal(err)
	}
	svc := certificates.NewService(e.db, e.acc, e.crs, e.enr, e.fs, other)
	svc.BaseURL = e.svc.BaseURL
	return svc
}

// TestRotatedKeysStillVerify: after a rotation new credentials are signed
// with the new key, the old key stays in the issuer profile and what it
// signed still verifies; a second key store with another secret cannot
// use the keys, and says why.
func TestRotatedKeysStillVerify(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		ids := e.enrol(t, true, trainee{"Bold Bat", "", "MN"}, trainee{"Saran Tuya", "", "MN"})
		first, err := e.svc.Issue(ctx, e.actor(), ids["Bold Bat"])
		if err != nil {
			t.Fatal(err)
		}
		k, err := e.keys.Rotate(ctx)
		if err != nil || k.Generation != 2 {
			t.Fatalf("rotate: %+v %v", k, err)
		}
		second, err := e.svc.Issue(ctx, e.actor(), ids["Saran Tuya"])
		if err != nil {
			t.Fatal(err)
		}
		method := func(c *certificates.Certificate) string {
			return decodeDoc(t, []byte(c.Credential))["proof"].(map[string]any)["verificationMethod"].(string)
		}
		if method(first) == method(second) || !strings.HasSuffix(method(second), credentials.EncodeMultikey(k.Key)) {
			t.Fatalf("the new credential is not signed with the new key: %s, %s", method(first), method(second))
		}
		for _, c := range []*certificates.Certificate{first, second} {
			if err := checkSigned(t, e.svc, decodeDoc(t, []byte(c.Credential))); err != nil {
				t.Errorf("%s after the rotation: %v", c.Serial, err)
			}
		}
		svc := e.underOtherSecret(t)
		if _, _, err := svc.StatusList(ctx, 1); err == nil || !strings.Contains(err.Error(), "BAEUM_KEY_SECRET") {
			t.Fatalf("keys opened with another secret: %v", err)
		}
	})
}

// TestSigningFailureIssuesNothing: when the credential cannot be signed
// (here the keys were sealed under another secret) issuing fails with an
// error that says why, and no certificate, status position or audit record
// is left behind.
func TestSigningFailureIssuesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		ids := e.enrol(t, true, trainee{"Bold Bat", "", "MN"})
		if _, err := e.svc.IssuerDocument(ctx); err != nil { // makes the first key
			t.Fatal(err)
		}
		svc := e.underOtherSecret(t)
		if _, err := svc.Issue(ctx, e.actor(), ids["Bold Bat"]); err == nil || !strings.Contains(err.Error(), "key secret") {
			t.Fatalf("issue without a usable key: %v", err)
		}
		if n := storetest.Count(t, db, "certificates"); n != 0 {
			t.Fatalf("%d certificates written", n)
		}
		if n := storetest.Count(t, db, "audit_log", "action = ?", "certificates.issue"); n != 0 {
			t.Fatalf("%d audit records", n)
		}
	})
}

// TestLegacyCertificateSignedOnRequest: a certificate issued before
// signing (no credential) gets one on its first request; requests at once
// store one credential, which every later request returns, and its PDF
// and hash stay as they were.
func TestLegacyCertificateSignedOnRequest(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		ids := e.enrol(t, true, trainee{"Bold Bat", "", "MN"})
		c, err := e.svc.Issue(ctx, e.actor(), ids["Bold Bat"])
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Gorm.Exec("UPDATE certificates SET credential = '', status_list = NULL, status_index = NULL WHERE id = ?", c.ID).Error; err != nil {
			t.Fatal(err)
		}
		legacy, _ := e.svc.ByID(ctx, c.ID)
		got := make([]string, 4)
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() {
				mine := *legacy
				raw, err := e.svc.Credential(ctx, &mine)
				if err != nil {
					t.Error(err)
				}
				got[i] = string(raw)
			})
		}
		wg.Wait()
		stored, _ := e.svc.ByID(ctx, c.ID)
		for i, g := range got {
			if g != stored.Credential {
				t.Fatalf("request %d got another credential than the one stored", i)
			}
		}
		if err := checkSigned(t, e.svc, decodeDoc(t, []byte(stored.Credential))); err != nil {
			t.Fatal(err)
		}
		if stored.SHA256 != c.SHA256 || stored.FileKey != c.FileKey {
			t.Fatal("signing changed the PDF")
		}
	})
}
