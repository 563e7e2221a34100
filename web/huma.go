package web

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"github.com/baeum-lms/baeum/i18n"
)

// humaMessage maps one of huma's English validation messages to our message
// id; the pattern is built from huma's own format string, so it follows huma
// if the wording changes.
type humaMessage struct {
	re  *regexp.Regexp
	id  string
	arg string // template data key for the first formatted argument
}

var (
	humaOnce     sync.Once
	humaMessages []humaMessage
)

func formatPattern(format string) *regexp.Regexp {
	q := regexp.QuoteMeta(format)
	q = strings.NewReplacer("%d", "(.+?)", "%v", "(.+?)", "%s", "(.+?)", `"`, `"?`).Replace(q)
	return regexp.MustCompile("^" + q + "$")
}

// TranslateValidation makes huma's own errors (malformed JSON, schema
// validation, oversized bodies) speak the caller's language: the request's
// localizer translates the title by status and each detail by the huma
// message it carries. huma offers NewErrorWithContext as the hook for this;
// it is a package variable, so this sets it once per process.
func TranslateValidation() {
	humaOnce.Do(func() {
		humaMessages = []humaMessage{
			{formatPattern(validation.MsgExpectedRequiredProperty), "error.field.required", "Field"},
			{formatPattern(validation.MsgExpectedMinLength), "error.field.too_short", "Min"},
			{formatPattern(validation.MsgExpectedMaxLength), "error.field.too_long", "Max"},
			{formatPattern(validation.MsgExpectedMinimumNumber), "error.field.min", "Min"},
			{formatPattern(validation.MsgExpectedMaximumNumber), "error.field.max", "Max"},
			{formatPattern(validation.MsgExpectedOneOf), "error.field.one_of", "Values"},
			{formatPattern(validation.MsgExpectedRFC5322Email), "error.field.email", ""},
			{formatPattern(validation.MsgUnexpectedProperty), "error.field.unexpected", ""},
			{formatPattern(validation.MsgExpectedString), "error.field.type", ""},
			{formatPattern(validation.MsgExpectedInteger), "error.field.type", ""},
			{formatPattern(validation.MsgExpectedNumber), "error.field.type", ""},
			{formatPattern(validation.MsgExpectedBoolean), "error.field.type", ""},
			{formatPattern(validation.MsgExpectedObject), "error.field.type", ""},
			{formatPattern(validation.MsgExpectedArray), "error.field.type", ""},
			{formatPattern(validation.MsgExpectedMatchPattern), "error.field.format", ""},
			{formatPattern(validation.MsgExpectedBePattern), "error.field.format", ""},
		}
		huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
			if hctx == nil {
				return huma.NewError(status, msg, errs...)
			}
			l := Localizer(hctx.Context())
			details := make([]error, 0, len(errs))
			for _, e := range errs {
				var d *huma.ErrorDetail
				if !errors.As(e, &d) {
					if ed, ok := e.(huma.ErrorDetailer); ok {
						d = ed.ErrorDetail()
					}
				}
				if d == nil {
					continue // a parser's raw error: the title says enough
				}
				details = append(details, translateDetail(l, d))
			}
			return huma.NewError(status, translateTitle(l, status, msg), details...)
		}
	})
}

func translateTitle(l *i18n.Localizer, status int, msg string) string {
	switch status {
	case http.StatusUnprocessableEntity:
		return l.T("error.validation")
	case http.StatusBadRequest:
		return l.T("error.bad_request")
	case http.StatusRequestEntityTooLarge:
		return l.T("error.too_large")
	case http.StatusUnsupportedMediaType:
		return l.T("error.unsupported_media")
	case http.StatusNotFound:
		return l.T("error.not_found")
	case http.StatusInternalServerError:
		return l.T("error.internal")
	}
	if msg == "" {
		return http.StatusText(status)
	}
	return msg
}

func translateDetail(l *i18n.Localizer, d *huma.ErrorDetail) *huma.ErrorDetail {
	out := &huma.ErrorDetail{Location: d.Location, Message: l.T("error.field.invalid")}
	// Echo a rejected scalar (helpful for enums), never a whole object and
	// never anything from a password field.
	switch d.Value.(type) {
	case string, float64, int, int64, bool:
		if !strings.Contains(strings.ToLower(d.Location), "password") {
			out.Value = d.Value
		}
	}
	for _, m := range humaMessages {
		sub := m.re.FindStringSubmatch(d.Message)
		if sub == nil {
			continue
		}
		var kv []any
		if m.arg != "" && len(sub) > 1 {
			kv = []any{m.arg, sub[1]}
		}
		if m.id == "error.field.required" && len(sub) > 1 {
			// huma reports a missing property at its parent ("body");
			// point at the property itself, as our own errors do.
			out.Location = strings.TrimSuffix(d.Location, ".") + "." + sub[1]
		}
		out.Message = l.T(m.id, kv...)
		break
	}
	return out
}
