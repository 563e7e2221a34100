package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

// CSRFCookie holds the browser's CSRF secret; CSRFField is the form field
// that must echo it on every state-changing request.
const (
	CSRFCookie = "baeum_csrf"
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

// CSRF protects the page routes twice over before any handler runs.
//
// A double-submit token: every browser gets a random secret in an HttpOnly,
// SameSite=Lax cookie; every form carries it in a hidden field; a POST, PUT,
// PATCH or DELETE whose field (or X-CSRF-Token header) does not match the
// cookie is refused with 403. A cross-site page can neither read the cookie
// nor set it, so it cannot forge the field.
//
// And the request's origin (net/http's CrossOriginProtection): a browser's
// Sec-Fetch-Site must say same-origin (or none, typed by the person), or,
// from browsers too old to send it, the Origin header must name this host or
// the base URL's origin (a proxy may change the Host). Requests with neither
// header are not from a browser, or from one that sends no origin at all;
// the token still guards them. The Referer is not consulted: privacy tools
// strip it, and it adds nothing the two checks miss.
//
// The JSON API and the xAPI resources are exempt from both: they authenticate
// by bearer token or LRS key (HTTP Basic), which
// a browser never sends on its own. secure marks the cookies Secure and is
// remembered for the other cookies of the request (SecureCookies).
func CSRF(secure bool, baseURL string, onFail gin.HandlerFunc) gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(baseURL); err == nil && u.Scheme != "" && u.Host != "" {
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			// Only a malformed origin is refused, and this one was
			// parsed; the Host comparison still protects.
			slog.Warn("csrf: base URL origin not trusted", "base_url", baseURL, "err", err)
		}
	}
	return func(c *gin.Context) {
		c.Set(secureContextKey, secure)
		// The JSON API and the xAPI resources authenticate every request
		// by a header (bearer token, LRS key), never by a cookie alone.
		// A cmi5 AU's fetch URL is its own one-time secret.
		if strings.HasPrefix(c.Request.URL.Path, "/api/") || strings.HasPrefix(c.Request.URL.Path, "/xapi/") ||
			strings.HasPrefix(c.Request.URL.Path, "/cmi5/fetch/") {
			c.Next()
			return
		}
		token, err := c.Cookie(CSRFCookie)
		if err != nil || len(token) < 32 {
			var b [32]byte
			_, _ = rand.Read(b[:])
			token = base64.RawURLEncoding.EncodeToString(b[:])
			http.SetCookie(c.Writer, &http.Cookie{
				Name: CSRFCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
			})
		}
		c.Set(csrfContextKey, token)
		switch {
		case c.FullPath() == "":
			// No route matched: let the 404 or 405 answer speak.
		case c.Request.Method == http.MethodGet, c.Request.Method == http.MethodHead, c.Request.Method == http.MethodOptions:
		default:
			if cop.Check(c.Request) != nil {
				onFail(c)
				c.Abort()
				return
			}
			sent := c.GetHeader(CSRFHeader)
			if sent == "" {
				sent = c.PostForm(CSRFField)
			}
			if subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 || err != nil {
				onFail(c)
				c.Abort()
				return
			}
		}
		c.Next()
	}
}

const (
	csrfContextKey   = "baeum.csrf"
	secureContextKey = "baeum.secure_cookies"
)

// SecureCookies reports whether this request's cookies are marked Secure
// (the base URL is https).
func SecureCookies(c *gin.Context) bool { return c.GetBool(secureContextKey) }

// CSRFToken returns the token that forms on this page must carry.
func CSRFToken(c *gin.Context) string { return c.GetString(csrfContextKey) }
