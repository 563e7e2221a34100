package accounts

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type tokensView struct {
	web.Page
	Tokens   []APIToken
	NewToken string // shown once, right after creation
}

func (h *Handler) renderTokens(c *gin.Context, status int, v *tokensView) {
	tokens, err := h.svc.ListTokens(c.Request.Context(), CurrentUser(c.Request.Context()).ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Tokens = tokens
	web.HTML(c, h.tpl, status, templates.Tokens, v)
}

func (h *Handler) showTokens(c *gin.Context) {
	h.renderTokens(c, http.StatusOK, &tokensView{Page: web.NewPage(c, "page.tokens.title")})
}

// createToken renders the page directly instead of redirecting: the plain
// token exists only in this response and must never travel in a URL or a
// cookie.
func (h *Handler) createToken(c *gin.Context) {
	ctx := c.Request.Context()
	v := &tokensView{Page: web.NewPage(c, "page.tokens.title")}
	secret, _, err := h.svc.CreateToken(ctx, ActorFrom(ctx), CurrentUser(ctx), c.PostForm("name"))
	if err != nil {
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderTokens(c, web.Status(err), v)
		return
	}
	v.NewToken = secret
	v.Flash = v.T("flash.token_created")
	h.renderTokens(c, http.StatusCreated, v)
}

func (h *Handler) revokeToken(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		web.Fail(c, h.tpl, ErrTokenNotFound)
		return
	}
	if err := h.svc.RevokeToken(ctx, ActorFrom(ctx), CurrentUser(ctx), id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, "/account/tokens", "flash.token_revoked")
}
