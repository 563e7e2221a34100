package accounts

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// SessionCookie holds a browser's session secret.
const SessionCookie = "baeum_session"

// Handler serves the accounts pages and API operations.
type Handler struct {
	svc    *Service
	tpl    *templates.Engine
	secure bool // cookies only over HTTPS
}

// NewHandler returns the accounts handler. secure marks cookies Secure
// (when the base URL is https).
func NewHandler(svc *Service, tpl *templates.Engine, secure bool) *Handler {
	return &Handler{svc: svc, tpl: tpl, secure: secure}
}

type userKey struct{}

// CurrentUser returns the signed-in user of a request, or nil.
func CurrentUser(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// ActorFrom is the audit actor of a request: its user and client address.
func ActorFrom(ctx context.Context) Actor {
	a := Actor{IP: web.ClientIP(ctx)}
	if u := CurrentUser(ctx); u != nil {
		a.UserID = u.ID
	}
	return a
}

func setUser(c *gin.Context, u *User) {
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), userKey{}, u))
	web.WithIdentity(c, &web.Identity{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Locale: u.Locale})
}

// Identify finds who is calling: a bearer token on the API, the session
// cookie on pages. A bad bearer token is refused at once with 401; a stale
// cookie is just dropped; a credential that cannot be checked because
// storage failed is a 503 that keeps the cookie. A signed-in user's valid ?lang= choice is saved to
// their profile, so it follows them to other devices.
func (h *Handler) Identify() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		if web.IsAPI(c) {
			if auth := c.GetHeader("Authorization"); auth != "" {
				secret, ok := strings.CutPrefix(auth, "Bearer ")
				u, err := h.svc.TokenUser(ctx, strings.TrimSpace(secret))
				if ok && err != nil && !errors.Is(err, ErrUnauthenticated) {
					h.cannotIdentify(c, err)
					return
				}
				if !ok || err != nil {
					c.Header("WWW-Authenticate", `Bearer realm="baeum"`)
					h.abortAPI(c, http.StatusUnauthorized, "error.token.invalid")
					return
				}
				setUser(c, u)
			}
			c.Next()
			return
		}
		if secret, err := c.Cookie(SessionCookie); err == nil && secret != "" {
			u, err := h.svc.SessionUser(ctx, secret)
			switch {
			case errors.Is(err, ErrUnauthenticated):
				h.clearSessionCookie(c)
			case err != nil:
				h.cannotIdentify(c, err)
				return
			default:
				if lang := c.Query("lang"); lang != "" && lang != u.Locale {
					if err := h.svc.SetLocale(ctx, u.ID, lang); err == nil {
						u.Locale = lang
					}
				}
				setUser(c, u)
			}
		}
		c.Next()
	}
}

// cannotIdentify answers a request whose credential could not be checked
// because storage failed: 503, with the session cookie left alone, so that a
// database hiccup does not sign anyone out. A caller that already went away
// is recorded as 499 and not logged as an error.
func (h *Handler) cannotIdentify(c *gin.Context, err error) {
	ctx := c.Request.Context()
	if web.ClientGone(ctx, err) {
		c.AbortWithStatus(web.StatusClientClosedRequest)
		return
	}
	slog.ErrorContext(ctx, "identify caller", "err", err, "request_id", web.RequestID(ctx))
	c.Header("Retry-After", "5")
	if web.IsAPI(c) {
		h.abortAPI(c, http.StatusServiceUnavailable, web.StatusMessageID(http.StatusServiceUnavailable))
		return
	}
	web.ErrorPage(c, h.tpl, http.StatusServiceUnavailable, nil)
}

// abortAPI answers an API request with a translated problem+json before any
// operation runs. The locale middleware has not run yet, so the language
// comes from ?lang= or Accept-Language.
func (h *Handler) abortAPI(c *gin.Context, status int, id string) {
	c.Header("Content-Type", "application/problem+json")
	l := web.Localizer(c.Request.Context())
	c.AbortWithStatusJSON(status, huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: l.T(id)})
}

// RequirePage lets through signed-in users holding one of roles (any role
// when none are named); others go to the sign-in page or get 403.
func (h *Handler) RequirePage(roles ...Role) gin.HandlerFunc { return RequirePage(h.tpl, roles...) }

// RequirePage is the page guard for any feature's routes: signed-in users
// holding one of roles (any role when none are named) pass; anonymous
// visitors go to the sign-in page; others get a 403 page.
func RequirePage(tpl *templates.Engine, roles ...Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := CurrentUser(c.Request.Context())
		if u == nil {
			next := url.Values{"next": {c.Request.URL.RequestURI()}}
			if c.Request.Method != http.MethodGet {
				next = nil
			}
			target := "/login"
			if next != nil {
				target += "?" + next.Encode()
			}
			c.Redirect(http.StatusSeeOther, target)
			c.Abort()
			return
		}
		if len(roles) > 0 && !u.Can(roles...) {
			web.ErrorPage(c, tpl, http.StatusForbidden, nil)
			return
		}
		c.Next()
	}
}

// RequireAPI returns the caller of an API operation if they hold one of
// roles (any role when none are named), else a translated 401 or 403.
func RequireAPI(ctx context.Context, roles ...Role) (*User, error) {
	u := CurrentUser(ctx)
	if u == nil {
		return nil, web.APIError(ctx, ErrUnauthenticated)
	}
	if len(roles) > 0 && !u.Can(roles...) {
		return nil, web.APIError(ctx, ErrForbidden)
	}
	return u, nil
}

func (h *Handler) setSessionCookie(c *gin.Context, secret string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: SessionCookie, Value: secret, Path: "/", MaxAge: int(h.svc.SessionTTL.Seconds()),
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (h *Handler) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode,
	})
}
