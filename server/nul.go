package server

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/templates"
	"github.com/baeum-lms/baeum/web"
)

// rejectNUL answers 422, naming the field, for a request that carries a NUL
// character in its path, query, form or JSON body. PostgreSQL cannot store
// U+0000 in text (every such write was a 500) and SQLite stored it silently;
// no person types one, so it is refused at the edge, once, for every route,
// before a handler can pass it to a query. It runs after bodyLimit, which
// has already parsed the forms of page requests.
func rejectNUL(tpl *templates.Engine) gin.HandlerFunc {
	return func(c *gin.Context) {
		field, ok := nulField(c.Request)
		if !ok {
			c.Next()
			return
		}
		l := web.Localizer(c.Request.Context())
		msg := l.T("error.nul_character", "Field", field.name)
		if web.IsAPI(c) {
			c.Header("Content-Type", "application/problem+json")
			c.AbortWithStatusJSON(http.StatusUnprocessableEntity, huma.ErrorModel{
				Status: http.StatusUnprocessableEntity, Title: http.StatusText(http.StatusUnprocessableEntity),
				Detail: l.T("error.validation"),
				Errors: []*huma.ErrorDetail{{Message: msg, Location: field.location}},
			})
			return
		}
		v := &i18n.ValidationError{}
		v.Add(field.name, "error.nul_character", "Field", field.name)
		web.ErrorPage(c, tpl, http.StatusUnprocessableEntity, v)
	}
}

// nulAt is where a NUL was found: the name a person knows the field by and
// its location as huma reports locations (path, query.q, body.title).
type nulAt struct{ name, location string }

func nulField(r *http.Request) (nulAt, bool) {
	if strings.ContainsRune(r.URL.Path, 0) {
		return nulAt{"path", "path"}, true
	}
	if strings.Contains(r.URL.RawQuery, "%00") || strings.ContainsRune(r.URL.RawQuery, 0) {
		if k, ok := nulInValues(r.URL.Query()); ok {
			return nulAt{k, "query." + k}, true
		}
	}
	if r.PostForm != nil {
		if k, ok := nulInValues(r.PostForm); ok {
			return nulAt{k, "body." + k}, true
		}
	}
	if r.MultipartForm != nil {
		if k, ok := nulInValues(r.MultipartForm.Value); ok {
			return nulAt{k, "body." + k}, true
		}
	}
	if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nulAt{}, false
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	isJSON := mediaType == "application/json" || strings.HasSuffix(mediaType, "+json") ||
		mediaType == "" && strings.HasPrefix(r.URL.Path, "/api/")
	if !isJSON {
		return nulAt{}, false
	}
	// JSON cannot hold a raw NUL byte (the decoder refuses it with a 400),
	// only the escape \u0000, so only a body with that escape is decoded.
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
	if err != nil || !bytes.Contains(body, []byte(`\u0000`)) {
		return nulAt{}, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return nulAt{}, false // malformed: the handler answers 400
	}
	if p, ok := nulInJSON(doc, ""); ok {
		if p == "" {
			return nulAt{"body", "body"}, true
		}
		return nulAt{p, "body." + p}, true
	}
	return nulAt{}, false
}

// errReader returns err (or EOF) once the body's bytes are read again, so a
// body that was cut by the size limit still fails as it would have.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	return 0, io.EOF
}

func nulInValues(vs map[string][]string) (string, bool) {
	keys := make([]string, 0, len(vs))
	for k := range vs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.ContainsRune(k, 0) {
			return strings.ReplaceAll(k, "\x00", ""), true
		}
		for _, v := range vs[k] {
			if strings.ContainsRune(v, 0) {
				return k, true
			}
		}
	}
	return "", false
}

// nulInJSON finds the first string (or object key) holding a NUL and
// returns its path in huma's dotted form (items[2].title).
func nulInJSON(v any, path string) (string, bool) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch t := v.(type) {
	case string:
		return path, strings.ContainsRune(t, 0)
	case []any:
		for i, e := range t {
			if p, ok := nulInJSON(e, path+"["+strconv.Itoa(i)+"]"); ok {
				return p, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if strings.ContainsRune(k, 0) {
				return join(strings.ReplaceAll(k, "\x00", "")), true
			}
			if p, ok := nulInJSON(t[k], join(k)); ok {
				return p, true
			}
		}
	}
	return "", false
}
