package certificates

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// View is a certificate as the public verification shows it: what is
// printed on it and its status, never an e-mail or account detail.
type View struct {
	Serial           string     `json:"serial"`
	Status           Status     `json:"status" enum:"valid,revoked,superseded"`
	HolderName       string     `json:"holder_name"`
	HolderNative     string     `json:"holder_native_name,omitempty"`
	Course           string     `json:"course"`
	CourseLocal      string     `json:"course_local,omitempty"`
	SecondLocale     string     `json:"second_locale"`
	Programme        string     `json:"programme,omitempty"`
	Cohort           string     `json:"cohort,omitempty"`
	Country          string     `json:"country,omitempty"`
	StartsOn         string     `json:"starts_on,omitempty"`
	EndsOn           string     `json:"ends_on,omitempty"`
	Hours            int        `json:"hours"`
	IssuedAt         time.Time  `json:"issued_at"`
	RevokedAt        *time.Time `json:"revoked_at,omitempty"`
	RevokeReason     string     `json:"revoke_reason,omitempty"`
	SupersededSerial string     `json:"superseded_by,omitempty" doc:"Serial of the certificate that replaced this one"`
	SHA256           string     `json:"sha256" doc:"SHA-256 of the issued PDF"`
}

// view is c as the verification shows it, with the serial of the
// certificate that replaced it, if any.
func (s *Service) view(ctx context.Context, c *Certificate) (View, error) {
	v := View{Serial: c.Serial, Status: c.Status, HolderName: c.HolderName, HolderNative: c.HolderNativeName, Course: c.CourseTitle,
		CourseLocal: c.CourseTitleLocal, SecondLocale: c.SecondLocale, Programme: c.ProgrammeTitle, Cohort: c.CohortCode,
		Country: c.Country, Hours: c.Hours, IssuedAt: c.IssuedAt, RevokedAt: c.RevokedAt, RevokeReason: c.RevokeReason, SHA256: c.SHA256}
	if c.StartsOn != nil {
		v.StartsOn = string(*c.StartsOn)
	}
	if c.EndsOn != nil {
		v.EndsOn = string(*c.EndsOn)
	}
	if c.SupersededBy != nil {
		next, err := s.ByID(ctx, *c.SupersededBy)
		if err != nil {
			return v, err
		}
		v.SupersededSerial = next.Serial
	}
	return v, nil
}

type verifyView struct {
	web.Page
	Query   string
	Cert    *View
	CertID  int64
	IsAdmin bool
	// KeyFingerprint is the fingerprint of the key that signed Cert's
	// credential, "" while it is not signed.
	KeyFingerprint string
	// Pasted is the credential text as typed into the check form; Check
	// is what checking a credential found.
	Pasted string
	Check  *CredentialCheck
}

func (h *Handler) showVerifyForm(c *gin.Context) {
	v := &verifyView{Page: web.NewPage(c, "page.verify.title")}
	q := strings.TrimSpace(c.Query("serial"))
	if q == "" {
		web.HTML(c, h.tpl, http.StatusOK, templates.Verify, v)
		return
	}
	serial, err := CheckSerial(q)
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/verify/"+serial)
		return
	}
	h.renderSerialProblem(c, q, http.StatusUnprocessableEntity, err)
}

// renderSerialProblem shows the verification form again with what was
// typed and why it finds no certificate (the shape, the check character
// of a mistyped serial, or none issued) at the field.
func (h *Handler) renderSerialProblem(c *gin.Context, typed string, status int, err error) {
	var de *i18n.Error
	if !errors.As(err, &de) {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &verifyView{Page: web.NewPage(c, "page.verify.title"), Query: typed}
	v.AddProblems(&i18n.ValidationError{Fields: []i18n.FieldError{{Field: "serial", Msg: de.Msg}}})
	web.HTML(c, h.tpl, status, templates.Verify, v)
}

func (h *Handler) showVerify(c *gin.Context) {
	ctx := c.Request.Context()
	raw := c.Param("serial")
	asJSON := strings.HasSuffix(raw, ".json")
	cert, err := h.svc.BySerial(ctx, strings.TrimSuffix(raw, ".json"))
	if asJSON {
		if err != nil {
			title := web.Localizer(ctx).T("error.certificate.not_found")
			var de *i18n.Error
			if errors.As(err, &de) {
				title = web.Localizer(ctx).Message(de.Msg)
			}
			c.Header("Content-Type", "application/problem+json")
			c.AbortWithStatusJSON(web.Status(err), gin.H{"status": web.Status(err), "title": title})
			return
		}
		doc, err := h.svc.Credential(ctx, cert)
		if err != nil {
			web.Fail(c, h.tpl, err)
			return
		}
		c.Header("Access-Control-Allow-Origin", "*")
		c.Data(http.StatusOK, ldJSON, doc)
		return
	}
	if err != nil {
		h.renderSerialProblem(c, raw, web.Status(err), err)
		return
	}
	view, err := h.svc.view(ctx, cert)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	fingerprint, err := CredentialFingerprint(cert)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	u := accounts.CurrentUser(ctx)
	web.HTML(c, h.tpl, http.StatusOK, templates.Verify, &verifyView{Page: web.NewPage(c, "page.verify.title"), Cert: &view, CertID: cert.ID,
		IsAdmin: u.Can(accounts.RoleAdmin), KeyFingerprint: fingerprint})
}

// checkCredential checks a credential uploaded or pasted on the
// verification page (public) and shows what was found on the same page,
// the pasted text kept in its box.
func (h *Handler) checkCredential(c *gin.Context) {
	v := &verifyView{Page: web.NewPage(c, "page.verify.title"), Pasted: c.PostForm("credential")}
	data, field, err := credentialInput(c, v.Pasted)
	if err == nil {
		if v.Check, err = h.svc.CheckCredential(c.Request.Context(), data); err == nil {
			web.HTML(c, h.tpl, http.StatusOK, templates.Verify, v)
			return
		}
	}
	if !v.AddProblems(onField(err, field)) {
		web.Fail(c, h.tpl, err)
		return
	}
	web.HTML(c, h.tpl, web.Status(err), templates.Verify, v)
}

// credentialInput is the credential the form brings, the uploaded file
// (credential_file) or else the pasted text (credential), and the field it
// came from. It reads no more of a file than the check accepts and one
// byte, so that the check can say it is too large.
func credentialInput(c *gin.Context, pasted string) ([]byte, string, error) {
	fh, err := c.FormFile("credential_file")
	if err != nil || fh == nil || fh.Size == 0 { // no file chosen, or not a multipart form
		return []byte(pasted), "credential", nil
	}
	if strings.TrimSpace(pasted) != "" {
		v := &i18n.ValidationError{}
		v.Add("credential_file", "error.credential.both")
		return nil, "credential_file", v
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "credential_file", fmt.Errorf("certificates: open the uploaded credential: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxCredentialBytes+1))
	if err != nil {
		return nil, "credential_file", fmt.Errorf("certificates: read the uploaded credential: %w", err)
	}
	return data, "credential_file", nil
}

// onField moves the problems a check reports on "credential" to field,
// the input the credential came from.
func onField(err error, field string) error {
	var v *i18n.ValidationError
	if field == "credential" || !errors.As(err, &v) {
		return err
	}
	moved := &i18n.ValidationError{Fields: make([]i18n.FieldError, len(v.Fields))}
	for i, f := range v.Fields {
		if f.Field == "credential" {
			f.Field = field
		}
		moved.Fields[i] = f
	}
	return moved
}

type mineView struct {
	web.Page
	Certs []Certificate
}

func (h *Handler) showMine(c *gin.Context) {
	list, err := h.svc.Mine(c.Request.Context(), accounts.CurrentUser(c.Request.Context()).ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.MyCertificates, &mineView{Page: web.NewPage(c, "page.my_certificates.title"), Certs: list})
}

func (h *Handler) download(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := idParam(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrNotFound)
		return
	}
	cert, err := h.svc.Readable(ctx, accounts.CurrentUser(ctx), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	r, err := h.svc.PDF(ctx, cert)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	defer r.Close()
	c.Header("Content-Disposition", web.Disposition(cert.Serial+".pdf"))
	c.Header("X-Content-SHA256", cert.SHA256)
	c.DataFromReader(http.StatusOK, -1, "application/pdf", r, nil)
}

func (h *Handler) revoke(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := idParam(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrNotFound)
		return
	}
	cert, err := h.svc.Revoke(ctx, accounts.ActorFrom(ctx), id, c.PostForm("reason"))
	if err != nil {
		h.verifyAgain(c, id, err)
		return
	}
	web.Redirect(c, "/verify/"+cert.Serial, "flash.certificate_revoked")
}

func (h *Handler) reissue(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := idParam(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrNotFound)
		return
	}
	cert, err := h.svc.Reissue(ctx, accounts.ActorFrom(ctx), id)
	if err != nil {
		h.verifyAgain(c, id, err)
		return
	}
	web.Redirect(c, "/verify/"+cert.Serial, "flash.certificate_reissued")
}

// verifyAgain shows the verification page of certificate id again with the
// problems of a failed admin action.
func (h *Handler) verifyAgain(c *gin.Context, id int64, err error) {
	ctx := c.Request.Context()
	cert, lerr := h.svc.ByID(ctx, id)
	if lerr != nil {
		web.Fail(c, h.tpl, lerr)
		return
	}
	view, lerr := h.svc.view(ctx, cert)
	if lerr != nil {
		web.Fail(c, h.tpl, lerr)
		return
	}
	fingerprint, lerr := CredentialFingerprint(cert)
	if lerr != nil {
		web.Fail(c, h.tpl, lerr)
		return
	}
	v := &verifyView{Page: web.NewPage(c, "page.verify.title"), Cert: &view, CertID: cert.ID, IsAdmin: true, KeyFingerprint: fingerprint}
	if !v.AddProblems(err) {
		web.Fail(c, h.tpl, err)
		return
	}
	web.HTML(c, h.tpl, web.Status(err), templates.Verify, v)
}

// copyZip streams a batch's ZIP to the response.
func copyZip(c *gin.Context, b *Batch, r io.Reader) {
	c.Header("Content-Disposition", web.Disposition(fmt.Sprintf("certificates-cohort-%d-batch-%d.zip", b.CohortID, b.ID)))
	c.DataFromReader(http.StatusOK, -1, "application/zip", r, nil)
}
