package enrollment

import (
	"fmt"
	"net/http"
	"net/url"
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
	Pager   web.Pager
	Query   string
	PerPage int    // kept by the search form when not the default
	List    string // the sheet's address query, posted back so the answer returns to the same page
}

// markingFilterFrom reads the marking sheet's search and page from an
// address leniently and returns the search in its address form.
func markingFilterFrom(q url.Values) (RosterFilter, url.Values) {
	text := limitQuery(q.Get("q"))
	return RosterFilter{Search: web.ParseSearch(text), Seated: true, ByName: true, Page: web.ReadPage(q)}, url.Values{"q": {text}}
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

// renderMarking shows one page of the session's marking sheet (the
// seated trainees by name) as address names it, with posted marks kept.
func (h *Handler) renderMarking(c *gin.Context, status int, cs *ClassSession, co *Cohort, address url.Values, posted map[int64]Mark, fail error) {
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
	f, keep := markingFilterFrom(address)
	list, err := h.svc.RosterPage(ctx, co, f)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	for _, r := range list.Rows {
		m := marks[r.EnrolmentID]
		if p, ok := posted[r.EnrolmentID]; ok {
			m = p
		}
		v.Rows = append(v.Rows, markRow{EnrolmentID: r.EnrolmentID, Name: r.Name, NativeName: r.NativeName, Mark: m})
	}
	v.Query = keep.Get("q")
	v.Pager = web.NewPager(v.L, fmt.Sprintf("/coordinate/sessions/%d", cs.ID), keep, list.Page, list.Total, "")
	v.List = list.Page.Address(keep).Encode()
	if list.Page.PerPage != web.DefaultPerPage {
		v.PerPage = list.Page.PerPage
	}
	web.HTML(c, h.tpl, status, templates.CohortMarking, v)
}

func (h *Handler) showMarking(c *gin.Context) {
	cs, co, ok := h.sessionAndCohort(c)
	if !ok {
		return
	}
	h.renderMarking(c, http.StatusOK, cs, co, c.Request.URL.Query(), nil, nil)
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
	list := listAddress(c.PostForm("list"))
	if err := h.svc.MarkAttendance(ctx, accounts.ActorFrom(ctx), cs.ID, marks); err != nil {
		h.renderMarking(c, web.Status(err), cs, co, list, marks, err)
		return
	}
	// A sheet of one page is done: back to the sessions. A longer one
	// returns to the page just saved, so the next can be marked.
	if c.PostForm("more") == "" {
		web.Redirect(c, fmt.Sprintf("/coordinate/cohorts/%d/sessions", co.ID), "flash.attendance_saved")
		return
	}
	f, keep := markingFilterFrom(list)
	back := fmt.Sprintf("/coordinate/sessions/%d", cs.ID)
	if enc := f.Page.Address(keep).Encode(); enc != "" {
		back += "?" + enc
	}
	web.Redirect(c, back, "flash.attendance_saved")
}
