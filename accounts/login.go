package accounts

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type loginView struct {
	web.Page
	Email string
	Next  string
}

func (h *Handler) showLogin(c *gin.Context) {
	if CurrentUser(c.Request.Context()) != nil {
		c.Redirect(http.StatusSeeOther, web.LocalTarget(c.Query("next")))
		return
	}
	v := &loginView{Page: web.NewPage(c, "page.login.title"), Next: web.LocalTarget(c.Query("next"))}
	web.HTML(c, h.tpl, http.StatusOK, templates.Login, v)
}

func (h *Handler) login(c *gin.Context) {
	ctx := c.Request.Context()
	email, password := c.PostForm("email"), c.PostForm("password")
	v := &loginView{Page: web.NewPage(c, "page.login.title"), Email: email, Next: web.LocalTarget(c.PostForm("next"))}
	u, err := h.svc.Authenticate(ctx, email, password, c.ClientIP())
	if err != nil {
		status := web.Status(err)
		if status == http.StatusInternalServerError {
			web.Fail(c, h.tpl, err)
			return
		}
		if ra := web.RetryAfterSeconds(err); ra != "" {
			c.Header("Retry-After", ra)
		}
		if errors.Is(err, ErrBadCredentials) {
			// Link the summary to the first field, without saying which
			// of the two was wrong.
			err = &i18n.ValidationError{Fields: []i18n.FieldError{{Field: "email", Msg: ErrBadCredentials.Msg}}}
		}
		v.AddProblems(err)
		web.HTML(c, h.tpl, status, templates.Login, v)
		return
	}
	// A session that this browser had before (another account, or a
	// planted cookie) ends: signing in always starts a fresh one.
	if old, err := c.Cookie(SessionCookie); err == nil {
		if err := h.svc.EndSession(ctx, old); err != nil {
			web.Fail(c, h.tpl, err)
			return
		}
	}
	secret, err := h.svc.StartSession(ctx, u, c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	h.setSessionCookie(c, secret)
	web.Redirect(c, v.Next, "flash.signed_in")
}

func (h *Handler) logout(c *gin.Context) {
	if secret, err := c.Cookie(SessionCookie); err == nil {
		if err := h.svc.EndSession(c.Request.Context(), secret); err != nil {
			web.Fail(c, h.tpl, err)
			return
		}
	}
	h.clearSessionCookie(c)
	web.Redirect(c, "/", "flash.signed_out")
}
