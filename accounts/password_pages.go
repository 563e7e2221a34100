package accounts

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type forgotView struct {
	web.Page
	Email string
}

func (h *Handler) showForgot(c *gin.Context) {
	web.HTML(c, h.tpl, http.StatusOK, templates.PasswordForgot, &forgotView{Page: web.NewPage(c, "page.password.forgot_title")})
}

// forgot mails a reset link when the address belongs to an active account,
// and answers the same whether it does or not.
func (h *Handler) forgot(c *gin.Context) {
	if err := h.svc.RequestPasswordReset(c.Request.Context(), c.PostForm("email")); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, "/login", "flash.reset_sent")
}

type setPasswordView struct {
	web.Page
	Token string
	For   *User
}

func (h *Handler) showSetPassword(c *gin.Context) {
	u, err := h.svc.LinkUser(c.Request.Context(), c.Param("token"))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	c.Header("Referrer-Policy", "no-referrer") // the token is in the path
	web.HTML(c, h.tpl, http.StatusOK, templates.PasswordSet, &setPasswordView{Page: web.NewPage(c, "page.password.set_title"), Token: c.Param("token"), For: u})
}

func (h *Handler) setPassword(c *gin.Context) {
	ctx := c.Request.Context()
	token := c.Param("token")
	u, err := h.svc.SetPasswordWithLink(ctx, token, c.PostForm("password"), c.PostForm("confirm"))
	if err != nil {
		v := &setPasswordView{Page: web.NewPage(c, "page.password.set_title"), Token: token}
		if v.For, _ = h.svc.LinkUser(ctx, token); v.For == nil || !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		web.HTML(c, h.tpl, web.Status(err), templates.PasswordSet, v)
		return
	}
	secret, err := h.svc.StartSession(ctx, u, c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	h.setSessionCookie(c, secret)
	web.Redirect(c, "/", "flash.password_set")
}
