package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
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

// CSRF protects the page routes with a double-submit token: every browser
// gets a random secret in an HttpOnly, SameSite=Lax cookie; every form carries
// it in a hidden field; a POST, PUT, PATCH or DELETE whose field (or
// X-CSRF-Token header) does not match the cookie is refused with 403 before
// any handler runs. A cross-site page can neither read the cookie nor set it,
// so it cannot forge the field. The JSON API is exempt: it authenticates by
// bearer token, which a browser never sends on its own.
func CSRF(secure bool, onFail gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
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

const csrfContextKey = "baeum.csrf"

// CSRFToken returns the token that forms on this page must carry.
func CSRFToken(c *gin.Context) string { return c.GetString(csrfContextKey) }
