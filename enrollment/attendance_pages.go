package enrollment

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

type sessionsView struct {
	web.Page
	Cohort   *Cohort
	Sessions []ClassSession
	StartsAt string
	Topic    string
}

func (h *Handler) renderSessions(c *gin.Context, status int, co *Cohort, startsAt, topic string, fail error) {
	v := &sessionsView{Page: web.NewPage(c, "page.sessions.title", "Code", co.Code), Cohort: co, StartsAt: startsAt, Topic: topic}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	var err error
	if v.Sessions, err = h.svc.Sessions(c.Request.Context(), co.ID); err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	web.HTML(c, h.tpl, status, templates.CohortSessions, v)
}

func (h *Handler) showSessions(c *gin.Context) {
	co, ok := h.managed(c)
	if !ok {
		return
	}
	h.renderSessions(c, http.StatusOK, co, string(co.StartsOn)+"T09:00", "", nil)
}

func (h *Handler) addSessionPage(c *gin.Context) {
	ctx := c.Request.Context()
	co, ok := h.managed(c)
	if !ok {
		return
	}
	if _, err := h.svc.AddSession(ctx, accounts.ActorFrom(ctx), co.ID, c.PostForm("starts_at"), c.PostForm("topic")); err != nil {
		h.renderSessions(c, web.Status(err), co, c.PostForm("starts_at"), c.PostForm("topic"), err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d/sessions", co.ID), "flash.session_added")
}

type markRow struct {
	EnrolmentID int64
	Name        string
	NativeName  string
	Mark        Mark
}

type markingView struct {
	web.Page
	Cohort  *Cohort
	Session *ClassSession
	Rows    []markRow
	Marks   []Mark
}

func (h *Handler) sessionAndCohort(c *gin.Context) (*ClassSession, *Cohort, bool) {
	ctx := c.Request.Context()
	id, ok := paramID(c, "id")
	if !ok {
		web.Fail(c, h.tpl, ErrSessionNotFound)
		return nil, nil, false
	}
	cs, err := h.svc.Session(ctx, id)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return nil, nil, false
	}
	co, err := h.svc.ManagedCohort(ctx, accounts.CurrentUser(ctx), cs.CohortID)
	if err != nil {
		web.Fail(c, h.tpl, ErrSessionNotFound)
		return nil, nil, false
	}
	return cs, co, true
}

func (h *Handler) renderMarking(c *gin.Context, status int, cs *ClassSession, co *Cohort, posted map[int64]Mark, fail error) {
	ctx := c.Request.Context()
	v := &markingView{Page: web.NewPage(c, "page.marking.title", "Topic", cs.Topic), Cohort: co, Session: cs, Marks: Marks}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	marks, err := h.svc.SessionMarks(ctx, cs.ID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	roster, err := h.svc.Roster(ctx, co)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	for _, r := range roster {
		if r.Status == Withdrawn {
			continue
		}
		m := marks[r.EnrolmentID]
		if p, ok := posted[r.EnrolmentID]; ok {
			m = p
		}
		v.Rows = append(v.Rows, markRow{EnrolmentID: r.EnrolmentID, Name: r.Name, NativeName: r.NativeName, Mark: m})
	}
	web.HTML(c, h.tpl, status, templates.CohortMarking, v)
}

func (h *Handler) showMarking(c *gin.Context) {
	cs, co, ok := h.sessionAndCohort(c)
	if !ok {
		return
	}
	h.renderMarking(c, http.StatusOK, cs, co, nil, nil)
}

func (h *Handler) saveMarking(c *gin.Context) {
	ctx := c.Request.Context()
	cs, co, ok := h.sessionAndCohort(c)
	if !ok {
		return
	}
	marks := map[int64]Mark{}
	for key, vals := range c.Request.PostForm {
		idStr, ok := strings.CutPrefix(key, "mark-")
		if !ok || len(vals) == 0 {
			continue
		}
		id, err := strconv.ParseInt(idStr, 10, 64)
		if err != nil {
			continue
		}
		marks[id] = Mark(vals[0])
	}
	if err := h.svc.MarkAttendance(ctx, accounts.ActorFrom(ctx), cs.ID, marks); err != nil {
		h.renderMarking(c, web.Status(err), cs, co, marks, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d/sessions", co.ID), "flash.attendance_saved")
}
