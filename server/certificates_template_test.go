package server_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

func signaturePNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 200, 60))
	for x := 5; x < 195; x++ {
		img.Set(x, 30+(x%14)-7, color.Black)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postFile posts a multipart form with one file field.
func (c *client) postFile(path string, fields map[string]string, field, name string, content []byte) resp {
	c.a.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fields[web.CSRFField] = c.csrf()
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if field != "" {
		fw, _ := w.CreateFormFile(field, name)
		_, _ = fw.Write(content)
	}
	_ = w.Close()
	return c.do(http.MethodPost, path, &buf, map[string]string{"Content-Type": w.FormDataContentType()})
}

// TestProgrammeTemplateOverHTTP: an admin gives a programme its own
// template (Vietnamese beside English, a signatory with a signature image);
// a file that is not an image is refused with the field named in the
// admin's language and nothing stored; the preview and the programme's
// next certificate use the template.
func TestProgrammeTemplateOverHTTP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newCertFixture(t, a, "TPL")
		ctx := context.Background()
		c, _ := a.crs.Course(ctx, fx.cert.CourseID)
		key := fmt.Sprint(c.ProgrammeID)
		admin := a.client()
		admin.login("admin@example.org")
		base := "/admin/certificate-templates/" + key
		if r := admin.get(base); r.status != http.StatusOK || !strings.Contains(r.body, `name="second_locale"`) {
			t.Fatalf("programme template page: %d", r.status)
		}
		r := admin.post(base, url.Values{"second_locale": {"vi"}, "paper": {"A4"}, "colour": {"#7a1f1f"}, "heading": {"Certificate of Training"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("save: %d %.300s", r.status, r.body)
		}
		b, _ := i18n.Load()
		r = admin.postFile(base+"/signatories", map[string]string{"name": "Jung Hae-won", "title": "President"}, "image", "sig.png", []byte("not a picture"))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, b.Localizer("ko").T("error.file.image_type")) || !strings.Contains(r.body, `href="#f-image"`) {
			t.Fatalf("a text file as signature: %d %.400s", r.status, r.body)
		}
		big := append(signaturePNG(t), bytes.Repeat([]byte{0}, 1<<20)...)
		r = admin.postFile(base+"/signatories", map[string]string{"name": "Jung Hae-won"}, "image", "big.png", big)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, b.Localizer("ko").T("error.file.too_large", "MB", 1)) {
			t.Fatalf("a 1 MB+ signature: %d %.400s", r.status, r.body)
		}
		if n := storetest.Count(t, db, "certificate_signatories"); n != 0 {
			t.Fatalf("%d signatories after a refused upload", n)
		}
		r = admin.postFile(base+"/signatories", map[string]string{"name": "Jung Hae-won", "title": "President"}, "image", "sig.png", signaturePNG(t))
		if r.status != http.StatusSeeOther {
			t.Fatalf("signatory: %d %.300s", r.status, r.body)
		}
		r = admin.postFile(base+"/logo", map[string]string{}, "logo", "logo.png", signaturePNG(t))
		if r.status != http.StatusSeeOther {
			t.Fatalf("logo: %d %.300s", r.status, r.body)
		}
		tpl, err := a.certs.Template(ctx, &c.ProgrammeID)
		if err != nil || tpl.SecondLocale != "vi" || len(tpl.Signatories) != 1 || tpl.Signatories[0].ImageKey == "" || tpl.LogoKey == "" {
			t.Fatalf("stored template: %+v %v", tpl, err)
		}
		// Preview of unsaved settings: a PDF, nothing saved.
		pv := admin.post(base+"/preview", url.Values{"second_locale": {"ru"}, "paper": {"Letter"}, "colour": {"#063A74"}})
		if pv.status != http.StatusOK || !strings.HasPrefix(pv.body, "%PDF") {
			t.Fatalf("preview: %d", pv.status)
		}
		if tpl, _ = a.certs.Template(ctx, &c.ProgrammeID); tpl.SecondLocale != "vi" {
			t.Fatal("the preview saved the form")
		}
		// The programme's next certificate uses it.
		vn := fx.enrolments["learner.vn@example.org"]
		cert, err := a.certs.Issue(ctx, accountsActor(), vn)
		if err != nil || cert.SecondLocale != "vi" {
			t.Fatalf("issued with the template: %+v %v", cert, err)
		}
		if got := a.api("GET", "/api/v1/certificate-templates/"+key, a.token("admin@example.org"), nil); !strings.Contains(got.body, `"logo":true`) ||
			!strings.Contains(got.body, `"image":true`) {
			t.Fatalf("template over the API: %s", got.body)
		}
	})
}
