package courses

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/templates"
)

// Handler serves the catalogue, the coordinators' course editor and the
// courses API.
type Handler struct {
	svc       *Service
	tpl       *templates.Engine
	maxUpload int64
}

// NewHandler returns the courses handler; maxUpload caps lesson files.
func NewHandler(svc *Service, tpl *templates.Engine, maxUpload int64) *Handler {
	return &Handler{svc: svc, tpl: tpl, maxUpload: maxUpload}
}

// RegisterPages adds the course pages to the router.
func (h *Handler) RegisterPages(r gin.IRouter) {
	r.GET("/courses", h.showCatalogue)

	co := r.Group("/coordinate", accounts.RequirePage(h.tpl, accounts.RoleCoordinator))
	co.GET("/courses", h.showCoordCourses)
	co.POST("/programmes", h.createProgrammePage)
	co.GET("/programmes/:id", h.showProgramme)
	co.POST("/programmes/:id", h.saveProgrammeTexts)
	co.GET("/courses/new", h.showNewCourse)
	co.POST("/courses", h.createCoursePage)
	co.POST("/courses/import", h.importPage)
	co.GET("/courses/:id", h.showEditor)
	co.POST("/courses/:id", h.saveSettingsPage)
	co.POST("/courses/:id/status", h.setStatusPage)
	co.GET("/courses/:id/export", h.exportPage)
	co.POST("/courses/:id/modules", h.addModulePage)
	co.POST("/modules/:id/lessons", h.addLessonPage)
	co.GET("/courses/:id/translate/:locale", h.showTranslate)
	co.POST("/courses/:id/translate/:locale", h.saveTranslate)
	co.GET("/lessons/:id", h.showLessonEditor)
	co.POST("/lessons/:id", h.saveLessonPage)
	co.POST("/lessons/:id/delete", h.deleteLessonPage)
	co.POST("/lessons/:id/file", h.uploadFilePage)
	co.POST("/lessons/:id/questions", h.addQuestionPage)
	co.POST("/questions/:id/delete", h.deleteQuestionPage)
}

// RegisterAPI adds the courses operations to the API.
func (h *Handler) RegisterAPI(api huma.API) {
	coord := accounts.Need(api, accounts.RoleCoordinator)
	anyone := accounts.Need(api)
	sec := accounts.Bearer
	tags := []string{"Courses"}
	e401 := []int{http.StatusUnauthorized, http.StatusForbidden}
	huma.Register(api, huma.Operation{OperationID: "list-programmes", Method: http.MethodGet, Path: "/api/v1/programmes", Tags: tags,
		Summary: "List programmes", Security: sec, Middlewares: anyone, Errors: e401}, h.apiProgrammes)
	huma.Register(api, huma.Operation{OperationID: "create-programme", Method: http.MethodPost, Path: "/api/v1/programmes", Tags: tags,
		Summary: "Create a programme (coordinators)", Security: sec, Middlewares: coord, DefaultStatus: http.StatusCreated, Errors: e401}, h.apiCreateProgramme)
	huma.Register(api, huma.Operation{OperationID: "set-programme-text", Method: http.MethodPut, Path: "/api/v1/programmes/{id}/texts/{locale}", Tags: tags,
		Summary: "Set a programme's title and summary in one locale (coordinators)", Security: sec, Middlewares: coord, Errors: e401}, h.apiProgrammeText)
	huma.Register(api, huma.Operation{OperationID: "list-courses", Method: http.MethodGet, Path: "/api/v1/courses", Tags: tags,
		Summary: "The course catalogue", Description: "Published courses, searchable in every language; texts in ?lang= with fallback. One database query per page.",
		Security: sec, Middlewares: anyone, Errors: e401}, h.apiCatalogue)
	huma.Register(api, huma.Operation{OperationID: "create-course", Method: http.MethodPost, Path: "/api/v1/courses", Tags: tags,
		Summary: "Create a draft course (coordinators)", Security: sec, Middlewares: coord, DefaultStatus: http.StatusCreated, Errors: e401}, h.apiCreateCourse)
	huma.Register(api, huma.Operation{OperationID: "get-course", Method: http.MethodGet, Path: "/api/v1/courses/{id}", Tags: tags,
		Summary: "A course and its outline in ?lang=", Security: sec, Middlewares: anyone, Errors: []int{401, 404}}, h.apiGetCourse)
	huma.Register(api, huma.Operation{OperationID: "update-course", Method: http.MethodPut, Path: "/api/v1/courses/{id}", Tags: tags,
		Summary: "Change a course's settings (coordinators)", Security: sec, Middlewares: coord, Errors: e401}, h.apiUpdateCourse)
	huma.Register(api, huma.Operation{OperationID: "set-course-status", Method: http.MethodPost, Path: "/api/v1/courses/{id}/status", Tags: tags,
		Summary: "Publish, archive or return a course to draft (coordinators)", Description: "Publishing needs every required text in the default locale.",
		Security: sec, Middlewares: coord, Errors: append(e401, http.StatusConflict)}, h.apiSetStatus)
	huma.Register(api, huma.Operation{OperationID: "get-course-texts", Method: http.MethodGet, Path: "/api/v1/courses/{id}/texts", Tags: tags,
		Summary: "Every translatable text of a course in every locale, with completeness (coordinators)", Security: sec, Middlewares: coord, Errors: e401}, h.apiTexts)
	huma.Register(api, huma.Operation{OperationID: "save-course-texts", Method: http.MethodPut, Path: "/api/v1/courses/{id}/texts/{locale}", Tags: tags,
		Summary: "Save texts of a course in one locale (coordinators)", Security: sec, Middlewares: coord, Errors: e401}, h.apiSaveTexts)
	huma.Register(api, huma.Operation{OperationID: "add-module", Method: http.MethodPost, Path: "/api/v1/courses/{id}/modules", Tags: tags,
		Summary: "Append a module (coordinators)", Security: sec, Middlewares: coord, DefaultStatus: http.StatusCreated, Errors: e401}, h.apiAddModule)
	huma.Register(api, huma.Operation{OperationID: "add-lesson", Method: http.MethodPost, Path: "/api/v1/modules/{id}/lessons", Tags: tags,
		Summary: "Append a lesson to a module (coordinators)", Security: sec, Middlewares: coord, DefaultStatus: http.StatusCreated, Errors: e401}, h.apiAddLesson)
	huma.Register(api, huma.Operation{OperationID: "update-lesson", Method: http.MethodPut, Path: "/api/v1/lessons/{id}", Tags: tags,
		Summary: "Change a lesson's settings (coordinators)", Security: sec, Middlewares: coord, Errors: e401}, h.apiUpdateLesson)
	huma.Register(api, huma.Operation{OperationID: "delete-lesson", Method: http.MethodDelete, Path: "/api/v1/lessons/{id}", Tags: tags,
		Summary: "Delete a lesson of a draft course (coordinators)", Security: sec, Middlewares: coord, DefaultStatus: http.StatusNoContent, Errors: e401}, h.apiDeleteLesson)
	huma.Register(api, huma.Operation{OperationID: "upload-lesson-file", Method: http.MethodPut, Path: "/api/v1/lessons/{id}/file", Tags: tags,
		Summary: "Upload a document lesson's PDF, DOCX or PPTX (coordinators)", Security: sec, Middlewares: coord, MaxBodyBytes: h.maxUpload + 1<<20,
		Errors: e401}, h.apiUploadFile)
	huma.Register(api, huma.Operation{OperationID: "add-question", Method: http.MethodPost, Path: "/api/v1/lessons/{id}/questions", Tags: tags,
		Summary: "Append a question to a quiz (coordinators)", Security: sec, Middlewares: coord, DefaultStatus: http.StatusCreated, Errors: e401}, h.apiAddQuestion)
	huma.Register(api, huma.Operation{OperationID: "delete-question", Method: http.MethodDelete, Path: "/api/v1/questions/{id}", Tags: tags,
		Summary: "Delete a question of a draft course (coordinators)", Security: sec, Middlewares: coord, DefaultStatus: http.StatusNoContent, Errors: e401}, h.apiDeleteQuestion)
	huma.Register(api, huma.Operation{OperationID: "export-course", Method: http.MethodGet, Path: "/api/v1/courses/{id}/export", Tags: tags,
		Summary: "The whole course with every translation as one JSON file (coordinators)", Security: sec, Middlewares: coord, Errors: e401}, h.apiExport)
	huma.Register(api, huma.Operation{OperationID: "import-course", Method: http.MethodPost, Path: "/api/v1/courses/import", Tags: tags,
		Summary: "Import a course file (coordinators)", Description: "A new code creates a draft course (201); an existing code updates its texts (200). Nothing is written if anything is wrong; every problem is listed with its path in the file.",
		Security: sec, Middlewares: coord, MaxBodyBytes: MaxImportBytes, Errors: e401}, h.apiImport)
}
