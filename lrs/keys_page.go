package lrs

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// Handler serves the LRS keys' admin page and API.
type Handler struct {
	svc     *Service
	tpl     *templates.Engine
	baseURL string
}

// NewHandler returns the keys' handler; baseURL is shown as the LRS
// endpoint clients are given.
func NewHandler(svc *Service, tpl *templates.Engine, baseURL string) *Handler {
	return &Handler{svc: svc, tpl: tpl, baseURL: baseURL}
}

// RegisterPages adds the keys page under /admin.
func (h *Handler) RegisterPages(r gin.IRouter) {
	admin := r.Group("/admin", accounts.RequirePage(h.tpl, accounts.RoleAdmin))
	admin.GET("/lrs-keys", h.showKeys)
	admin.POST("/lrs-keys", h.createKey)
	admin.POST("/lrs-keys/:id/revoke", h.revokeKey)
	admin.POST("/lrs-keys/forwards", h.addForward)
	admin.POST("/lrs-keys/forwards/:id/delete", h.removeForward)
}

type keysView struct {
	web.Page
	Keys     []Key
	Endpoint string
	// Name and ReadOnly keep what was typed when the form is refused.
	Name     string
	ReadOnly bool
	// NewKey and NewSecret are shown once, right after creation.
	NewKey, NewSecret string
	Forwards          []Forward
	// Endpoint and username typed in the forward form, kept when it is
	// refused (the password never is).
	ForwardEndpoint, ForwardUsername string
}

func (h *Handler) renderKeys(c *gin.Context, status int, v *keysView) {
	ctx := c.Request.Context()
	keys, err := h.svc.Keys(ctx, accounts.CurrentUser(ctx))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	forwards, err := h.svc.Forwards(ctx, accounts.CurrentUser(ctx))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Keys, v.Forwards, v.Endpoint = keys, forwards, h.endpoint()
	web.HTML(c, h.tpl, status, templates.LRSKeys, v)
}

func (h *Handler) endpoint() string {
	base := h.baseURL
	for len(base) > 0 && base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return base + "/xapi/"
}

func (h *Handler) showKeys(c *gin.Context) {
	h.renderKeys(c, http.StatusOK, &keysView{Page: web.NewPage(c, "page.lrs_keys.title")})
}

// createKey renders the page instead of redirecting: the secret exists
// only in this answer and must never travel in a URL or a cookie.
func (h *Handler) createKey(c *gin.Context) {
	ctx := c.Request.Context()
	v := &keysView{Page: web.NewPage(c, "page.lrs_keys.title")}
	v.Name, v.ReadOnly = c.PostForm("name"), c.PostForm("read_only") == "on"
	secret, k, err := h.svc.CreateKey(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), v.Name, v.ReadOnly)
	if err != nil {
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderKeys(c, web.Status(err), v)
		return
	}
	v.Name, v.ReadOnly = "", false
	v.NewKey, v.NewSecret = k.Key, secret
	v.Flash = v.T("flash.lrs_key_created")
	h.renderKeys(c, http.StatusCreated, v)
}

func (h *Handler) revokeKey(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		web.Fail(c, h.tpl, ErrKeyNotFound)
		return
	}
	if err := h.svc.RevokeKey(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, "/admin/lrs-keys", "flash.lrs_key_revoked")
}

func (h *Handler) addForward(c *gin.Context) {
	ctx := c.Request.Context()
	v := &keysView{Page: web.NewPage(c, "page.lrs_keys.title")}
	v.ForwardEndpoint, v.ForwardUsername = c.PostForm("endpoint"), c.PostForm("username")
	_, err := h.svc.AddForward(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), v.ForwardEndpoint, v.ForwardUsername, c.PostForm("password"))
	if err != nil {
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderKeys(c, web.Status(err), v)
		return
	}
	web.Redirect(c, "/admin/lrs-keys#forwards", "flash.lrs_forward_added")
}

func (h *Handler) removeForward(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		web.Fail(c, h.tpl, ErrForwardNotFound)
		return
	}
	if err := h.svc.RemoveForward(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), id); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, "/admin/lrs-keys#forwards", "flash.lrs_forward_removed")
}
