package projects

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// An entry is one write as a page of its own (GOV.UK: one thing per
// page): the fields it asks for, the values it starts with, and what
// saving does. entryPage shows it; entryPost saves it and redirects, or
// shows it again with the error summary and the message at each field.
type entry struct {
	path string // under /projects/:id/, "" for pages routed by hand
	// action is where the form posts, for pages routed by hand (the new
	// project posts to /projects, an edit to /projects/:id); the others
	// post to their own path. Never the page's own address: a page and
	// its save route may differ.
	action    func(p *Project) string
	title     string // message id of the page title
	submit    string // message id of the button
	lead      string // message id of a sentence under the title, optional
	multipart bool
	fields    func(c *gin.Context, h *Handler, p *Project) []spec
	defaults  func(c *gin.Context, h *Handler, p *Project) (url.Values, error)
	save      func(c *gin.Context, h *Handler, p *Project, f url.Values) (location, flash string, err error)
	noProject bool // the new-project page
	// args gives the title's placeholders from the thing the page is
	// about ("Delete the budget line {{.Year}} {{.Category}}?"); its
	// error (the thing is not there) is the page's answer.
	args   func(c *gin.Context, h *Handler, p *Project) ([]any, error)
	danger bool // the button deletes
}

// spec is one field of an entry.
type spec struct {
	name, label, typ string // typ: text, date, number, email, area, select, file
	opts             []string
	options          []i18n.Option // for selects; Selected is set from the value
	blank            string        // for selects: message id of an empty first option
}

type entryItem struct {
	Field  *web.FieldView
	Select *web.SelectView
	Area   bool
}

type entryView struct {
	web.Page
	Project      *Project
	ProjectTitle i18n.Localized
	Lead         string
	Action       string
	Submit       string
	Multipart    bool
	Danger       bool
	Items        []entryItem
}

func (h *Handler) renderEntry(c *gin.Context, e entry, p *Project, f url.Values, status int, err error) {
	var kv []any
	if e.args != nil {
		var aerr error
		if kv, aerr = e.args(c, h, p); aerr != nil {
			web.Fail(c, h.tpl, aerr)
			return
		}
	}
	v := &entryView{Page: web.NewPage(c, e.title, kv...), Project: p, Multipart: e.multipart, Action: e.actionURL(c, p), Danger: e.danger}
	if err != nil && !v.AddProblems(err) {
		web.Fail(c, h.tpl, err)
		return
	}
	loc := v.L.Code()
	if p != nil {
		v.ProjectTitle = p.TitleIn(loc)
	}
	v.Submit = v.T(e.submit)
	if e.lead != "" {
		v.Lead = v.T(e.lead)
	}
	for _, s := range e.specs(c, h, p) {
		val := f.Get(s.name)
		switch s.typ {
		case "select":
			opts := make([]i18n.Option, len(s.options))
			for i, o := range s.options {
				o.Selected = o.Value == val
				opts[i] = o
			}
			sv := v.Select(s.name, s.label, opts, s.blank)
			v.Items = append(v.Items, entryItem{Select: &sv})
		default:
			typ := s.typ
			if typ == "area" {
				typ = "text"
			}
			fv := v.Input(s.name, s.label, typ, val, s.opts...)
			v.Items = append(v.Items, entryItem{Field: &fv, Area: s.typ == "area"})
		}
	}
	web.HTML(c, h.tpl, status, templates.ProjectEntry, v)
}

func (h *Handler) entryProject(c *gin.Context, e entry) (*Project, bool) {
	if e.noProject {
		return nil, true
	}
	return h.project(c)
}

func (h *Handler) entryPage(e entry) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, ok := h.entryProject(c, e)
		if !ok {
			return
		}
		f := url.Values{}
		if e.defaults != nil {
			var err error
			if f, err = e.defaults(c, h, p); err != nil {
				web.Fail(c, h.tpl, err)
				return
			}
		}
		h.renderEntry(c, e, p, f, http.StatusOK, nil)
	}
}

func (h *Handler) entryPost(e entry) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, ok := h.entryProject(c, e)
		if !ok {
			return
		}
		f := url.Values{}
		for _, s := range e.specs(c, h, p) {
			if s.typ != "file" {
				f.Set(s.name, c.PostForm(s.name))
			}
		}
		location, flash, err := e.save(c, h, p, f)
		if err != nil {
			h.renderEntry(c, e, p, f, web.Status(err), err)
			return
		}
		web.Redirect(c, location, flash)
	}
}

// actionURL is the route the entry's form posts to: its own action, or
// its path under the project with the path's parameters filled in.
func (e entry) actionURL(c *gin.Context, p *Project) string {
	if e.action != nil {
		return e.action(p)
	}
	parts := strings.Split(e.path, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = url.PathEscape(c.Param(s[1:]))
		}
	}
	return projectURL(p, "/"+strings.Join(parts, "/"))
}

// specs are the entry's fields; a confirmation page has none.
func (e entry) specs(c *gin.Context, h *Handler, p *Project) []spec {
	if e.fields == nil {
		return nil
	}
	return e.fields(c, h, p)
}

func projectURL(p *Project, suffix string) string {
	return fmt.Sprintf("/projects/%d%s", p.ID, suffix)
}
