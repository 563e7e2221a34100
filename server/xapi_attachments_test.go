package server_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

type xpart struct {
	contentType string
	content     []byte
	hash        string // "" for the hash of content
	encoding    string // "" for binary
}

func xapiMultipart(t *testing.T, statements string, parts ...xpart) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	pw, _ := w.CreatePart(textproto.MIMEHeader{"Content-Type": {"application/json"}})
	_, _ = pw.Write([]byte(statements))
	for _, p := range parts {
		h := p.hash
		if h == "" {
			sum := sha256.Sum256(p.content)
			h = hex.EncodeToString(sum[:])
		}
		enc := p.encoding
		if enc == "" {
			enc = "binary"
		}
		pw, _ := w.CreatePart(textproto.MIMEHeader{"Content-Type": {p.contentType}, "Content-Transfer-Encoding": {enc}, "X-Experience-API-Hash": {h}})
		_, _ = pw.Write(p.content)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), "multipart/mixed; boundary=" + w.Boundary()
}

func sha256Hex(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func withAttachment(id, usage, contentType string, content []byte) string {
	return fmt.Sprintf(`{"id":%q,"actor":{"mbox":"mailto:souphanh@example.la"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
"object":{"id":"https://baeum.example.org/xapi/activities/lesson/9"},
"attachments":[{"usageType":%q,"display":{"en":"Action plan"},"contentType":%q,"length":%d,"sha2":%q}]}`,
		id, usage, contentType, len(content), sha256Hex(content))
}

// TestXAPIAttachments: statements come with their attachments'
// contents as multipart/mixed and go back the same way; every mismatch
// between parts and attachments is 400 and stores nothing; signed
// statements are checked.
func TestXAPIAttachments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.client()
		admin.login("admin@example.org")
		key, secret := makeKey(t, admin, "Attachments", false)
		send := func(method, path, body, ct string) resp {
			return a.xapi(method, path, key, secret, body, "Content-Type", ct)
		}
		plan := []byte("ວາງແຜນ: 마을 회관 보수, 2027년 3월까지")
		const id = "b1a2c3d4-0000-4000-8000-000000000001"
		st := withAttachment(id, "http://id.tincanapi.com/attachment/supporting_media", "text/plain; charset=utf-8", plan)

		for name, tc := range map[string]struct {
			statements string
			parts      []xpart
		}{
			"no part":        {st, nil},
			"wrong hash":     {st, []xpart{{contentType: "text/plain", content: plan, hash: strings.Repeat("0", 64)}}},
			"not binary":     {st, []xpart{{contentType: "text/plain", content: plan, encoding: "base64"}}},
			"part of no one": {st, []xpart{{contentType: "text/plain", content: plan}, {contentType: "text/plain", content: []byte("extra")}}},
		} {
			body, ct := xapiMultipart(t, "["+tc.statements+"]", tc.parts...)
			if r := send(http.MethodPost, "/xapi/statements", body, ct); r.status != http.StatusBadRequest {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
		}
		if r := send(http.MethodPost, "/xapi/statements", "x", "multipart/form-data; boundary=x"); r.status != http.StatusBadRequest {
			t.Errorf("multipart/form-data: %d", r.status)
		}
		if r := x200(a, key, secret, "/xapi/statements?statementId="+id); r.status != http.StatusNotFound {
			t.Fatalf("a refused request stored its statement: %d", r.status)
		}

		body, ct := xapiMultipart(t, st, xpart{contentType: "text/plain; charset=utf-8", content: plan})
		if r := send(http.MethodPut, "/xapi/statements?statementId="+id, body, ct); r.status != http.StatusNoContent {
			t.Fatalf("PUT with an attachment: %d %s", r.status, r.body)
		}
		got := x200(a, key, secret, "/xapi/statements?statementId="+id+"&attachments=true")
		mt, params, _ := mime.ParseMediaType(got.header.Get("Content-Type"))
		if mt != "multipart/mixed" {
			t.Fatalf("attachments=true: %v", got.header)
		}
		r := multipart.NewReader(strings.NewReader(got.body), params["boundary"])
		first, _ := r.NextPart()
		js, _ := io.ReadAll(first)
		second, err := r.NextPart()
		if err != nil {
			t.Fatalf("no attachment part: %v", err)
		}
		content, _ := io.ReadAll(second)
		if !strings.Contains(string(js), id) || !bytes.Equal(content, plan) || second.Header.Get("X-Experience-API-Hash") != sha256Hex(plan) {
			t.Errorf("parts: %s / %q %v", js, content, second.Header)
		}

		// Signed statements.
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Baeum test"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
		if err != nil {
			t.Fatal(err)
		}
		unsigned := `{"id":"b1a2c3d4-0000-4000-8000-000000000002","actor":{"mbox":"mailto:souphanh@example.la"},"verb":{"id":"http://adlnet.gov/expapi/verbs/passed"},"object":{"id":"https://baeum.example.org/xapi/activities/lesson/9"}}`
		jws := func(alg, payload string) []byte {
			h, _ := json.Marshal(map[string]any{"alg": alg, "x5c": []string{base64.StdEncoding.EncodeToString(der)}})
			in := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
			sum := sha256.Sum256([]byte(in))
			sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, sum[:])
			if err != nil {
				t.Fatal(err)
			}
			return []byte(in + "." + base64.RawURLEncoding.EncodeToString(sig))
		}
		signedWith := func(sig []byte) (string, string) {
			st := strings.TrimSuffix(unsigned, "}") + fmt.Sprintf(`,"attachments":[{"usageType":"http://adlnet.gov/expapi/attachments/signature","display":{"en":"Signature"},"contentType":"application/octet-stream","length":%d,"sha2":%q}]}`, len(sig), sha256Hex(sig))
			return xapiMultipart(t, st, xpart{contentType: "application/octet-stream", content: sig})
		}
		for name, sig := range map[string][]byte{
			"not a JWS":     []byte("not-a-jws"),
			"HS256":         jws("HS256", unsigned),
			"other payload": jws("RS256", strings.Replace(unsigned, "passed", "failed", 1)),
			"bad signature": append(jws("RS256", unsigned)[:len(jws("RS256", unsigned))-4], []byte("AAAA")...),
		} {
			body, ct := signedWith(sig)
			if r := send(http.MethodPost, "/xapi/statements", body, ct); r.status != http.StatusBadRequest {
				t.Errorf("signature %s: %d %s", name, r.status, r.body)
			}
		}
		body, ct = signedWith(jws("RS256", unsigned))
		if r := send(http.MethodPost, "/xapi/statements", body, ct); r.status != http.StatusOK {
			t.Errorf("a good signature: %d %s", r.status, r.body)
		}
	})
}

func x200(a *app, key, secret, path string) resp {
	return a.xapi(http.MethodGet, path, key, secret, "")
}
