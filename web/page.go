package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
)

// Page is what the layout needs on every page. Each view's model embeds it,
// so a template calls {{.T "page.home.title"}} and, inside a range,
// {{$.T "…"}}.
type Page struct {
	L       *i18n.Localizer
	Title   string // translated
	User    *Identity
	CSRF    string
	Path    string
	Langs   []LangLink
	Flash   string // translated confirmation of the last action
	Refresh int    // seconds after which the page reloads itself (long work in progress), 0 for never
	// InlineStyle puts the stylesheet in the page (a first visit: one
	// round trip less before it shows) and fetches the file for the next.
	InlineStyle bool
	Problems    []Problem
	fieldErr    map[string]string
}

// LangLink is one entry of the language menu.
type LangLink struct {
	Code    string
	Name    string
	Href    string
	Current bool
}

// Problem is one error for the page's error summary; Field links it to its
// input (id "f-<field>"), "" for an error about the whole form.
type Problem struct {
	Field   string
	Message string
}

// NewPage builds the layout model for the request with a translated title.
func NewPage(c *gin.Context, titleID string, kv ...any) Page {
	l := Localizer(c.Request.Context())
	p := Page{
		L:     l,
		Title: l.T(titleID, kv...),
		User:  CurrentIdentity(c.Request.Context()),
		CSRF:  CSRFToken(c),
		Path:  c.Request.URL.Path,
	}
	if f, err := c.Cookie(flashCookie); err == nil && f != "" {
		p.Flash = l.T(f)
		c.SetSameSite(http.SameSiteLaxMode)
		c.SetCookie(flashCookie, "", -1, "/", "", SecureCookies(c), true)
	}
	if v := c.GetString(inlineStyleKey); v != "" {
		p.InlineStyle = true
		c.SetSameSite(http.SameSiteLaxMode)
		c.SetCookie(StyleCookie, v, 365*24*3600, "/", "", SecureCookies(c), true)
	}
	// A language link keeps the page's filters and page number: the same
	// list, in another language. A form's answer (POST) links to its
	// path, where the form is.
	var q url.Values
	if c.Request.Method == http.MethodGet {
		q = c.Request.URL.Query()
	}
	if q == nil {
		q = url.Values{}
	}
	// A sign-in target travels on only when it is one of this site's
	// addresses; anything else a link was given is not repeated.
	if next := q.Get("next"); next != "" {
		if safe := LocalTarget(next); safe != "/" {
			q.Set("next", safe)
		} else {
			q.Del("next")
		}
	}
	for _, code := range i18n.Supported {
		q.Set("lang", code)
		p.Langs = append(p.Langs, LangLink{
			Code: code, Name: i18n.LanguageName(code), Href: p.Path + "?" + q.Encode(), Current: code == l.Code(),
		})
	}
	return p
}

// T translates a message id with key, value pairs.
func (p *Page) T(id string, kv ...any) string { return p.L.T(id, kv...) }

// Lang is the page's locale code for <html lang>.
func (p *Page) Lang() string { return p.L.Code() }

// Dir is the page's text direction for <html dir>.
func (p *Page) Dir() string { return p.L.Dir() }

// Country is a country's name in the page's language.
func (p *Page) Country(code string) string {
	if code == "" {
		return ""
	}
	return p.L.CountryName(code)
}

// Time formats a UTC instant for the reader (ISO date and minutes, UTC; the
// unambiguous form reads the same in every locale).
func (p *Page) Time(t any) string {
	switch v := t.(type) {
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.UTC().Format("2006-01-02 15:04 UTC")
	case *time.Time:
		if v == nil {
			return ""
		}
		return p.Time(*v)
	}
	return ""
}

// FieldError returns the translated error of a field, or "".
func (p *Page) FieldError(field string) string { return p.fieldErr[field] }

// AddProblems translates a service error into the page's error summary and
// per-field messages; it reports false when err is not one a person can fix
// on the form (the caller then shows an error page).
func (p *Page) AddProblems(err error) bool {
	probs, ok := Problems(p.L, err)
	if !ok {
		return false
	}
	if p.fieldErr == nil {
		p.fieldErr = map[string]string{}
	}
	for _, pr := range probs {
		p.Problems = append(p.Problems, pr)
		if pr.Field != "" {
			if _, seen := p.fieldErr[pr.Field]; !seen {
				p.fieldErr[pr.Field] = pr.Message
			}
		}
	}
	return true
}

const flashCookie = "baeum_flash"

// Redirect answers a successful form post with 303 See Other and a one-shot
// confirmation message shown on the next page (Post/Redirect/Get).
func Redirect(c *gin.Context, location, flashID string) {
	if flashID != "" {
		c.SetSameSite(http.SameSiteLaxMode)
		c.SetCookie(flashCookie, flashID, 60, "/", "", SecureCookies(c), true)
	}
	c.Redirect(303, location)
}

// FieldView is one labelled input for the "field" partial.
type FieldView struct {
	Name, Label, Hint, Error, Type, Value, Autocomplete string
	Required                                            bool
}

// Input builds a FieldView with a translated label and the field's error.
// Options: "required", "autocomplete=VALUE", "hint=MESSAGE_ID".
func (p *Page) Input(name, labelID, typ, value string, opts ...string) FieldView {
	f := FieldView{Name: name, Label: p.T(labelID), Type: typ, Value: value, Error: p.FieldError(name)}
	for _, o := range opts {
		switch {
		case o == "required":
			f.Required = true
		case strings.HasPrefix(o, "autocomplete="):
			f.Autocomplete = strings.TrimPrefix(o, "autocomplete=")
		case strings.HasPrefix(o, "hint="):
			f.Hint = p.T(strings.TrimPrefix(o, "hint="))
		}
	}
	return f
}

// SelectView is one labelled select for the "select" partial.
type SelectView struct {
	Name, Label, Error, Blank string
	Options                   []i18n.Option
}

// Select builds a SelectView with a translated label and the field's error;
// blankID, when not "", adds an empty first option with that text.
func (p *Page) Select(name, labelID string, options []i18n.Option, blankID string) SelectView {
	s := SelectView{Name: name, Label: p.T(labelID), Options: options, Error: p.FieldError(name)}
	if blankID != "" {
		s.Blank = p.T(blankID)
	}
	return s
}

// Countries lists countries for a select, named in the page's language.
func (p *Page) Countries(selected string) []i18n.Option { return p.L.Countries(selected) }

// Locales lists the UI languages for a select, each named in itself.
func (p *Page) Locales(selected string) []i18n.Option {
	out := make([]i18n.Option, len(i18n.Supported))
	for i, c := range i18n.Supported {
		out[i] = i18n.Option{Value: c, Label: i18n.LanguageName(c), Selected: c == selected}
	}
	return out
}

// StyleCookie remembers which stylesheet the browser was given, so later
// pages link it (from the cache) instead of carrying it inline.
const StyleCookie = "baeum_css"

const inlineStyleKey = "baeum.inline_style"

// InlineStyleOnce marks a page request whose browser has not been given the
// current stylesheet (its StyleCookie is not version): the page inlines
// it and sets the cookie.
func InlineStyleOnce(version string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method == http.MethodGet {
			if v, err := c.Cookie(StyleCookie); err != nil || v != version {
				c.Set(inlineStyleKey, version)
			}
		}
		c.Next()
	}
}
