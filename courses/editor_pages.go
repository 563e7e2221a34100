package courses

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type editorView struct {
	web.Page
	Course          *Course
	Form            courseForm
	Completeness    []LocaleStatus
	Programmes      []i18n.Option
	DeliveryOptions []i18n.Option
	LocaleOptions   []i18n.Option
	KindOptions     []i18n.Option
	AddLocales      []i18n.Option
	ProblemModule   int64 // the module whose add-lesson form failed
}

// Text helpers for the outline, in the coordinator's language with fallback.

// ModuleTitle is a module's title for the page's reader.
func (v *editorView) ModuleTitle(m Module) i18n.Localized {
	return localized(moduleValues(m.Translations), v.L.Code(), v.Course.DefaultLocale)
}

// LessonTitle is a lesson's title for the page's reader.
func (v *editorView) LessonTitle(l Lesson) i18n.Localized {
	title, _ := lessonValues(l.Translations)
	return localized(title, v.L.Code(), v.Course.DefaultLocale)
}

// LocaleName names a content locale in itself.
func (v *editorView) LocaleName(code string) string { return i18n.LanguageName(code) }

func (h *Handler) loadCourse(c *gin.Context) (*Course, bool) {
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrCourseNotFound)
		return nil, false
	}
	course, err := h.svc.Course(c.Request.Context(), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, false
	}
	return course, true
}

func formOf(course *Course) courseForm {
	title, summary := courseValues(course.Translations)
	return courseForm{ProgrammeID: course.ProgrammeID, Code: course.Code, Delivery: string(course.Delivery), DurationHours: course.DurationHours,
		DefaultLocale: course.DefaultLocale, PassMark: course.PassMark, SelfEnrol: course.SelfEnrol,
		Title: title[course.DefaultLocale], Summary: summary[course.DefaultLocale]}
}

func (h *Handler) renderEditor(c *gin.Context, status int, course *Course, form *courseForm, fail error) {
	v := &editorView{Page: web.NewPage(c, "page.editor.title", "Code", course.Code), Course: course}
	if form != nil {
		v.Form = *form
	} else {
		v.Form = formOf(course)
	}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	progs, err := h.programmeOptions(c, v.Form.ProgrammeID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Programmes = progs
	v.Completeness = Completeness(course)
	v.DeliveryOptions = options(v.L, "delivery.", Deliveries, v.Form.Delivery)
	v.LocaleOptions = localeOptions(v.Form.DefaultLocale)
	v.KindOptions = options(v.L, "lesson_kind.", LessonKinds, string(KindText))
	have := map[string]bool{}
	for _, s := range v.Completeness {
		have[s.Locale] = true
	}
	for _, o := range localeOptions("") {
		if !have[o.Value] {
			v.AddLocales = append(v.AddLocales, o)
		}
	}
	web.HTML(c, h.tpl, status, templates.CoordEditor, v)
}

func (h *Handler) showEditor(c *gin.Context) {
	course, ok := h.loadCourse(c)
	if !ok {
		return
	}
	// The "add a language" select submits here with ?locale=.
	if loc := c.Query("translate"); loc != "" {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/coordinate/courses/%d/translate/%s", course.ID, loc))
		return
	}
	h.renderEditor(c, http.StatusOK, course, nil, nil)
}

func (h *Handler) saveSettingsPage(c *gin.Context) {
	ctx := c.Request.Context()
	course, ok := h.loadCourse(c)
	if !ok {
		return
	}
	f := readCourseForm(c)
	_, err := h.svc.UpdateCourse(ctx, accounts.ActorFrom(ctx), course.ID, CourseSettings{ProgrammeID: f.ProgrammeID, Code: f.Code,
		Delivery: Delivery(f.Delivery), DurationHours: f.DurationHours, DefaultLocale: f.DefaultLocale, PassMark: f.PassMark, SelfEnrol: f.SelfEnrol})
	if err != nil {
		h.renderEditor(c, web.Status(err), course, &f, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/courses/%d", course.ID), "flash.saved")
}

func (h *Handler) setStatusPage(c *gin.Context) {
	ctx := c.Request.Context()
	course, ok := h.loadCourse(c)
	if !ok {
		return
	}
	if _, err := h.svc.SetStatus(ctx, accounts.ActorFrom(ctx), course.ID, Status(c.PostForm("status"))); err != nil {
		h.renderEditor(c, web.Status(err), course, nil, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/courses/%d", course.ID), "flash.status_changed")
}

func (h *Handler) addModulePage(c *gin.Context) {
	ctx := c.Request.Context()
	course, ok := h.loadCourse(c)
	if !ok {
		return
	}
	if _, err := h.svc.AddModule(ctx, accounts.ActorFrom(ctx), course.ID, c.PostForm("title")); err != nil {
		h.renderEditor(c, web.Status(err), course, nil, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/courses/%d", course.ID), "flash.module_added")
}

func (h *Handler) addLessonPage(c *gin.Context) {
	ctx := c.Request.Context()
	moduleID, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrModuleNotFound)
		return
	}
	m, err := h.svc.ModuleByID(ctx, moduleID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	l, err := h.svc.AddLesson(ctx, accounts.ActorFrom(ctx), moduleID, LessonInput{
		Kind: LessonKind(c.PostForm("kind")), Title: c.PostForm("title"), Required: c.PostForm("required") == "1",
		VideoURL: c.PostForm("video_url"), ShowFeedback: true,
	})
	if err != nil {
		course, cerr := h.svc.Course(ctx, m.CourseID)
		if cerr != nil {
			web.Fail(c, h.tpl, cerr)
			return
		}
		h.renderEditor(c, web.Status(err), course, nil, err)
		return
	}
	web.Redirect(c, "/coordinate/lessons/"+strconv.FormatInt(l.ID, 10), "flash.lesson_added")
}
