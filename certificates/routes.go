package certificates

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/templates"
)

// Handler serves verification, downloads, issuing and templates.
type Handler struct {
	svc *Service
	tpl *templates.Engine
}

// NewHandler returns the certificates handler.
func NewHandler(svc *Service, tpl *templates.Engine) *Handler { return &Handler{svc: svc, tpl: tpl} }

// RegisterPages adds the certificate pages.
func (h *Handler) RegisterPages(r gin.IRouter) {
	r.GET("/verify", h.showVerifyForm)
	r.GET("/verify/:serial", h.showVerify)
	r.POST("/verify/credential", h.checkCredential)
	// The check's answer is at /verify/credential; its language links and
	// a reload lead back to the form.
	r.GET("/verify/credential", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/verify#check-heading") })
	r.GET("/issuer", h.showIssuer)
	r.GET("/credentials/status/:n", h.showStatusList)
	signedIn := r.Group("", accounts.RequirePage(h.tpl))
	signedIn.GET("/my/certificates", h.showMine)
	signedIn.GET("/certificates/:id/pdf", h.download)
	co := r.Group("/coordinate", accounts.RequirePage(h.tpl, accounts.RoleCoordinator))
	co.GET("/cohorts/:id/certificates", h.showCohort)
	co.POST("/cohorts/:id/certificates/issue", h.issueSelected)
	co.POST("/cohorts/:id/certificates/batches", h.startBatch)
	co.POST("/cohorts/:id/certificates/auto", h.setAuto)
	co.GET("/certificate-batches/:id/zip", h.downloadZip)
	admin := r.Group("/admin", accounts.RequirePage(h.tpl, accounts.RoleAdmin))
	admin.POST("/certificates/:id/revoke", h.revoke)
	admin.POST("/certificates/:id/reissue", h.reissue)
	admin.GET("/certificate-templates", h.showTemplates)
	admin.GET("/certificate-templates/:key", h.showTemplate)
	admin.POST("/certificate-templates/:key", h.saveTemplate)
	admin.GET("/certificate-templates/:key/preview", h.previewSaved)
	admin.POST("/certificate-templates/:key/preview", h.previewForm)
	admin.POST("/certificate-templates/:key/signatories", h.addSignatory)
	admin.POST("/certificate-templates/:key/signatories/:sid/delete", h.removeSignatory)
	admin.POST("/certificate-templates/:key/logo", h.setLogo)
}

// idParam reads a positive id from the path.
func idParam(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	return id, err == nil && id > 0
}
