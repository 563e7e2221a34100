package accounts

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

const usersPerPage = 50

type userForm struct {
	Email, Name, NativeName, Country, Role, Locale string
	Position, Organisation, Gender                 string
	Active                                         bool
}

type usersView struct {
	web.Page
	Users              []User
	Total              int64
	Query              string
	RoleFilter         []i18n.Option
	RoleOptions        []i18n.Option
	Form               userForm
	PrevHref, NextHref string
}

func roleOptions(l *i18n.Localizer, selected string) []i18n.Option {
	out := make([]i18n.Option, len(Roles))
	for i, r := range Roles {
		out[i] = i18n.Option{Value: string(r), Label: l.T("role." + string(r)), Selected: string(r) == selected}
	}
	return out
}

func pageHref(base string, q url.Values, page int) string {
	q.Set("page", strconv.Itoa(page))
	return base + "?" + q.Encode()
}

func (h *Handler) renderUsers(c *gin.Context, status int, v *usersView) {
	page, _ := strconv.Atoi(c.Query("page"))
	page = max(page, 1)
	v.Query = c.Query("q")
	role := Role(c.Query("role"))
	users, total, err := h.svc.ListUsers(c.Request.Context(), UserFilter{Query: v.Query, Role: role, Page: page, PerPage: usersPerPage})
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Users, v.Total = users, total
	v.RoleFilter = roleOptions(v.L, string(role))
	v.RoleOptions = roleOptions(v.L, v.Form.Role)
	q := url.Values{"q": {v.Query}, "role": {string(role)}}
	if page > 1 {
		v.PrevHref = pageHref("/admin/users", q, page-1)
	}
	if int64(page*usersPerPage) < total {
		v.NextHref = pageHref("/admin/users", q, page+1)
	}
	web.HTML(c, h.tpl, status, templates.AdminUsers, v)
}

func (h *Handler) showUsers(c *gin.Context) {
	h.renderUsers(c, http.StatusOK, &usersView{Page: web.NewPage(c, "page.users.title"), Form: userForm{Role: string(RoleLearner)}})
}

func (h *Handler) createUserPage(c *gin.Context) {
	ctx := c.Request.Context()
	f := userForm{
		Email: c.PostForm("email"), Name: c.PostForm("name"), NativeName: c.PostForm("native_name"),
		Country: c.PostForm("country"), Role: c.PostForm("role"), Locale: c.PostForm("locale"),
	}
	u, err := h.svc.CreateUser(ctx, ActorFrom(ctx), NewUser{
		Email: f.Email, Name: f.Name, NativeName: f.NativeName, Password: c.PostForm("password"),
		Role: Role(f.Role), Locale: f.Locale, Country: f.Country,
	})
	if err != nil {
		v := &usersView{Page: web.NewPage(c, "page.users.title"), Form: f}
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderUsers(c, web.Status(err), v)
		return
	}
	web.Redirect(c, "/admin/users/"+strconv.FormatInt(u.ID, 10), "flash.user_created")
}

type userView struct {
	web.Page
	Target        *User
	Form          userForm
	RoleOptions   []i18n.Option
	GenderOptions []i18n.Option
	Entries       []AuditEntry
}

func (h *Handler) renderUser(c *gin.Context, status int, v *userView) {
	entries, _, err := h.svc.ListAudit(c.Request.Context(), AuditFilter{EntityType: "user", EntityID: v.Target.ID, PerPage: 20})
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v.Entries = entries
	v.RoleOptions = roleOptions(v.L, v.Form.Role)
	v.GenderOptions = genderOptions(v.L, v.Form.Gender)
	web.HTML(c, h.tpl, status, templates.AdminUser, v)
}

func (h *Handler) targetUser(c *gin.Context) (*User, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		web.Fail(c, h.tpl, ErrUserNotFound)
		return nil, false
	}
	u, err := h.svc.User(c.Request.Context(), id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, false
	}
	return u, true
}

func (h *Handler) showUser(c *gin.Context) {
	u, ok := h.targetUser(c)
	if !ok {
		return
	}
	v := &userView{Page: web.NewPage(c, "page.user.title", "Name", u.Name), Target: u, Form: userForm{
		Name: u.Name, NativeName: u.NativeName, Country: u.Country, Role: string(u.Role), Locale: u.Locale, Active: u.Active,
		Position: u.Position, Organisation: u.Organisation, Gender: u.Gender,
	}}
	h.renderUser(c, http.StatusOK, v)
}

func (h *Handler) updateUserPage(c *gin.Context) {
	u, ok := h.targetUser(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	f := userForm{
		Name: c.PostForm("name"), NativeName: c.PostForm("native_name"), Country: c.PostForm("country"),
		Role: c.PostForm("role"), Locale: c.PostForm("locale"), Active: c.PostForm("active") == "1",
		Position: c.PostForm("position"), Organisation: c.PostForm("organisation"), Gender: c.PostForm("gender"),
	}
	role := Role(f.Role)
	_, err := h.svc.UpdateUser(ctx, ActorFrom(ctx), u.ID, UserChange{
		Name: &f.Name, NativeName: &f.NativeName, Country: &f.Country, Role: &role, Locale: &f.Locale, Active: &f.Active,
		Position: &f.Position, Organisation: &f.Organisation, Gender: &f.Gender,
	})
	if err != nil {
		v := &userView{Page: web.NewPage(c, "page.user.title", "Name", u.Name), Target: u, Form: f}
		if !v.AddProblems(err) {
			web.Fail(c, h.tpl, err)
			return
		}
		h.renderUser(c, web.Status(err), v)
		return
	}
	web.Redirect(c, "/admin/users/"+strconv.FormatInt(u.ID, 10), "flash.user_saved")
}

type auditView struct {
	web.Page
	Entries            []AuditEntry
	Total              int64
	PrevHref, NextHref string
}

func (h *Handler) showAudit(c *gin.Context) {
	page, _ := strconv.Atoi(c.Query("page"))
	page = max(page, 1)
	const per = 100
	entries, total, err := h.svc.ListAudit(c.Request.Context(), AuditFilter{EntityType: c.Query("entity_type"), Page: page, PerPage: per})
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	v := &auditView{Page: web.NewPage(c, "page.audit.title"), Entries: entries, Total: total}
	q := url.Values{"entity_type": {c.Query("entity_type")}}
	if page > 1 {
		v.PrevHref = pageHref("/admin/audit", q, page-1)
	}
	if int64(page*per) < total {
		v.NextHref = pageHref("/admin/audit", q, page+1)
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.AdminAudit, v)
}
