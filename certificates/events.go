package certificates

import (
	"context"
	"strconv"

	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/lrs"
)

// RecordTo makes the service record each certificate issued (a first
// issue or a re-issue) as an xAPI statement through r, in the transaction
// that issues it. Without a recorder nothing is recorded.
func (s *Service) RecordTo(r enrollment.Recorder) { s.events = r }

// earned records that c's holder earned it: the certificate (by serial)
// as the activity, named by its course title, the course as parent.
func (s *Service) earned(ctx context.Context, c *Certificate) error {
	if s.events == nil {
		return nil
	}
	names := map[string]string{"en": c.CourseTitle}
	if c.SecondLocale != "" && c.CourseTitleLocal != "" {
		names[c.SecondLocale] = c.CourseTitleLocal
	}
	return s.events.Record(ctx, lrs.Event{UserID: c.UserID, Verb: lrs.VerbEarned, Activity: "certificate/" + c.Serial,
		ActivityType: lrs.TypeCertificate, Name: names, Parent: "course/" + strconv.FormatInt(c.CourseID, 10),
		Enrolment: c.EnrolmentID, At: c.IssuedAt})
}
