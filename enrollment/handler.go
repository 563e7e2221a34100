package enrollment

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// Handler serves the learner's pages (course page, lessons, quizzes, /my)
// and the enrolment API.
type Handler struct {
	svc   *Service
	tpl   *templates.Engine
	files *files.Store
}

// NewHandler returns the enrolment handler.
func NewHandler(svc *Service, tpl *templates.Engine, fs *files.Store) *Handler {
	return &Handler{svc: svc, tpl: tpl, files: fs}
}

// RegisterPages adds the learner pages to the router.
func (h *Handler) RegisterPages(r gin.IRouter) {
	r.GET("/courses/:id", h.showCourse)
	signedIn := r.Group("", accounts.RequirePage(h.tpl))
	signedIn.POST("/courses/:id/enrol", h.enrolPage)
	signedIn.GET("/my", h.showMy)
	signedIn.GET("/learn/:enrolment/:lesson", h.showLesson)
	signedIn.POST("/learn/:enrolment/:lesson/complete", h.completePage)
	signedIn.POST("/learn/:enrolment/:lesson/quiz", h.submitPage)
	signedIn.GET("/learn/:enrolment/:lesson/file", h.downloadFile)
	signedIn.POST("/cohorts/:id/apply", h.applyPage)
	h.registerCohortPages(r)
}

func paramID(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	return id, err == nil && id > 0
}

// visible loads a course a person may see: learners (and visitors) only
// published ones; coordinators and admins any, to preview.
func (h *Handler) visible(c *gin.Context, id int64) (*courses.Course, error) {
	course, err := h.svc.courses.Course(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	u := accounts.CurrentUser(c.Request.Context())
	if course.Status != courses.Published && !u.Can(accounts.RoleCoordinator) {
		return nil, courses.ErrCourseNotFound
	}
	return course, nil
}

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
	course, err := h.visible(c, id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	l := web.Localizer(ctx)
	v := &courseView{Page: web.NewPage(c, "page.course.title"), Course: course,
		Heading: course.Title(l.Code()), Summary: course.Summary(l.Code()), SignInHref: "/login?next=" + c.Request.URL.Path}
	v.Title = v.Heading.Text
	for _, st := range courses.Completeness(course) {
		if st.Complete() {
			v.Languages = append(v.Languages, st.Locale)
		}
	}
	var p *Progress
	if u := accounts.CurrentUser(ctx); u != nil {
		v.Enrolment, err = h.svc.UserCourse(ctx, u.ID, course.ID)
		if err != nil {
			web.Fail(c, h.tpl, err)
			return
		}
		if v.Enrolment != nil {
			if p, err = h.svc.Progress(ctx, v.Enrolment.ID); err != nil {
				web.Fail(c, h.tpl, err)
				return
			}
		}
		v.CanEnrol = v.Enrolment == nil && course.SelfEnrol && course.Status == courses.Published
	}
	if v.Cohorts, err = h.svc.OpenCohorts(ctx, course.ID); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Applied = map[int64]AppStatus{}
	if u := accounts.CurrentUser(ctx); u != nil {
		apps, err := h.svc.MyApplications(ctx, u.ID)
		if err != nil {
			web.Fail(c, h.tpl, err)
			return
		}
		for _, a := range apps {
			v.Applied[a.CohortID] = a.Status
		}
	}
	v.Modules = outline(course, v.Enrolment, p, l.Code())
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
	if _, err := h.visible(c, id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if _, err := h.svc.Enrol(ctx, accounts.CurrentUser(ctx), id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/courses/%d", id), "flash.enrolled")
}

type myRow struct {
	Enrolment Enrolment
	Title     i18n.Localized
}

type myView struct {
	web.Page
	Rows         []myRow
	Applications []myApplication
}

type myApplication struct {
	Application Application
	Cohort      Cohort
	Title       i18n.Localized
}

func (h *Handler) showMy(c *gin.Context) {
	ctx := c.Request.Context()
	u := accounts.CurrentUser(ctx)
	es, err := h.svc.Mine(ctx, u.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	apps, err := h.svc.MyApplications(ctx, u.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	cids := make([]int64, len(apps))
	for i, a := range apps {
		cids[i] = a.CohortID
	}
	cohorts, err := h.svc.CohortsByID(ctx, cids)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	ids := make([]int64, 0, len(es)+len(cohorts))
	for _, e := range es {
		ids = append(ids, e.CourseID)
	}
	for _, co := range cohorts {
		ids = append(ids, co.CourseID)
	}
	heads, err := h.svc.courses.Headers(ctx, ids)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &myView{Page: web.NewPage(c, "page.my.title")}
	for _, e := range es {
		if hd, ok := heads[e.CourseID]; ok {
			v.Rows = append(v.Rows, myRow{Enrolment: e, Title: hd.Title(v.L.Code())})
		}
	}
	for _, a := range apps {
		co := cohorts[a.CohortID]
		if hd, ok := heads[co.CourseID]; ok {
			v.Applications = append(v.Applications, myApplication{Application: a, Cohort: co, Title: hd.Title(v.L.Code())})
		}
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.MyPage, v)
}

// learnTarget loads the enrolment (the caller's own), its course and the
// lesson, refusing a lesson of another course.
func (h *Handler) learnTarget(c *gin.Context) (*Enrolment, *courses.Course, *courses.Lesson, *courses.Module, bool) {
	ctx := c.Request.Context()
	eid, ok1 := paramID(c, "enrolment")
	lid, ok2 := paramID(c, "lesson")
	if !ok1 || !ok2 {
		web.Fail(c, h.tpl, ErrEnrolmentNotFound)
		return nil, nil, nil, nil, false
	}
	e, err := h.svc.EnrolmentFor(ctx, accounts.CurrentUser(ctx), eid)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, nil, nil, nil, false
	}
	course, err := h.svc.courses.Course(ctx, e.CourseID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, nil, nil, nil, false
	}
	l, m, ok := course.Lesson(lid)
	if !ok {
		web.Fail(c, h.tpl, ErrLessonNotInCourse)
		return nil, nil, nil, nil, false
	}
	return e, course, l, m, true
}

// parseAnswers reads a quiz form: field "q-<question id>" per question. A
// field for a question of another quiz is kept so grading refuses it.
func parseAnswers(c *gin.Context, l *courses.Lesson) (map[int64]courses.Answer, error) {
	kinds := map[int64]courses.QuestionKind{}
	for _, q := range l.Questions {
		kinds[q.ID] = q.Kind
	}
	out := map[int64]courses.Answer{}
	for key, vals := range c.Request.PostForm {
		idStr, ok := strings.CutPrefix(key, "q-")
		if !ok {
			continue
		}
		qid, err := strconv.ParseInt(idStr, 10, 64)
		if err != nil {
			return nil, courses.ErrForeignQuestion
		}
		var a courses.Answer
		switch kinds[qid] {
		case courses.SingleChoice, courses.MultipleChoice, "":
			for _, v := range vals {
				id, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return nil, courses.ErrForeignChoice
				}
				a.Choices = append(a.Choices, id)
			}
		case courses.TrueFalse:
			if len(vals) > 0 && (vals[0] == "true" || vals[0] == "false") {
				b := vals[0] == "true"
				a.Bool = &b
			}
		case courses.ShortAnswer:
			if len(vals) > 0 {
				a.Text = vals[0]
			}
		case courses.Numeric:
			if len(vals) > 0 && strings.TrimSpace(vals[0]) != "" {
				n, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(vals[0]), ",", "."), 64)
				if err != nil {
					return nil, &i18n.ValidationError{Fields: []i18n.FieldError{{Field: key, Msg: i18n.Msg("error.field.number")}}}
				}
				a.Number = &n
			}
		}
		out[qid] = a
	}
	return out, nil
}

func (h *Handler) applyPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrCohortNotFound)
		return
	}
	co, err := h.svc.CohortByID(ctx, id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	if _, err := h.visible(c, co.CourseID); err != nil {
		web.Fail(c, h.tpl, ErrCohortNotFound)
		return
	}
	u := accounts.CurrentUser(ctx)
	if _, err := h.svc.Apply(ctx, accounts.ActorFrom(ctx), co.ID, u, u, c.PostForm("note")); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, "/my", "flash.applied")
}
