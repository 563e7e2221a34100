package certificates

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// SecondLocales are the languages a certificate can print beside English:
// the UI languages whose script the fonts cover (Arabic needs shaping that
// the PDF writer lacks).
var SecondLocales = []string{"ko", "fr", "es", "vi", "ru"}

// MaxSignatories is how many people can sign one template's certificates.
const MaxSignatories = 3

// MaxImageBytes bounds a logo or signature image.
const MaxImageBytes = 1 << 20

// ErrTemplateNotFound: no such programme template.
var ErrTemplateNotFound = i18n.NewError(i18n.KindNotFound, "error.certificate.template_not_found")

func defaultTemplate(programmeID *int64) *Template {
	return &Template{ProgrammeID: programmeID, SecondLocale: "ko", Paper: "A4", Colour: "#063A74"}
}

// Template returns the template stored for a programme (nil: the
// institute's default), or an unsaved one with the defaults.
func (s *Service) Template(ctx context.Context, programmeID *int64) (*Template, error) {
	var t Template
	q := s.db.Conn(ctx).Preload("Signatories", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") })
	if programmeID == nil {
		q = q.Where("programme_id IS NULL")
	} else {
		q = q.Where("programme_id = ?", *programmeID)
	}
	err := q.First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return defaultTemplate(programmeID), nil
	}
	if err != nil {
		return nil, fmt.Errorf("certificates: template of programme %v: %w", programmeID, err)
	}
	return &t, nil
}

// TemplateFor is the template a programme's certificates use: its own, or
// else the institute's default.
func (s *Service) TemplateFor(ctx context.Context, programmeID int64) (*Template, error) {
	t, err := s.Template(ctx, &programmeID)
	if err != nil || t.ID != 0 {
		return t, err
	}
	return s.Template(ctx, nil)
}

// OwnTemplates reports which programmes have a template of their own.
func (s *Service) OwnTemplates(ctx context.Context) (map[int64]bool, error) {
	// The default template has no programme (NULL): only programme
	// templates are read, so no NULL meets the int64s.
	var ids []int64
	if err := s.db.Conn(ctx).Model(&Template{}).Where("programme_id IS NOT NULL").Pluck("programme_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("certificates: list templates: %w", err)
	}
	own := make(map[int64]bool, len(ids))
	for _, p := range ids {
		own[p] = true
	}
	return own, nil
}

// TemplateInput is what an admin sets on a template.
type TemplateInput struct {
	SecondLocale   string
	Paper          string
	Colour         string
	Institute      string
	InstituteLocal string
	Heading        string
	HeadingLocal   string
	Statement      string
	StatementLocal string
}

var hexColour = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// validate checks the input and writes it into t.
func (in TemplateInput) apply(t *Template) error {
	v := &i18n.ValidationError{}
	in.Colour = strings.ToUpper(strings.TrimSpace(in.Colour))
	if !slices.Contains(SecondLocales, in.SecondLocale) {
		v.Add("second_locale", "error.certificate.second_locale")
	}
	if in.Paper != "A4" && in.Paper != "Letter" {
		v.Add("paper", "error.certificate.paper")
	}
	switch {
	case !hexColour.MatchString(in.Colour):
		v.Add("colour", "error.certificate.colour")
	case contrast(parseColour(in.Colour)) < 4.5:
		v.Add("colour", "error.certificate.colour_contrast")
	}
	for field, text := range map[string]string{"institute": in.Institute, "institute_local": in.InstituteLocal, "heading": in.Heading,
		"heading_local": in.HeadingLocal, "statement": in.Statement, "statement_local": in.StatementLocal} {
		switch {
		case utf8.RuneCountInString(text) > 200:
			v.Add(field, "error.field.too_long", "Max", 200)
		case !i18n.Printable(text):
			v.Add(field, "error.certificate.script")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	t.SecondLocale, t.Paper, t.Colour = in.SecondLocale, in.Paper, in.Colour
	t.Institute, t.InstituteLocal = strings.TrimSpace(in.Institute), strings.TrimSpace(in.InstituteLocal)
	t.Heading, t.HeadingLocal = strings.TrimSpace(in.Heading), strings.TrimSpace(in.HeadingLocal)
	t.Statement, t.StatementLocal = strings.TrimSpace(in.Statement), strings.TrimSpace(in.StatementLocal)
	return nil
}

// contrast is the WCAG contrast ratio of c against white paper.
func contrast(c [3]int) float64 {
	lin := func(v int) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
	return 1.05 / (l + 0.05)
}

// SaveTemplate validates and stores a programme's template (nil: the
// default), creating it on first save. Certificates already issued keep
// their PDF; only new ones use the change.
func (s *Service) SaveTemplate(ctx context.Context, actor accounts.Actor, programmeID *int64, in TemplateInput) (*Template, error) {
	if programmeID != nil {
		if _, err := s.crs.Programme(ctx, *programmeID); err != nil {
			return nil, err
		}
	}
	var out *Template
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		t, err := s.Template(ctx, programmeID)
		if err != nil {
			return err
		}
		before := *t
		if err := in.apply(t); err != nil {
			return err
		}
		if t.ID == 0 {
			err = s.db.Conn(ctx).Omit("Signatories").Create(t).Error
		} else {
			err = s.db.Conn(ctx).Omit("Signatories").Save(t).Error
		}
		if err != nil {
			return fmt.Errorf("certificates: save template: %w", err)
		}
		out = t
		return s.acc.Record(ctx, actor, "certificates.template", "certificate_template", t.ID,
			map[string]any{"programme_id": programmeID, "before": templateAudit(&before), "after": templateAudit(t)})
	})
	return out, err
}

func templateAudit(t *Template) map[string]any {
	return map[string]any{"second_locale": t.SecondLocale, "paper": t.Paper, "colour": t.Colour, "institute": t.Institute,
		"institute_local": t.InstituteLocal, "heading": t.Heading, "heading_local": t.HeadingLocal, "statement": t.Statement,
		"statement_local": t.StatementLocal, "logo_key": t.LogoKey}
}

// stored returns the programme's template, saving the defaults first when
// it has none yet (a logo or signatory needs a row to hang on).
func (s *Service) stored(ctx context.Context, programmeID *int64) (*Template, error) {
	t, err := s.Template(ctx, programmeID)
	if err != nil || t.ID != 0 {
		return t, err
	}
	if err := s.db.Conn(ctx).Omit("Signatories").Create(t).Error; err != nil {
		return nil, fmt.Errorf("certificates: create template: %w", err)
	}
	return t, nil
}

// asField adds a domain error (a refused upload) to v as a problem of
// field; it reports false for other errors.
func asField(v *i18n.ValidationError, field string, err error) bool {
	var ie *i18n.Error
	if !errors.As(err, &ie) {
		return false
	}
	v.Fields = append(v.Fields, i18n.FieldError{Field: field, Msg: ie.Msg})
	return true
}

// SignatoryInput is a new signatory; Image (PNG or JPEG) may be nil.
type SignatoryInput struct {
	Name  string
	Title string
	Image io.Reader
}

// AddSignatory adds a signatory, with an optional signature image, at the
// end of the template's list.
func (s *Service) AddSignatory(ctx context.Context, actor accounts.Actor, programmeID *int64, in SignatoryInput) (*Signatory, error) {
	name, title := strings.TrimSpace(in.Name), strings.TrimSpace(in.Title)
	v := &i18n.ValidationError{}
	switch {
	case name == "":
		v.Add("name", "error.field.required")
	case utf8.RuneCountInString(name) > 100:
		v.Add("name", "error.field.too_long", "Max", 100)
	case !i18n.Printable(name):
		v.Add("name", "error.certificate.script")
	}
	switch {
	case utf8.RuneCountInString(title) > 150:
		v.Add("title", "error.field.too_long", "Max", 150)
	case !i18n.Printable(title):
		v.Add("title", "error.certificate.script")
	}
	var image []byte
	var ct string
	if in.Image != nil {
		var err error
		if image, ct, err = files.CheckImage(in.Image, MaxImageBytes); err != nil && !asField(v, "image", err) {
			return nil, err
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sg := &Signatory{Name: name, Title: title}
	if image != nil {
		key, err := s.files.Put(ctx, "signatures", image, ct)
		if err != nil {
			return nil, err
		}
		sg.ImageKey = key
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		t, err := s.stored(ctx, programmeID)
		if err != nil {
			return err
		}
		if len(t.Signatories) >= MaxSignatories {
			v.Add("name", "error.certificate.signatories_max", "Count", MaxSignatories)
			return v
		}
		sg.TemplateID, sg.Position = t.ID, len(t.Signatories)
		if len(t.Signatories) > 0 {
			sg.Position = t.Signatories[len(t.Signatories)-1].Position + 1
		}
		if err := s.db.Conn(ctx).Create(sg).Error; err != nil {
			return fmt.Errorf("certificates: add signatory: %w", err)
		}
		return s.acc.Record(ctx, actor, "certificates.signatory_add", "certificate_template", t.ID,
			map[string]any{"after": map[string]any{"name": name, "title": title, "image": sg.ImageKey != ""}})
	})
	if err != nil {
		if sg.ImageKey != "" {
			s.discard(ctx, sg.ImageKey)
		}
		return nil, err
	}
	return sg, nil
}

// RemoveSignatory takes a signatory off a programme's template.
func (s *Service) RemoveSignatory(ctx context.Context, actor accounts.Actor, programmeID *int64, id int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		t, err := s.Template(ctx, programmeID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(t.Signatories, func(sg Signatory) bool { return sg.ID == id })
		if t.ID == 0 || i < 0 {
			return ErrTemplateNotFound
		}
		if err := s.db.Conn(ctx).Delete(&Signatory{}, id).Error; err != nil {
			return fmt.Errorf("certificates: remove signatory %d: %w", id, err)
		}
		// The image stays in storage: a PDF issued with it is already
		// stored whole, and the audit log names the key.
		sg := t.Signatories[i]
		return s.acc.Record(ctx, actor, "certificates.signatory_remove", "certificate_template", t.ID,
			map[string]any{"before": map[string]any{"name": sg.Name, "title": sg.Title, "image_key": sg.ImageKey}})
	})
}

// SetLogo stores a logo (PNG or JPEG) on a programme's template; a nil
// image removes it.
func (s *Service) SetLogo(ctx context.Context, actor accounts.Actor, programmeID *int64, image io.Reader) error {
	key := ""
	if image != nil {
		data, ct, err := files.CheckImage(image, MaxImageBytes)
		if v := (&i18n.ValidationError{}); err != nil && asField(v, "logo", err) {
			return v
		} else if err != nil {
			return err
		}
		if key, err = s.files.Put(ctx, "logos", data, ct); err != nil {
			return err
		}
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		t, err := s.stored(ctx, programmeID)
		if err != nil {
			return err
		}
		before := t.LogoKey
		if err := s.db.Conn(ctx).Model(t).Update("logo_key", key).Error; err != nil {
			return fmt.Errorf("certificates: set logo: %w", err)
		}
		return s.acc.Record(ctx, actor, "certificates.logo", "certificate_template", t.ID,
			map[string]any{"before": map[string]any{"logo_key": before}, "after": map[string]any{"logo_key": key}})
	})
	if err != nil && key != "" {
		s.discard(ctx, key)
	}
	return err
}

// Preview renders a sample certificate with t (saved or not) to w, so an
// admin sees a change before any trainee gets it. Its serial is a sample's
// and is never stored.
func (s *Service) Preview(ctx context.Context, w io.Writer, t *Template, programmeTitle string) error {
	bundle, err := i18n.Load()
	if err != nil {
		return err
	}
	is := &issuing{tpl: t, bundle: bundle, programme: programmeTitle}
	if err := s.loadImages(ctx, is); err != nil {
		return err
	}
	l := bundle.Localizer(t.SecondLocale)
	starts, ends := store.Date("2026-03-09"), store.Date("2026-03-20")
	c := &Certificate{Serial: "BAEUM-2026-SAMP-LE00", HolderName: "Nguyen Thi Anh", HolderNativeName: "Nguyễn Thị Ánh",
		CourseTitle: "Saemaul Undong: principles and practice", ProgrammeTitle: programmeTitle, SecondLocale: t.SecondLocale,
		Hours: 40, CohortCode: "VN-2026-01", Country: "VN", IssuedAt: s.now()}
	c.StartsOn, c.EndsOn = &starts, &ends
	if bundle.Has(t.SecondLocale, "certificate.sample_course") {
		c.CourseTitleLocal = l.T("certificate.sample_course")
	}
	return Render(w, is.data(c, s.VerifyURL(c.Serial)))
}
