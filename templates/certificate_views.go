package templates

// The certificate pages.
const (
	Verify               = "verify"
	MyCertificates       = "my_certificates"
	CohortCertificates   = "cohort_certificates"
	CertificateTemplates = "certificate_templates"
	CertificateTemplate  = "certificate_template"
)

var certificateViews = []string{Verify, MyCertificates, CohortCertificates, CertificateTemplates, CertificateTemplate}
