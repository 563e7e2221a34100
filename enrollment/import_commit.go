package enrollment

import (
	"context"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/mail"
)

// ImportSummary is what importing a trainee list does (or did).
type ImportSummary struct {
	Rows        int `json:"rows" doc:"Valid rows in the file"`
	NewAccounts int `json:"new_accounts" doc:"People without an account yet"`
	Already     int `json:"already" doc:"Already trainees of this cohort: skipped"`
	ToSeat      int `json:"to_seat" doc:"Trainees the import seats"`
	SeatsLeft   int `json:"seats_left" doc:"Free seats before the import"`
}

// ErrNotEnoughSeats is returned when a list has more new trainees than
// the cohort has free seats.
func errNotEnoughSeats(need, left int) error {
	return &ImportError{Problems: []RowError{{Msg: i18n.Msg("error.import.seats", "Need", need, "Left", left)}}}
}

const importBatch = 500

// existingByEmail maps e-mail → user id for the rows' addresses, in
// batches of IN queries.
func (s *Service) existingByEmail(ctx context.Context, rows []TraineeRow) (map[string]int64, error) {
	out := make(map[string]int64, len(rows))
	for i := 0; i < len(rows); i += importBatch {
		emails := make([]string, 0, importBatch)
		for _, r := range rows[i:min(i+importBatch, len(rows))] {
			emails = append(emails, r.Email)
		}
		var found []struct {
			ID    int64
			Email string
		}
		if err := s.db.Conn(ctx).Table("users").Select("id, email").Where("email IN ?", emails).Scan(&found).Error; err != nil {
			return nil, fmt.Errorf("enrollment: look up trainees: %w", err)
		}
		for _, f := range found {
			out[f.Email] = f.ID
		}
	}
	return out, nil
}

func (s *Service) seatedUsers(ctx context.Context, cohortID int64) (map[int64]bool, error) {
	var ids []int64
	if err := s.db.Conn(ctx).Model(&Enrolment{}).Where("cohort_id = ? AND status IN ?", cohortID, []Status{Active, Completed}).Pluck("user_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("enrollment: trainees of cohort %d: %w", cohortID, err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// PreviewImport says what importing rows into a cohort would do, writing
// nothing.
func (s *Service) PreviewImport(ctx context.Context, c *Cohort, rows []TraineeRow) (ImportSummary, error) {
	sum := ImportSummary{Rows: len(rows), SeatsLeft: c.SeatsLeft()}
	existing, err := s.existingByEmail(ctx, rows)
	if err != nil {
		return sum, err
	}
	seated, err := s.seatedUsers(ctx, c.ID)
	if err != nil {
		return sum, err
	}
	for _, r := range rows {
		id, ok := existing[r.Email]
		switch {
		case !ok:
			sum.NewAccounts++
			sum.ToSeat++
		case seated[id]:
			sum.Already++
		default:
			sum.ToSeat++
		}
	}
	return sum, nil
}

// ImportTrainees seats every trainee of a validated list in a cohort, all
// or nothing, in one transaction under the cohort's lock: people without an
// account get one (learner, no usable password until they set one), people
// already in the cohort are skipped (so importing the same file twice
// changes nothing), everyone else gets an accepted application, a seat and
// an enrolment, and a mail in their language. A list with more new trainees
// than free seats is refused whole.
func (s *Service) ImportTrainees(ctx context.Context, actor accounts.Actor, cohortID int64, rows []TraineeRow) (ImportSummary, error) {
	var sum ImportSummary
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.lockCohort(ctx, cohortID)
		if err != nil {
			return err
		}
		sum, err = s.PreviewImport(ctx, c, rows)
		if err != nil {
			return err
		}
		if sum.ToSeat > sum.SeatsLeft {
			return errNotEnoughSeats(sum.ToSeat, sum.SeatsLeft)
		}
		existing, err := s.existingByEmail(ctx, rows)
		if err != nil {
			return err
		}
		var fresh []accounts.User
		for _, r := range rows {
			if _, ok := existing[r.Email]; ok {
				continue
			}
			fresh = append(fresh, accounts.User{Email: r.Email, Name: r.Name, NativeName: r.NativeName, Position: r.Position,
				Organisation: r.Organisation, Country: r.Country, Gender: r.Gender, Locale: r.Language,
				Role: accounts.RoleLearner, Active: true, PasswordHash: accounts.NoPassword})
		}
		if len(fresh) > 0 {
			if err := s.db.Conn(ctx).CreateInBatches(&fresh, importBatch).Error; err != nil {
				return fmt.Errorf("enrollment: create trainee accounts: %w", err)
			}
			for _, u := range fresh {
				existing[u.Email] = u.ID
			}
		}
		seated, err := s.seatedUsers(ctx, c.ID)
		if err != nil {
			return err
		}
		course, err := s.courses.Course(ctx, c.CourseID)
		if err != nil {
			return err
		}
		now := s.now()
		cid := c.ID
		var seatIDs []int64
		var enrolments []Enrolment
		for _, r := range rows {
			uid := existing[r.Email]
			if seated[uid] {
				continue
			}
			seated[uid] = true
			seatIDs = append(seatIDs, uid)
			enrolments = append(enrolments, Enrolment{UserID: uid, CourseID: c.CourseID, CohortID: &cid, Status: Active,
				LessonsRequired: course.RequiredLessons(), LastActivityAt: &now})
		}
		if len(seatIDs) == 0 {
			return s.audit.Record(ctx, actor, "cohort.import", "cohort", c.ID, map[string]any{"rows": sum.Rows, "seated": 0, "skipped": sum.Already})
		}
		// Applications: a new one accepted, or an earlier one moved to accepted.
		if err := s.db.Conn(ctx).Model(&Application{}).Where("cohort_id = ? AND user_id IN ?", c.ID, seatIDs).
			Updates(map[string]any{"status": Accepted, "decided_at": now, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("enrollment: accept applications: %w", err)
		}
		var had []int64
		if err := s.db.Conn(ctx).Model(&Application{}).Where("cohort_id = ? AND user_id IN ?", c.ID, seatIDs).Pluck("user_id", &had).Error; err != nil {
			return fmt.Errorf("enrollment: find applications: %w", err)
		}
		hadApp := map[int64]bool{}
		for _, id := range had {
			hadApp[id] = true
		}
		var apps []Application
		by := actor.UserID
		for _, uid := range seatIDs {
			if !hadApp[uid] {
				a := Application{CohortID: c.ID, UserID: uid, Status: Accepted, DecidedAt: &now}
				if by != 0 {
					a.NominatedBy = &by
				}
				apps = append(apps, a)
			}
		}
		if len(apps) > 0 {
			if err := s.db.Conn(ctx).CreateInBatches(&apps, importBatch).Error; err != nil {
				return fmt.Errorf("enrollment: create applications: %w", err)
			}
		}
		// An earlier withdrawn enrolment comes back; the rest are new.
		if err := s.db.Conn(ctx).Model(&Enrolment{}).Where("cohort_id = ? AND user_id IN ?", c.ID, seatIDs).
			Updates(map[string]any{"status": Active, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("enrollment: reactivate enrolments: %w", err)
		}
		var back []int64
		if err := s.db.Conn(ctx).Model(&Enrolment{}).Where("cohort_id = ? AND user_id IN ?", c.ID, seatIDs).Pluck("user_id", &back).Error; err != nil {
			return fmt.Errorf("enrollment: find enrolments: %w", err)
		}
		isBack := map[int64]bool{}
		for _, id := range back {
			isBack[id] = true
		}
		newEnrolments := enrolments[:0]
		for _, e := range enrolments {
			if !isBack[e.UserID] {
				newEnrolments = append(newEnrolments, e)
			}
		}
		if len(newEnrolments) > 0 {
			if err := s.db.Conn(ctx).CreateInBatches(&newEnrolments, importBatch).Error; err != nil {
				return fmt.Errorf("enrollment: create enrolments: %w", err)
			}
		}
		res := s.db.Conn(ctx).Model(&Cohort{}).Where("id = ? AND seats_taken + ? <= capacity", c.ID, len(seatIDs)).
			Updates(map[string]any{"seats_taken": c.SeatsTaken + len(seatIDs), "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("enrollment: take seats in cohort %d: %w", c.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return errNotEnoughSeats(len(seatIDs), c.SeatsLeft())
		}
		freshIDs := make([]int64, len(fresh))
		for i, u := range fresh {
			freshIDs[i] = u.ID
		}
		if err := s.queueWelcome(ctx, c, course.ID, seatIDs, freshIDs); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "cohort.import", "cohort", c.ID, map[string]any{
			"rows": sum.Rows, "seated": len(seatIDs), "new_accounts": len(fresh), "skipped": sum.Already,
		})
	})
	if err != nil {
		return ImportSummary{}, err
	}
	return sum, nil
}

// queueWelcome mails every newly seated trainee, in their language, in
// batches; people whose account the import created also get a link to set
// their password.
func (s *Service) queueWelcome(ctx context.Context, c *Cohort, courseID int64, userIDs, freshIDs []int64) error {
	b, err := i18n.Load()
	if err != nil {
		return err
	}
	links, err := s.audit.PasswordLinks(ctx, freshIDs, accounts.WelcomeLinkTTL)
	if err != nil {
		return err
	}
	course, err := s.courses.Course(ctx, courseID)
	if err != nil {
		return err
	}
	var msgs []mail.Message
	for i := 0; i < len(userIDs); i += importBatch {
		var users []accounts.User
		if err := s.db.Conn(ctx).Where("id IN ?", userIDs[i:min(i+importBatch, len(userIDs))]).Find(&users).Error; err != nil {
			return fmt.Errorf("enrollment: load trainees: %w", err)
		}
		for _, u := range users {
			l := b.Localizer(u.Locale)
			title := course.Title(l.Code()).Text
			body := l.T("mail.application.accepted", "Name", u.Name, "Course", title, "Cohort", c.Code,
				"Starts", string(c.StartsOn), "Ends", string(c.EndsOn))
			if secret, ok := links[u.ID]; ok {
				body += "\n\n" + l.T("mail.set_password", "Link", s.audit.LinkURL(secret), "Days", int(accounts.WelcomeLinkTTL.Hours()/24))
			}
			msgs = append(msgs, mail.Message{ToAddress: u.Email,
				Subject: l.T("mail.application.subject", "Course", title, "Cohort", c.Code), Body: body})
		}
	}
	return mail.EnqueueAll(ctx, s.db, msgs)
}
