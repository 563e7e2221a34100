package courses

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type programmeForm struct {
	Code, Type, DefaultLocale, Title, Summary string
}

type coordCoursesView struct {
	web.Page
	Items         []CatalogueItem
	Total         int64
	Programmes    []Programme
	ProgForm      programmeForm
	TypeOptions   []i18n.Option
	LocaleOptions []i18n.Option
}

func (v *coordCoursesView) ProgrammeTitle(p Programme) i18n.Localized {
	return p.ProgrammeTitle(v.L.Code())
}

func (h *Handler) renderCoordCourses(c *gin.Context, status int, v *coordCoursesView) {
	ctx := c.Request.Context()
	l := web.Localizer(ctx)
	items, total, err := h.svc.Catalogue(ctx, CatalogueFilter{Locale: l.Code(), AllStatuses: true, PerPage: 100, Page: max(1, atoi(c.Query("page")))})
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	progs, err := h.svc.Programmes(ctx)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Items, v.Total, v.Programmes = items, total, progs
	v.TypeOptions = options(l, "programme_type.", ProgrammeTypes, v.ProgForm.Type)
	v.LocaleOptions = localeOptions(v.ProgForm.DefaultLocale)
	web.HTML(c, h.tpl, status, templates.CoordCourses, v)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func (h *Handler) showCoordCourses(c *gin.Context) {
	h.renderCoordCourses(c, http.StatusOK, &coordCoursesView{Page: web.NewPage(c, "page.coord.title"), ProgForm: programmeForm{DefaultLocale: "en"}})
}

func (h *Handler) createProgrammePage(c *gin.Context) {
	ctx := c.Request.Context()
	f := programmeForm{Code: c.PostForm("code"), Type: c.PostForm("type"), DefaultLocale: c.PostForm("default_locale"),
		Title: c.PostForm("title"), Summary: c.PostForm("summary")}
	_, err := h.svc.CreateProgramme(ctx, accounts.ActorFrom(ctx), ProgrammeInput{Code: f.Code, Type: ProgrammeType(f.Type),
		DefaultLocale: f.DefaultLocale, Title: f.Title, Summary: f.Summary})
	if err != nil {
		v := &coordCoursesView{Page: web.NewPage(c, "page.coord.title"), ProgForm: f}
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderCoordCourses(c, web.Status(err), v)
		return
	}
	web.Redirect(c, "/coordinate/courses", "flash.programme_created")
}

type programmeView struct {
	web.Page
	Programme *Programme
	Rows      []programmeRow
}

type programmeRow struct {
	Locale, Name, Title, Summary string
	Default                      bool
}

func (h *Handler) showProgramme(c *gin.Context) {
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrProgrammeNotFound)
		return
	}
	p, err := h.svc.Programme(c.Request.Context(), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	h.renderProgramme(c, http.StatusOK, p, nil)
}

func (h *Handler) renderProgramme(c *gin.Context, status int, p *Programme, fail error) {
	l := web.Localizer(c.Request.Context())
	v := &programmeView{Page: web.NewPage(c, "page.programme.title", "Code", p.Code), Programme: p}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	title, summary := programmeValues(p.Translations)
	for _, loc := range i18n.ContentLocales {
		v.Rows = append(v.Rows, programmeRow{Locale: loc, Name: i18n.LanguageName(loc), Title: title[loc], Summary: summary[loc], Default: loc == p.DefaultLocale})
	}
	_ = l
	web.HTML(c, h.tpl, status, templates.CoordProgramme, v)
}

func (h *Handler) saveProgrammeTexts(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrProgrammeNotFound)
		return
	}
	locale := c.PostForm("locale")
	err := h.svc.SetProgrammeText(ctx, accounts.ActorFrom(ctx), id, locale, c.PostForm("title"), c.PostForm("summary"))
	if err != nil {
		p, perr := h.svc.Programme(ctx, id)
		if perr != nil {
			web.Fail(c, h.tpl, perr)
			return
		}
		h.renderProgramme(c, web.Status(err), p, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/programmes/%d", id), "flash.saved")
}

type courseForm struct {
	ProgrammeID   int64
	Code          string
	Delivery      string
	DurationHours int
	DefaultLocale string
	PassMark      int
	SelfEnrol     bool
	Title         string
	Summary       string
}

type newCourseView struct {
	web.Page
	Form            courseForm
	Programmes      []i18n.Option
	DeliveryOptions []i18n.Option
	LocaleOptions   []i18n.Option
}

func (h *Handler) renderNewCourse(c *gin.Context, status int, v *newCourseView) {
	progs, err := h.programmeOptions(c, v.Form.ProgrammeID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Programmes = progs
	v.DeliveryOptions = options(v.L, "delivery.", Deliveries, v.Form.Delivery)
	v.LocaleOptions = localeOptions(v.Form.DefaultLocale)
	web.HTML(c, h.tpl, status, templates.CoordNewCourse, v)
}

func (h *Handler) showNewCourse(c *gin.Context) {
	h.renderNewCourse(c, http.StatusOK, &newCourseView{Page: web.NewPage(c, "page.course_new.title"),
		Form: courseForm{Delivery: string(Online), DefaultLocale: "en", PassMark: 60, DurationHours: 1}})
}

func readCourseForm(c *gin.Context) courseForm {
	prog, _ := strconv.ParseInt(c.PostForm("programme_id"), 10, 64)
	return courseForm{ProgrammeID: prog, Code: c.PostForm("code"), Delivery: c.PostForm("delivery"), DurationHours: formInt(c, "duration_hours"),
		DefaultLocale: c.PostForm("default_locale"), PassMark: formInt(c, "pass_mark"), SelfEnrol: c.PostForm("self_enrol") == "1",
		Title: c.PostForm("title"), Summary: c.PostForm("summary")}
}

func (h *Handler) createCoursePage(c *gin.Context) {
	ctx := c.Request.Context()
	f := readCourseForm(c)
	course, err := h.svc.CreateCourse(ctx, accounts.ActorFrom(ctx), CourseInput{ProgrammeID: f.ProgrammeID, Code: f.Code,
		Delivery: Delivery(f.Delivery), DurationHours: f.DurationHours, DefaultLocale: f.DefaultLocale, PassMark: f.PassMark,
		SelfEnrol: f.SelfEnrol, Title: f.Title, Summary: f.Summary})
	if err != nil {
		v := &newCourseView{Page: web.NewPage(c, "page.course_new.title"), Form: f}
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderNewCourse(c, web.Status(err), v)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/courses/%d", course.ID), "flash.course_created")
}

func (h *Handler) importPage(c *gin.Context) {
	ctx := c.Request.Context()
	fh, err := c.FormFile("file")
	var course *Course
	if err == nil {
		var data []byte
		if f, oerr := fh.Open(); oerr == nil {
			data, err = io.ReadAll(io.LimitReader(f, MaxImportBytes+1))
			_ = f.Close()
		} else {
			err = oerr
		}
		if err == nil {
			course, _, err = h.svc.Import(ctx, accounts.ActorFrom(ctx), data)
		}
	} else {
		err = fieldErr("file", "error.field.required")
	}
	if err != nil {
		v := &coordCoursesView{Page: web.NewPage(c, "page.coord.title"), ProgForm: programmeForm{DefaultLocale: "en"}}
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderCoordCourses(c, web.Status(err), v)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/courses/%d", course.ID), "flash.course_imported")
}

func (h *Handler) exportPage(c *gin.Context) {
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrCourseNotFound)
		return
	}
	doc, err := h.svc.Export(c.Request.Context(), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.json"`, doc.Course.Code))
	c.Data(http.StatusOK, "application/json; charset=utf-8", data)
}
