package projects

import (
	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/templates"
)

// Handler serves the project pages and API.
type Handler struct {
	svc *Service
	tpl *templates.Engine
}

// NewHandler returns the projects handler.
func NewHandler(svc *Service, tpl *templates.Engine) *Handler { return &Handler{svc: svc, tpl: tpl} }

// RegisterPages adds the project pages.
func (h *Handler) RegisterPages(r gin.IRouter) {}

// RegisterAPI adds the project operations.
func (h *Handler) RegisterAPI(api huma.API) {}
