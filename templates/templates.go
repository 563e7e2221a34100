// Package templates holds Baeum's pages: the layout, partials and one view
// per page, parsed once at start from files embedded in the binary, and the
// static assets served under a content hash so browsers cache them for good.
package templates

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/baeum-lms/baeum/i18n"
)

//go:embed layouts partials views static
var files embed.FS

// The page names. Feature packages render these; New fails if one is missing.
const (
	Home        = "home"
	Login       = "login"
	Error       = "error"
	Tokens      = "tokens"
	AdminUsers  = "admin_users"
	AdminUser   = "admin_user"
	AdminAudit  = "admin_audit"
	AccountPage = "account"

	Catalogue      = "catalogue"
	CoursePage     = "course"
	LessonPage     = "lesson"
	MyPage         = "my"
	CoordCourses   = "coord_courses"
	CoordNewCourse = "coord_course_new"
	CoordEditor    = "coord_course"
	CoordTranslate = "coord_translate"
	CoordLesson    = "coord_lesson"
	CoordProgramme = "coord_programme"

	Cohorts            = "cohorts"
	CohortForm         = "cohort_form"
	CohortPage         = "cohort"
	CohortImport       = "cohort_import"
	CohortSessions     = "cohort_sessions"
	CohortMarking      = "cohort_marking"
	CohortApplications = "cohort_applications"

	PasswordForgot = "password_forgot"
	PasswordSet    = "password_set"
)

// views are every page New parses; a feature with many pages lists its own
// in a file of its own (certificate_views.go, project_views.go).
var views = slices.Concat([]string{Home, Login, Error, Tokens, AdminUsers, AdminUser, AdminAudit, AccountPage,
	Catalogue, CoursePage, LessonPage, MyPage, CoordCourses, CoordNewCourse, CoordEditor, CoordTranslate, CoordLesson, CoordProgramme,
	Cohorts, CohortForm, CohortPage, CohortImport, CohortSessions, CohortMarking, CohortApplications, PasswordForgot, PasswordSet},
	certificateViews, projectViews, lrsViews, packageViews, surveyViews)

// Engine renders pages. It is safe for concurrent use.
type Engine struct {
	views  map[string]*template.Template
	assets map[string]string // asset name → /static/<hash>/<name>
	byPath map[string]string // /static/<hash>/<name> → asset name

	style     template.CSS // style.css, for inlining
	styleHash string       // its CSP hash source
}

// New parses every view with the layout and the partials and hashes the
// static assets.
func New() (*Engine, error) {
	e := &Engine{views: map[string]*template.Template{}, assets: map[string]string{}, byPath: map[string]string{}}
	statics, err := fs.ReadDir(files, "static")
	if err != nil {
		return nil, fmt.Errorf("templates: read static: %w", err)
	}
	for _, s := range statics {
		data, err := fs.ReadFile(files, "static/"+s.Name())
		if err != nil {
			return nil, fmt.Errorf("templates: read %s: %w", s.Name(), err)
		}
		sum := sha256.Sum256(data)
		p := "/static/" + hex.EncodeToString(sum[:6]) + "/" + s.Name()
		e.assets[s.Name()] = p
		e.byPath[p] = s.Name()
		if s.Name() == "style.css" {
			e.style = template.CSS(data) // our own file, embedded
			all := sha256.Sum256(data)
			e.styleHash = "'sha256-" + base64.StdEncoding.EncodeToString(all[:]) + "'"
		}
	}
	funcs := template.FuncMap{
		"asset": func(name string) string { return e.assets[name] },
		// inlineStyle is the stylesheet itself, for a first visit's page.
		"inlineStyle": func() template.CSS { return e.style },
		"langName":    i18n.LanguageName,
		// printable tells a form that a certificate cannot print a name.
		"printable": i18n.Printable,
		"inc":       func(i int) int { return i + 1 },
		"kb":        func(n int64) int64 { return (n + 1023) / 1024 },
		"deref": func(v any) any {
			switch p := v.(type) {
			case *bool:
				return *p
			case *float64:
				return *p
			}
			return v
		},
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: parse layout: %w", err)
	}
	for _, v := range views {
		t, err := template.Must(base.Clone()).ParseFS(files, "views/"+v+".html")
		if err != nil {
			return nil, fmt.Errorf("templates: parse view %s: %w", v, err)
		}
		e.views[v] = t
	}
	return e, nil
}

// Render executes a page into w. The page is rendered into a buffer first,
// so a failing template never sends half a page.
func (e *Engine) Render(w io.Writer, name string, data any) error {
	t, ok := e.views[name]
	if !ok {
		return fmt.Errorf("templates: no view %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("templates: render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// InlineStyleHash is the CSP source ('sha256-…') that allows the
// stylesheet inlined in a first visit's page, and only it.
func (e *Engine) InlineStyleHash() string { return e.styleHash }

// Asset returns the hashed URL path of a static asset.
func (e *Engine) Asset(name string) string { return e.assets[name] }

// ServeStatic serves a hashed static asset with a year-long immutable cache
// lifetime; it reports false when the path names no current asset.
func (e *Engine) ServeStatic(w http.ResponseWriter, r *http.Request) bool {
	name, ok := e.byPath[r.URL.Path]
	if !ok {
		return false
	}
	data, err := fs.ReadFile(files, "static/"+name)
	if err != nil {
		return false
	}
	ct := "application/octet-stream"
	switch path.Ext(name) {
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".svg":
		ct = "image/svg+xml"
	case ".js":
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, bytes.NewReader(data))
	}
	return true
}

// IsStatic reports whether a path is under the static prefix.
func IsStatic(p string) bool { return strings.HasPrefix(p, "/static/") }
