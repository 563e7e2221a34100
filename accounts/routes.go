package accounts

import (
	"github.com/gin-gonic/gin"
)

// RegisterPages adds the accounts pages to the router.
func (h *Handler) RegisterPages(r gin.IRouter) {
	r.GET("/login", h.showLogin)
	r.POST("/login", h.login)
	r.POST("/logout", h.logout)
	r.GET("/password/forgot", h.showForgot)
	r.POST("/password/forgot", h.forgot)
	r.GET("/password/:token", h.showSetPassword)
	r.POST("/password/:token", h.setPassword)

	signedIn := r.Group("/account", h.RequirePage())
	signedIn.GET("", h.showAccount)
	signedIn.POST("/locale", h.saveLocale)
	signedIn.POST("/profile", h.saveProfile)
	signedIn.GET("/tokens", h.showTokens)
	signedIn.POST("/tokens", h.createToken)
	signedIn.POST("/tokens/:id/revoke", h.revokeToken)

	admin := r.Group("/admin", h.RequirePage(RoleAdmin))
	admin.GET("/users", h.showUsers)
	admin.POST("/users", h.createUserPage)
	admin.GET("/users/:id", h.showUser)
	admin.POST("/users/:id", h.updateUserPage)
	admin.GET("/audit", h.showAudit)
}
