package certificates

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
)

// issuing is what every certificate of one course and cohort shares,
// loaded once for a whole batch: the course, the cohort, the programme's
// title, the template and its images.
type issuing struct {
	course    *courses.Course
	cohort    *enrollment.Cohort
	programme string
	tpl       *Template
	logo      []byte
	sigs      []SignatureLine
	bundle    *i18n.Bundle
	key       *activeKey // signs the credentials
}

// prepare loads what the certificates of a course (and cohort) share.
func (s *Service) prepare(ctx context.Context, courseID int64, cohortID *int64) (*issuing, error) {
	bundle, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	course, err := s.crs.Course(ctx, courseID)
	if err != nil {
		return nil, err
	}
	is := &issuing{course: course, bundle: bundle}
	if p, err := s.crs.Programme(ctx, course.ProgrammeID); err == nil {
		is.programme = p.ProgrammeTitle("en").Text
	}
	if cohortID != nil {
		if is.cohort, err = s.enr.CohortByID(ctx, *cohortID); err != nil {
			return nil, err
		}
	}
	if is.tpl, err = s.TemplateFor(ctx, course.ProgrammeID); err != nil {
		return nil, err
	}
	if err := s.loadImages(ctx, is); err != nil {
		return nil, err
	}
	if s.keys == nil {
		return nil, errNoKeys
	}
	if is.key, err = s.keys.active(ctx); err != nil {
		return nil, err
	}
	return is, nil
}

// loadImages reads the template's logo and signature images.
func (s *Service) loadImages(ctx context.Context, is *issuing) error {
	var err error
	if is.tpl.LogoKey != "" {
		if is.logo, err = s.files.ReadAll(ctx, is.tpl.LogoKey); err != nil {
			return err
		}
	}
	for _, sg := range is.tpl.Signatories {
		line := SignatureLine{Name: sg.Name, Title: sg.Title}
		if sg.ImageKey != "" {
			if line.Image, err = s.files.ReadAll(ctx, sg.ImageKey); err != nil {
				return err
			}
		}
		is.sigs = append(is.sigs, line)
	}
	return nil
}

// certificate is the record of a new certificate for e's holder u.
func (is *issuing) certificate(e *enrollment.Enrolment, u *accounts.User, now time.Time) *Certificate {
	second := is.tpl.SecondLocale
	c := &Certificate{EnrolmentID: e.ID, UserID: u.ID, CourseID: is.course.ID, CohortID: e.CohortID, Serial: NewSerial(now.Year()),
		HolderName: u.Name, CourseTitle: is.course.Title("en").Text, ProgrammeTitle: is.programme, SecondLocale: second,
		Hours: is.course.DurationHours, IssuedAt: now, Status: Valid, Country: u.Country}
	if i18n.Printable(u.NativeName) && u.NativeName != u.Name {
		c.HolderNativeName = u.NativeName
	}
	if t := is.course.Title(second); !t.Fallback && t.Text != c.CourseTitle && i18n.Printable(t.Text) {
		c.CourseTitleLocal = t.Text
	}
	if co := is.cohort; co != nil {
		c.CohortCode, c.Country = co.Code, co.Country
		c.StartsOn, c.EndsOn = &co.StartsOn, &co.EndsOn
	}
	return c
}

// data is what the PDF of c prints: English, and the template's second
// language where its texts exist in it.
func (is *issuing) data(c *Certificate, verifyURL string) Data {
	en := is.bundle.Localizer("en")
	second := c.SecondLocale
	local := func(id string) string {
		if second == "en" || !is.bundle.Has(second, id) {
			return ""
		}
		return is.bundle.Localizer(second).T(id)
	}
	or := func(custom, fallback string) string {
		if strings.TrimSpace(custom) != "" {
			return custom
		}
		return fallback
	}
	var details []string
	if c.CohortCode != "" {
		details = append(details, en.T("certificate.cohort", "Code", c.CohortCode))
	}
	if c.Country != "" {
		details = append(details, en.CountryName(c.Country))
	}
	if c.StartsOn != nil && c.EndsOn != nil {
		details = append(details, string(*c.StartsOn)+" – "+string(*c.EndsOn))
	}
	if c.Hours > 0 {
		details = append(details, en.T("certificate.hours", "Count", c.Hours))
	}
	d := Data{
		Institute: or(is.tpl.Institute, en.T("certificate.institute")), InstituteLocal: or(is.tpl.InstituteLocal, local("certificate.institute")),
		Heading: or(is.tpl.Heading, en.T("certificate.heading")), HeadingLocal: or(is.tpl.HeadingLocal, local("certificate.heading")),
		Statement: or(is.tpl.Statement, en.T("certificate.statement")), StatementLocal: or(is.tpl.StatementLocal, local("certificate.statement")),
		HolderName: c.HolderName, HolderNativeName: c.HolderNativeName,
		CourseTitle: c.CourseTitle, CourseLocal: c.CourseTitleLocal, ProgrammeTitle: c.ProgrammeTitle,
		Details: strings.Join(details, " · "), IssuedLine: en.T("certificate.issued", "Date", c.IssuedAt.Format("2006-01-02")),
		Serial: c.Serial, VerifyURL: verifyURL, Credential: []byte(c.Credential), Signatories: is.sigs, Logo: is.logo,
		Colour: parseColour(is.tpl.Colour), Letter: is.tpl.Paper == "Letter",
	}
	if len(d.Signatories) == 0 {
		d.Signatories = []SignatureLine{{Name: en.T("certificate.signatory_name"), Title: en.T("certificate.signatory_title")}}
	}
	return d
}

// parseColour reads #RRGGBB; anything else is zero (the default blue).
func parseColour(hex string) [3]int {
	if len(hex) != 7 || hex[0] != '#' {
		return [3]int{}
	}
	var out [3]int
	for i := range out {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return [3]int{}
		}
		out[i] = int(v)
	}
	return out
}
