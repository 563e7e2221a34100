package certificates

import (
	"context"
	"strings"
	"time"

	"github.com/baeum-lms/baeum/i18n"
)

// Credential is a certificate as an Open Badges 3.0 OpenBadgeCredential
// (a W3C Verifiable Credential 2.0). It is not signed yet (said in the
// README): the verification page, served from the institute's address,
// and the PDF's SHA-256 are the proof for now.
type Credential struct {
	Context           []string          `json:"@context"`
	ID                string            `json:"id"`
	Type              []string          `json:"type"`
	Issuer            CredentialIssuer  `json:"issuer"`
	ValidFrom         string            `json:"validFrom"`
	Name              string            `json:"name"`
	CredentialSubject CredentialSubject `json:"credentialSubject"`
	CredentialStatus  CredentialStatus  `json:"credentialStatus"`
	Evidence          []Evidence        `json:"evidence"`
}

// CredentialIssuer is the institute.
type CredentialIssuer struct {
	ID   string   `json:"id"`
	Type []string `json:"type"`
	Name string   `json:"name"`
}

// CredentialSubject is the holder, named by an unhashed name identity
// (Open Badges' IdentityObject), and what they achieved.
type CredentialSubject struct {
	Type        []string         `json:"type"`
	Identifier  []IdentityObject `json:"identifier"`
	Achievement Achievement      `json:"achievement"`
}

// IdentityObject names the holder.
type IdentityObject struct {
	Type         string `json:"type"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Hashed       bool   `json:"hashed"`
}

// Achievement is the course.
type Achievement struct {
	ID          string            `json:"id"`
	Type        []string          `json:"type"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Criteria    map[string]string `json:"criteria"`
	HumanCode   string            `json:"humanCode,omitempty"`
}

// CredentialStatus says whether the certificate still holds: Baeum's own
// status type (not a status list), read from the verification page.
type CredentialStatus struct {
	ID           string     `json:"id"`
	Type         string     `json:"type"`
	Status       Status     `json:"status"`
	RevokedAt    *time.Time `json:"revokedAt,omitempty"`
	Reason       string     `json:"reason,omitempty"`
	SupersededBy string     `json:"supersededBy,omitempty"`
}

// Evidence carries the fingerprint of the issued PDF.
type Evidence struct {
	Type        []string `json:"type"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
}

// Credential builds the credential of c, in English.
func (s *Service) Credential(ctx context.Context, c *Certificate) (*Credential, error) {
	v, err := s.view(ctx, c)
	if err != nil {
		return nil, err
	}
	bundle, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	en := bundle.Localizer("en")
	url := s.VerifyURL(c.Serial)
	narrative := en.T("certificate.criteria", "Hours", c.Hours)
	if c.CohortCode != "" {
		narrative = en.T("certificate.criteria_cohort", "Hours", c.Hours, "Cohort", c.CohortCode, "Starts", v.StartsOn, "Ends", v.EndsOn)
	}
	doc := &Credential{
		Context:   []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		ID:        url,
		Type:      []string{"VerifiableCredential", "OpenBadgeCredential"},
		Issuer:    CredentialIssuer{ID: strings.TrimSuffix(s.BaseURL, "/") + "/", Type: []string{"Profile"}, Name: en.T("certificate.institute")},
		ValidFrom: c.IssuedAt.UTC().Format(time.RFC3339),
		Name:      c.CourseTitle,
		CredentialSubject: CredentialSubject{
			Type:       []string{"AchievementSubject"},
			Identifier: []IdentityObject{{Type: "IdentityObject", IdentityHash: c.HolderName, IdentityType: "name", Hashed: false}},
			Achievement: Achievement{ID: url + "#achievement", Type: []string{"Achievement"}, Name: c.CourseTitle,
				Description: strings.TrimSpace(c.ProgrammeTitle + " — " + c.CourseTitle), Criteria: map[string]string{"narrative": narrative},
				HumanCode: c.CohortCode},
		},
		CredentialStatus: CredentialStatus{ID: url + "#status", Type: "BaeumCertificateStatus", Status: c.Status, RevokedAt: c.RevokedAt,
			Reason: c.RevokeReason, SupersededBy: v.SupersededSerial},
		Evidence: []Evidence{{Type: []string{"Evidence"}, Name: "Certificate PDF", Description: "sha256:" + c.SHA256}},
	}
	if c.ProgrammeTitle == "" {
		doc.CredentialSubject.Achievement.Description = c.CourseTitle
	}
	return doc, nil
}
