package certificates_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/credentials"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// edit returns a copy of the JSON document raw changed by change.
func edit(t testing.TB, raw string, change func(doc map[string]any)) []byte {
	t.Helper()
	doc := decodeDoc(t, []byte(raw))
	change(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// resign signs raw's content again, without its proof, with priv under
// verification method method: another issuer's signature.
func resign(t testing.TB, raw string, priv ed25519.PrivateKey, method string) []byte {
	t.Helper()
	doc := decodeDoc(t, []byte(raw))
	delete(doc, "proof")
	signed, err := credentials.Sign(doc, priv, method, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(signed)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// want is what a check should find; the signer is compared by its
// generation and retirement only (the fingerprint is checked apart).
type want struct {
	valid      bool
	problem    string
	signer     int // key generation, 0 for no signer
	retired    bool
	state      certificates.Status
	reason     string
	superseded string
	found      bool
	matches    bool
	serial     string
}

func (w want) compare(t *testing.T, got *certificates.CredentialCheck) {
	t.Helper()
	if got.Valid != w.valid || got.Signature.Holds != (w.problem == "") || got.Signature.Problem != w.problem {
		t.Errorf("valid %v, signature %+v; want valid %v, problem %q", got.Valid, got.Signature, w.valid, w.problem)
	}
	switch {
	case w.signer == 0 && got.Signer != nil:
		t.Errorf("signer %+v, want none", got.Signer)
	case w.signer != 0 && (got.Signer == nil || got.Signer.Generation != w.signer || got.Signer.Retired != w.retired ||
		(got.Signer.RetiredAt != nil) != w.retired):
		t.Errorf("signer %+v, want key %d retired %v", got.Signer, w.signer, w.retired)
	}
	if got.Status.State != w.state || got.Status.RevokeReason != w.reason || got.Status.SupersededBy != w.superseded ||
		(got.Status.RevokedAt != nil) != (w.state == certificates.Revoked) {
		t.Errorf("status %+v, want %s %q %q", got.Status, w.state, w.reason, w.superseded)
	}
	if got.Record.Found != w.found || got.Record.Matches != w.matches || got.Record.Serial != w.serial {
		t.Errorf("record %+v, want found %v matches %v serial %q", got.Record, w.found, w.matches, w.serial)
	}
}

// TestCheckCredential: a credential Baeum issued checks valid and
// matching, however it is spaced; a changed one, one signed by another key
// or with none, and one Baeum cannot read are never valid and say why; a
// revoked or superseded certificate's credential still holds but says so;
// documents Baeum signed that are not in its records (a status list, a
// certificate since removed) hold but are not valid; after a rotation the
// old key is named as retired.
func TestCheckCredential(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		admin := accounts.Actor{UserID: e.admin.ID}
		ids := e.enrol(t, true, trainee{"Bold Bat", "", "MN"}, trainee{"Ama Owusu", "", "GH"}, trainee{"Nguyen Van An", "", "VN"},
			trainee{"Saran Tuya", "", "MN"})
		issue := func(name string) *certificates.Certificate {
			c, err := e.svc.Issue(ctx, e.actor(), ids[name])
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		good, revoked, replaced, removed := issue("Bold Bat"), issue("Ama Owusu"), issue("Nguyen Van An"), issue("Saran Tuya")
		if _, err := e.svc.Revoke(ctx, admin, revoked.ID, "Issued in error"); err != nil {
			t.Fatal(err)
		}
		next, err := e.svc.Reissue(ctx, admin, replaced.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Gorm.Exec("DELETE FROM certificates WHERE id = ?", removed.ID).Error; err != nil {
			t.Fatal(err)
		}
		statusList, _, err := e.svc.StatusList(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		method := decodeDoc(t, []byte(good.Credential))["proof"].(map[string]any)["verificationMethod"].(string)
		_, foreign, _ := ed25519.GenerateKey(rand.Reader)
		foreignPub := foreign.Public().(ed25519.PublicKey)
		var indented bytes.Buffer
		if err := json.Indent(&indented, []byte(good.Credential), "", "\t"); err != nil {
			t.Fatal(err)
		}
		padded := append([]byte(good.Credential), bytes.Repeat([]byte(" "), certificates.MaxCredentialBytes-len(good.Credential))...)

		holds := func(state certificates.Status, c *certificates.Certificate) want {
			return want{valid: state == certificates.Valid, signer: 1, state: state, found: true, matches: true, serial: c.Serial}
		}
		differs := func(problem string) want {
			return want{problem: problem, state: certificates.StatusUnknown, found: true, serial: good.Serial}
		}
		revokedWant := holds(certificates.Revoked, revoked)
		revokedWant.reason = "Issued in error"
		replacedWant := holds(certificates.Superseded, replaced)
		replacedWant.superseded = next.Serial
		cases := []struct {
			name string
			doc  []byte
			want want
		}{
			{"as issued", []byte(good.Credential), holds(certificates.Valid, good)},
			{"indented, with a byte order mark", append([]byte("\xef\xbb\xbf"), indented.Bytes()...), holds(certificates.Valid, good)},
			{"padded to the limit", padded, holds(certificates.Valid, good)},
			{"the re-issued one", []byte(next.Credential), holds(certificates.Valid, next)},
			{"revoked", []byte(revoked.Credential), revokedWant},
			{"superseded", []byte(replaced.Credential), replacedWant},
			{"a changed name", edit(t, good.Credential, func(d map[string]any) {
				d["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["identityHash"] = "Someone Else"
			}), differs(certificates.ProblemAltered)},
			{"a later date", edit(t, good.Credential, func(d map[string]any) { d["validFrom"] = "2030-01-01T00:00:00Z" }),
				differs(certificates.ProblemAltered)},
			{"signed by another key under Baeum's name", resign(t, good.Credential, foreign, method), differs(certificates.ProblemAltered)},
			{"signed by another key of Baeum's issuer", resign(t, good.Credential, foreign,
				e.svc.IssuerURL()+"#"+credentials.EncodeMultikey(foreignPub)), differs(certificates.ProblemUnknownKey)},
			{"signed by another issuer", resign(t, good.Credential, foreign,
				"https://forger.example/issuer#"+credentials.EncodeMultikey(foreignPub)), differs(certificates.ProblemUnknownKey)},
			{"without its proof", edit(t, good.Credential, func(d map[string]any) { delete(d, "proof") }), differs(certificates.ProblemNoProof)},
			{"a broken proof value", edit(t, good.Credential, func(d map[string]any) { d["proof"].(map[string]any)["proofValue"] = "z111" }),
				differs(certificates.ProblemMalformed)},
			{"another cryptosuite", edit(t, good.Credential, func(d map[string]any) { d["proof"].(map[string]any)["cryptosuite"] = "ecdsa-rdfc-2019" }),
				differs(certificates.ProblemMalformed)},
			{"an undefined term", edit(t, good.Credential, func(d map[string]any) { d["unsigned"] = "extra" }),
				differs(certificates.ProblemCanonicalization)},
			{"an unknown context", edit(t, good.Credential, func(d map[string]any) {
				d["@context"] = append(d["@context"].([]any), "https://forger.example/context.json")
			}), differs(certificates.ProblemCanonicalization)},
			{"Baeum's status list", statusList, want{signer: 1, state: certificates.StatusUnknown}},
			{"a certificate no longer in the records", []byte(removed.Credential), want{signer: 1, state: certificates.StatusUnknown}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got, err := e.svc.CheckCredential(ctx, tc.doc)
				if err != nil {
					t.Fatal(err)
				}
				tc.want.compare(t, got)
			})
		}

		// The signer is the institute with its key's fingerprint, which
		// the certificate's own page shows too.
		got, err := e.svc.CheckCredential(ctx, []byte(good.Credential))
		if err != nil {
			t.Fatal(err)
		}
		keys, err := e.keys.Public(ctx)
		if err != nil {
			t.Fatal(err)
		}
		shown, err := certificates.CredentialFingerprint(good)
		if err != nil {
			t.Fatal(err)
		}
		if got.Signer.Fingerprint != credentials.Fingerprint(keys[0].Key) || shown != got.Signer.Fingerprint || got.Signer.IssuerID != e.svc.IssuerURL() ||
			!strings.Contains(got.Signer.Issuer, "Local Government Officials") || got.Record.HolderName != "Bold Bat" {
			t.Errorf("signer %+v, record %+v; the key's fingerprint is %s, the page shows %q", got.Signer, got.Record,
				credentials.Fingerprint(keys[0].Key), shown)
		}

		// After a rotation the old key still checks, named as retired.
		if _, err := e.keys.Rotate(ctx); err != nil {
			t.Fatal(err)
		}
		got, err = e.svc.CheckCredential(ctx, []byte(good.Credential))
		if err != nil {
			t.Fatal(err)
		}
		w := holds(certificates.Valid, good)
		w.retired = true
		w.compare(t, got)
	})
}

// TestCheckCredentialRefuses: what is not a JSON object of at most
// MaxCredentialBytes is a problem of the field "credential", naming the
// limit when it is too large; hostile documents within the limit (nested
// deep, long arrays) are answered, never valid.
func TestCheckCredentialRefuses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.New(t, store.SQLite))
	ctx := context.Background()
	for _, tc := range []struct {
		name, doc, id string
	}{
		{"empty", "", "error.credential.empty"},
		{"blank", " \n\t", "error.credential.empty"},
		{"too large", "{}" + strings.Repeat(" ", certificates.MaxCredentialBytes-1), "error.credential.too_large"},
		{"not JSON", `{"@context":`, "error.credential.not_json"},
		{"a PDF", "%PDF-1.7\n", "error.credential.not_json"},
		{"two documents", `{} {}`, "error.credential.not_json"},
		{"nested past the JSON depth limit", strings.Repeat("[", 20000) + strings.Repeat("]", 20000), "error.credential.not_json"},
		{"an array", `[{"@context":"https://www.w3.org/ns/credentials/v2"}]`, "error.credential.not_object"},
		{"a string", `"credential"`, "error.credential.not_object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.CheckCredential(ctx, []byte(tc.doc))
			var v *i18n.ValidationError
			if !errors.As(err, &v) || len(v.Fields) != 1 || v.Fields[0].Field != "credential" || v.Fields[0].Msg.ID != tc.id {
				t.Fatalf("%v, want %s on credential", err, tc.id)
			}
			if tc.id == "error.credential.too_large" && v.Fields[0].Msg.Data["Limit"] != 256 {
				t.Errorf("the limit named: %v", v.Fields[0].Msg.Data)
			}
		})
	}

	// The proof names Baeum's key, so the document is canonicalised.
	issuer, err := e.svc.IssuerDocument(ctx)
	if err != nil {
		t.Fatal(err)
	}
	method := issuer["assertionMethod"].([]any)[0].(map[string]any)["id"].(string)
	// A proof value of the right form, made by another key.
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	sample, err := credentials.Sign(map[string]any{"@context": []any{credentials.ContextCredentialsV2}, "type": []any{"VerifiableCredential"}},
		other, method, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	proof := `"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofPurpose":"assertionMethod",` +
		`"verificationMethod":"` + method + `","proofValue":"` + sample["proof"].(map[string]any)["proofValue"].(string) + `"}`
	head := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],` + proof + `,"credentialSubject":`
	for _, tc := range []struct{ name, doc, problem string }{
		{"nested deep", head + strings.Repeat(`{"id":"urn:x","name":[`, 2000) + strings.Repeat("]}", 2000) + "}", certificates.ProblemCanonicalization},
		{"a long array", head + `{"name":[` + distinct(30000) + `]}}`, certificates.ProblemCanonicalization},
		{"many alike nodes", head + `{"achievement":[` + strings.Repeat(`{"type":"Achievement"},`, 5000) + `{"type":"Achievement"}]}}`, certificates.ProblemCanonicalization},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.doc) > certificates.MaxCredentialBytes {
				t.Fatalf("the document has %d bytes, over the limit", len(tc.doc))
			}
			got, err := e.svc.CheckCredential(ctx, []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if got.Valid || got.Signature.Problem != tc.problem || got.Signer != nil || got.Record.Found {
				t.Fatalf("a hostile document: %+v, want the signature's problem %s", got, tc.problem)
			}
		})
	}
}

// distinct is n different JSON strings, comma-separated.
func distinct(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = strconv.Quote(strconv.Itoa(i))
	}
	return strings.Join(parts, ",")
}

// FuzzCheckCredential feeds the check documents from anywhere, as /verify
// does: it answers with a check or a validation error, never panics, and
// never calls valid anything but the credential Baeum stored.
func FuzzCheckCredential(f *testing.F) {
	e := newEnv(f, storetest.New(f, store.SQLite))
	ctx := context.Background()
	ids := e.enrol(f, true, trainee{"Bold Bat", "", "MN"})
	c, err := e.svc.Issue(ctx, e.actor(), ids["Bold Bat"])
	if err != nil {
		f.Fatal(err)
	}
	statusList, _, err := e.svc.StatusList(ctx, 1)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(c.Credential))
	f.Add(statusList)
	f.Add(edit(f, c.Credential, func(d map[string]any) { d["name"] = "Another course" }))
	f.Add([]byte(`{"@context":{"@vocab":"x:"},"proof":{}}`))
	f.Add([]byte(`[]`))
	stored := decodeDoc(f, []byte(c.Credential))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := e.svc.CheckCredential(ctx, data)
		if err != nil {
			var v *i18n.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("%T %v, not a validation error", err, err)
			}
			return
		}
		if got.Signature.Holds != (got.Signer != nil) {
			t.Fatalf("signature %+v with signer %+v", got.Signature, got.Signer)
		}
		if got.Valid {
			var doc any
			if json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc) != nil || !reflect.DeepEqual(doc, any(stored)) {
				t.Fatalf("valid, but not the stored credential: %s", data)
			}
		}
	})
}
