package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
)

// SeedCertificates gives the institute's certificates two signatories and
// runs a past cohort of the SMU e-learning course for Vietnam, in which two
// trainees completed the course (through the same lessons and quiz a
// learner takes) and got their certificates; a third is still learning. It
// returns the serials. Running it again changes nothing.
func SeedCertificates(ctx context.Context, acc *accounts.Service, crs *courses.Service, enr *enrollment.Service, certs *certificates.Service) ([]string, error) {
	admin, err := acc.UserByEmail(ctx, "admin@example.org")
	if err != nil {
		return nil, err
	}
	coord, err := acc.UserByEmail(ctx, "coordinator@example.org")
	if err != nil {
		return nil, err
	}
	if err := seedTemplate(ctx, certs, accounts.Actor{UserID: admin.ID}); err != nil {
		return nil, err
	}
	courseID, err := crs.CourseIDByCode(ctx, "SMU-E01")
	if err != nil || courseID == 0 {
		return nil, fmt.Errorf("demo: certificates need the course SMU-E01: %w", err)
	}
	actor := accounts.Actor{UserID: coord.ID}
	co, err := enr.CohortByCode(ctx, "VN-2026-09")
	if errors.Is(err, enrollment.ErrCohortNotFound) {
		if co, err = seedVietnam(ctx, acc, crs, enr, actor, courseID); err != nil {
			return nil, err
		}
		b, err := certs.StartBatch(ctx, actor, co.ID)
		if err != nil {
			return nil, err
		}
		if err := certs.RunBatch(ctx, b.ID); err != nil {
			return nil, fmt.Errorf("demo: certificates of VN-2026-09: %w", err)
		}
	} else if err != nil {
		return nil, err
	}
	rows, err := certs.Trainees(ctx, co.ID)
	if err != nil {
		return nil, err
	}
	var serials []string
	for _, r := range rows {
		if r.Serial != "" {
			serials = append(serials, r.Serial)
		}
	}
	return serials, nil
}

func seedTemplate(ctx context.Context, certs *certificates.Service, actor accounts.Actor) error {
	t, err := certs.Template(ctx, nil)
	if err != nil || t.ID != 0 {
		return err
	}
	if _, err := certs.SaveTemplate(ctx, actor, nil, certificates.TemplateInput{SecondLocale: "ko", Paper: "A4", Colour: "#063A74"}); err != nil {
		return fmt.Errorf("demo: certificate template: %w", err)
	}
	for _, s := range []certificates.SignatoryInput{
		{Name: "Jung Hae-won", Title: "President, LOGODI"},
		{Name: "Lee Seo-yeon", Title: "Programme coordinator"},
	} {
		if _, err := certs.AddSignatory(ctx, actor, nil, s); err != nil {
			return fmt.Errorf("demo: signatory %s: %w", s.Name, err)
		}
	}
	return nil
}

func seedVietnam(ctx context.Context, acc *accounts.Service, crs *courses.Service, enr *enrollment.Service, actor accounts.Actor, courseID int64) (*enrollment.Cohort, error) {
	co, err := enr.CreateCohort(ctx, actor, enrollment.CohortInput{CourseID: courseID, Code: "VN-2026-09", Country: "VN",
		PartnerOrg: "Ministry of Home Affairs", StartsOn: "2026-09-07", EndsOn: "2026-09-18", Capacity: 30, Delivery: courses.Online,
		Languages: []string{"vi", "en"}})
	if err != nil {
		return nil, fmt.Errorf("demo: cohort VN-2026-09: %w", err)
	}
	trainees := []enrollment.TraineeRow{
		{Line: 2, Email: "learner.vn@example.org", Name: "Nguyen Thi Huong", NativeName: "Nguyễn Thị Hương", Country: "VN", Position: "Commune officer", Organisation: "Thai Binh Province", Gender: "female"},
		{Line: 3, Email: "tran.minh@example.vn", Name: "Tran Van Minh", NativeName: "Trần Văn Minh", Country: "VN", Position: "District planning officer", Organisation: "Nam Dinh Province", Gender: "male"},
		{Line: 4, Email: "le.mai@example.vn", Name: "Le Thi Mai", NativeName: "Lê Thị Mai", Country: "VN", Position: "Village head", Organisation: "Ha Nam Province", Gender: "female"},
	}
	if _, err := enr.ImportTrainees(ctx, actor, co.ID, trainees); err != nil {
		return nil, fmt.Errorf("demo: trainees of VN-2026-09: %w", err)
	}
	course, err := crs.Course(ctx, courseID)
	if err != nil {
		return nil, err
	}
	enrolments, err := enr.Roster(ctx, co)
	if err != nil {
		return nil, err
	}
	for _, r := range enrolments {
		if r.Email == "le.mai@example.vn" {
			continue // still learning
		}
		learner, err := acc.User(ctx, r.UserID)
		if err != nil {
			return nil, err
		}
		if err := takeCourse(ctx, enr, course, learner, r.EnrolmentID); err != nil {
			return nil, fmt.Errorf("demo: %s takes SMU-E01: %w", r.Email, err)
		}
	}
	return co, nil
}

// takeCourse completes every lesson of the course for learner in their
// enrolment, answering each quiz rightly, as they would through the pages.
func takeCourse(ctx context.Context, enr *enrollment.Service, c *courses.Course, learner *accounts.User, enrolmentID int64) error {
	for _, m := range c.Modules {
		for _, l := range m.Lessons {
			if l.Kind != courses.KindQuiz {
				if _, err := enr.CompleteLesson(ctx, learner, enrolmentID, l.ID); err != nil {
					return err
				}
				continue
			}
			res, err := enr.Submit(ctx, learner, enrolmentID, l.ID, rightAnswers(&l), "en")
			if err != nil {
				return err
			}
			if !res.Result.Passed {
				return fmt.Errorf("quiz %d not passed", l.ID)
			}
		}
	}
	return nil
}

// rightAnswers answers every question of a quiz correctly.
func rightAnswers(l *courses.Lesson) map[int64]courses.Answer {
	out := map[int64]courses.Answer{}
	for _, q := range l.Questions {
		var a courses.Answer
		switch q.Kind {
		case courses.SingleChoice, courses.MultipleChoice:
			for _, ch := range q.Choices {
				if ch.Correct {
					a.Choices = append(a.Choices, ch.ID)
				}
			}
		case courses.TrueFalse:
			b := q.AnswerBool
			a.Bool = &b
		case courses.Numeric:
			n := q.AnswerNumber
			a.Number = &n
		case courses.ShortAnswer:
			for _, t := range q.Translations {
				if first, _, _ := strings.Cut(t.Answers, "\n"); first != "" {
					a.Text = first
					break
				}
			}
		}
		out[q.ID] = a
	}
	return out
}
