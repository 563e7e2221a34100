package accounts

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type profileForm struct {
	Name, NativeName, Position, Organisation, Country, Gender string
}

type accountView struct {
	web.Page
	Profile       *User
	Form          profileForm
	GenderOptions []i18n.Option
}

func genderOptions(l *i18n.Localizer, selected string) []i18n.Option {
	out := make([]i18n.Option, len(Genders))
	for i, g := range Genders {
		out[i] = i18n.Option{Value: g, Label: l.T("gender." + g), Selected: g == selected}
	}
	return out
}

func (h *Handler) renderAccount(c *gin.Context, status int, f *profileForm, fail error) {
	u := CurrentUser(c.Request.Context())
	v := &accountView{Page: web.NewPage(c, "page.account.title"), Profile: u}
	if f != nil {
		v.Form = *f
	} else {
		v.Form = profileForm{Name: u.Name, NativeName: u.NativeName, Position: u.Position, Organisation: u.Organisation, Country: u.Country, Gender: u.Gender}
	}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	v.GenderOptions = genderOptions(v.L, v.Form.Gender)
	web.HTML(c, h.tpl, status, templates.AccountPage, v)
}

func (h *Handler) showAccount(c *gin.Context) { h.renderAccount(c, http.StatusOK, nil, nil) }

// saveProfile lets a person keep their own profile up to date: the details
// an application or a certificate needs (never their role or state).
func (h *Handler) saveProfile(c *gin.Context) {
	ctx := c.Request.Context()
	u := CurrentUser(ctx)
	f := profileForm{Name: c.PostForm("name"), NativeName: c.PostForm("native_name"), Position: c.PostForm("position"),
		Organisation: c.PostForm("organisation"), Country: c.PostForm("country"), Gender: c.PostForm("gender")}
	_, err := h.svc.UpdateUser(ctx, ActorFrom(ctx), u.ID, UserChange{Name: &f.Name, NativeName: &f.NativeName, Position: &f.Position,
		Organisation: &f.Organisation, Country: &f.Country, Gender: &f.Gender})
	if err != nil {
		h.renderAccount(c, web.Status(err), &f, err)
		return
	}
	web.Redirect(c, "/account", "flash.profile_saved")
}

func (h *Handler) saveLocale(c *gin.Context) {
	u := CurrentUser(c.Request.Context())
	locale := c.PostForm("locale")
	if err := h.svc.SetLocale(c.Request.Context(), u.ID, locale); err != nil {
		h.renderAccount(c, web.Status(err), nil, err)
		return
	}
	// The cookie follows, so the next page is in the new language even
	// before the profile is read again.
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie(web.LocaleCookie, locale, 365*24*3600, "/", "", h.secure, true)
	web.Redirect(c, "/account", "flash.language_saved")
}
