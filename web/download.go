package web

import (
	"io"
	"mime"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// Disposition is the Content-Disposition header of a file download named
// name, quoted (and UTF-8 encoded) as the name needs.
func Disposition(name string) string {
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}

// Stream is an API response that sends r, closed afterwards, as a file
// download of contentType named name.
func Stream(r io.ReadCloser, contentType, name string) *huma.StreamResponse {
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer r.Close()
		hc.SetHeader("Content-Type", contentType)
		hc.SetHeader("Content-Disposition", Disposition(name))
		hc.SetStatus(http.StatusOK)
		_, _ = io.Copy(hc.BodyWriter(), r)
	}}
}

// BinaryResponses documents, for the OpenAPI document, an operation whose
// answer is a file of contentType.
func BinaryResponses(contentType, description string) map[string]*huma.Response {
	return map[string]*huma.Response{"200": {Description: description, Content: map[string]*huma.MediaType{
		contentType: {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}
}
