package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
)

// LocaleCookie remembers a visitor's language choice.
const LocaleCookie = "baeum_lang"

// Locale chooses each request's locale — ?lang=, then the signed-in user's
// profile, then the cookie, then Accept-Language, then English — and stores
// its localizer in the context. A valid ?lang= is remembered in the cookie.
// It runs once before the middleware that identifies the user (so even an
// authentication error speaks the caller's language) and once after it (so
// the profile's choice counts).
func Locale(b *i18n.Bundle, secure bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		query := c.Query("lang")
		profile := ""
		if id := CurrentIdentity(c.Request.Context()); id != nil {
			profile = id.Locale
		}
		if !i18n.IsSupported(query) {
			query = ""
		}
		cookie, _ := c.Cookie(LocaleCookie)
		code := b.Choose(query, profile, cookie, c.GetHeader("Accept-Language"))
		if query != "" && query != cookie && !c.GetBool(localeCookieSet) {
			c.Set(localeCookieSet, true)
			http.SetCookie(c.Writer, &http.Cookie{
				Name: LocaleCookie, Value: query, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
				HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
			})
		}
		c.Header("Content-Language", code)
		// Added to what is there (the compressor's Accept-Encoding), once
		// although this runs twice.
		if h := c.Writer.Header(); !slices.Contains(h.Values("Vary"), "Accept-Language, Cookie") {
			h.Add("Vary", "Accept-Language, Cookie")
		}
		WithLocalizer(c, b.Localizer(code))
		c.Next()
	}
}

const localeCookieSet = "baeum.locale_cookie_set"
