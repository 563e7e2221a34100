package projects

import (
	"slices"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// Handler serves the project pages and API.
type Handler struct {
	svc *Service
	tpl *templates.Engine
}

// NewHandler returns the projects handler.
func NewHandler(svc *Service, tpl *templates.Engine) *Handler { return &Handler{svc: svc, tpl: tpl} }

// RegisterPages adds the project pages. Every signed-in person may open
// /projects (learners see the projects they are members of); the
// dashboard is for staff, admins and coordinators; every write is for
// staff and admins.
func (h *Handler) RegisterPages(r gin.IRouter) {
	g := r.Group("/projects", accounts.RequirePage(h.tpl))
	w := g.Group("", accounts.RequirePage(h.tpl, accounts.RoleStaff))
	g.GET("", h.showList)
	g.GET("/export.csv", h.exportList)
	g.GET("/export.xlsx", h.exportList)
	h.registerPDF(g, nil)
	h.registerIATI(g, nil)
	g.GET("/dashboard", accounts.RequirePage(h.tpl, accounts.RoleStaff, accounts.RoleCoordinator), h.showDashboard)
	w.GET("/new", h.entryPage(newProjectEntry))
	w.POST("", h.entryPost(newProjectEntry))
	g.GET("/:id", h.showProject)
	g.GET("/:id/export.csv", h.exportRecord)
	g.GET("/:id/export.xlsx", h.exportRecord)
	w.GET("/:id/edit", h.entryPage(editProjectEntry))
	w.POST("/:id", h.entryPost(editProjectEntry))
	for _, e := range slices.Concat(projectEntries, []entry{valueEntry, indicatorTextEntry}, correctionEntries) {
		w.GET("/:id/"+e.path, h.entryPage(e))
		w.POST("/:id/"+e.path, h.entryPost(e))
	}
	w.POST("/:id/members/:mid/remove", h.removeMember)
	w.POST("/:id/milestones/:mid/done", h.milestoneDone)
	g.GET("/:id/indicators/:iid", h.showIndicator)
	g.GET("/:id/reports/:rid", h.showReport)
	w.POST("/:id/reports/:rid/narrative", h.narrativePost)
	w.POST("/:id/reports/:rid/attachments", h.attachPost)
	w.POST("/:id/reports/:rid/submit", h.reportMove(false))
	w.POST("/:id/reports/:rid/approve", h.reportMove(true))
	g.GET("/:id/reports/:rid/attachments/:aid", h.download)
}

// RegisterAPI adds the project operations.
func (h *Handler) RegisterAPI(api huma.API) {
	h.registerAPI(api)
	h.registerPDF(nil, api)
	h.registerIATI(nil, api)
}

func paramID(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	return id, err == nil && id > 0
}

// project loads the project in the path if the caller may read it.
func (h *Handler) project(c *gin.Context) (*Project, bool) {
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrProjectNotFound)
		return nil, false
	}
	p, err := h.svc.Project(c.Request.Context(), accounts.CurrentUser(c.Request.Context()), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, false
	}
	return p, true
}
