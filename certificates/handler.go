package certificates

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// Handler serves verification, downloads and issuing.
type Handler struct {
	svc *Service
	tpl *templates.Engine
}

// NewHandler returns the certificates handler.
func NewHandler(svc *Service, tpl *templates.Engine) *Handler { return &Handler{svc: svc, tpl: tpl} }

// RegisterPages adds the certificate pages.
func (h *Handler) RegisterPages(r gin.IRouter) {
	r.GET("/verify", h.showVerifyForm)
	r.GET("/verify/:serial", h.showVerify)
	signedIn := r.Group("", accounts.RequirePage(h.tpl))
	signedIn.GET("/my/certificates", h.showMine)
	signedIn.GET("/certificates/:id/pdf", h.download)
	co := r.Group("/coordinate", accounts.RequirePage(h.tpl, accounts.RoleCoordinator))
	co.POST("/cohorts/:id/certificates", h.issueCohortPage)
	admin := r.Group("/admin", accounts.RequirePage(h.tpl, accounts.RoleAdmin))
	admin.POST("/certificates/:id/revoke", h.revokePage)
}

// View is a certificate as the public verification shows it: no e-mail,
// no account details.
type View struct {
	Serial       string     `json:"serial"`
	Status       string     `json:"status" enum:"valid,revoked"`
	HolderName   string     `json:"holder_name"`
	HolderNative string     `json:"holder_native_name,omitempty"`
	Course       string     `json:"course"`
	CourseLocal  string     `json:"course_local,omitempty"`
	Cohort       string     `json:"cohort,omitempty"`
	Country      string     `json:"country,omitempty"`
	StartsOn     string     `json:"starts_on,omitempty"`
	EndsOn       string     `json:"ends_on,omitempty"`
	Hours        int        `json:"hours"`
	IssuedAt     time.Time  `json:"issued_at"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	RevokeReason string     `json:"revoke_reason,omitempty"`
	SHA256       string     `json:"sha256" doc:"SHA-256 of the issued PDF"`
}

func viewOf(c *Certificate) View {
	v := View{Serial: c.Serial, Status: c.Status, HolderName: c.HolderName, HolderNative: c.HolderNativeName, Course: c.CourseTitle,
		CourseLocal: c.CourseTitleLocal, Cohort: c.CohortCode, Country: c.Country, Hours: c.Hours, IssuedAt: c.IssuedAt,
		RevokedAt: c.RevokedAt, RevokeReason: c.RevokeReason, SHA256: c.SHA256}
	if c.StartsOn != nil {
		v.StartsOn = string(*c.StartsOn)
	}
	if c.EndsOn != nil {
		v.EndsOn = string(*c.EndsOn)
	}
	return v
}

type verifyView struct {
	web.Page
	Query  string
	Cert   *View
	CertID int64
}

func (h *Handler) showVerifyForm(c *gin.Context) {
	if q := c.Query("serial"); q != "" {
		if serial, ok := NormaliseSerial(q); ok {
			c.Redirect(http.StatusSeeOther, "/verify/"+serial)
			return
		}
		v := &verifyView{Page: web.NewPage(c, "page.verify.title"), Query: q}
		v.AddProblems(ErrNotFound)
		web.HTML(c, h.tpl, http.StatusNotFound, templates.Verify, v)
		return
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.Verify, &verifyView{Page: web.NewPage(c, "page.verify.title")})
}

func (h *Handler) showVerify(c *gin.Context) {
	raw := c.Param("serial")
	asJSON := strings.HasSuffix(raw, ".json")
	cert, err := h.svc.BySerial(c.Request.Context(), strings.TrimSuffix(raw, ".json"))
	if asJSON {
		if err != nil {
			c.AbortWithStatusJSON(web.Status(err), gin.H{"status": web.Status(err), "detail": web.Localizer(c.Request.Context()).T("error.certificate.not_found")})
			return
		}
		c.JSON(http.StatusOK, h.svc.Credential(cert))
		return
	}
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	view := viewOf(cert)
	web.HTML(c, h.tpl, http.StatusOK, templates.Verify, &verifyView{Page: web.NewPage(c, "page.verify.title"), Cert: &view, CertID: cert.ID})
}

// Credential is the certificate as an Open Badges 3.0 / W3C Verifiable
// Credential document. It is not signed yet (said in the README); the
// verification page and the PDF hash are the proof for now.
func (s *Service) Credential(c *Certificate) map[string]any {
	subject := map[string]any{
		"type": []string{"AchievementSubject"},
		"name": c.HolderName,
		"achievement": map[string]any{
			"id": s.VerifyURL(c.Serial) + "#achievement", "type": []string{"Achievement"},
			"name": c.CourseTitle, "criteria": map[string]any{"narrative": "Completed the course" + map[bool]string{true: " in cohort " + c.CohortCode, false: ""}[c.CohortCode != ""]},
		},
	}
	doc := map[string]any{
		"@context":          []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":                s.VerifyURL(c.Serial),
		"type":              []string{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":            map[string]any{"id": strings.TrimSuffix(s.BaseURL, "/") + "/", "type": []string{"Profile"}, "name": "Local Government Officials Development Institute"},
		"validFrom":         c.IssuedAt.Format(time.RFC3339),
		"name":              c.CourseTitle,
		"credentialSubject": subject,
		"credentialStatus":  map[string]any{"type": "BaeumStatus", "status": c.Status, "revokedAt": c.RevokedAt, "reason": c.RevokeReason},
		"evidence":          []map[string]any{{"type": []string{"Evidence"}, "name": "Certificate PDF", "description": "sha256:" + c.SHA256}},
	}
	return doc
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

// mayRead: the holder, coordinators and admins.
func mayRead(u *accounts.User, c *Certificate) bool {
	return u != nil && (u.ID == c.UserID || u.Can(accounts.RoleCoordinator))
}

func (h *Handler) download(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		web.Fail(c, h.tpl, ErrNotFound)
		return
	}
	cert, err := h.svc.ByID(ctx, id)
	if err != nil || !mayRead(accounts.CurrentUser(ctx), cert) {
		web.Fail(c, h.tpl, ErrNotFound)
		return
	}
	r, err := h.svc.PDF(ctx, cert)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	defer r.Close()
	c.Header("Content-Type", "application/pdf")
	c.Header("Content-Disposition", `attachment; filename="`+cert.Serial+`.pdf"`)
	c.Status(http.StatusOK)
	_, _ = io.Copy(c.Writer, r)
}

func (h *Handler) issueCohortPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		web.Fail(c, h.tpl, ErrNotFound)
		return
	}
	if _, err := h.svc.enr.ManagedCohort(ctx, accounts.CurrentUser(ctx), id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if _, err := h.svc.IssueCohort(ctx, accounts.ActorFrom(ctx), id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d#roster", id), "flash.certificates_issued")
}

func (h *Handler) revokePage(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		web.Fail(c, h.tpl, ErrNotFound)
		return
	}
	cert, err := h.svc.Revoke(ctx, accounts.ActorFrom(ctx), id, c.PostForm("reason"))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, "/verify/"+cert.Serial, "flash.certificate_revoked")
}

// API

type viewBody struct{ Body View }

type serialIn struct {
	Serial string `path:"serial" maxLength:"40"`
}

func (h *Handler) apiVerify(ctx context.Context, in *serialIn) (*viewBody, error) {
	c, err := h.svc.BySerial(ctx, in.Serial)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &viewBody{Body: viewOf(c)}, nil
}

// CertificateOut is a certificate as its holder and coordinators see it.
type CertificateOut struct {
	ID          int64  `json:"id"`
	EnrolmentID int64  `json:"enrolment_id"`
	PDF         string `json:"pdf" doc:"Download address"`
	View
}

func (h *Handler) out(c *Certificate) CertificateOut {
	return CertificateOut{ID: c.ID, EnrolmentID: c.EnrolmentID, PDF: fmt.Sprintf("/certificates/%d/pdf", c.ID), View: viewOf(c)}
}

type certBody struct{ Body CertificateOut }

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *Handler) apiIssue(ctx context.Context, in *idIn) (*certBody, error) {
	e, err := h.svc.enr.Enrolment(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	if e.CohortID != nil {
		if _, err := h.svc.enr.ManagedCohort(ctx, accounts.CurrentUser(ctx), *e.CohortID); err != nil {
			return nil, web.APIError(ctx, err)
		}
	}
	c, err := h.svc.Issue(ctx, accounts.ActorFrom(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &certBody{Body: h.out(c)}, nil
}

type issuedOut struct {
	Body struct {
		Issued int `json:"issued"`
	}
}

func (h *Handler) apiIssueCohort(ctx context.Context, in *idIn) (*issuedOut, error) {
	if _, err := h.svc.enr.ManagedCohort(ctx, accounts.CurrentUser(ctx), in.ID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	n, err := h.svc.IssueCohort(ctx, accounts.ActorFrom(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &issuedOut{}
	out.Body.Issued = n
	return out, nil
}

type certsOut struct {
	Body struct {
		Certificates []CertificateOut `json:"certificates"`
	}
}

func (h *Handler) apiMine(ctx context.Context, _ *struct{}) (*certsOut, error) {
	list, err := h.svc.Mine(ctx, accounts.CurrentUser(ctx).ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &certsOut{}
	out.Body.Certificates = make([]CertificateOut, len(list))
	for i := range list {
		out.Body.Certificates[i] = h.out(&list[i])
	}
	return out, nil
}

type revokeIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Reason string `json:"reason" maxLength:"500"`
	}
}

func (h *Handler) apiRevoke(ctx context.Context, in *revokeIn) (*certBody, error) {
	c, err := h.svc.Revoke(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.Reason)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &certBody{Body: h.out(c)}, nil
}

// RegisterAPI adds the certificate operations.
func (h *Handler) RegisterAPI(api huma.API) {
	tags := []string{"Certificates"}
	e := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict}
	huma.Register(api, huma.Operation{OperationID: "verify-certificate", Method: http.MethodGet, Path: "/api/v1/verify/{serial}", Tags: tags,
		Summary: "Verify a certificate by serial (public; no personal data beyond what is printed)", Errors: []int{http.StatusNotFound}}, h.apiVerify)
	huma.Register(api, huma.Operation{OperationID: "issue-certificate", Method: http.MethodPost, Path: "/api/v1/enrolments/{id}/certificate", Tags: tags,
		Summary: "Issue the certificate of a completed enrolment (coordinators); again returns the same one", Security: accounts.Bearer,
		Middlewares: accounts.Need(api, accounts.RoleCoordinator), Errors: e}, h.apiIssue)
	huma.Register(api, huma.Operation{OperationID: "issue-cohort-certificates", Method: http.MethodPost, Path: "/api/v1/cohorts/{id}/certificates", Tags: tags,
		Summary: "Issue every missing certificate of a cohort's completed trainees", Security: accounts.Bearer,
		Middlewares: accounts.Need(api, accounts.RoleCoordinator), Errors: e}, h.apiIssueCohort)
	huma.Register(api, huma.Operation{OperationID: "list-my-certificates", Method: http.MethodGet, Path: "/api/v1/certificates", Tags: tags,
		Summary: "Your certificates", Security: accounts.Bearer, Middlewares: accounts.Need(api), Errors: e}, h.apiMine)
	huma.Register(api, huma.Operation{OperationID: "revoke-certificate", Method: http.MethodPost, Path: "/api/v1/certificates/{id}/revoke", Tags: tags,
		Summary: "Revoke a certificate with a reason (admins)", Security: accounts.Bearer, Middlewares: accounts.Need(api, accounts.RoleAdmin), Errors: e}, h.apiRevoke)
}
