package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// credentialForm is the verification page's check form as a browser sends
// it: the pasted text and, when file is not nil, an uploaded file.
func credentialForm(t *testing.T, csrf, pasted string, file []byte) (string, io.Reader) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField(web.CSRFField, csrf)
	_ = w.WriteField("credential", pasted)
	// With no file chosen a browser still sends the part, with no name.
	name := ""
	if file != nil {
		name = "credential.json"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="credential_file"; filename=%q`, name))
	h.Set("Content-Type", "application/octet-stream")
	fw, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(file)
	_ = w.Close()
	return w.FormDataContentType(), &buf
}

// TestCheckCredentialPageAndAPI: a visitor who is not signed in, reading
// Korean, uploads the credential of a certificate on /verify and is told
// it is genuine, by which key (the fingerprint the certificate's own page
// shows); a pasted credential with a changed name is called untrusted and
// stays in its box; text that is not JSON is an error on the box, in
// Korean, with what was typed kept; after an admin revokes the certificate
// the same file says revoked. The API gives the same answers.
func TestCheckCredentialPageAndAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newCertFixture(t, a, "VCK")
		coord := a.client()
		coord.login("coordinator@example.org")
		vn := fx.enrolments["learner.vn@example.org"]
		if r := coord.post(fmt.Sprintf("/coordinate/cohorts/%d/certificates/issue", fx.cohort.ID), url.Values{"enrolment": {fmt.Sprint(vn)}}); r.status != http.StatusSeeOther {
			t.Fatalf("issue: %d %.300s", r.status, r.body)
		}
		var id int64
		var serial string
		if err := db.Gorm.Table("certificates").Select("id, serial").Where("enrolment_id = ?", vn).Row().Scan(&id, &serial); err != nil {
			t.Fatal(err)
		}

		anon := a.client()
		page := anon.get("/verify/" + serial + "?lang=ko")
		fingerprint := regexpFind(t, `data-testid="key-fingerprint">([0-9A-F ]+)<`, page.body)
		if page.status != http.StatusOK || !strings.Contains(page.body, "credential.json") {
			t.Fatalf("the certificate's page: %d, fingerprint %q", page.status, fingerprint)
		}
		cred := anon.get("/verify/" + serial + ".json").body

		form := anon.get("/verify")
		if !strings.Contains(form.body, `action="/verify/credential"`) || !strings.Contains(form.body, `name="credential_file"`) {
			t.Fatalf("no check form on /verify: %.500s", form.body)
		}
		submit := func(pasted string, file []byte) resp {
			ct, body := credentialForm(t, anon.csrf(), pasted, file)
			return anon.do(http.MethodPost, "/verify/credential", body, map[string]string{"Content-Type": ct})
		}

		r := submit("", []byte(cred))
		if r.status != http.StatusOK || !strings.Contains(r.body, "진본이며 유효한 전자 증명서입니다") || !strings.Contains(r.body, fingerprint) ||
			!strings.Contains(r.body, "이 수료증과 함께 발급된 전자 증명서입니다") || !strings.Contains(r.body, serial) {
			t.Fatalf("the uploaded credential: %d %s", r.status, section(r.body, `data-testid="check-result"`))
		}

		var doc map[string]any
		if err := json.Unmarshal([]byte(cred), &doc); err != nil {
			t.Fatal(err)
		}
		doc["name"] = "Another course"
		changed, _ := json.MarshalIndent(doc, "", "  ")
		r = submit(string(changed), nil)
		if r.status != http.StatusOK || !strings.Contains(r.body, "이 전자 증명서를 믿지 마십시오") || !strings.Contains(r.body, "서명한 뒤에 내용이 바뀌었습니다") {
			t.Fatalf("a changed credential: %d %s", r.status, section(r.body, `data-testid="check-result"`))
		}
		if !strings.Contains(r.body, html.EscapeString(string(changed))) {
			t.Error("the pasted credential is not kept in its box")
		}

		typed := `{"@context": "https://www.w3.org/ns/credentials/v2", "name": "수료증`
		r = submit(typed, nil)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="e-credential"`) || !strings.Contains(r.body, "JSON이 아닙니다") ||
			!strings.Contains(r.body, html.EscapeString(typed)) {
			t.Fatalf("text that is not JSON: %d %s", r.status, section(r.body, `id="check-heading"`))
		}
		if r = submit("{}", []byte(cred)); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="e-credential_file"`) {
			t.Fatalf("a file and pasted text: %d %s", r.status, section(r.body, `id="check-heading"`))
		}
		ct, body := credentialForm(t, "not-the-token", "", []byte(cred))
		if r = anon.do(http.MethodPost, "/verify/credential", body, map[string]string{"Content-Type": ct}); r.status != http.StatusForbidden {
			t.Errorf("without the CSRF token: %d, want 403", r.status)
		}

		// The API, anonymous, in English and Korean.
		type check struct {
			Valid     bool
			Signature struct{ Holds bool }
			Signer    *struct {
				Fingerprint string `json:"key_fingerprint"`
				Generation  int    `json:"key_generation"`
			}
			Status struct{ State string }
			Record struct {
				Found, Matches bool
				Serial         string
			}
		}
		api := a.api(http.MethodPost, "/api/v1/credentials/verify", "", cred)
		got := decode[check](t, api.body)
		if api.status != http.StatusOK || !got.Valid || got.Signer == nil || got.Signer.Fingerprint != fingerprint || got.Signer.Generation != 1 ||
			got.Status.State != "valid" || !got.Record.Matches || got.Record.Serial != serial {
			t.Fatalf("the API on the issued credential: %d %s", api.status, api.body)
		}
		api = a.api(http.MethodPost, "/api/v1/credentials/verify?lang=ko", "", typed)
		if api.status != http.StatusUnprocessableEntity || !strings.Contains(api.body, "JSON이 아닙니다") || !strings.Contains(api.body, `"location":"body"`) {
			t.Fatalf("the API on text that is not JSON: %d %s", api.status, api.body)
		}

		admin := a.client()
		admin.login("admin@example.org")
		if r := admin.post(fmt.Sprintf("/admin/certificates/%d/revoke", id), url.Values{"reason": {"Issued in error"}}); r.status != http.StatusSeeOther {
			t.Fatalf("revoke: %d %.300s", r.status, r.body)
		}
		r = submit("", []byte(cred))
		if r.status != http.StatusOK || !strings.Contains(r.body, "지금 상태로는 유효하지 않습니다") || !strings.Contains(r.body, "Issued in error") {
			t.Fatalf("the revoked certificate's credential: %d %s", r.status, section(r.body, `data-testid="check-result"`))
		}
		got = decode[check](t, a.api(http.MethodPost, "/api/v1/credentials/verify", "", cred).body)
		if got.Valid || !got.Signature.Holds || got.Status.State != "revoked" {
			t.Fatalf("the API on the revoked certificate's credential: %+v", got)
		}
	})
}

// section is the part of a page from marker on, for a failure message.
func section(body, marker string) string {
	if i := strings.Index(body, marker); i >= 0 {
		body = body[i:]
	}
	if len(body) > 1500 {
		body = body[:1500]
	}
	return body
}
