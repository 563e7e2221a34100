package accounts

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type accountView struct {
	web.Page
	Profile *User
}

func (h *Handler) showAccount(c *gin.Context) {
	v := &accountView{Page: web.NewPage(c, "page.account.title"), Profile: CurrentUser(c.Request.Context())}
	web.HTML(c, h.tpl, http.StatusOK, templates.AccountPage, v)
}

func (h *Handler) saveLocale(c *gin.Context) {
	u := CurrentUser(c.Request.Context())
	locale := c.PostForm("locale")
	if err := h.svc.SetLocale(c.Request.Context(), u.ID, locale); err != nil {
		v := &accountView{Page: web.NewPage(c, "page.account.title"), Profile: u}
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		web.HTML(c, h.tpl, web.Status(err), templates.AccountPage, v)
		return
	}
	// The cookie follows, so the next page is in the new language even
	// before the profile is read again.
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie(web.LocaleCookie, locale, 365*24*3600, "/", "", h.secure, true)
	web.Redirect(c, "/account", "flash.language_saved")
}
