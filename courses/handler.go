package courses

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// Handler serves the catalogue, the coordinators' course editor and the
// courses API.
type Handler struct {
	svc       *Service
	tpl       *templates.Engine
	maxUpload int64
}

// NewHandler returns the courses handler; maxUpload caps lesson files.
func NewHandler(svc *Service, tpl *templates.Engine, maxUpload int64) *Handler {
	return &Handler{svc: svc, tpl: tpl, maxUpload: maxUpload}
}

// RegisterPages adds the course pages to the router.
func (h *Handler) RegisterPages(r gin.IRouter) {
	r.GET("/courses", h.showCatalogue)

	co := r.Group("/coordinate", accounts.RequirePage(h.tpl, accounts.RoleCoordinator))
	co.GET("/courses", h.showCoordCourses)
	co.POST("/programmes", h.createProgrammePage)
	co.GET("/programmes/:id", h.showProgramme)
	co.POST("/programmes/:id", h.saveProgrammeTexts)
	co.GET("/courses/new", h.showNewCourse)
	co.POST("/courses", h.createCoursePage)
	co.POST("/courses/import", h.importPage)
	co.GET("/courses/:id", h.showEditor)
	co.POST("/courses/:id", h.saveSettingsPage)
	co.POST("/courses/:id/status", h.setStatusPage)
	co.GET("/courses/:id/export", h.exportPage)
	co.POST("/courses/:id/modules", h.addModulePage)
	co.POST("/modules/:id/lessons", h.addLessonPage)
	co.GET("/courses/:id/translate/:locale", h.showTranslate)
	co.POST("/courses/:id/translate/:locale", h.saveTranslate)
	co.GET("/lessons/:id", h.showLessonEditor)
	co.POST("/lessons/:id", h.saveLessonPage)
	co.POST("/lessons/:id/delete", h.deleteLessonPage)
	co.POST("/lessons/:id/file", h.uploadFilePage)
	co.POST("/lessons/:id/questions", h.addQuestionPage)
	co.POST("/questions/:id/delete", h.deleteQuestionPage)
}

func paramID(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	return id, err == nil && id > 0
}

func formInt(c *gin.Context, name string) int {
	n, _ := strconv.Atoi(c.PostForm(name))
	return n
}

func options[T ~string](l *i18n.Localizer, prefix string, all []T, selected string) []i18n.Option {
	out := make([]i18n.Option, len(all))
	for i, v := range all {
		out[i] = i18n.Option{Value: string(v), Label: l.T(prefix + string(v)), Selected: string(v) == selected}
	}
	return out
}

// localeOptions lists the content locales, each named in itself.
func localeOptions(selected string) []i18n.Option {
	out := make([]i18n.Option, len(i18n.ContentLocales))
	for i, c := range i18n.ContentLocales {
		out[i] = i18n.Option{Value: c, Label: i18n.LanguageName(c), Selected: c == selected}
	}
	return out
}

func (h *Handler) programmeOptions(c *gin.Context, selected int64) ([]i18n.Option, error) {
	ps, err := h.svc.ProgrammeChoices(c.Request.Context(), web.Localizer(c.Request.Context()).Code())
	if err != nil {
		return nil, err
	}
	out := make([]i18n.Option, len(ps))
	for i, p := range ps {
		out[i] = i18n.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Title.Text + " (" + p.Code + ")", Selected: p.ID == selected}
	}
	return out, nil
}
