package certificates

import (
	"bytes"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// TemplateRow is one line of the templates list.
type TemplateRow struct {
	Key   string // "default" or the programme id
	Title string
	Own   bool // has its own template (else uses the default)
}

type templatesView struct {
	web.Page
	Rows []TemplateRow
}

func (h *Handler) showTemplates(c *gin.Context) {
	ctx := c.Request.Context()
	l := web.Localizer(ctx)
	list, err := h.svc.TemplateList(ctx, accounts.CurrentUser(ctx))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &templatesView{Page: web.NewPage(c, "page.certificate_templates.title")}
	for _, e := range list {
		title := l.T("page.certificate_templates.default")
		if e.Programme != nil {
			title = e.Programme.ProgrammeTitle(l.Code()).Text
		}
		v.Rows = append(v.Rows, TemplateRow{Key: e.Key, Title: title, Own: e.Own})
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.CertificateTemplates, v)
}

type templateView struct {
	web.Page
	Key        string
	Programme  string
	Template   *Template
	Form       TemplateInput
	Inherited  bool // no own template yet: the form shows the default's values
	Locales    []i18n.Option
	Papers     []i18n.Option
	Signatory  SignatoryForm
	MaxSigners int
}

// SignatoryForm is the add-a-signatory form as typed.
type SignatoryForm struct{ Name, Title string }

// template loads the :key template and the programme's title.
func (h *Handler) template(c *gin.Context) (*int64, *Template, string, bool) {
	ctx := c.Request.Context()
	prog, p, err := h.svc.TemplateKey(ctx, accounts.CurrentUser(ctx), c.Param("key"))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, nil, "", false
	}
	title := web.Localizer(ctx).T("page.certificate_templates.default")
	if p != nil {
		title = p.ProgrammeTitle(web.Localizer(ctx).Code()).Text
	}
	t, err := h.svc.Template(ctx, prog)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, nil, "", false
	}
	return prog, t, title, true
}

func inputOf(t *Template) TemplateInput {
	return TemplateInput{SecondLocale: t.SecondLocale, Paper: t.Paper, Colour: t.Colour, Institute: t.Institute,
		InstituteLocal: t.InstituteLocal, Heading: t.Heading, HeadingLocal: t.HeadingLocal, Statement: t.Statement, StatementLocal: t.StatementLocal}
}

func formInput(c *gin.Context) TemplateInput {
	return TemplateInput{SecondLocale: c.PostForm("second_locale"), Paper: c.PostForm("paper"), Colour: c.PostForm("colour"),
		Institute: c.PostForm("institute"), InstituteLocal: c.PostForm("institute_local"), Heading: c.PostForm("heading"),
		HeadingLocal: c.PostForm("heading_local"), Statement: c.PostForm("statement"), StatementLocal: c.PostForm("statement_local")}
}

func (h *Handler) renderTemplate(c *gin.Context, prog *int64, t *Template, title string, form TemplateInput, sig SignatoryForm, status int, problem error) {
	v := &templateView{Page: web.NewPage(c, "page.certificate_template.title", "Programme", title), Key: c.Param("key"), Programme: title,
		Template: t, Form: form, Inherited: t.ID == 0 && prog != nil, Signatory: sig, MaxSigners: MaxSignatories}
	for _, code := range SecondLocales {
		v.Locales = append(v.Locales, i18n.Option{Value: code, Label: i18n.LanguageName(code), Selected: code == form.SecondLocale})
	}
	for _, p := range []struct{ value, label string }{{"A4", "page.certificate_template.paper_a4"}, {"Letter", "page.certificate_template.paper_letter"}} {
		v.Papers = append(v.Papers, i18n.Option{Value: p.value, Label: v.T(p.label), Selected: p.value == form.Paper})
	}
	if problem != nil && !v.AddProblems(problem) {
		web.Fail(c, h.tpl, problem)
		return
	}
	web.HTML(c, h.tpl, status, templates.CertificateTemplate, v)
}

func (h *Handler) showTemplate(c *gin.Context) {
	prog, t, title, ok := h.template(c)
	if !ok {
		return
	}
	form := inputOf(t)
	if t.ID == 0 && prog != nil { // show what it inherits
		if def, err := h.svc.Template(c.Request.Context(), nil); err == nil {
			form = inputOf(def)
		}
	}
	h.renderTemplate(c, prog, t, title, form, SignatoryForm{}, http.StatusOK, nil)
}

func (h *Handler) saveTemplate(c *gin.Context) {
	prog, t, title, ok := h.template(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	form := formInput(c)
	if _, err := h.svc.SaveTemplate(ctx, accounts.ActorFrom(ctx), prog, form); err != nil {
		h.renderTemplate(c, prog, t, title, form, SignatoryForm{}, web.Status(err), err)
		return
	}
	web.Redirect(c, "/admin/certificate-templates/"+c.Param("key"), "flash.saved")
}

// preview writes a sample PDF of t inline, so it opens in the browser.
func (h *Handler) preview(c *gin.Context, t *Template, title string) {
	var buf bytes.Buffer
	if err := h.svc.Preview(c.Request.Context(), &buf, t, title); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="certificate-preview.pdf"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}

func (h *Handler) previewSaved(c *gin.Context) {
	prog, t, title, ok := h.template(c)
	if !ok {
		return
	}
	if t.ID == 0 && prog != nil {
		var err error
		if t, err = h.svc.Template(c.Request.Context(), nil); err != nil {
			web.Fail(c, h.tpl, err)
			return
		}
	}
	h.preview(c, t, title)
}

// previewForm renders the form's values without saving them: the "Preview"
// button of the form posts here.
func (h *Handler) previewForm(c *gin.Context) {
	prog, t, title, ok := h.template(c)
	if !ok {
		return
	}
	form := formInput(c)
	draft := *t
	if err := form.apply(&draft); err != nil {
		h.renderTemplate(c, prog, t, title, form, SignatoryForm{}, web.Status(err), err)
		return
	}
	if draft.ID == 0 && prog != nil { // signatories and logo come from the default until saved
		if def, err := h.svc.Template(c.Request.Context(), nil); err == nil {
			draft.Signatories, draft.LogoKey = def.Signatories, def.LogoKey
		}
	}
	h.preview(c, &draft, title)
}

// upload opens an optional file of the form; nil when none was sent.
// The service checks the image's size and content (files.CheckImage).
func upload(c *gin.Context, field string) (io.ReadCloser, error) {
	form, err := c.MultipartForm()
	if err != nil {
		v := &i18n.ValidationError{}
		v.Add(field, "error.file.image_type")
		return nil, v
	}
	return formFile(form, field)
}

func (h *Handler) addSignatory(c *gin.Context) {
	prog, t, title, ok := h.template(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	sig := SignatoryForm{Name: c.PostForm("name"), Title: c.PostForm("title")}
	err := func() error {
		img, err := upload(c, "image")
		if err != nil {
			return err
		}
		in := SignatoryInput{Name: sig.Name, Title: sig.Title}
		if img != nil {
			defer img.Close()
			in.Image = img
		}
		_, err = h.svc.AddSignatory(ctx, accounts.ActorFrom(ctx), prog, in)
		return err
	}()
	if err != nil {
		h.renderTemplate(c, prog, t, title, inputOf(t), sig, web.Status(err), err)
		return
	}
	web.Redirect(c, "/admin/certificate-templates/"+c.Param("key")+"#signatories", "flash.saved")
}

func (h *Handler) removeSignatory(c *gin.Context) {
	prog, ok := programmeKey(c.Param("key"))
	sid, ok2 := idParam(c, "sid")
	if !ok || !ok2 {
		web.Fail(c, h.tpl, ErrTemplateNotFound)
		return
	}
	ctx := c.Request.Context()
	if err := h.svc.RemoveSignatory(ctx, accounts.ActorFrom(ctx), prog, sid); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, "/admin/certificate-templates/"+c.Param("key")+"#signatories", "flash.saved")
}

func (h *Handler) setLogo(c *gin.Context) {
	prog, t, title, ok := h.template(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	err := func() error {
		if c.PostForm("remove") == "1" {
			return h.svc.SetLogo(ctx, accounts.ActorFrom(ctx), prog, nil)
		}
		img, err := upload(c, "logo")
		if err != nil {
			return err
		}
		if img == nil {
			v := &i18n.ValidationError{}
			v.Add("logo", "error.field.required")
			return v
		}
		defer img.Close()
		return h.svc.SetLogo(ctx, accounts.ActorFrom(ctx), prog, img)
	}()
	if err != nil {
		h.renderTemplate(c, prog, t, title, inputOf(t), SignatoryForm{}, web.Status(err), err)
		return
	}
	web.Redirect(c, "/admin/certificate-templates/"+c.Param("key"), "flash.saved")
}
