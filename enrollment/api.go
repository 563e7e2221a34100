package enrollment

import "github.com/danielgtaylor/huma/v2"

// RegisterAPI adds the enrolment operations to the API.
func (h *Handler) RegisterAPI(api huma.API) {}
