// Package server builds Baeum's HTTP engine: the middleware in its order, the
// routes of every feature, the JSON API with its OpenAPI document, health
// checks and Prometheus metrics.
package server

import (
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humagin"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/lrs"
	"github.com/baeum-lms/baeum/packages"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/surveys"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// Config is what the engine needs from the command line.
type Config struct {
	// BaseURL is the public address; the OpenAPI document names it as the
	// API's server. Empty means "/", the address the document was read from.
	BaseURL string
	// Secure marks cookies Secure; set when the base URL is https.
	Secure bool
	// TrustedProxies are the proxies whose X-Forwarded-For is believed
	// when finding a client's address; none by default.
	TrustedProxies []string
	// MaxFormBytes caps ordinary request bodies, MaxUploadBytes multipart
	// uploads.
	MaxFormBytes   int64
	MaxUploadBytes int64
	Logger         *slog.Logger
	// ContentURL is the content origin's address, where e-learning
	// packages are served (NewContent); pages may frame it.
	ContentURL string
}

// Deps are the services the routes call.
type Deps struct {
	DB        *store.DB
	Bundle    *i18n.Bundle
	Templates *templates.Engine
	Accounts  *accounts.Service
	Courses   *courses.Service
	Enrolment *enrollment.Service
	Files     *files.Store
	Certs     *certificates.Service
	Projects  *projects.Service
	LRS       *lrs.Service
	Packages  *packages.Service
	Surveys   *surveys.Service
}

// New returns the handler of every route of Baeum, compressing what is
// worth compressing.
func New(cfg Config, d Deps) (http.Handler, error) {
	if cfg.MaxFormBytes == 0 {
		cfg.MaxFormBytes = 1 << 20
	}
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = 50 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.RemoveExtraSlash = true
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	e.MaxMultipartMemory = 8 << 20

	metrics := newMetrics()
	opLimits := map[string]int64{} // filled below, once the API is registered
	acc := accounts.NewHandler(d.Accounts, d.Templates, cfg.Secure)
	pageCSRFFail := func(c *gin.Context) { web.ErrorPage(c, d.Templates, http.StatusForbidden, nil) }

	e.Use(
		requestContext(),
		metrics.middleware(),
		accessLog(cfg.Logger),
		recovery(d.Templates),
		securityHeaders(cfg.Secure, d.Templates.InlineStyleHash(), cfg.ContentURL),
		web.Locale(d.Bundle, cfg.Secure),
		bodyLimit(cfg.MaxFormBytes, cfg.MaxUploadBytes, opLimits, d.Templates),
		rejectNUL(d.Templates),
		web.CSRF(cfg.Secure, cfg.BaseURL, pageCSRFFail),
		web.InlineStyleOnce(d.Templates.Asset("style.css")),
		acc.Identify(),
		web.Locale(d.Bundle, cfg.Secure),
		revalidated("/courses", "/api/v1/courses"),
	)

	e.GET("/healthz", healthz)
	e.GET("/readyz", readyz(d.DB))
	e.GET("/metrics", metrics.handler())
	e.GET("/static/*path", func(c *gin.Context) {
		if !d.Templates.ServeStatic(c.Writer, c.Request) {
			web.ErrorPage(c, d.Templates, http.StatusNotFound, nil)
		}
	})
	e.HEAD("/static/*path", func(c *gin.Context) {
		if !d.Templates.ServeStatic(c.Writer, c.Request) {
			c.Status(http.StatusNotFound)
		}
	})

	h := &homeHandler{tpl: d.Templates}
	e.GET("/", h.show)
	acc.RegisterPages(e)
	crs := courses.NewHandler(d.Courses, d.Templates, cfg.MaxUploadBytes)
	crs.RegisterPages(e)
	enr := enrollment.NewHandler(d.Enrolment, d.Templates, d.Files)
	var pkg *packages.Handler
	if d.Packages != nil {
		enr.PlayWith(d.Packages)
		pkg = packages.NewHandler(d.Packages, d.Templates, cfg.MaxUploadBytes)
		pkg.RegisterPages(e)
	}
	enr.RegisterPages(e)
	crt := certificates.NewHandler(d.Certs, d.Templates)
	crt.RegisterPages(e)
	prj := projects.NewHandler(d.Projects, d.Templates)
	prj.RegisterPages(e)
	var srv *surveys.Handler
	if d.Surveys != nil {
		srv = surveys.NewHandler(d.Surveys, d.Templates)
		srv.RegisterPages(e)
	}
	lrsKeys := lrs.NewHandler(d.LRS, d.Templates, cfg.BaseURL)
	lrsKeys.RegisterPages(e)
	lrs.NewXAPI(d.LRS, cfg.Logger).Register(e.Group("/xapi"))

	api := newAPI(e, cfg.BaseURL)
	acc.RegisterAPI(api)
	crs.RegisterAPI(api)
	enr.RegisterAPI(api)
	crt.RegisterAPI(api)
	prj.RegisterAPI(api)
	lrsKeys.RegisterAPI(api)
	if pkg != nil {
		pkg.RegisterAPI(api)
	}
	if srv != nil {
		srv.RegisterAPI(api)
	}
	finishDocument(api.OpenAPI())
	for k, v := range bodyLimits(api.OpenAPI()) {
		opLimits[k] = v
	}
	// A batch of statements is larger than a form.
	opLimits["POST /xapi/statements"] = lrs.MaxStatementBody
	opLimits["PUT /xapi/statements"] = lrs.MaxStatementBody
	opLimits["POST /learn/:enrolment/:lesson/runtime"] = packages.MaxRuntimeBytes + 64<<10

	e.NoRoute(func(c *gin.Context) { notFound(c, d.Templates, http.StatusNotFound) })
	e.NoMethod(func(c *gin.Context) { notFound(c, d.Templates, http.StatusMethodNotAllowed) })
	return compressed(lrs.AlternateSyntax(e))
}

// NewContent returns the content origin's handler: the files of
// e-learning packages and their SCORM host, compressed where worth it. It
// shares nothing with New's handler: no session, no CSRF cookie, no page.
func NewContent(p *packages.Service) (http.Handler, error) {
	return compressed(p.ContentHandler())
}

// newAPI mounts huma on the gin engine: OpenAPI 3.1 at
// /api/v1/openapi.json, bearer auth declared, errors as problem+json in the
// caller's language.
func newAPI(e *gin.Engine, baseURL string) huma.API {
	web.TranslateValidation()
	cfg := huma.DefaultConfig("Baeum API", "1.0.0")
	cfg.Info.Description = "Training and capacity-building platform: accounts, courses, cohorts, certificates and projects. " +
		"Authenticate with POST /api/v1/auth/tokens, then send `Authorization: Bearer <token>`. " +
		"Errors are RFC 9457 problem+json in the language chosen by ?lang= or Accept-Language."
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.SchemasPath = "/api/v1/schemas"
	cfg.DocsPath = "" // the default docs page loads scripts from a CDN; pages here load nothing from outside
	cfg.CreateHooks = nil
	if baseURL == "" {
		baseURL = "/"
	}
	cfg.Servers = []*huma.Server{{URL: baseURL, Description: "This Baeum"}}
	// The institute has not chosen a licence for Baeum; until it does the
	// document says so rather than leave the field out.
	cfg.Info.License = &huma.License{Name: "Proprietary: the institute's terms of use", Identifier: "LicenseRef-Proprietary"}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "An API token from POST /api/v1/auth/tokens"},
	}
	return humagin.New(e, cfg)
}

func notFound(c *gin.Context, tpl *templates.Engine, status int) {
	if web.IsAPI(c) {
		l := web.Localizer(c.Request.Context())
		c.Header("Content-Type", "application/problem+json")
		c.AbortWithStatusJSON(status, huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: l.T(web.StatusMessageID(status))})
		return
	}
	web.ErrorPage(c, tpl, status, nil)
}

type homeView struct {
	web.Page
}

type homeHandler struct {
	tpl *templates.Engine
}

func (h *homeHandler) show(c *gin.Context) {
	web.HTML(c, h.tpl, http.StatusOK, templates.Home, &homeView{Page: web.NewPage(c, "page.home.title")})
}
