// Package i18n translates Baeum's user interface: the embedded message files
// (one TOML file per locale), the choice of a request's locale, language and
// country names in the reader's language, and untranslated messages that the
// services return and the web layer translates at the edge.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

//go:embed locales/*.toml
var localeFiles embed.FS

// Default is the locale every text falls back to.
const Default = "en"

// Supported lists the UI locales, in the order the language menu shows them.
var Supported = []string{"en", "ko", "fr", "es", "vi", "ru", "ar"}

var rtl = map[string]bool{"ar": true, "fa": true, "he": true, "ur": true}

// Bundle holds every locale's messages. It is built once at start and is safe
// for concurrent use.
type Bundle struct {
	bundle     *goi18n.Bundle
	matcher    language.Matcher
	localizers map[string]*Localizer
	ids        map[string]map[string]bool // locale → message ids it defines
}

var (
	loadOnce sync.Once
	loaded   *Bundle
	loadErr  error
)

// Load parses the embedded message files. It fails when a file is malformed,
// so a broken translation stops the server at start, not on a page.
func Load() (*Bundle, error) {
	loadOnce.Do(func() { loaded, loadErr = load() })
	return loaded, loadErr
}

func load() (*Bundle, error) {
	b := &Bundle{
		bundle:     goi18n.NewBundle(language.English),
		localizers: map[string]*Localizer{},
		ids:        map[string]map[string]bool{},
	}
	b.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	tags := make([]language.Tag, 0, len(Supported))
	for _, code := range Supported {
		// A locale is its main file (ko.toml) and any feature's own file
		// (projects.ko.toml), so features translate without touching each
		// other's lines.
		extra, err := fs.Glob(localeFiles, path.Join("locales", "*."+code+".toml"))
		if err != nil {
			return nil, fmt.Errorf("i18n: list %s files: %w", code, err)
		}
		ids := map[string]bool{}
		for _, name := range append([]string{path.Join("locales", code+".toml")}, extra...) {
			data, err := fs.ReadFile(localeFiles, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: read %s: %w", name, err)
			}
			mf, err := b.bundle.ParseMessageFileBytes(data, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: parse %s: %w", name, err)
			}
			for _, m := range mf.Messages {
				if ids[m.ID] {
					return nil, fmt.Errorf("i18n: %s defines %q again", name, m.ID)
				}
				ids[m.ID] = true
			}
		}
		b.ids[code] = ids
		tags = append(tags, language.MustParse(code))
	}
	b.matcher = language.NewMatcher(tags)
	for _, code := range Supported {
		b.localizers[code] = &Localizer{
			code:   code,
			tag:    language.MustParse(code),
			loc:    goi18n.NewLocalizer(b.bundle, code, Default),
			bundle: b,
		}
	}
	return b, nil
}

// IsSupported reports whether code is one of the UI locales.
func IsSupported(code string) bool { return slices.Contains(Supported, code) }

// Localizer returns the localizer for a supported locale code, or English.
func (b *Bundle) Localizer(code string) *Localizer {
	if l, ok := b.localizers[code]; ok {
		return l
	}
	return b.localizers[Default]
}

// Has reports whether the locale's own file defines id (without fallback).
func (b *Bundle) Has(locale, id string) bool { return b.ids[locale][id] }

// IDs returns the message ids a locale's file defines.
func (b *Bundle) IDs(locale string) []string {
	out := make([]string, 0, len(b.ids[locale]))
	for id := range b.ids[locale] {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// Match picks the best supported locale for an Accept-Language header, or ""
// when nothing in it is close enough.
func (b *Bundle) Match(acceptLanguage string) string {
	if len(acceptLanguage) > 512 { // a header this long is not a person's browser
		acceptLanguage = acceptLanguage[:512]
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return ""
	}
	_, idx, conf := b.matcher.Match(tags...)
	if conf < language.High {
		return ""
	}
	return Supported[idx]
}

// Choose applies Baeum's order for a request's locale: the ?lang= query, then
// the user's profile, then the cookie, then Accept-Language, then English.
func (b *Bundle) Choose(query, profile, cookie, acceptLanguage string) string {
	for _, c := range []string{query, profile, cookie} {
		if c = strings.ToLower(strings.TrimSpace(c)); IsSupported(c) {
			return c
		}
	}
	if m := b.Match(acceptLanguage); m != "" {
		return m
	}
	return Default
}

// Localizer translates into one locale, falling back to English for ids the
// locale lacks.
type Localizer struct {
	code   string
	tag    language.Tag
	loc    *goi18n.Localizer
	bundle *Bundle
	plain  sync.Map // message id → text, for messages without data (the bundle never changes once loaded)
}

// Code is the locale code, e.g. "ko".
func (l *Localizer) Code() string { return l.code }

// Dir is the text direction for the locale: "rtl" or "ltr".
func (l *Localizer) Dir() string {
	if rtl[l.code] {
		return "rtl"
	}
	return "ltr"
}

// T translates id with template data given as key, value pairs. A "Count"
// key selects the plural form. An id missing everywhere comes back as itself,
// which the i18n tests forbid for ids used in code.
func (l *Localizer) T(id string, kv ...any) string {
	if len(kv) < 2 {
		if s, ok := l.plain.Load(id); ok {
			return s.(string)
		}
		s := l.localize(id, nil)
		l.plain.Store(id, s)
		return s
	}
	return l.localize(id, kv)
}

func (l *Localizer) localize(id string, kv []any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(kv) > 1 {
		data := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			data[k] = kv[i+1]
			if k == "Count" {
				cfg.PluralCount = kv[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.loc.Localize(cfg)
	if err != nil && s == "" {
		return id
	}
	return s
}

// Message translates an untranslated message returned by a service.
func (l *Localizer) Message(m Message) string {
	kv := make([]any, 0, 2*len(m.Data))
	for k, v := range m.Data {
		kv = append(kv, k, v)
	}
	return l.T(m.ID, kv...)
}

// LanguageName is a locale's name written in that language ("한국어").
func LanguageName(code string) string {
	if n, ok := languageNames.Load(code); ok {
		return n.(string)
	}
	name := code
	if t, err := language.Parse(code); err == nil {
		name = display.Self.Name(t)
	}
	if len(code) <= 16 { // only what could be a language tag is kept
		languageNames.Store(code, name)
	}
	return name
}

// languageNames memoises LanguageName: parsing a tag and naming it cost
// a catalogue page of twenty cards a twentieth of its time.
var languageNames sync.Map

// CountryName is an ISO 3166-1 alpha-2 country's name in the localizer's
// language, or the code itself when unknown.
func (l *Localizer) CountryName(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return code
	}
	if n := display.Regions(l.tag).Name(r); n != "" {
		return n
	}
	return code
}

// ValidCountry reports whether code is an assigned ISO 3166-1 alpha-2 code.
func ValidCountry(code string) bool {
	if len(code) != 2 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry() && r.String() == code
}
