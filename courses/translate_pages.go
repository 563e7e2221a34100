package courses

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type translateRow struct {
	Key       string
	Label     string
	Source    string // in the course's default language
	Value     string
	Required  bool
	Missing   bool
	Multiline bool
	Error     string
}

type translateView struct {
	web.Page
	Course     *Course
	Locale     string
	LocaleName string
	SourceName string
	Rows       []translateRow
	Missing    int
}

var segment = regexp.MustCompile(`^(modules|lessons|questions|choices)\[(\d+)\]$`)

// PathLabel turns a text's path ("modules[0].lessons[1].title") into a
// label for people ("Module 1 › Lesson 2 › Title").
func PathLabel(l *i18n.Localizer, path string) string {
	var parts []string
	for _, seg := range strings.Split(path, ".") {
		if m := segment.FindStringSubmatch(seg); m != nil {
			n, _ := strconv.Atoi(m[2])
			parts = append(parts, l.T("label."+strings.TrimSuffix(m[1], "s"), "N", n+1))
			continue
		}
		parts = append(parts, l.T("field."+seg))
	}
	return strings.Join(parts, " › ")
}

func (h *Handler) renderTranslate(c *gin.Context, status int, course *Course, locale string, posted map[string]string, fail error) {
	v := &translateView{Page: web.NewPage(c, "page.translate.title", "Code", course.Code, "Language", i18n.LanguageName(locale)),
		Course: course, Locale: locale, LocaleName: i18n.LanguageName(locale), SourceName: i18n.LanguageName(course.DefaultLocale)}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	for _, t := range course.Texts() {
		val := t.Values[locale]
		if posted != nil {
			val = posted[t.Key]
		}
		r := translateRow{Key: t.Key, Label: PathLabel(v.L, t.Path), Source: t.Values[course.DefaultLocale], Value: val,
			Required: t.Required, Missing: t.Required && val == "", Multiline: t.Multiline, Error: v.FieldError(t.Key)}
		if r.Missing {
			v.Missing++
		}
		v.Rows = append(v.Rows, r)
	}
	web.HTML(c, h.tpl, status, templates.CoordTranslate, v)
}

func (h *Handler) translateTarget(c *gin.Context) (*Course, string, bool) {
	course, ok := h.loadCourse(c)
	if !ok {
		return nil, "", false
	}
	locale := c.Param("locale")
	if !i18n.ValidLocale(locale) {
		web.Fail(c, h.tpl, i18n.NewError(i18n.KindNotFound, "error.field.content_locale", "Locale", locale))
		return nil, "", false
	}
	return course, locale, true
}

func (h *Handler) showTranslate(c *gin.Context) {
	course, locale, ok := h.translateTarget(c)
	if !ok {
		return
	}
	h.renderTranslate(c, http.StatusOK, course, locale, nil, nil)
}

func (h *Handler) saveTranslate(c *gin.Context) {
	ctx := c.Request.Context()
	course, locale, ok := h.translateTarget(c)
	if !ok {
		return
	}
	values := map[string]string{}
	for _, t := range course.Texts() {
		if v, present := c.GetPostForm(t.Key); present {
			values[t.Key] = v
		}
	}
	if err := h.svc.SaveTexts(ctx, accounts.ActorFrom(ctx), course.ID, locale, values); err != nil {
		h.renderTranslate(c, web.Status(err), course, locale, values, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/courses/%d/translate/%s", course.ID, locale), "flash.translation_saved")
}
