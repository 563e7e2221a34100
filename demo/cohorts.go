package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
)

// SeedCohorts opens two cohorts of the foreign officials' course — Laos
// (in person, half full, with a session and applications waiting) and
// Ghana (blended, with its application window open) — with the demo
// coordinator in charge. Running it again changes nothing.
func SeedCohorts(ctx context.Context, acc *accounts.Service, crs *courses.Service, enr *enrollment.Service) ([]string, error) {
	coord, err := acc.UserByEmail(ctx, "coordinator@example.org")
	if err != nil {
		return nil, err
	}
	courseID, err := crs.CourseIDByCode(ctx, "LOGODI-FO-LG")
	if err != nil || courseID == 0 {
		return nil, fmt.Errorf("demo: cohorts need the course LOGODI-FO-LG: %w", err)
	}
	existing, err := enr.Cohorts(ctx, enrollment.CohortFilter{CourseID: courseID})
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, c := range existing {
		have[c.Code] = true
	}
	actor := accounts.Actor{UserID: coord.ID}
	specs := []enrollment.CohortInput{
		{CourseID: courseID, Code: "LA-2027-01", Country: "LA", PartnerOrg: "Ministry of Home Affairs", StartsOn: "2027-03-08", EndsOn: "2027-03-19",
			Capacity: 20, Delivery: courses.InPerson, Venue: "LOGODI, Wanju", Languages: []string{"en", "lo"}, AttendanceThreshold: 80},
		{CourseID: courseID, Code: "GH-2027-01", Country: "GH", PartnerOrg: "Local Government Service", StartsOn: "2027-05-10", EndsOn: "2027-05-21",
			Capacity: 25, Delivery: courses.Blended, Venue: "LOGODI, Wanju", Languages: []string{"en"}, AttendanceThreshold: 80},
	}
	var codes []string
	for _, in := range specs {
		codes = append(codes, in.Code)
		if have[in.Code] {
			continue
		}
		c, err := enr.CreateCohort(ctx, actor, in)
		if err != nil {
			return nil, fmt.Errorf("demo: cohort %s: %w", in.Code, err)
		}
		if in.Country == "LA" {
			if err := seedLaos(ctx, acc, enr, actor, c); err != nil {
				return nil, err
			}
		}
	}
	return codes, nil
}

func seedLaos(ctx context.Context, acc *accounts.Service, enr *enrollment.Service, actor accounts.Actor, c *enrollment.Cohort) error {
	rows := []enrollment.TraineeRow{
		{Email: "learner@example.org", Name: "Souksavanh Phommachanh", NativeName: "ສຸກສະຫວັນ ພົມມະຈັນ", Country: "LA", Position: "Deputy director", Organisation: "Ministry of Home Affairs"},
		{Email: "khamla.v@example.la", Name: "Khamla Vongsa", NativeName: "ຄຳຫຼ້າ ວົງສາ", Country: "LA", Position: "District officer", Organisation: "Vientiane Province", Gender: "female"},
		{Email: "bounmy.s@example.la", Name: "Bounmy Sisavath", Country: "LA", Position: "Village development officer", Organisation: "Savannakhet Province", Gender: "male"},
	}
	if _, err := enr.ImportTrainees(ctx, actor, c.ID, rows); err != nil {
		return fmt.Errorf("demo: trainees of %s: %w", c.Code, err)
	}
	for _, email := range []string{"learner.kh@example.org", "learner.et@example.org"} {
		u, err := acc.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		if _, err := enr.Apply(ctx, actor, c.ID, u, u, ""); err != nil && !errors.Is(err, enrollment.ErrAlreadyApplied) {
			return fmt.Errorf("demo: application of %s: %w", email, err)
		}
	}
	if _, err := enr.AddSession(ctx, actor, c.ID, "2027-03-08T09:00", "Opening: local autonomy in Korea"); err != nil {
		return err
	}
	_, err := enr.AddSession(ctx, actor, c.ID, "2027-03-09T09:00", "Field visit: Wanju county office")
	return err
}
