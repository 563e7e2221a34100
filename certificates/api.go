package certificates

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

type viewBody struct{ Body View }

type serialIn struct {
	Serial string `path:"serial" maxLength:"40"`
}

func (h *Handler) apiVerify(ctx context.Context, in *serialIn) (*viewBody, error) {
	c, err := h.svc.BySerial(ctx, in.Serial)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	v, err := h.svc.view(ctx, c)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &viewBody{Body: v}, nil
}

// credentialIn is a credential document to check, read as it came: the
// rule (CheckCredential) says what is acceptable, for the page and the API
// alike.
type credentialIn struct {
	RawBody []byte
}

type credentialCheckBody struct{ Body CredentialCheck }

func (h *Handler) apiCheckCredential(ctx context.Context, in *credentialIn) (*credentialCheckBody, error) {
	check, err := h.svc.CheckCredential(ctx, in.RawBody)
	if err != nil {
		return nil, documentError(ctx, err)
	}
	return &credentialCheckBody{Body: *check}, nil
}

// documentError is web.APIError for an operation whose whole body is the
// document checked: its problems are at "body", not at a property of it.
func documentError(ctx context.Context, err error) error {
	var v *i18n.ValidationError
	if !errors.As(err, &v) {
		return web.APIError(ctx, err)
	}
	l := web.Localizer(ctx)
	details := make([]error, len(v.Fields))
	for i, f := range v.Fields {
		details[i] = &huma.ErrorDetail{Message: l.Message(f.Msg), Location: "body"}
	}
	return huma.NewError(http.StatusUnprocessableEntity, l.T("error.validation"), details...)
}

// credentialRequest documents the body of verify-credential. The body is
// read raw and not validated by huma (SkipValidateBody), so that every
// problem with it is CheckCredential's, named in the caller's language.
func credentialRequest() *huma.RequestBody {
	return &huma.RequestBody{Required: true, Description: "The credential document: an OpenBadgeCredential with its embedded proof, " +
		"such as the credential.json attached to a certificate's PDF (at most 256 KiB)", Content: map[string]*huma.MediaType{
		"application/json":    {Schema: &huma.Schema{Type: "object", AdditionalProperties: true}},
		"application/ld+json": {Schema: &huma.Schema{Type: "object", AdditionalProperties: true}},
	}}
}

// CertificateOut is a certificate as its holder and coordinators see it.
type CertificateOut struct {
	ID          int64  `json:"id"`
	EnrolmentID int64  `json:"enrolment_id"`
	PDF         string `json:"pdf" doc:"Download address (API)"`
	VerifyURL   string `json:"verify_url" doc:"Public verification page"`
	View
}

func (h *Handler) out(ctx context.Context, c *Certificate) (CertificateOut, error) {
	v, err := h.svc.view(ctx, c)
	return CertificateOut{ID: c.ID, EnrolmentID: c.EnrolmentID, PDF: fmt.Sprintf("/api/v1/certificates/%d/pdf", c.ID),
		VerifyURL: h.svc.VerifyURL(c.Serial), View: v}, err
}

type certBody struct{ Body CertificateOut }

func (h *Handler) certBody(ctx context.Context, c *Certificate) (*certBody, error) {
	o, err := h.out(ctx, c)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &certBody{Body: o}, nil
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *Handler) apiIssue(ctx context.Context, in *idIn) (*certBody, error) {
	c, err := h.svc.IssueFor(ctx, accounts.CurrentUser(ctx), accounts.ActorFrom(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.certBody(ctx, c)
}

func (h *Handler) apiCertificate(ctx context.Context, in *idIn) (*certBody, error) {
	c, err := h.svc.Readable(ctx, accounts.CurrentUser(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.certBody(ctx, c)
}

func (h *Handler) apiPDF(ctx context.Context, in *idIn) (*huma.StreamResponse, error) {
	c, err := h.svc.Readable(ctx, accounts.CurrentUser(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	r, err := h.svc.PDF(ctx, c)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return web.Stream(r, "application/pdf", c.Serial+".pdf"), nil
}

// TraineeOut is a trainee of a cohort with their current certificate.
type TraineeOut struct {
	EnrolmentID   int64  `json:"enrolment_id"`
	Name          string `json:"name"`
	NativeName    string `json:"native_name,omitempty"`
	NativePrinted bool   `json:"native_name_printed" doc:"False when the certificate prints only the Latin name"`
	Country       string `json:"country,omitempty"`
	Status        string `json:"status" doc:"Enrolment status"`
	CertificateID int64  `json:"certificate_id,omitempty"`
	Serial        string `json:"serial,omitempty"`
	CertStatus    Status `json:"certificate_status,omitempty"`
}

type cohortCertsIn struct {
	ID      int64  `path:"id" minimum:"1"`
	Q       string `query:"q" maxLength:"200" doc:"Words in the trainee's name, native name, e-mail or organisation"`
	Show    string `query:"show" enum:"issuable,issued,in_progress," doc:"issuable: completed without a certificate; issued: with one; in_progress: not completed"`
	Page    int    `query:"page" minimum:"1" default:"1"`
	PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

type cohortCertsOut struct {
	Body struct {
		AutoIssue bool         `json:"auto_issue"`
		Trainees  []TraineeOut `json:"trainees"`
		Total     int64        `json:"total" doc:"Trainees the filters keep, on every page"`
		Page      int          `json:"page"`
		PerPage   int          `json:"per_page"`
		Issued    int64        `json:"issued" doc:"Trainees of the whole cohort with a certificate"`
		Issuable  int64        `json:"issuable" doc:"Trainees of the whole cohort completed without one"`
	}
}

// apiManaged checks that the caller is in charge of the cohort.
func (h *Handler) apiManaged(ctx context.Context, cohortID int64) error {
	if _, err := h.svc.ManagedCohort(ctx, accounts.CurrentUser(ctx), cohortID); err != nil {
		return web.APIError(ctx, err)
	}
	return nil
}

func (h *Handler) apiCohort(ctx context.Context, in *cohortCertsIn) (*cohortCertsOut, error) {
	if err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	list, err := h.svc.TraineesPage(ctx, in.ID, TraineeFilter{Search: web.ParseSearch(in.Q), Show: TraineeShow(in.Show),
		Page: web.PageRequest{Page: in.Page, PerPage: in.PerPage}})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &cohortCertsOut{}
	if out.Body.AutoIssue, err = h.svc.Auto(ctx, in.ID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	if out.Body.Issued, out.Body.Issuable, err = h.svc.TraineeCounts(ctx, in.ID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	out.Body.Trainees = make([]TraineeOut, len(list.Rows))
	for i, r := range list.Rows {
		out.Body.Trainees[i] = TraineeOut{EnrolmentID: r.EnrolmentID, Name: r.Name, NativeName: r.NativeName, NativePrinted: r.NativeName != "" && i18n.Printable(r.NativeName),
			Country: r.Country, Status: string(r.Status), CertificateID: r.CertificateID, Serial: r.Serial, CertStatus: r.CertStatus}
	}
	out.Body.Total, out.Body.Page, out.Body.PerPage = list.Total, list.Page.Page, list.Page.PerPage
	return out, nil
}

type issueSelectedIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		EnrolmentIDs []int64 `json:"enrolment_ids" minItems:"1" maxItems:"5000" doc:"Completed enrolments of the cohort; use a batch for the whole cohort"`
	}
}

type issuedOut struct {
	Body struct {
		Issued int `json:"issued" doc:"Certificates made now (those that existed are kept)"`
	}
}

func (h *Handler) apiIssueSelected(ctx context.Context, in *issueSelectedIn) (*issuedOut, error) {
	if err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	n, err := h.svc.IssueSelected(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.EnrolmentIDs)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &issuedOut{}
	out.Body.Issued = n
	return out, nil
}

// BatchOut is a bulk issue and how far it is.
type BatchOut struct {
	ID        int64     `json:"id"`
	CohortID  int64     `json:"cohort_id"`
	Status    string    `json:"status" enum:"queued,running,done,failed"`
	Total     int       `json:"total"`
	Done      int       `json:"done"`
	Issued    int       `json:"issued"`
	Percent   int       `json:"percent"`
	Stalled   bool      `json:"stalled" doc:"Running but without progress for minutes: the server may have restarted, and the batch carries on by itself"`
	ZIP       string    `json:"zip,omitempty" doc:"Download address once done"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

type batchBody struct{ Body BatchOut }

func batchOut(b *Batch) *batchBody {
	o := BatchOut{ID: b.ID, CohortID: b.CohortID, Status: b.Status, Total: b.Total, Done: b.Done, Issued: b.Issued, Percent: b.Percent(),
		Stalled: b.Stalled, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt}
	if b.Status == BatchDone {
		o.ZIP = fmt.Sprintf("/api/v1/certificate-batches/%d/zip", b.ID)
	}
	return &batchBody{Body: o}
}

func (h *Handler) apiStartBatch(ctx context.Context, in *idIn) (*batchBody, error) {
	if err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	b, err := h.svc.StartBatch(ctx, accounts.ActorFrom(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return batchOut(b), nil
}

// apiBatchFor loads a batch the caller may see.
func (h *Handler) apiBatchFor(ctx context.Context, id int64) (*Batch, error) {
	b, err := h.svc.ManagedBatch(ctx, accounts.CurrentUser(ctx), id)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return b, nil
}

func (h *Handler) apiBatch(ctx context.Context, in *idIn) (*batchBody, error) {
	b, err := h.apiBatchFor(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return batchOut(b), nil
}

func (h *Handler) apiZip(ctx context.Context, in *idIn) (*huma.StreamResponse, error) {
	b, err := h.apiBatchFor(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	r, err := h.svc.OpenZip(ctx, b)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return web.Stream(r, "application/zip", fmt.Sprintf("certificates-cohort-%d-batch-%d.zip", b.CohortID, b.ID)), nil
}

type autoIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		AutoIssue bool `json:"auto_issue" doc:"Issue each trainee's certificate as soon as they complete"`
	}
}

type autoOut struct {
	Body struct {
		AutoIssue bool `json:"auto_issue"`
	}
}

func (h *Handler) apiSetAuto(ctx context.Context, in *autoIn) (*autoOut, error) {
	if err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	if err := h.svc.SetAuto(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.AutoIssue); err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &autoOut{}
	out.Body.AutoIssue = in.Body.AutoIssue
	return out, nil
}

type listIn struct {
	Cohort  int64  `query:"cohort" minimum:"0" doc:"Only this cohort's certificates"`
	Holder  int64  `query:"holder" minimum:"0" doc:"Only this person's (a user id)"`
	Status  string `query:"status" enum:"valid,revoked,superseded" doc:"Only certificates in this state"`
	Q       string `query:"q" maxLength:"100" doc:"Part of the holder's name, or a serial"`
	Page    int    `query:"page" minimum:"1" default:"1"`
	PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

type certsOut struct {
	Body struct {
		Certificates []CertificateOut `json:"certificates"`
		Total        int64            `json:"total"`
		Page         int              `json:"page"`
		PerPage      int              `json:"per_page"`
	}
}

func (h *Handler) apiList(ctx context.Context, in *listIn) (*certsOut, error) {
	list, total, err := h.svc.List(ctx, accounts.CurrentUser(ctx), Filter{CohortID: in.Cohort, UserID: in.Holder, Status: Status(in.Status),
		Query: in.Q, Page: in.Page, PerPage: in.PerPage})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &certsOut{}
	out.Body.Total, out.Body.Page, out.Body.PerPage = total, in.Page, in.PerPage
	out.Body.Certificates = make([]CertificateOut, len(list))
	for i := range list {
		if out.Body.Certificates[i], err = h.out(ctx, &list[i]); err != nil {
			return nil, web.APIError(ctx, err)
		}
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
	return h.certBody(ctx, c)
}

func (h *Handler) apiReissue(ctx context.Context, in *idIn) (*certBody, error) {
	c, err := h.svc.Reissue(ctx, accounts.ActorFrom(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.certBody(ctx, c)
}

// TemplateOut is a certificate template as the API shows it.
type TemplateOut struct {
	Key            string         `json:"key" doc:"\"default\" or the programme id"`
	Own            bool           `json:"own" doc:"False when the programme has none and uses the default"`
	SecondLocale   string         `json:"second_locale" enum:"ko,fr,es,vi,ru"`
	Paper          string         `json:"paper" enum:"A4,Letter"`
	Colour         string         `json:"colour" pattern:"^#[0-9A-Fa-f]{6}$"`
	Logo           bool           `json:"logo"`
	Institute      string         `json:"institute"`
	InstituteLocal string         `json:"institute_local"`
	Heading        string         `json:"heading"`
	HeadingLocal   string         `json:"heading_local"`
	Statement      string         `json:"statement"`
	StatementLocal string         `json:"statement_local"`
	Signatories    []SignatoryOut `json:"signatories"`
}

// SignatoryOut is one signatory.
type SignatoryOut struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Title string `json:"title"`
	Image bool   `json:"image"`
}

type templateBody struct{ Body TemplateOut }

func templateOut(key string, t *Template) *templateBody {
	o := TemplateOut{Key: key, Own: t.ID != 0, SecondLocale: t.SecondLocale, Paper: t.Paper, Colour: t.Colour, Logo: t.LogoKey != "",
		Institute: t.Institute, InstituteLocal: t.InstituteLocal, Heading: t.Heading, HeadingLocal: t.HeadingLocal,
		Statement: t.Statement, StatementLocal: t.StatementLocal, Signatories: []SignatoryOut{}}
	for _, s := range t.Signatories {
		o.Signatories = append(o.Signatories, SignatoryOut{ID: s.ID, Name: s.Name, Title: s.Title, Image: s.ImageKey != ""})
	}
	return &templateBody{Body: o}
}

type keyIn struct {
	Key string `path:"key" pattern:"^(default|[1-9][0-9]{0,18})$" doc:"\"default\" or a programme id"`
}

func (h *Handler) apiKey(ctx context.Context, key string) (*int64, error) {
	prog, _, err := h.svc.TemplateKey(ctx, accounts.CurrentUser(ctx), key)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return prog, nil
}

func (h *Handler) apiTemplate(ctx context.Context, in *keyIn) (*templateBody, error) {
	prog, err := h.apiKey(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	t, err := h.svc.Template(ctx, prog)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return templateOut(in.Key, t), nil
}

type templatePutIn struct {
	Key  string `path:"key" pattern:"^(default|[1-9][0-9]{0,18})$"`
	Body struct {
		SecondLocale   string `json:"second_locale" enum:"ko,fr,es,vi,ru"`
		Paper          string `json:"paper" enum:"A4,Letter"`
		Colour         string `json:"colour" pattern:"^#[0-9A-Fa-f]{6}$"`
		Institute      string `json:"institute,omitempty" maxLength:"200"`
		InstituteLocal string `json:"institute_local,omitempty" maxLength:"200"`
		Heading        string `json:"heading,omitempty" maxLength:"200"`
		HeadingLocal   string `json:"heading_local,omitempty" maxLength:"200"`
		Statement      string `json:"statement,omitempty" maxLength:"200"`
		StatementLocal string `json:"statement_local,omitempty" maxLength:"200"`
	}
}

func (h *Handler) apiPutTemplate(ctx context.Context, in *templatePutIn) (*templateBody, error) {
	prog, err := h.apiKey(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	b := in.Body
	if _, err := h.svc.SaveTemplate(ctx, accounts.ActorFrom(ctx), prog, TemplateInput{SecondLocale: b.SecondLocale, Paper: b.Paper, Colour: b.Colour,
		Institute: b.Institute, InstituteLocal: b.InstituteLocal, Heading: b.Heading, HeadingLocal: b.HeadingLocal,
		Statement: b.Statement, StatementLocal: b.StatementLocal}); err != nil {
		return nil, web.APIError(ctx, err)
	}
	// Read back with its signatories, as GET shows it.
	t, err := h.svc.Template(ctx, prog)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return templateOut(in.Key, t), nil
}

type uploadIn struct {
	Key     string `path:"key" pattern:"^(default|[1-9][0-9]{0,18})$"`
	RawBody multipart.Form
}

// formFile opens the first file of a multipart field, or nil; the service
// checks its size and content (files.CheckImage).
func formFile(f *multipart.Form, field string) (io.ReadCloser, error) {
	if f == nil || len(f.File[field]) == 0 {
		return nil, nil
	}
	r, err := f.File[field][0].Open()
	if err != nil {
		return nil, fmt.Errorf("certificates: open upload %s: %w", field, err)
	}
	return r, nil
}

func formValue(f *multipart.Form, field string) string {
	if f == nil || len(f.Value[field]) == 0 {
		return ""
	}
	return f.Value[field][0]
}

func (h *Handler) apiAddSignatory(ctx context.Context, in *uploadIn) (*templateBody, error) {
	prog, err := h.apiKey(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	img, err := formFile(&in.RawBody, "image")
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	sig := SignatoryInput{Name: formValue(&in.RawBody, "name"), Title: formValue(&in.RawBody, "title")}
	if img != nil {
		defer img.Close()
		sig.Image = img
	}
	if _, err := h.svc.AddSignatory(ctx, accounts.ActorFrom(ctx), prog, sig); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.apiTemplate(ctx, &keyIn{Key: in.Key})
}

type signatoryIn struct {
	Key string `path:"key" pattern:"^(default|[1-9][0-9]{0,18})$"`
	SID int64  `path:"sid" minimum:"1"`
}

func (h *Handler) apiRemoveSignatory(ctx context.Context, in *signatoryIn) (*templateBody, error) {
	prog, err := h.apiKey(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	if err := h.svc.RemoveSignatory(ctx, accounts.ActorFrom(ctx), prog, in.SID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.apiTemplate(ctx, &keyIn{Key: in.Key})
}

func (h *Handler) apiSetLogo(ctx context.Context, in *uploadIn) (*templateBody, error) {
	prog, err := h.apiKey(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	img, err := formFile(&in.RawBody, "logo")
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	var r io.Reader // nil removes the logo
	if img != nil {
		defer img.Close()
		r = img
	}
	if err := h.svc.SetLogo(ctx, accounts.ActorFrom(ctx), prog, r); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.apiTemplate(ctx, &keyIn{Key: in.Key})
}

func (h *Handler) apiPreview(ctx context.Context, in *keyIn) (*huma.StreamResponse, error) {
	prog, err := h.apiKey(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	t, err := h.svc.Template(ctx, prog)
	if err == nil && t.ID == 0 && prog != nil {
		t, err = h.svc.Template(ctx, nil)
	}
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	var buf bytes.Buffer
	if err := h.svc.Preview(ctx, &buf, t, ""); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return web.Stream(io.NopCloser(&buf), "application/pdf", "certificate-preview.pdf"), nil
}

// RegisterAPI adds the certificate operations.
func (h *Handler) RegisterAPI(api huma.API) {
	tags := []string{"Certificates"}
	e := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	coord := accounts.Need(api, accounts.RoleCoordinator)
	admin := accounts.Need(api, accounts.RoleAdmin)
	public := map[string]bool{"verify-certificate": true, "verify-credential": true}
	reg := func(op huma.Operation) huma.Operation {
		op.Tags = tags
		if op.Security == nil && !public[op.OperationID] {
			op.Security = accounts.Bearer
		}
		if op.Errors == nil {
			op.Errors = e
		}
		return op
	}
	huma.Register(api, reg(huma.Operation{OperationID: "verify-certificate", Method: http.MethodGet, Path: "/api/v1/verify/{serial}",
		Summary: "Verify a certificate by serial (public; no personal data beyond what is printed)", Errors: []int{http.StatusNotFound}}), h.apiVerify)
	huma.Register(api, reg(huma.Operation{OperationID: "verify-credential", Method: http.MethodPost, Path: "/api/v1/credentials/verify",
		Summary: "Check a signed credential (public): its signature, who signed it, its status and Baeum's record of it",
		Description: "The body is the credential document itself. The signature is checked only against the institute's own keys, current and retired; " +
			"the status and the record come from Baeum's records, and nothing the document points to is fetched. " +
			"`valid` is true only when the signature holds, the certificate is valid and the document is the one Baeum issued.",
		RequestBody: credentialRequest(), SkipValidateBody: true,
		// A little over the limit is answered by the rule, which names it;
		// far over is refused unread (413).
		MaxBodyBytes: 2 * MaxCredentialBytes, BodyReadTimeout: 5 * time.Second,
		Errors: []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity}}), h.apiCheckCredential)
	huma.Register(api, reg(huma.Operation{OperationID: "list-certificates", Method: http.MethodGet, Path: "/api/v1/certificates",
		Summary:     "Certificates you may read, newest first",
		Description: "Learners get their own; coordinators also those of the cohorts in their charge and of self-paced courses; administrators every certificate. The filters narrow that.",
		Middlewares: accounts.Need(api)}), h.apiList)
	huma.Register(api, reg(huma.Operation{OperationID: "get-certificate", Method: http.MethodGet, Path: "/api/v1/certificates/{id}",
		Summary: "A certificate (its holder, the cohort's coordinators, admins)", Middlewares: accounts.Need(api)}), h.apiCertificate)
	huma.Register(api, reg(huma.Operation{OperationID: "download-certificate", Method: http.MethodGet, Path: "/api/v1/certificates/{id}/pdf",
		Summary: "The stored PDF of a certificate", Middlewares: accounts.Need(api), Responses: web.BinaryResponses("application/pdf", "The PDF as issued")}), h.apiPDF)
	huma.Register(api, reg(huma.Operation{OperationID: "issue-certificate", Method: http.MethodPost, Path: "/api/v1/enrolments/{id}/certificate",
		Summary: "Issue the certificate of a completed enrolment; again returns the same one", Middlewares: coord}), h.apiIssue)
	huma.Register(api, reg(huma.Operation{OperationID: "list-cohort-certificates", Method: http.MethodGet, Path: "/api/v1/cohorts/{id}/certificates",
		Summary: "A cohort's trainees with their certificates", Middlewares: coord}), h.apiCohort)
	huma.Register(api, reg(huma.Operation{OperationID: "issue-selected-certificates", Method: http.MethodPost, Path: "/api/v1/cohorts/{id}/certificates",
		Summary: "Issue the certificates of selected completed trainees (all or nothing)", Middlewares: coord}), h.apiIssueSelected)
	huma.Register(api, reg(huma.Operation{OperationID: "set-cohort-auto-issue", Method: http.MethodPut, Path: "/api/v1/cohorts/{id}/certificate-settings",
		Summary: "Issue certificates automatically on completion, or not", Middlewares: coord}), h.apiSetAuto)
	huma.Register(api, reg(huma.Operation{OperationID: "start-certificate-batch", Method: http.MethodPost, Path: "/api/v1/cohorts/{id}/certificate-batches",
		Summary: "Issue a whole cohort in the background and build a ZIP of its PDFs", Middlewares: coord, DefaultStatus: http.StatusAccepted}), h.apiStartBatch)
	huma.Register(api, reg(huma.Operation{OperationID: "get-certificate-batch", Method: http.MethodGet, Path: "/api/v1/certificate-batches/{id}",
		Summary: "How far a bulk issue is", Middlewares: coord}), h.apiBatch)
	huma.Register(api, reg(huma.Operation{OperationID: "download-certificate-batch", Method: http.MethodGet, Path: "/api/v1/certificate-batches/{id}/zip",
		Summary: "The ZIP of a finished bulk issue", Middlewares: coord, Responses: web.BinaryResponses("application/zip", "Every valid certificate of the cohort")}), h.apiZip)
	huma.Register(api, reg(huma.Operation{OperationID: "revoke-certificate", Method: http.MethodPost, Path: "/api/v1/certificates/{id}/revoke",
		Summary: "Revoke a certificate with a reason (admins)", Middlewares: admin}), h.apiRevoke)
	huma.Register(api, reg(huma.Operation{OperationID: "reissue-certificate", Method: http.MethodPost, Path: "/api/v1/certificates/{id}/reissue",
		Summary: "Re-issue after a name correction: a new serial and PDF; the old one is marked superseded (admins)", Middlewares: admin}), h.apiReissue)
	huma.Register(api, reg(huma.Operation{OperationID: "get-certificate-template", Method: http.MethodGet, Path: "/api/v1/certificate-templates/{key}",
		Summary: "A programme's certificate template (or \"default\")", Middlewares: admin}), h.apiTemplate)
	huma.Register(api, reg(huma.Operation{OperationID: "put-certificate-template", Method: http.MethodPut, Path: "/api/v1/certificate-templates/{key}",
		Summary: "Set a programme's certificate template", Middlewares: admin}), h.apiPutTemplate)
	huma.Register(api, reg(huma.Operation{OperationID: "add-certificate-signatory", Method: http.MethodPost, Path: "/api/v1/certificate-templates/{key}/signatories",
		Summary: "Add a signatory (multipart: name, title, image PNG/JPEG ≤ 1 MB)", Middlewares: admin}), h.apiAddSignatory)
	huma.Register(api, reg(huma.Operation{OperationID: "remove-certificate-signatory", Method: http.MethodDelete, Path: "/api/v1/certificate-templates/{key}/signatories/{sid}",
		Summary: "Remove a signatory", Middlewares: admin}), h.apiRemoveSignatory)
	huma.Register(api, reg(huma.Operation{OperationID: "set-certificate-logo", Method: http.MethodPut, Path: "/api/v1/certificate-templates/{key}/logo",
		Summary: "Set the logo (multipart: logo PNG/JPEG ≤ 1 MB; none removes it)", Middlewares: admin}), h.apiSetLogo)
	huma.Register(api, reg(huma.Operation{OperationID: "preview-certificate-template", Method: http.MethodGet, Path: "/api/v1/certificate-templates/{key}/preview",
		Summary: "A sample certificate with the saved template", Middlewares: admin, Responses: web.BinaryResponses("application/pdf", "A sample PDF")}), h.apiPreview)
}
