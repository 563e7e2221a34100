package projects

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type reportRow struct {
	Report
	Excerpt i18n.Localized
}

type projectView struct {
	web.Page
	Project    *Project
	Name       i18n.Localized
	Summary    i18n.Localized
	Steps      []Step
	History    []PhaseEvent
	Members    []MemberView
	Milestones []Milestone
	Budget     *Budget
	Indicators []IndicatorView
	Reports    []reportRow
	Today      store.Date
	CanWrite   bool
}

// Money formats minor units in the project's currency.
func (v *projectView) Money(minor int64) string { return FormatAmount(minor, v.Project.Currency) }

// IndicatorTitle is an indicator's title for the reader.
func (v *projectView) IndicatorTitle(iv IndicatorView) i18n.Localized {
	return iv.Title(v.L.Code(), v.Project.DefaultLocale)
}

// Overdue reports whether a milestone is overdue today.
func (v *projectView) Overdue(m Milestone) bool { return m.Overdue(v.Today) }

func (h *Handler) showProject(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	v := &projectView{Page: web.NewPage(c, "page.project.title", "Code", p.Code), Project: p, Steps: p.Steps(),
		Today: h.svc.Today(), CanWrite: CanWrite(accounts.CurrentUser(ctx))}
	v.Name, v.Summary = p.TitleIn(v.L.Code()), p.SummaryIn(v.L.Code())
	v.Title = v.Name.Text
	var err error
	if v.History, err = h.svc.History(ctx, p.ID); err == nil {
		if v.Members, err = h.svc.Members(ctx, p.ID); err == nil {
			if v.Milestones, err = h.svc.Milestones(ctx, p.ID); err == nil {
				if v.Budget, err = h.svc.BudgetOf(ctx, p.ID); err == nil {
					v.Indicators, err = h.svc.Indicators(ctx, p.ID)
				}
			}
		}
	}
	if err == nil {
		var reps []Report
		if reps, err = h.svc.Reports(ctx, p.ID); err == nil {
			for _, r := range reps {
				v.Reports = append(v.Reports, reportRow{Report: r, Excerpt: r.NarrativeIn(v.L.Code())})
			}
		}
	}
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.HTML(c, h.tpl, http.StatusOK, templates.ProjectPage, v)
}

func (h *Handler) removeMember(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	mid, _ := paramID(c, "mid")
	if err := h.svc.RemoveMember(c.Request.Context(), actor(c), p.ID, mid); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, projectURL(p, "#members"), "flash.project_member_removed")
}

func (h *Handler) milestoneDone(c *gin.Context) {
	p, ok := h.project(c)
	if !ok {
		return
	}
	mid, _ := paramID(c, "mid")
	on := c.PostForm("done_on")
	if on == "" {
		on = string(h.svc.Today())
	}
	if _, err := h.svc.CompleteMilestone(c.Request.Context(), actor(c), p.ID, mid, on); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.Redirect(c, projectURL(p, "#milestones"), "flash.project_milestone_done")
}
