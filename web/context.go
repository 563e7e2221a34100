// Package web holds the small helpers that every feature's handlers share:
// the signed-in identity and locale of a request, typed page models, HTML
// rendering, CSRF tokens and the mapping of domain errors to HTTP answers
// (translated pages and RFC 9457 problem+json).
package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
)

// Identity is the signed-in person as pages need them. The accounts package
// fills it; web cannot import accounts (accounts imports web).
type Identity struct {
	ID     int64
	Email  string
	Name   string
	Role   string
	Locale string
}

type ctxKey int

const (
	identityKey ctxKey = iota
	localizerKey
	csrfKey
	requestIDKey
	clientIPKey
)

// WithIdentity stores the signed-in identity in the request's context.
func WithIdentity(c *gin.Context, id *Identity) {
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), identityKey, id))
}

// CurrentIdentity returns the signed-in identity, or nil.
func CurrentIdentity(ctx context.Context) *Identity {
	id, _ := ctx.Value(identityKey).(*Identity)
	return id
}

// WithLocalizer stores the request's localizer in its context.
func WithLocalizer(c *gin.Context, l *i18n.Localizer) {
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), localizerKey, l))
}

// Localizer returns the request's localizer. Requests always have one once
// the locale middleware ran; before that (or in a bare test) it is English.
func Localizer(ctx context.Context) *i18n.Localizer {
	if l, ok := ctx.Value(localizerKey).(*i18n.Localizer); ok {
		return l
	}
	b, err := i18n.Load()
	if err != nil {
		panic(err) // the bundle was loaded at start; this cannot fail later
	}
	return b.Localizer(i18n.Default)
}

// WithRequestID stores the request id in the context, for logs.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id stored in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithClientIP stores the client's address (as gin resolved it, honouring
// only trusted proxies) in the context, for the audit log and rate limits.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey, ip)
}

// ClientIP returns the client's address stored in ctx, or "".
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey).(string)
	return ip
}
