package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// finishDocument completes the OpenAPI document once every feature has
// registered its operations: an operation that declares no security is
// public and says so with an empty requirement (`security: []`), which a
// reader and a linter can tell from one that forgot it; and schemas no
// operation refers to (huma registers FormFile for every multipart upload,
// then inlines it) are dropped.
func finishDocument(doc *huma.OpenAPI) {
	for _, item := range doc.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Delete, item.Patch, item.Head, item.Options} {
			if op != nil && op.Security == nil {
				op.Security = []map[string][]string{}
			}
		}
	}
	if doc.Components == nil || doc.Components.Schemas == nil {
		return
	}
	schemas := doc.Components.Schemas.Map()
	// A schema may be referred to only from another unused one, so prune
	// until nothing changes.
	for {
		b, err := json.Marshal(doc)
		if err != nil {
			return
		}
		text := string(b)
		removed := false
		for name := range schemas {
			if !strings.Contains(text, `"#/components/schemas/`+name+`"`) {
				delete(schemas, name)
				removed = true
			}
		}
		if !removed {
			return
		}
	}
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// bodyLimits lists the operations that declare their own body limit, by
// method and the route as gin names it (huma's {id} is gin's :id).
func bodyLimits(doc *huma.OpenAPI) map[string]int64 {
	out := map[string]int64{}
	for path, item := range doc.Paths {
		route := pathParam.ReplaceAllString(path, ":$1")
		for method, op := range map[string]*huma.Operation{http.MethodPost: item.Post, http.MethodPut: item.Put, http.MethodPatch: item.Patch} {
			if op != nil && op.MaxBodyBytes > 0 {
				out[method+" "+route] = op.MaxBodyBytes
			}
		}
	}
	return out
}
