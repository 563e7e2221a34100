package i18n

import (
	"errors"
	"strings"
)

// Message is text a service wants shown to a person, not yet translated: an
// id in the message files and its template data. Services return messages;
// the web layer translates them into the reader's language.
type Message struct {
	ID   string
	Data map[string]any
}

// Msg builds a Message from an id and key, value pairs.
func Msg(id string, kv ...any) Message {
	m := Message{ID: id}
	if len(kv) > 1 {
		m.Data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			m.Data[k] = kv[i+1]
		}
	}
	return m
}

// Kind classifies a domain error so the web layer can pick a status code
// without the service knowing about HTTP.
type Kind int

// The kinds of domain error.
const (
	KindInvalid Kind = iota + 1
	KindNotFound
	KindConflict
	KindForbidden
	KindUnauthorized
	KindTooMany
	KindUnavailable // a service Baeum depends on (file storage) cannot be reached
)

// Error is a domain error with a translatable message.
type Error struct {
	Kind Kind
	Msg  Message
}

// NewError returns a domain error of kind with message id and data.
func NewError(kind Kind, id string, kv ...any) *Error {
	return &Error{Kind: kind, Msg: Msg(id, kv...)}
}

func (e *Error) Error() string { return e.Msg.ID }

// Is makes errors.Is match two domain errors with the same kind and id, so
// sentinel errors can be compared after their data was filled in.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Kind == e.Kind && t.Msg.ID == e.Msg.ID
}

// FieldError is one invalid field: its name as the form and the API know it
// (e.g. "email") and what is wrong with it.
type FieldError struct {
	Field string
	Msg   Message
}

// ValidationError lists every invalid field of one write.
type ValidationError struct {
	Fields []FieldError
}

// Add records a problem with field.
func (v *ValidationError) Add(field, id string, kv ...any) {
	v.Fields = append(v.Fields, FieldError{Field: field, Msg: Msg(id, kv...)})
}

// Has reports whether field already has a problem.
func (v *ValidationError) Has(field string) bool {
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns v as an error, or nil when no field is invalid.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	parts := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		parts[i] = f.Field + ": " + f.Msg.ID
	}
	return "invalid input: " + strings.Join(parts, "; ")
}
