package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// certFixture is a cohort run by the demo coordinator with two trainees
// who completed (the demo learner and the Vietnamese learner) and one who
// did not, and the demo learner's certificate.
type certFixture struct {
	cohort     *enrollment.Cohort
	enrolments map[string]int64 // by e-mail
	cert       *certificates.Certificate
}

func newCertFixture(t testing.TB, a *app, code string) *certFixture {
	t.Helper()
	ctx := context.Background()
	f := coursetest.Build(t, a.crs, code, true)
	coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
	svc := enrollment.NewService(a.db, a.crs, a.acc)
	c, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID, Code: code + "-01",
		Country: "VN", StartsOn: "2026-09-07", EndsOn: "2026-09-18", Capacity: 10, Delivery: courses.Online})
	if err != nil {
		t.Fatal(err)
	}
	fx := &certFixture{cohort: c, enrolments: map[string]int64{}}
	var rows []enrollment.TraineeRow
	for i, email := range []string{"learner@example.org", "learner.vn@example.org", "learner.mn@example.org"} {
		u, _ := a.acc.UserByEmail(ctx, email)
		rows = append(rows, enrollment.TraineeRow{Line: i + 2, Email: email, Name: u.Name, NativeName: u.NativeName, Country: u.Country})
	}
	if _, err := svc.ImportTrainees(ctx, accounts.Actor{UserID: coord.ID}, c.ID, rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		var id int64
		a.db.Gorm.Raw("SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = ? AND e.cohort_id = ?", r.Email, c.ID).Scan(&id)
		fx.enrolments[r.Email] = id
	}
	done := []int64{fx.enrolments["learner@example.org"], fx.enrolments["learner.vn@example.org"]}
	if err := a.db.Gorm.Exec("UPDATE enrolments SET status = ?, completed_at = ? WHERE id IN ?", enrollment.Completed, time.Now().UTC(), done).Error; err != nil {
		t.Fatal(err)
	}
	if fx.cert, err = a.certs.Issue(ctx, accounts.Actor{UserID: coord.ID}, done[0]); err != nil {
		t.Fatal(err)
	}
	return fx
}

func TestCertificatePagesByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		if _, err := a.acc.CreateUser(context.Background(), accounts.Actor{}, newCoordinator("outsider@example.org")); err != nil {
			t.Fatal(err)
		}
		fx := newCertFixture(t, a, "ROLE-CERT")
		emails := map[string]string{"outsider": "outsider@example.org"}
		for k, v := range roleEmails {
			emails[k] = v
		}
		cp := fmt.Sprintf("/coordinate/cohorts/%d/certificates", fx.cohort.ID)
		serial := fx.cert.Serial
		routes := []pageRoute[want6]{ // anon, learner (the holder), coordinator in charge, staff, admin, coordinator not in charge
			{"GET", "/verify", nil, want6{ok, ok, ok, ok, ok, ok}},
			{"GET", "/verify?serial=" + strings.ToLower(strings.ReplaceAll(serial, "-", "")), nil, want6{see, see, see, see, see, see}},
			{"GET", "/verify?serial=BAEUM-0000", nil, want6{invalid, invalid, invalid, invalid, invalid, invalid}},
			{"GET", "/verify/" + serial, nil, want6{ok, ok, ok, ok, ok, ok}},
			{"GET", "/verify/" + serial + ".json", nil, want6{ok, ok, ok, ok, ok, ok}},
			{"GET", "/verify/BAEUM-2026-2222-2222", nil, want6{notFound, notFound, notFound, notFound, notFound, notFound}},
			{"GET", "/my/certificates", nil, want6{see, ok, ok, ok, ok, ok}},
			{"GET", fmt.Sprintf("/certificates/%d/pdf", fx.cert.ID), nil, want6{see, ok, ok, notFound, ok, notFound}},
			{"GET", cp, nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"POST", cp + "/issue", url.Values{}, want6{see, forbid, invalid, forbid, invalid, notFound}},
			{"POST", cp + "/auto", url.Values{"auto": {"on"}}, want6{see, forbid, see, forbid, see, notFound}},
			{"POST", cp + "/batches", url.Values{}, want6{see, forbid, see, forbid, see, notFound}},
			{"GET", "/coordinate/certificate-batches/999999/zip", nil, want6{see, forbid, notFound, forbid, notFound, notFound}},
			{"GET", "/admin/certificate-templates", nil, want6{see, forbid, forbid, forbid, ok, forbid}},
			{"GET", "/admin/certificate-templates/default", nil, want6{see, forbid, forbid, forbid, ok, forbid}},
			{"POST", "/admin/certificate-templates/default", url.Values{"colour": {"white"}}, want6{see, forbid, forbid, forbid, invalid, forbid}},
			{"GET", "/admin/certificate-templates/default/preview", nil, want6{see, forbid, forbid, forbid, ok, forbid}},
			{"POST", fmt.Sprintf("/admin/certificates/%d/revoke", fx.cert.ID), url.Values{"reason": {""}}, want6{see, forbid, forbid, forbid, invalid, forbid}},
		}
		checkPages(t, a, cohortRoleOrder, emails, routes)
	})
}

func TestCertificateAPIByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		if _, err := a.acc.CreateUser(context.Background(), accounts.Actor{}, newCoordinator("outsider@example.org")); err != nil {
			t.Fatal(err)
		}
		fx := newCertFixture(t, a, "ROLE-CAPI")
		tokens := map[string]string{"outsider": a.token("outsider@example.org")}
		for role, email := range roleEmails {
			if email != "" {
				tokens[role] = a.token(email)
			}
		}
		cid, certID := fx.cohort.ID, fx.cert.ID
		vn := fx.enrolments["learner.vn@example.org"]
		routes := []apiRoute[want6]{
			{"GET", "/api/v1/verify/" + fx.cert.Serial, nil, want6{ok, ok, ok, ok, ok, ok}},
			{"GET", "/api/v1/certificates", nil, want6{unauth, ok, ok, ok, ok, ok}},
			{"GET", fmt.Sprintf("/api/v1/certificates/%d", certID), nil, want6{unauth, ok, ok, notFound, ok, notFound}},
			{"GET", fmt.Sprintf("/api/v1/certificates/%d/pdf", certID), nil, want6{unauth, ok, ok, notFound, ok, notFound}},
			{"POST", fmt.Sprintf("/api/v1/enrolments/%d/certificate", vn), nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"GET", fmt.Sprintf("/api/v1/cohorts/%d/certificates", cid), nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"POST", fmt.Sprintf("/api/v1/cohorts/%d/certificates", cid), map[string]any{"enrolment_ids": []int64{}}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"PUT", fmt.Sprintf("/api/v1/cohorts/%d/certificate-settings", cid), map[string]any{"auto_issue": false}, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"POST", fmt.Sprintf("/api/v1/cohorts/%d/certificate-batches", cid), nil, want6{unauth, forbid, http.StatusAccepted, forbid, http.StatusAccepted, notFound}},
			{"GET", "/api/v1/certificate-batches/999999", nil, want6{unauth, forbid, notFound, forbid, notFound, notFound}},
			{"POST", fmt.Sprintf("/api/v1/certificates/%d/revoke", certID), map[string]any{"reason": ""}, want6{unauth, forbid, forbid, forbid, invalid, forbid}},
			{"POST", fmt.Sprintf("/api/v1/certificates/%d/reissue", 999999), nil, want6{unauth, forbid, forbid, forbid, notFound, forbid}},
			{"GET", "/api/v1/certificate-templates/default", nil, want6{unauth, forbid, forbid, forbid, ok, forbid}},
			{"PUT", "/api/v1/certificate-templates/default", map[string]any{"second_locale": "ar", "paper": "A4", "colour": "#063A74"}, want6{unauth, forbid, forbid, forbid, invalid, forbid}},
			{"GET", "/api/v1/certificate-templates/default/preview", nil, want6{unauth, forbid, forbid, forbid, ok, forbid}},
		}
		checkAPI(t, a, cohortRoleOrder, tokens, routes)
	})
}

// TestVerificationShowsNoPrivateData: the public page and the credential
// show what the certificate prints and its status, never the holder's
// e-mail; a visitor reads it in their own language.
func TestVerificationShowsNoPrivateData(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newCertFixture(t, a, "VERIFY")
		b, _ := i18n.Load()
		stranger := a.client()
		r := stranger.get("/verify/"+fx.cert.Serial, "Accept-Language", "es-ES,es;q=0.9")
		if r.status != http.StatusOK || !strings.Contains(r.body, b.Localizer("es").T("page.verify.valid")) || !strings.Contains(r.body, `lang="es"`) {
			t.Fatalf("Spanish verification page: %d %.500s", r.status, r.body)
		}
		for _, want := range []string{fx.cert.HolderName, fx.cert.SHA256, "VERIFY-01"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("verification page lacks %q", want)
			}
		}
		j := stranger.get("/verify/" + fx.cert.Serial + ".json")
		var doc struct {
			Type              []string `json:"type"`
			CredentialSubject struct {
				Identifier []struct {
					IdentityHash string `json:"identityHash"`
				} `json:"identifier"`
			} `json:"credentialSubject"`
			CredentialStatus struct {
				Type string `json:"type"`
			} `json:"credentialStatus"`
			Proof struct {
				Cryptosuite string `json:"cryptosuite"`
			} `json:"proof"`
		}
		if err := json.Unmarshal([]byte(j.body), &doc); err != nil || len(doc.Type) != 2 || doc.Type[1] != "OpenBadgeCredential" ||
			len(doc.CredentialSubject.Identifier) != 1 || doc.CredentialSubject.Identifier[0].IdentityHash != fx.cert.HolderName ||
			doc.CredentialStatus.Type != "BitstringStatusListEntry" || doc.Proof.Cryptosuite != "eddsa-rdfc-2022" {
			t.Fatalf("credential: %v %s", err, j.body)
		}
		api := a.api("GET", "/api/v1/verify/"+strings.ToLower(fx.cert.Serial), "", nil)
		for _, body := range []string{r.body, j.body, api.body} {
			if strings.Contains(body, "learner@example.org") || strings.Contains(body, "@example.org") {
				t.Fatalf("an e-mail address is shown: %.300s", body)
			}
		}
		// Revoked by an admin: the page says so, with the reason.
		admin := a.client()
		admin.login("admin@example.org")
		if r := admin.post(fmt.Sprintf("/admin/certificates/%d/revoke", fx.cert.ID), url.Values{"reason": {"Issued in error"}}); r.status != http.StatusSeeOther {
			t.Fatalf("revoke: %d %.300s", r.status, r.body)
		}
		r = stranger.get("/verify/"+fx.cert.Serial, "Accept-Language", "es")
		if !strings.Contains(r.body, "Issued in error") || strings.Contains(r.body, b.Localizer("es").T("page.verify.valid")) {
			t.Fatalf("revoked certificate's page: %.600s", r.body)
		}
	})
}

// TestCertificateFlowOverHTTP: a coordinator issues the selected trainee's
// certificate from the cohort page, the trainee downloads it from /my, an
// admin re-issues it after a name correction and the old serial points to
// the new one; template errors come back in the admin's language.
func TestCertificateFlowOverHTTP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newCertFixture(t, a, "FLOW")
		coord := a.client()
		coord.login("coordinator@example.org")
		cp := fmt.Sprintf("/coordinate/cohorts/%d/certificates", fx.cohort.ID)
		page := coord.get(cp)
		vn := fx.enrolments["learner.vn@example.org"]
		if page.status != http.StatusOK || !strings.Contains(page.body, fmt.Sprintf(`name="enrolment" value="%d"`, vn)) ||
			strings.Contains(page.body, fmt.Sprintf(`value="%d"`, fx.enrolments["learner.mn@example.org"])) {
			t.Fatalf("cohort certificates page: %d %.800s", page.status, page.body)
		}
		if r := coord.post(cp+"/issue", url.Values{"enrolment": {fmt.Sprint(fx.enrolments["learner.mn@example.org"])}}); r.status != http.StatusConflict {
			t.Fatalf("issue to a trainee who did not complete: %d", r.status)
		}
		// A batch waiting for the background jobs: the page reloads itself.
		if r := coord.post(cp+"/batches", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("start a batch: %d", r.status)
		}
		if page := coord.get(cp); !strings.Contains(page.body, `<meta http-equiv="refresh" content="3">`) || !strings.Contains(page.body, `data-testid="batch-status"`) {
			t.Fatalf("the page of a waiting batch does not reload itself: %.600s", page.body)
		}
		if r := coord.post(cp+"/issue", url.Values{"enrolment": {fmt.Sprint(vn)}}); r.status != http.StatusSeeOther {
			t.Fatalf("issue selected: %d %.300s", r.status, r.body)
		}
		if n := storetest.Count(t, db, "certificates"); n != 2 {
			t.Fatalf("%d certificates, want 2", n)
		}
		// The Vietnamese trainee downloads theirs.
		vnc := a.client()
		vnc.login("learner.vn@example.org")
		my := vnc.get("/my/certificates")
		id := regexpFind(t, `/certificates/(\d+)/pdf`, my.body)
		pdf := vnc.get("/certificates/" + id + "/pdf")
		if pdf.status != http.StatusOK || !strings.HasPrefix(pdf.body, "%PDF") || pdf.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("download: %d %s", pdf.status, pdf.header.Get("Content-Type"))
		}
		if r := vnc.get(fmt.Sprintf("/certificates/%d/pdf", fx.cert.ID)); r.status != http.StatusNotFound {
			t.Fatalf("another trainee's certificate: %d", r.status)
		}
		// Name corrected, then re-issued by an admin.
		ctx := context.Background()
		admin, _ := a.acc.UserByEmail(ctx, "admin@example.org")
		name := "Nguyen Thi Huong Lan"
		if _, err := a.acc.UpdateUser(ctx, accounts.Actor{UserID: admin.ID}, fx.cert.UserID, accounts.UserChange{Name: &name}); err != nil {
			t.Fatal(err)
		}
		ac := a.client()
		ac.login("admin@example.org")
		r := ac.post(fmt.Sprintf("/admin/certificates/%d/reissue", fx.cert.ID), url.Values{})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/verify/BAEUM-") {
			t.Fatalf("re-issue: %d %s", r.status, r.header.Get("Location"))
		}
		newSerial := strings.TrimPrefix(r.header.Get("Location"), "/verify/")
		old := a.client().get("/verify/" + fx.cert.Serial)
		if !strings.Contains(old.body, `data-testid="superseded-by"`) || !strings.Contains(old.body, newSerial) {
			t.Fatalf("old serial's page: %.600s", old.body)
		}
		if nw := a.client().get("/verify/" + newSerial); !strings.Contains(nw.body, name) {
			t.Fatal("the new certificate does not carry the corrected name")
		}
		// The demo admin reads Korean: a too-light colour is refused in Korean.
		b, _ := i18n.Load()
		r = ac.post("/admin/certificate-templates/default", url.Values{"second_locale": {"vi"}, "paper": {"A4"}, "colour": {"#FFFF00"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, b.Localizer("ko").T("error.certificate.colour_contrast")) {
			t.Fatalf("light colour: %d %.400s", r.status, r.body)
		}
		r = ac.post("/admin/certificate-templates/default", url.Values{"second_locale": {"vi"}, "paper": {"Letter"}, "colour": {"#7a1f1f"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("save template: %d %.400s", r.status, r.body)
		}
		tpl := a.api("GET", "/api/v1/certificate-templates/default", a.token("admin@example.org"), nil)
		if !strings.Contains(tpl.body, `"second_locale":"vi"`) || !strings.Contains(tpl.body, `"colour":"#7A1F1F"`) {
			t.Fatalf("template over the API: %s", tpl.body)
		}
		preview := ac.get("/admin/certificate-templates/default/preview")
		if preview.status != http.StatusOK || !strings.HasPrefix(preview.body, "%PDF") {
			t.Fatalf("preview: %d", preview.status)
		}
	})
}

// TestCertificateOperationsInOpenAPI: the document lists the certificate
// operations, the binary downloads as such.
func TestCertificateOperationsInOpenAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		r := a.api("GET", "/api/v1/openapi.json", "", nil)
		for _, op := range []string{"verify-certificate", "issue-certificate", "issue-selected-certificates", "start-certificate-batch",
			"download-certificate-batch", "revoke-certificate", "reissue-certificate", "put-certificate-template", "add-certificate-signatory",
			"preview-certificate-template", `"application/zip"`, `"application/pdf"`} {
			if !strings.Contains(r.body, op) {
				t.Errorf("the OpenAPI document lacks %s", op)
			}
		}
	})
}
