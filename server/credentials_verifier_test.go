package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/baeum-lms/baeum/credentials/credtest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestThirdPartyVerifierChecksCertificates: a certificate issued from the
// cohort page is checked by Digital Bazaar's verifier (credtest), which
// can reach nothing but the contexts and the documents Baeum serves (the
// issuer profile and the status list, fetched from Baeum here): its .json
// verifies, so does the credential attached to its PDF, a changed name
// does not, and right after an admin revokes it the status list the
// verifier is given says revoked.
func TestThirdPartyVerifierChecksCertificates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newCertFixture(t, a, "VC")
		coord := a.client()
		coord.login("coordinator@example.org")
		vn := fx.enrolments["learner.vn@example.org"]
		if r := coord.post(fmt.Sprintf("/coordinate/cohorts/%d/certificates/issue", fx.cohort.ID), url.Values{"enrolment": {fmt.Sprint(vn)}}); r.status != http.StatusSeeOther {
			t.Fatalf("issue from the cohort page: %d %.300s", r.status, r.body)
		}
		var id int64
		var serial string
		row := db.Gorm.Table("certificates").Select("id, serial").Where("enrolment_id = ?", vn).Row()
		if err := row.Scan(&id, &serial); err != nil {
			t.Fatal(err)
		}

		anon := a.client()
		j := anon.get("/verify/" + serial + ".json")
		if j.status != http.StatusOK || j.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Fatalf("credential: %d %v", j.status, j.header)
		}
		cred := decode[map[string]any](t, j.body)
		status, _ := cred["credentialStatus"].(map[string]any)
		listURL, _ := status["statusListCredential"].(string)
		issuerURL := a.srv.URL + "/issuer"
		if listURL == "" || cred["issuer"].(map[string]any)["id"] != issuerURL {
			t.Fatalf("credential's status or issuer: %s", j.body)
		}
		documents := func() map[string]any {
			docs := map[string]any{}
			for _, u := range []string{issuerURL, listURL} {
				path := u[len(a.srv.URL):]
				r := anon.get(path)
				if r.status != http.StatusOK {
					t.Fatalf("%s: %d %s", path, r.status, r.body)
				}
				docs[u] = decode[map[string]any](t, r.body)
			}
			return docs
		}
		res := credtest.VerifyWithNode(t, cred, documents())
		if !res.Verified || res.Revoked() {
			t.Fatalf("the issued credential: %+v", res)
		}

		// The credential inside the PDF, as a holder would send it.
		pdfdetach, err := exec.LookPath("pdfdetach")
		if err != nil {
			t.Skip("pdfdetach not found: install Debian's poppler-utils to take the credential out of the PDF")
		}
		pdf := coord.get(fmt.Sprintf("/certificates/%d/pdf", id))
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "c.pdf"), []byte(pdf.body), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(pdfdetach, "-saveall", "-o", dir, filepath.Join(dir, "c.pdf")).CombinedOutput(); err != nil {
			t.Fatalf("pdfdetach: %v %s", err, out)
		}
		attached, err := os.ReadFile(filepath.Join(dir, "credential.json"))
		if err != nil {
			t.Fatalf("the PDF carries no credential.json: %v", err)
		}
		if !bytes.Equal(bytes.TrimSpace(attached), bytes.TrimSpace([]byte(j.body))) {
			t.Errorf("the PDF's credential differs from the .json:\n%s\n%s", attached, j.body)
		}
		var fromPDF map[string]any
		if err := json.Unmarshal(attached, &fromPDF); err != nil {
			t.Fatal(err)
		}
		if res := credtest.VerifyWithNode(t, fromPDF, documents()); !res.Verified {
			t.Fatalf("the PDF's credential: %+v", res)
		}

		// A changed name breaks the signature.
		fromPDF["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["identityHash"] = "Someone Else"
		if res := credtest.VerifyWithNode(t, fromPDF, documents()); res.Verified {
			t.Fatal("a credential with a changed name verifies")
		}

		// Revoked by an admin: the very next status list says so, and a
		// cache holding the old one (its ETag) is told to take the new one.
		before := anon.get(listURL[len(a.srv.URL):])
		admin := a.client()
		admin.login("admin@example.org")
		if r := admin.post(fmt.Sprintf("/admin/certificates/%d/revoke", id), url.Values{"reason": {"Issued in error"}}); r.status != http.StatusSeeOther {
			t.Fatalf("revoke: %d %.300s", r.status, r.body)
		}
		after := anon.get(listURL[len(a.srv.URL):], "If-None-Match", before.header.Get("ETag"))
		if after.status != http.StatusOK || after.header.Get("ETag") == before.header.Get("ETag") {
			t.Fatalf("the status list after the revocation: %d, ETag %q (before %q)", after.status, after.header.Get("ETag"), before.header.Get("ETag"))
		}
		if again := anon.get(listURL[len(a.srv.URL):], "If-None-Match", after.header.Get("ETag")); again.status != http.StatusNotModified {
			t.Errorf("an unchanged status list with its ETag: %d, want 304", again.status)
		}
		if res := credtest.VerifyWithNode(t, cred, documents()); !res.Revoked() {
			t.Fatalf("the revoked credential: %+v", res)
		}
	})
}
