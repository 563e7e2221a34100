package courses

import "github.com/danielgtaylor/huma/v2"

// RegisterAPI adds the courses operations to the API.
func (h *Handler) RegisterAPI(api huma.API) {}
