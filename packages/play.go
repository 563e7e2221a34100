package packages

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

// itemTitle is an item's title for a reader of locale: cmi5 titles are
// per language, SCORM's are one.
func itemTitle(it Item, locale string) i18n.Localized {
	if len(it.Titles) > 0 {
		return i18n.Localize(it.Titles, locale, "en")
	}
	return i18n.Localized{Text: it.Title, Lang: locale}
}

// itemStatus names a runtime's state in the reader's language.
func itemStatus(l *i18n.Localizer, r *Runtime) string {
	switch {
	case r == nil || (r.Sessions == 0 && r.Data == "" && r.Completion == ""):
		return l.T("package.status.not_started")
	case r.Satisfied:
		return l.T("package.status.done")
	case r.Success == "failed":
		return l.T("package.status.failed")
	}
	return l.T("package.status.in_progress")
}

// hostInit is what the player page hands the frame on the content origin
// to start a SCO with.
type hostInit struct {
	Standard Standard       `json:"standard"`
	Item     string         `json:"item"`
	Launch   string         `json:"launch"`
	CMI      map[string]any `json:"cmi"`
}

// PlayerView makes the lesson page's player (enrollment.Player): the list
// of SCOs or AUs with their state, and the frame of the one asked for —
// for SCORM the content origin's host page, started with the SCO's data
// model; for cmi5 the AU itself, launched.
func (s *Service) PlayerView(c *gin.Context, lr *enrollment.Learning, want string) (*enrollment.PlayerView, error) {
	ctx := c.Request.Context()
	l := web.Localizer(ctx)
	p, err := s.ForLesson(ctx, lr.Lesson.ID)
	if errors.Is(err, ErrNoPackage) {
		return &enrollment.PlayerView{Message: l.T("page.package.none_yet")}, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.Runtimes(ctx, lr.Enrolment.ID, lr.Lesson.ID)
	if err != nil {
		return nil, err
	}
	items := p.Items()
	cur := -1
	for i, it := range items {
		if it.Identifier == want {
			cur = i
		}
	}
	if cur < 0 {
		cur = 0
		for i, it := range items {
			if r := rows[it.Identifier]; r == nil || !r.Satisfied {
				cur = i
				break
			}
		}
	}
	v := &enrollment.PlayerView{Standard: string(p.Standard), Origin: s.ContentURL}
	base := fmt.Sprintf("/learn/%d/%d", lr.Enrolment.ID, lr.Lesson.ID)
	for i, it := range items {
		r := rows[it.Identifier]
		v.Items = append(v.Items, enrollment.PlayerItem{Title: itemTitle(it, l.Code()), Current: i == cur,
			Href: base + "?item=" + urlQuery(it.Identifier), Done: r != nil && r.Satisfied, Status: itemStatus(l, r)})
	}
	if !lr.Own {
		v.Message = l.T("page.package.reading")
		return v, nil
	}
	if len(items) == 0 {
		v.Message = l.T("page.package.none_yet")
		return v, nil
	}
	user := accounts.CurrentUser(ctx)
	it := items[cur]
	v.Status = itemStatus(l, rows[it.Identifier])
	if p.Standard == CMI5 {
		if c.Query("returned") != "" {
			v.Message = l.T("page.package.au_left")
			return v, nil
		}
		v.Frame, err = s.launchAU(ctx, user, lr, p, it)
		return v, err
	}
	if !it.SCO {
		if err := s.seeAsset(ctx, user, lr, p, it); err != nil {
			return nil, err
		}
	}
	v.Runtime = base + "/runtime"
	init, err := json.Marshal(hostInit{Standard: p.Standard, Item: it.Identifier, Launch: s.launchAddress(p, it), CMI: startData(p, it, user, rows[it.Identifier])})
	if err != nil {
		return nil, err
	}
	v.Frame, v.Init = s.ContentURL+hostPath, string(init)
	return v, nil
}

// launchAddress is where an item's launch file is on the content origin
// (or outside, for an external item).
func (s *Service) launchAddress(p *Stored, it Item) string {
	if it.External {
		return it.Launch
	}
	return s.ContentBase(p) + it.Launch
}

// Preview is the player of a package for a coordinator on its editor
// page: the first SCO (or the one asked for) with a fresh data model, and
// nothing saved. A cmi5 AU cannot be previewed (it would need a
// registration); its list is shown.
func (s *Service) Preview(c *gin.Context, p *Stored, want string) *enrollment.PlayerView {
	l := web.Localizer(c.Request.Context())
	user := accounts.CurrentUser(c.Request.Context())
	v := &enrollment.PlayerView{Standard: string(p.Standard), Origin: s.ContentURL}
	items := p.Items()
	cur := 0
	for i, it := range items {
		if it.Identifier == want {
			cur = i
		}
	}
	for i, it := range items {
		v.Items = append(v.Items, enrollment.PlayerItem{Title: itemTitle(it, l.Code()), Current: i == cur,
			Href: fmt.Sprintf("/coordinate/lessons/%d/package?item=%s#player", p.LessonID, urlQuery(it.Identifier))})
	}
	if p.Standard == CMI5 || len(items) == 0 || user == nil {
		v.Message = l.T("page.package.no_preview")
		return v
	}
	it := items[cur]
	init, _ := json.Marshal(hostInit{Standard: p.Standard, Item: it.Identifier, Launch: s.launchAddress(p, it), CMI: startData(p, it, user, nil)})
	v.Frame, v.Init = s.ContentURL+hostPath, string(init)
	return v
}

// commitOut is the answer to a commit.
type commitOut struct {
	Saved           bool   `json:"saved"`
	Status          string `json:"status"`
	LessonDone      bool   `json:"lesson_done"`
	CourseCompleted bool   `json:"course_completed"`
	Next            string `json:"next,omitempty"`
	Message         string `json:"message,omitempty"`
}

// commitPage takes a SCO's commit from the player page (JSON, with the
// page's CSRF token in X-CSRF-Token).
func (h *Handler) commitPage(c *gin.Context) {
	ctx := c.Request.Context()
	l := web.Localizer(ctx)
	eid, err1 := strconv.ParseInt(c.Param("enrolment"), 10, 64)
	lid, err2 := strconv.ParseInt(c.Param("lesson"), 10, 64)
	var in Commit
	if err1 != nil || err2 != nil {
		c.JSON(http.StatusNotFound, commitOut{Message: l.T("error.not_found")})
		return
	}
	if err := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, MaxRuntimeBytes+4096)).Decode(&in); err != nil {
		c.JSON(http.StatusBadRequest, commitOut{Message: l.Message(ErrBadRuntime.Msg)})
		return
	}
	res, err := h.svc.Commit(ctx, accounts.CurrentUser(ctx), eid, lid, in)
	if err != nil {
		status := web.Status(err)
		msg := l.T(web.StatusMessageID(status))
		var de *i18n.Error
		if errors.As(err, &de) {
			msg = l.Message(de.Msg)
		}
		c.JSON(status, commitOut{Message: msg})
		return
	}
	out := commitOut{Saved: true, Status: itemStatus(l, res.Runtime), LessonDone: res.LessonDone, CourseCompleted: res.CourseCompleted}
	if res.CourseCompleted {
		out.Message = l.T("flash.course_completed")
	} else if res.LessonDone {
		out.Message = l.T("flash.lesson_done")
	}
	if res.Next != "" {
		out.Next = fmt.Sprintf("/learn/%d/%d?item=%s", eid, lid, urlQuery(res.Next))
	}
	c.JSON(http.StatusOK, out)
}

// fetch answers a cmi5 AU's POST to its fetch URL: {"auth-token": …} the
// first time, a cmi5 error object after (error-code 1: fetched already or
// expired, 2: no such launch). The AU calls it from the content origin.
func (h *Handler) fetch(c *gin.Context) {
	c.Header("Access-Control-Allow-Origin", "*")
	c.Header("Cache-Control", "no-store")
	if c.Request.Method == http.MethodOptions {
		c.Header("Access-Control-Allow-Methods", "POST")
		c.Status(http.StatusNoContent)
		return
	}
	// Every answer is 200, errors too, with cmi5's error object (8.2.2).
	token, err := h.svc.Fetch(c.Request.Context(), c.Param("code"))
	switch {
	case errors.Is(err, ErrLaunchUsed):
		c.JSON(http.StatusOK, gin.H{"error-code": "1", "error-text": "the auth token of this launch was fetched already, or the launch expired"})
	case errors.Is(err, ErrLaunchGone):
		c.JSON(http.StatusOK, gin.H{"error-code": "2", "error-text": "no such launch"})
	case err != nil:
		c.JSON(http.StatusOK, gin.H{"error-code": "3", "error-text": "the LMS could not make a token"})
	default:
		c.JSON(http.StatusOK, gin.H{"auth-token": token})
	}
}
