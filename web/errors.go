package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/i18n"
)

// StatusClientClosedRequest is the status recorded (in the access log and
// the metrics) for a request whose client went away before its answer, as
// nginx does. Nobody receives it; it keeps disconnects apart from failures.
const StatusClientClosedRequest = 499

// ClientGone reports whether err is the client's doing rather than ours: the
// request's context was cancelled (the client disconnected), whatever error
// the driver made of it. An error that merely wraps context.Canceled while
// the request's context is still live was cancelled by something of ours (a
// job, an inner context): that is a failure to see, not a disconnect.
func ClientGone(ctx context.Context, _ error) bool {
	return errors.Is(ctx.Err(), context.Canceled)
}

// FailureStatus is the status of a request that failed with err: Status,
// except that a failure caused by the client going away is a 499, not a 500.
func FailureStatus(ctx context.Context, err error) int {
	status := Status(err)
	if status == http.StatusInternalServerError && ClientGone(ctx, err) {
		return StatusClientClosedRequest
	}
	return status
}

// Status maps a domain error to its HTTP status; anything unknown is a 500.
func Status(err error) int {
	var v *i18n.ValidationError
	if errors.As(err, &v) {
		return http.StatusUnprocessableEntity
	}
	var e *i18n.Error
	if errors.As(err, &e) {
		switch e.Kind {
		case i18n.KindInvalid:
			return http.StatusUnprocessableEntity
		case i18n.KindNotFound:
			return http.StatusNotFound
		case i18n.KindConflict:
			return http.StatusConflict
		case i18n.KindForbidden:
			return http.StatusForbidden
		case i18n.KindUnauthorized:
			return http.StatusUnauthorized
		case i18n.KindTooMany:
			return http.StatusTooManyRequests
		case i18n.KindUnavailable:
			return http.StatusServiceUnavailable
		}
	}
	return http.StatusInternalServerError
}

// Problems translates a domain error into messages for a person: one per
// invalid field, or one for the whole request. It reports false for errors
// that are not the person's to fix (internal failures).
func Problems(l *i18n.Localizer, err error) ([]Problem, bool) {
	var v *i18n.ValidationError
	if errors.As(err, &v) {
		out := make([]Problem, len(v.Fields))
		for i, f := range v.Fields {
			out[i] = Problem{Field: f.Field, Message: l.Message(f.Msg)}
		}
		return out, true
	}
	var e *i18n.Error
	if errors.As(err, &e) {
		return []Problem{{Message: l.Message(e.Msg)}}, true
	}
	return nil, false
}

// retryAfter is implemented by errors that tell the caller when to retry.
type retryAfter interface{ RetryAfter() time.Duration }

// RetryAfterSeconds returns the Retry-After value for err, or "".
func RetryAfterSeconds(err error) string {
	var r retryAfter
	if errors.As(err, &r) {
		return strconv.Itoa(int(r.RetryAfter().Round(time.Second) / time.Second))
	}
	return ""
}

// APIError turns a service error into a huma error with the message and the
// per-field errors translated for the caller. Internal errors are logged and
// answered with a bare 500 that reveals nothing.
func APIError(ctx context.Context, err error) error {
	l := Localizer(ctx)
	status := FailureStatus(ctx, err)
	if status == StatusClientClosedRequest {
		slog.DebugContext(ctx, "client went away", "err", err, "request_id", RequestID(ctx))
		return huma.NewError(status, "client closed request") // nobody reads it
	}
	if status == http.StatusInternalServerError {
		slog.ErrorContext(ctx, "internal error", "err", err, "request_id", RequestID(ctx))
		return huma.NewError(status, l.T("error.internal"))
	}
	probs, _ := Problems(l, err)
	var details []error
	title := ""
	if len(probs) == 1 && probs[0].Field == "" {
		title = probs[0].Message
	} else {
		title = l.T("error.validation")
		for _, p := range probs {
			details = append(details, &huma.ErrorDetail{Message: p.Message, Location: "body." + p.Field})
		}
	}
	se := huma.NewError(status, title, details...)
	if ra := RetryAfterSeconds(err); ra != "" {
		return huma.ErrorWithHeaders(se, http.Header{"Retry-After": {ra}})
	}
	return se
}
