package enrollment

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// lessonState is a lesson in the outline with what the learner did.
type lessonState struct {
	Lesson *courses.Lesson
	Title  i18n.Localized
	Done   bool
	Locked bool
	Href   string
}

type moduleState struct {
	Title   i18n.Localized
	Lessons []lessonState
}

func outline(course *courses.Course, e *Enrolment, p *Progress, locale string) []moduleState {
	var out []moduleState
	for mi := range course.Modules {
		m := &course.Modules[mi]
		ms := moduleState{Title: m.TitleIn(locale, course.DefaultLocale)}
		for li := range m.Lessons {
			l := &m.Lessons[li]
			st := lessonState{Lesson: l, Title: l.TitleIn(locale, course.DefaultLocale)}
			if e != nil && p != nil {
				_, st.Done = p.Done[l.ID]
				st.Locked = !Unlocked(course, p, l.ID)
				st.Href = fmt.Sprintf("/learn/%d/%d", e.ID, l.ID)
			}
			ms.Lessons = append(ms.Lessons, st)
		}
		out = append(out, ms)
	}
	return out
}

type courseView struct {
	web.Page
	Course     *courses.Course
	Heading    i18n.Localized
	Summary    i18n.Localized
	Modules    []moduleState
	Enrolment  *Enrolment
	CanEnrol   bool
	NextHref   string
	Languages  []string
	SignInHref string
	Cohorts    []Cohort
	Applied    map[int64]AppStatus // cohort id → the caller's application
}

func (h *Handler) showCourse(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, courses.ErrCourseNotFound)
		return
	}
	o, err := h.svc.CourseOverview(ctx, accounts.CurrentUser(ctx), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	l := web.Localizer(ctx)
	v := &courseView{Page: web.NewPage(c, "page.course.title"), Course: o.Course, Enrolment: o.Enrolment, CanEnrol: o.CanEnrol,
		Cohorts: o.Cohorts, Applied: o.Applied, Heading: o.Course.Title(l.Code()), Summary: o.Course.Summary(l.Code()),
		SignInHref: "/login?next=" + c.Request.URL.Path}
	v.Title = v.Heading.Text
	for _, st := range courses.Completeness(o.Course) {
		if st.Complete() {
			v.Languages = append(v.Languages, st.Locale)
		}
	}
	v.Modules = outline(o.Course, o.Enrolment, o.Progress, l.Code())
	for _, m := range v.Modules {
		for _, ls := range m.Lessons {
			if v.NextHref == "" && ls.Href != "" && !ls.Done && !ls.Locked {
				v.NextHref = ls.Href
			}
		}
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.CoursePage, v)
}

func (h *Handler) enrolPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, courses.ErrCourseNotFound)
		return
	}
	if _, err := h.svc.Enrol(ctx, accounts.CurrentUser(ctx), id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/courses/%d", id), "flash.enrolled")
}

func (h *Handler) applyPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrCohortNotFound)
		return
	}
	if _, err := h.svc.ApplySelf(ctx, accounts.ActorFrom(ctx), id, c.PostForm("note")); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, "/my", "flash.applied")
}
