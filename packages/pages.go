package packages

import (
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

// Handler serves the package pages of coordinators, the player's commit
// endpoint, the cmi5 fetch URL and the packages API.
type Handler struct {
	svc       *Service
	tpl       *templates.Engine
	maxUpload int64
}

// NewHandler returns the packages handler; maxUpload caps a package's ZIP.
func NewHandler(svc *Service, tpl *templates.Engine, maxUpload int64) *Handler {
	return &Handler{svc: svc, tpl: tpl, maxUpload: maxUpload}
}

// RegisterPages adds the package pages to the router.
func (h *Handler) RegisterPages(r gin.IRouter) {
	co := r.Group("/coordinate", accounts.RequirePage(h.tpl, accounts.RoleCoordinator))
	co.GET("/lessons/:id/package", h.showPackage)
	co.POST("/lessons/:id/package", h.uploadPage)
	signedIn := r.Group("", accounts.RequirePage(h.tpl))
	signedIn.POST("/learn/:enrolment/:lesson/runtime", h.commitPage)
	r.POST("/cmi5/fetch/:code", h.fetch)
	r.OPTIONS("/cmi5/fetch/:code", h.fetch)
}

type packageView struct {
	web.Page
	Course      *courses.Course
	Lesson      *courses.Lesson
	LessonTitle i18n.Localized
	Package     *Stored
	Pkg         *Package
	Items       []itemRow
	Player      *enrollment.PlayerView
	MaxUploadMB int64
}

type itemRow struct {
	Title   i18n.Localized
	Kind    string // translated: SCO, asset, AU
	Launch  string
	Mastery string
	MoveOn  string
	Depth   int
}

func (h *Handler) renderPackage(c *gin.Context, status int, lessonID int64, fail error) {
	ctx := c.Request.Context()
	course, l, p, err := h.svc.Lesson(ctx, accounts.CurrentUser(ctx), lessonID)
	if err != nil {
		web.Fail(c, h.tpl, err)
		return
	}
	loc := web.Localizer(ctx)
	v := &packageView{Page: web.NewPage(c, "page.package.title"), Course: course, Lesson: l,
		LessonTitle: l.TitleIn(loc.Code(), course.DefaultLocale), Package: p, MaxUploadMB: h.maxUpload >> 20}
	if fail != nil && !v.AddProblems(fail) {
		web.Fail(c, h.tpl, fail)
		return
	}
	if p != nil {
		v.Pkg = p.Package()
		var walk func(items []Item, depth int)
		walk = func(items []Item, depth int) {
			for _, it := range items {
				row := itemRow{Title: itemTitle(it, loc.Code()), Launch: it.Launch, MoveOn: it.MoveOn, Depth: depth}
				switch {
				case it.Launch == "":
					row.Kind = loc.T("package.item.folder")
				case p.Standard == CMI5:
					row.Kind = loc.T("package.item.au")
				case it.SCO:
					row.Kind = loc.T("package.item.sco")
				default:
					row.Kind = loc.T("package.item.asset")
				}
				if it.MasteryScore != nil {
					row.Mastery = strconv.FormatFloat(*it.MasteryScore, 'f', -1, 64)
				}
				v.Items = append(v.Items, row)
				walk(it.Children, depth+1)
			}
		}
		walk(p.Organization().Items, 0)
		v.Player = h.svc.Preview(c, p, c.Query("item"))
	}
	web.HTML(c, h.tpl, status, templates.CoordPackage, v)
}

func lessonParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	return id, err == nil && id > 0
}

func (h *Handler) showPackage(c *gin.Context) {
	id, ok := lessonParam(c)
	if !ok {
		web.Fail(c, h.tpl, courses.ErrLessonNotFound)
		return
	}
	h.renderPackage(c, http.StatusOK, id, nil)
}

// upload hands an uploaded package to the service, refusing one over the
// upload limit first.
func (h *Handler) upload(ctx context.Context, id int64, name string, f multipart.File, size int64) error {
	if size > h.maxUpload {
		return &i18n.ValidationError{Fields: []i18n.FieldError{{Field: "file", Msg: i18n.Msg("error.file.too_large", "MB", h.maxUpload>>20)}}}
	}
	_, err := h.svc.Upload(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), id, name, f, size)
	return err
}

func (h *Handler) uploadPage(c *gin.Context) {
	id, ok := lessonParam(c)
	if !ok {
		web.Fail(c, h.tpl, courses.ErrLessonNotFound)
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		h.renderPackage(c, http.StatusUnprocessableEntity, id, &i18n.ValidationError{Fields: []i18n.FieldError{{Field: "file", Msg: i18n.Msg("error.field.required")}}})
		return
	}
	err = func() error {
		f, err := fh.Open()
		if err != nil {
			return fmt.Errorf("packages: open upload: %w", err)
		}
		defer f.Close()
		return h.upload(c.Request.Context(), id, fh.Filename, f, fh.Size)
	}()
	if err != nil {
		h.renderPackage(c, web.Status(err), id, err)
		return
	}
	web.Redirect(c, fmt.Sprintf("/coordinate/lessons/%d/package", id), "flash.package_uploaded")
}

// PackageOut is a lesson's package as the API shows it.
type PackageOut struct {
	LessonID      int64     `json:"lesson_id"`
	Standard      string    `json:"standard" enum:"scorm12,scorm2004,cmi5"`
	Version       string    `json:"version"`
	Title         string    `json:"title"`
	FileName      string    `json:"file_name"`
	Files         int       `json:"files"`
	UnpackedBytes int64     `json:"unpacked_bytes"`
	Sequencing    bool      `json:"sequencing" doc:"The SCORM 2004 manifest has sequencing rules Baeum does not apply (see the README)"`
	Items         []ItemOut `json:"items" doc:"The launchable SCOs, assets or AUs of the default organisation, in order"`
	UploadedAt    time.Time `json:"uploaded_at"`
}

// ItemOut is a launchable item of a package.
type ItemOut struct {
	Identifier   string   `json:"identifier"`
	Title        string   `json:"title"`
	Launch       string   `json:"launch"`
	SCO          bool     `json:"sco"`
	MasteryScore *float64 `json:"mastery_score,omitempty"`
	MoveOn       string   `json:"move_on,omitempty"`
}

func packageOut(p *Stored) PackageOut {
	pk := p.Package()
	out := PackageOut{LessonID: p.LessonID, Standard: string(p.Standard), Version: p.Version, Title: p.Title, FileName: p.FileName,
		Files: p.Files, UnpackedBytes: p.UnpackedBytes, Sequencing: pk.Sequencing, UploadedAt: p.CreatedAt, Items: []ItemOut{}}
	for _, it := range p.Items() {
		out.Items = append(out.Items, ItemOut{Identifier: it.Identifier, Title: it.Title, Launch: it.Launch, SCO: it.SCO, MasteryScore: it.MasteryScore, MoveOn: it.MoveOn})
	}
	return out
}

type lessonIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type packageBody struct {
	Body PackageOut
}

type uploadIn struct {
	ID      int64 `path:"id" minimum:"1"`
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" contentType:"application/zip,application/x-zip-compressed,application/octet-stream" required:"true"`
	}]
}

// RegisterAPI adds the packages operations to the API.
func (h *Handler) RegisterAPI(api huma.API) {
	coord := accounts.Need(api, accounts.RoleCoordinator)
	sec := accounts.Bearer
	tags := []string{"Courses"}
	huma.Register(api, huma.Operation{OperationID: "get-lesson-package", Method: http.MethodGet, Path: "/api/v1/lessons/{id}/package", Tags: tags,
		Summary: "Read a package lesson's e-learning package (coordinators)", Security: sec, Middlewares: coord,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}}, h.apiGet)
	huma.Register(api, huma.Operation{OperationID: "upload-lesson-package", Method: http.MethodPut, Path: "/api/v1/lessons/{id}/package", Tags: tags,
		Summary:     "Upload a SCORM 1.2, SCORM 2004 or cmi5 package to a package lesson (coordinators)",
		Description: "The ZIP is checked (manifest, launch files, paths, file count and unpacked size) and unpacked; a refused package stores nothing and the error names the file and the problem.",
		Security:    sec, Middlewares: coord, MaxBodyBytes: h.maxUpload + 1<<20,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}}, h.apiUpload)
}

func (h *Handler) apiGet(ctx context.Context, in *lessonIn) (*packageBody, error) {
	_, _, p, err := h.svc.Lesson(ctx, accounts.CurrentUser(ctx), in.ID)
	if err == nil && p == nil {
		err = ErrNoPackage
	}
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &packageBody{Body: packageOut(p)}, nil
}

func (h *Handler) apiUpload(ctx context.Context, in *uploadIn) (*packageBody, error) {
	f := in.RawBody.Data().File
	if err := h.upload(ctx, in.ID, f.Filename, f.File, f.Size); err != nil {
		return nil, web.APIError(ctx, err)
	}
	p, err := h.svc.ForLesson(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &packageBody{Body: packageOut(p)}, nil
}
