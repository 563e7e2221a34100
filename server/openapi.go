package server

import (
	"encoding/json"
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
