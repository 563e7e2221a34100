package enrollment

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type myRow struct {
	Enrolment Enrolment
	Title     i18n.Localized
}

type myApplication struct {
	Application Application
	Cohort      Cohort
	Title       i18n.Localized
	CanWithdraw bool
}

type myView struct {
	web.Page
	Rows         []myRow
	Applications []myApplication
}

func (h *Handler) showMy(c *gin.Context) { h.renderMy(c, http.StatusOK, nil) }

// renderMy shows /my, with fail (a refused withdrawal) in the error
// summary when it is not nil.
func (h *Handler) renderMy(c *gin.Context, status int, fail error) {
	ctx := c.Request.Context()
	v := &myView{Page: web.NewPage(c, "page.my.title")}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	my, err := h.svc.MyLearning(ctx, accounts.CurrentUser(ctx))
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	loc := v.L.Code()
	for _, e := range my.Enrolments {
		v.Rows = append(v.Rows, myRow{Enrolment: e.Enrolment, Title: e.Course.Title(loc)})
	}
	for _, a := range my.Applications {
		v.Applications = append(v.Applications, myApplication{Application: a.Application, Cohort: a.Cohort,
			Title: a.Course.Title(loc), CanWithdraw: a.CanWithdraw})
	}
	web.HTML(c, h.tpl, status, templates.MyPage, v)
}

// withdrawPage withdraws one of the caller's own applications and says so
// on /my.
func (h *Handler) withdrawPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrApplicationNotFound)
		return
	}
	if _, err := h.svc.Decide(ctx, accounts.ActorFrom(ctx), id, Withdraw, ""); err != nil {
		h.renderMy(c, web.Status(err), err)
		return
	}
	web.Redirect(c, "/my", "flash.application_withdrawn")
}
