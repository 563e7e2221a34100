package templates

// The certificate pages.
const (
	Verify         = "verify"
	MyCertificates = "my_certificates"
)

var certificateViews = []string{Verify, MyCertificates}
