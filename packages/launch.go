package packages

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/lrs"
)

// Launch is one launch of a cmi5 AU: the fetch code the AU trades once for
// its LRS credential, and the session it starts.
type Launch struct {
	ID          int64
	CodeHash    string
	EnrolmentID int64
	LessonID    int64
	Item        string
	SessionID   string
	FetchedAt   *time.Time
	ExpiresAt   time.Time
	CreatedAt   time.Time
}

// TableName is the launches' table.
func (Launch) TableName() string { return "cmi5_launches" }

// How long an AU has to fetch its token after launch, and how long the
// credential it gets lasts (a long session on a slow link).
const (
	fetchWindow   = 30 * time.Minute
	credentialTTL = 12 * time.Hour
)

// The cmi5 IRIs of LMS statements (cmi5 section 9).
const (
	cmi5Category     = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
	extSessionID     = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
	extLaunchMode    = "https://w3id.org/xapi/cmi5/context/extensions/launchmode"
	extLaunchURL     = "https://w3id.org/xapi/cmi5/context/extensions/launchurl"
	extMoveOn        = "https://w3id.org/xapi/cmi5/context/extensions/moveon"
	extLaunchParams  = "https://w3id.org/xapi/cmi5/context/extensions/launchparameters"
	extMasteryScore  = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
	verbLaunched     = "http://adlnet.gov/expapi/verbs/launched"
	verbSatisfied    = "https://w3id.org/xapi/adl/verbs/satisfied"
	verbCompleted    = "http://adlnet.gov/expapi/verbs/completed"
	verbPassed       = "http://adlnet.gov/expapi/verbs/passed"
	verbFailed       = "http://adlnet.gov/expapi/verbs/failed"
	verbTerminated   = "http://adlnet.gov/expapi/verbs/terminated"
	launchDataStatID = "LMS.LaunchData"
)

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// launchAU launches AU it of package p for the learning lr (cmi5 section
// 8): a session and a one-time fetch code, LMS.LaunchData in the State
// API, the launched statement; it answers the AU's launch address with
// endpoint, fetch, registration, activityId and actor. An AU whose moveOn
// is NotApplicable is satisfied at launch.
func (s *Service) launchAU(ctx context.Context, user *accounts.User, lr *enrollment.Learning, p *Stored, it Item) (string, error) {
	code := randomHex(24)
	reg := lrs.Registration(lr.Enrolment.ID)
	actor := s.lrs.Learner(user.ID)
	actorJSON, _ := json.Marshal(actor)
	sess := uuid.NewString()
	now := s.now()
	base := it.Launch
	if !it.External {
		base = s.ContentBase(p) + it.Launch
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	q := url.Values{}
	q.Set("endpoint", s.AppURL+"/xapi/")
	q.Set("fetch", s.AppURL+"/cmi5/fetch/"+code)
	q.Set("registration", reg)
	q.Set("activityId", it.Identifier)
	q.Set("actor", string(actorJSON))
	launchURL := base + sep + q.Encode()
	moveOn := it.MoveOn
	if moveOn == "" {
		moveOn = "NotApplicable"
	}
	ld := map[string]any{
		"contextTemplate": map[string]any{
			"contextActivities": map[string]any{"grouping": []any{map[string]any{"id": p.Package().Identifier}}},
			"extensions":        map[string]any{extSessionID: sess},
		},
		"launchMode": "Normal", "moveOn": moveOn, "returnURL": s.ContentURL + "/_baeum/return.html",
	}
	if it.DataFromLMS != "" {
		ld["launchParameters"] = it.DataFromLMS
	}
	if it.MasteryScore != nil {
		ld["masteryScore"] = *it.MasteryScore
	}
	if it.EntitlementKey != "" {
		ld["entitlementKey"] = map[string]any{"courseStructure": it.EntitlementKey}
	}
	ldJSON, _ := json.Marshal(ld)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		l := &Launch{CodeHash: hashCode(code), EnrolmentID: lr.Enrolment.ID, LessonID: lr.Lesson.ID, Item: it.Identifier,
			SessionID: sess, ExpiresAt: now.Add(fetchWindow), CreatedAt: now}
		if err := s.db.Conn(ctx).Create(l).Error; err != nil {
			return fmt.Errorf("packages: make launch: %w", err)
		}
		k := lrs.DocKey{Kind: lrs.KindState, Activity: it.Identifier, Agent: lrs.AgentKey(actor), Registration: reg, ID: launchDataStatID}
		if err := s.lrs.Statements.PutDocument(ctx, k, "application/json", ldJSON, false, lrs.Precondition{}); err != nil {
			return fmt.Errorf("packages: write LMS.LaunchData: %w", err)
		}
		ext := map[string]any{extSessionID: sess, extLaunchMode: "Normal", extLaunchURL: launchURL, extMoveOn: moveOn}
		if it.DataFromLMS != "" {
			ext[extLaunchParams] = it.DataFromLMS
		}
		if err := s.lrs.RecordStatement(ctx, s.lmsStatement(actor, verbLaunched, "launched", it.Identifier, p, reg, ext)); err != nil {
			return err
		}
		r, err := s.runtimeRow(ctx, lr.Enrolment.ID, lr.Lesson.ID, it.Identifier)
		if err != nil {
			return err
		}
		if moveOn == "NotApplicable" && !r.Satisfied {
			r.Satisfied = true
		}
		r.Sessions++
		r.UpdatedAt = now
		if err := s.db.Conn(ctx).Save(r).Error; err != nil {
			return fmt.Errorf("packages: save AU %s: %w", it.Identifier, err)
		}
		return s.courseSatisfied(ctx, user, lr.Enrolment.ID, lr.Lesson.ID, p, actor, reg, sess)
	})
	if err != nil {
		return "", err
	}
	return launchURL, nil
}

// lmsStatement is a cmi5-defined statement the LMS makes.
func (s *Service) lmsStatement(actor map[string]any, verb, display, object string, p *Stored, reg string, ext map[string]any) map[string]any {
	return map[string]any{
		"id":     uuid.NewString(),
		"actor":  actor,
		"verb":   map[string]any{"id": verb, "display": map[string]any{"en-US": display}},
		"object": map[string]any{"objectType": "Activity", "id": object},
		"context": map[string]any{
			"registration": reg,
			"contextActivities": map[string]any{
				"grouping": []any{map[string]any{"id": p.Package().Identifier}},
				"category": []any{map[string]any{"id": cmi5Category}},
			},
			"extensions": ext,
		},
		"timestamp": s.now().UTC().Format(time.RFC3339Nano),
	}
}

// courseSatisfied issues the course's satisfied statement and completes
// the lesson once every AU of the cmi5 course is satisfied (in ctx's
// transaction), when it was not done before.
func (s *Service) courseSatisfied(ctx context.Context, user *accounts.User, enrolmentID, lessonID int64, p *Stored, actor map[string]any, reg, sess string) error {
	done, err := s.allSatisfied(ctx, p, enrolmentID, lessonID)
	if err != nil || !done {
		return err
	}
	lr, err := s.enr.Learning(ctx, user, enrolmentID)
	if err != nil {
		return err
	}
	if _, was := lr.Progress.Done[lessonID]; was {
		return nil
	}
	st := s.lmsStatement(actor, verbSatisfied, "satisfied", p.Package().Identifier, p, reg, map[string]any{extSessionID: sess})
	if err := s.lrs.RecordStatement(ctx, st); err != nil {
		return err
	}
	_, err = s.enr.CompletePackage(ctx, user, enrolmentID, lessonID)
	return err
}

// Fetch answers the auth token of a launch's fetch code, once (cmi5
// section 8.2): ErrLaunchUsed the second time, ErrLaunchGone for a code
// that is unknown or expired.
func (s *Service) Fetch(ctx context.Context, code string) (string, error) {
	var token string
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var l Launch
		err := s.db.Conn(ctx).Where("code_hash = ?", hashCode(code)).Take(&l).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrLaunchGone
		}
		if err != nil {
			return fmt.Errorf("packages: load launch: %w", err)
		}
		if l.FetchedAt != nil {
			return ErrLaunchUsed
		}
		now := s.now()
		if !now.Before(l.ExpiresAt) {
			return ErrLaunchGone
		}
		res := s.db.Conn(ctx).Model(&Launch{}).Where("id = ? AND fetched_at IS NULL", l.ID).Update("fetched_at", now)
		if res.Error != nil {
			return fmt.Errorf("packages: mark launch fetched: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return ErrLaunchUsed
		}
		var e enrollment.Enrolment
		if err := s.db.Conn(ctx).Select("id", "user_id").First(&e, l.EnrolmentID).Error; err != nil {
			return fmt.Errorf("packages: load enrolment of launch: %w", err)
		}
		token, err = s.lrs.IssueLaunchKey(ctx, "cmi5:"+strconv.FormatInt(l.ID, 10), s.lrs.Learner(e.UserID),
			lrs.Registration(l.EnrolmentID), l.Item, credentialTTL)
		return err
	})
	return token, err
}

// launchStatements applies what a launched AU stored (completed, passed,
// failed) to its runtime and the AU's moveOn to the lesson: the LRS calls
// it after storing statements signed with the launch's credential.
func (s *Service) launchStatements(ctx context.Context, subject string, statements []map[string]any) error {
	id, err := strconv.ParseInt(strings.TrimPrefix(subject, "cmi5:"), 10, 64)
	if err != nil || !strings.HasPrefix(subject, "cmi5:") {
		return nil
	}
	var l Launch
	if err := s.db.Conn(ctx).First(&l, id).Error; err != nil {
		return fmt.Errorf("packages: launch %d: %w", id, err)
	}
	p, err := s.ForLesson(ctx, l.LessonID)
	if err != nil {
		return err
	}
	it, ok := p.Item(l.Item)
	if !ok {
		return nil
	}
	var e enrollment.Enrolment
	if err := s.db.Conn(ctx).First(&e, l.EnrolmentID).Error; err != nil {
		return fmt.Errorf("packages: enrolment of launch %d: %w", id, err)
	}
	user, err := s.acc.User(ctx, e.UserID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		r, err := s.runtimeRow(ctx, l.EnrolmentID, l.LessonID, l.Item)
		if err != nil {
			return err
		}
		for _, st := range statements {
			if obj, _ := st["object"].(map[string]any); obj == nil || obj["id"] != l.Item {
				continue
			}
			verb, _ := at(st, "verb", "id").(string)
			switch verb {
			case verbCompleted:
				r.Completion = "completed"
			case verbPassed:
				r.Success = "passed"
			case verbFailed:
				if r.Success != "passed" {
					r.Success = "failed"
				}
			case verbTerminated:
				r.Terminated = true
			default:
				continue
			}
			if v, ok := num(at(st, "result", "score", "scaled")); ok && (verb == verbPassed || verb == verbFailed) {
				r.Score = &v
			}
		}
		r.Satisfied = r.Satisfied || moveOnMet(it.MoveOn, r.Completion == "completed", r.Success == "passed")
		r.UpdatedAt = s.now()
		if err := s.db.Conn(ctx).Save(r).Error; err != nil {
			return fmt.Errorf("packages: save AU %s: %w", l.Item, err)
		}
		actor := s.lrs.Learner(e.UserID)
		return s.courseSatisfied(ctx, user, l.EnrolmentID, l.LessonID, p, actor, lrs.Registration(l.EnrolmentID), l.SessionID)
	})
}

// moveOnMet is cmi5's moveOn rule for an AU (section 10.2).
func moveOnMet(moveOn string, completed, passed bool) bool {
	switch moveOn {
	case "Passed":
		return passed
	case "Completed":
		return completed
	case "CompletedAndPassed":
		return completed && passed
	case "CompletedOrPassed":
		return completed || passed
	}
	return true // NotApplicable, and cmi5's default
}
