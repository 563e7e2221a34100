package enrollment

import (
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/templates"
)

// Handler serves the learner's pages (course page, lessons, quizzes, /my),
// the coordinators' cohort pages and the enrolment and cohort API.
type Handler struct {
	svc   *Service
	tpl   *templates.Engine
	files *files.Store
	// player makes package lessons' players (package packages); without
	// one a package lesson says it cannot be played here.
	player Player
}

// NewHandler returns the enrolment handler.
func NewHandler(svc *Service, tpl *templates.Engine, fs *files.Store) *Handler {
	return &Handler{svc: svc, tpl: tpl, files: fs}
}

// RegisterPages adds the learner and cohort pages to the router.
func (h *Handler) RegisterPages(r gin.IRouter) {
	r.GET("/courses/:id", h.showCourse)
	signedIn := r.Group("", accounts.RequirePage(h.tpl))
	signedIn.POST("/courses/:id/enrol", h.enrolPage)
	signedIn.GET("/my", h.showMy)
	signedIn.POST("/my/applications/:id/withdraw", h.withdrawPage)
	signedIn.GET("/learn/:enrolment/:lesson", h.showLesson)
	signedIn.POST("/learn/:enrolment/:lesson/complete", h.completePage)
	signedIn.POST("/learn/:enrolment/:lesson/quiz", h.submitPage)
	signedIn.GET("/learn/:enrolment/:lesson/file", h.downloadFile)
	signedIn.POST("/cohorts/:id/apply", h.applyPage)

	co := r.Group("/coordinate", accounts.RequirePage(h.tpl, accounts.RoleCoordinator))
	co.GET("/cohorts", h.showCohorts)
	co.GET("/cohorts/new", h.showNewCohort)
	co.POST("/cohorts", h.createCohortPage)
	co.GET("/cohorts/:id", h.showCohort)
	co.GET("/cohorts/:id/edit", h.showEditCohort)
	co.POST("/cohorts/:id", h.updateCohortPage)
	co.GET("/cohorts/:id/applications", h.showApplications)
	co.POST("/cohorts/:id/nominate", h.nominatePage)
	co.POST("/cohorts/:id/promote", h.promotePage)
	co.POST("/applications/:id", h.decidePage)
	co.GET("/cohorts/:id/import", h.showImport)
	co.POST("/cohorts/:id/import", h.previewImportPage)
	co.POST("/cohorts/:id/import/commit", h.commitImportPage)
	co.GET("/cohorts/:id/roster.csv", h.exportRoster)
	co.GET("/cohorts/:id/roster.xlsx", h.exportRoster)
	co.GET("/cohorts/:id/sessions", h.showSessions)
	co.POST("/cohorts/:id/sessions", h.addSessionPage)
	co.GET("/sessions/:id", h.showMarking)
	co.POST("/sessions/:id", h.saveMarking)
}

// RegisterAPI adds the enrolment and cohort operations to the API.
func (h *Handler) RegisterAPI(api huma.API) {
	anyone := accounts.Need(api)
	coord := accounts.Need(api, accounts.RoleCoordinator)
	sec := accounts.Bearer

	tags := []string{"Cohorts"}
	op := func(id, method, path, summary string, mw huma.Middlewares, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Middlewares: mw, Tags: tags, Security: sec,
			DefaultStatus: status, Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict,
				http.StatusUnprocessableEntity}}
	}
	huma.Register(api, op("list-cohorts", http.MethodGet, "/api/v1/cohorts", "Cohorts you are in charge of (admins: all), a page at a time, newest start first", coord, 0), h.apiCohorts)
	huma.Register(api, op("list-my-applications", http.MethodGet, "/api/v1/applications", "Your applications", anyone, 0), h.apiMyApplications)
	huma.Register(api, op("create-cohort", http.MethodPost, "/api/v1/cohorts", "Open a cohort (coordinators)", coord, http.StatusCreated), h.apiCreateCohort)
	huma.Register(api, op("get-cohort", http.MethodGet, "/api/v1/cohorts/{id}", "A cohort you manage", coord, 0), h.apiCohort)
	huma.Register(api, op("update-cohort", http.MethodPut, "/api/v1/cohorts/{id}", "Change a cohort you manage", coord, 0), h.apiUpdateCohort)
	huma.Register(api, op("list-applications", http.MethodGet, "/api/v1/cohorts/{id}/applications", "Applications to a cohort you manage, a page at a time, those awaiting a decision first", coord, 0), h.apiApplications)
	huma.Register(api, op("apply", http.MethodPost, "/api/v1/cohorts/{id}/applications",
		"Apply yourself, or nominate a person by e-mail (coordinators in charge)", anyone, http.StatusCreated), h.apiApply)
	decide := op("decide-application", http.MethodPost, "/api/v1/applications/{id}/decision",
		"Accept, waitlist, reject (with a reason) or withdraw; accepting never exceeds the capacity", anyone, 0)
	decide.Description = "Coordinators in charge of the cohort (and administrators) decide anything. Applicants may withdraw their own " +
		"application while it is pending or waitlisted, and once accepted until the cohort starts."
	huma.Register(api, decide, h.apiDecide)
	huma.Register(api, op("promote-waitlist", http.MethodPost, "/api/v1/cohorts/{id}/promote", "Accept the first person on the waiting list", coord, 0), h.apiPromote)
	huma.Register(api, op("get-roster", http.MethodGet, "/api/v1/cohorts/{id}/roster", "Trainees with progress, attendance and at-risk flags, a page at a time, those at risk first", coord, 0), h.apiRoster)
	huma.Register(api, op("import-trainees", http.MethodPost, "/api/v1/cohorts/{id}/import",
		"Import a CSV or XLSX trainee list, all or nothing (dry_run=true only checks)", coord, 0), h.apiImport)
	huma.Register(api, op("list-sessions", http.MethodGet, "/api/v1/cohorts/{id}/sessions", "Class sessions of a cohort", coord, 0), h.apiSessions)
	huma.Register(api, op("add-session", http.MethodPost, "/api/v1/cohorts/{id}/sessions", "Add a class session", coord, http.StatusCreated), h.apiAddSession)
	huma.Register(api, op("mark-attendance", http.MethodPut, "/api/v1/sessions/{id}/attendance", "Mark attendance at a session", coord, http.StatusNoContent), h.apiAttendance)

	learning := []string{"Learning"}
	e := []int{http.StatusUnauthorized, http.StatusNotFound}
	huma.Register(api, huma.Operation{OperationID: "enrol", Method: http.MethodPost, Path: "/api/v1/courses/{id}/enrolments", Tags: learning,
		Summary: "Enrol yourself in an open online course", Description: "Enrolling again returns the same enrolment.",
		Security: sec, Middlewares: anyone, Errors: append(e, http.StatusConflict)}, h.apiEnrol)
	huma.Register(api, huma.Operation{OperationID: "list-my-enrolments", Method: http.MethodGet, Path: "/api/v1/enrolments", Tags: learning,
		Summary: "Your enrolments with progress", Security: sec, Middlewares: anyone, Errors: e}, h.apiMine)
	huma.Register(api, huma.Operation{OperationID: "get-enrolment", Method: http.MethodGet, Path: "/api/v1/enrolments/{id}", Tags: learning,
		Summary:     "An enrolment's progress per lesson",
		Description: "Yours; administrators any; coordinators those of the cohorts they are in charge of.",
		Security:    sec, Middlewares: anyone, Errors: e}, h.apiProgress)
	huma.Register(api, huma.Operation{OperationID: "get-lesson-content", Method: http.MethodGet, Path: "/api/v1/enrolments/{id}/lessons/{lesson}", Tags: learning,
		Summary:     "A lesson's content in ?lang=; quiz questions without answers",
		Description: "Readable by those who may read the enrolment. A lesson that is not open yet is a 409 whose first_lesson names the lesson to finish first.",
		Security:    sec, Middlewares: anyone, Errors: append(e, http.StatusConflict)}, h.apiLesson)
	huma.Register(api, huma.Operation{OperationID: "complete-lesson", Method: http.MethodPost, Path: "/api/v1/enrolments/{id}/lessons/{lesson}/complete", Tags: learning,
		Summary: "Mark a text, video or document lesson done (the learner only)", Security: sec, Middlewares: anyone,
		Errors: append(e, http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity)}, h.apiComplete)
	huma.Register(api, huma.Operation{OperationID: "submit-attempt", Method: http.MethodPost, Path: "/api/v1/enrolments/{id}/lessons/{lesson}/attempts", Tags: learning,
		Summary:     "Submit a quiz attempt (the learner only); graded on the server",
		Description: "Every question must be answered; a submission that is not complete is refused at answers.<question id> and spends no attempt.",
		Security:    sec, Middlewares: anyone, DefaultStatus: http.StatusCreated,
		Errors: append(e, http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity)}, h.apiAttempt)
}

func paramID(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	return id, err == nil && id > 0
}
