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
	// Verbs are the cmi5 verbs the AU sent in the session, comma-separated.
	Verbs         string
	FetchedAt     *time.Time
	InitializedAt *time.Time
	TerminatedAt  *time.Time
	AbandonedAt   *time.Time
	ExpiresAt     time.Time
	CreatedAt     time.Time
}

// TableName is the launches' table.
func (Launch) TableName() string { return "cmi5_launches" }

// How long an AU has to fetch its token after launch, and how long the
// credential it gets lasts (a long session on a slow link).
const (
	fetchWindow   = 30 * time.Minute
	credentialTTL = 12 * time.Hour
	// afterTerminated is how long an AU's credential still works after it
	// terminated its session (cmi5 9.3.8: "a specified period").
	afterTerminated = 2 * time.Minute
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
	verbInitialized  = "http://adlnet.gov/expapi/verbs/initialized"
	verbAbandoned    = "https://w3id.org/xapi/adl/verbs/abandoned"
	verbWaived       = "https://w3id.org/xapi/adl/verbs/waived"
	typeCourse       = "https://w3id.org/xapi/cmi5/activitytype/course"
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
			"contextActivities": map[string]any{"grouping": []any{map[string]any{"id": it.Identifier}}},
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
		if err := s.learnerPreferences(ctx, user, actor); err != nil {
			return err
		}
		if err := s.abandonOpen(ctx, lr.Enrolment.ID, lr.Lesson.ID, actor, reg); err != nil {
			return err
		}
		if err := s.lrs.RecordStatement(ctx, s.lmsStatement(actor, verbLaunched, "launched", it.Identifier, it.Identifier, reg, ext, nil)); err != nil {
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

// lmsStatement is a cmi5-defined statement the LMS makes about object,
// with publisher (the AU's or the course's id in the course structure) as
// its grouping.
func (s *Service) lmsStatement(actor map[string]any, verb, display, object, publisher, reg string, ext, result map[string]any) map[string]any {
	st := map[string]any{
		"id":     uuid.NewString(),
		"actor":  actor,
		"verb":   map[string]any{"id": verb, "display": map[string]any{"en-US": display}},
		"object": map[string]any{"objectType": "Activity", "id": object},
		"context": map[string]any{
			"registration": reg,
			"contextActivities": map[string]any{
				"grouping": []any{map[string]any{"id": publisher}},
				"category": []any{map[string]any{"id": cmi5Category}},
			},
			"extensions": ext,
		},
		"timestamp": s.now().UTC().Format(time.RFC3339Nano),
	}
	if result != nil {
		st["result"] = result
	}
	return st
}

// abandonOpen records "abandoned" for every session of the lesson's AUs
// that fetched its token and never terminated (cmi5 9.3.6: the learner
// launched again without the AU ending the last session), and ends its
// credential: nothing more is stored for it.
func (s *Service) abandonOpen(ctx context.Context, enrolmentID, lessonID int64, actor map[string]any, reg string) error {
	var open []Launch
	if err := s.db.Conn(ctx).Where("enrolment_id = ? AND lesson_id = ? AND fetched_at IS NOT NULL AND terminated_at IS NULL AND abandoned_at IS NULL",
		enrolmentID, lessonID).Find(&open).Error; err != nil {
		return fmt.Errorf("packages: open cmi5 sessions: %w", err)
	}
	now := s.now()
	for _, l := range open {
		secs := now.Sub(l.CreatedAt).Seconds()
		st := s.lmsStatement(actor, verbAbandoned, "abandoned", l.Item, l.Item, reg, map[string]any{extSessionID: l.SessionID},
			map[string]any{"duration": fmt.Sprintf("PT%.0fS", secs)})
		if err := s.lrs.RecordStatement(ctx, st); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Model(&Launch{}).Where("id = ?", l.ID).Update("abandoned_at", now).Error; err != nil {
			return fmt.Errorf("packages: abandon cmi5 session: %w", err)
		}
		if err := s.lrs.EndLaunchKeys(ctx, launchSubject(l.ID), now); err != nil {
			return err
		}
	}
	return nil
}

// learnerPreferences writes cmi5LearnerPreferences (cmi5 section 11) for
// a learner who has none yet: the language they read Baeum in first, then
// English, so an AU that has their language opens in it. A preference
// an AU wrote is left as it is.
func (s *Service) learnerPreferences(ctx context.Context, user *accounts.User, actor map[string]any) error {
	k := lrs.DocKey{Kind: lrs.KindAgentProfile, Agent: lrs.AgentKey(actor), ID: "cmi5LearnerPreferences"}
	if _, err := s.lrs.Statements.Document(ctx, k); !errors.Is(err, lrs.ErrNotFound) {
		return err
	}
	langs := "en-US"
	if user.Locale != "" && user.Locale != "en" {
		langs = user.Locale + ",en-US"
	}
	doc, _ := json.Marshal(map[string]any{"languagePreference": langs, "audioPreference": "on"})
	err := s.lrs.Statements.PutDocument(ctx, k, "application/json", doc, false, lrs.Precondition{IfNoneMatch: "*"})
	if errors.Is(err, lrs.ErrPrecondition) {
		return nil // written meanwhile
	}
	return err
}

func launchSubject(id int64) string { return "cmi5:" + strconv.FormatInt(id, 10) }

// courseActivity is the LMS's own id of a cmi5 course (9.3.9: not the
// publisher's): the lesson's.
func (s *Service) courseActivity(lessonID int64) string {
	return s.lrs.ActivityID(fmt.Sprintf("lesson/%d/cmi5-course", lessonID))
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
	st := s.lmsStatement(actor, verbSatisfied, "satisfied", s.courseActivity(lessonID), p.Package().Identifier, reg, map[string]any{extSessionID: sess}, nil)
	st["object"].(map[string]any)["definition"] = map[string]any{"type": typeCourse}
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
		if !now.Before(l.ExpiresAt) || l.AbandonedAt != nil {
			return ErrLaunchUsed // cmi5 8.2.3.2: error 1 is "already in use or expired"
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
		token, err = s.lrs.IssueLaunchKey(ctx, launchSubject(l.ID), s.lrs.Learner(e.UserID),
			lrs.Registration(l.EnrolmentID), l.Item, credentialTTL)
		return err
	})
	return token, err
}

// launchOf loads the launch a launch key's subject names, with the
// package's AU it launched; nil for another subject.
func (s *Service) launchOf(ctx context.Context, subject string) (*Launch, *Stored, Item, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(subject, "cmi5:"), 10, 64)
	if err != nil || !strings.HasPrefix(subject, "cmi5:") {
		return nil, nil, Item{}, nil
	}
	var l Launch
	if err := s.db.Conn(ctx).First(&l, id).Error; err != nil {
		return nil, nil, Item{}, fmt.Errorf("packages: launch %d: %w", id, err)
	}
	p, err := s.ForLesson(ctx, l.LessonID)
	if err != nil {
		return nil, nil, Item{}, err
	}
	it, _ := p.Item(l.Item)
	return &l, p, it, nil
}

// cmi5Defined are the verbs cmi5 defines for AUs; launched, satisfied,
// abandoned and waived are the LMS's.
var cmi5Defined = map[string]string{verbInitialized: "initialized", verbCompleted: "completed", verbPassed: "passed",
	verbFailed: "failed", verbTerminated: "terminated"}

func hasCategory(st map[string]any, id string) bool {
	list, _ := at(st, "context", "contextActivities", "category").([]any)
	for _, a := range list {
		if m, _ := a.(map[string]any); m != nil && m["id"] == id {
			return true
		}
	}
	return false
}

// checkLaunch is the LMS's side of cmi5's statement rules (section 9,
// rejected as 6.3 asks): statements of a session come after initialized
// and before terminated, name the session and the AU, repeat no verb,
// have at most one of passed and failed, one completed and one passed a
// registration, and scores that agree with the mastery score. It answers
// why a batch is refused, "" to store it.
func (s *Service) checkLaunch(ctx context.Context, subject string, statements []map[string]any) (string, error) {
	l, _, it, err := s.launchOf(ctx, subject)
	if err != nil || l == nil {
		return "", err
	}
	if l.AbandonedAt != nil {
		return "this AU session was abandoned: launch the AU again", nil
	}
	rows, err := s.Runtimes(ctx, l.EnrolmentID, l.LessonID)
	if err != nil {
		return "", err
	}
	initialized, terminated := l.InitializedAt != nil, l.TerminatedAt != nil
	var completed, passed bool
	if r := rows[l.Item]; r != nil {
		completed, passed = r.Completion == "completed", r.Success == "passed"
	}
	seen := map[string]bool{}
	for _, v := range strings.Split(l.Verbs, ",") {
		seen[v] = v != ""
	}
	for _, st := range statements {
		verb, _ := at(st, "verb", "id").(string)
		switch verb {
		case verbLaunched, verbSatisfied, verbAbandoned, verbWaived:
			return "only the LMS sends launched, satisfied, abandoned and waived", nil
		}
		name, defined := cmi5Defined[verb]
		if terminated {
			return "the AU session is terminated: no more statements in it (cmi5 9.3.8)", nil
		}
		if !defined {
			// cmi5 allowed: inside the session.
			if !initialized {
				return "a session's statements come after initialized (cmi5 7.1.3)", nil
			}
			continue
		}
		if obj, _ := st["object"].(map[string]any); obj == nil || obj["id"] != l.Item {
			return "a cmi5 statement's object is the AU launched (activityId, cmi5 9.4)", nil
		}
		if sid, _ := at(st, "context", "extensions", extSessionID).(string); sid != l.SessionID {
			return "a cmi5 statement carries the launch's session id (cmi5 9.6.3.1)", nil
		}
		if !hasCategory(st, cmi5Category) {
			return "a cmi5 statement has the cmi5 category activity (cmi5 9.6.2.1)", nil
		}
		switch {
		case !initialized && verb != verbInitialized:
			return "initialized is the first statement of a session (cmi5 9.3.2)", nil
		case seen[name]:
			return name + " was sent already in this session (cmi5 9.3)", nil
		case verb == verbPassed && seen["failed"], verb == verbFailed && seen["passed"]:
			return "a session has passed or failed, not both (cmi5 9.3)", nil
		case verb == verbCompleted && completed:
			return "the AU is completed already in this registration (cmi5 9.3.3)", nil
		case verb == verbPassed && passed:
			return "the AU is passed already in this registration (cmi5 9.3.4)", nil
		case verb == verbFailed && passed:
			return "failed does not follow passed in a registration (cmi5 9.3.5)", nil
		}
		success, hasSuccess := at(st, "result", "success").(bool)
		score, hasScore := num(at(st, "result", "score", "scaled"))
		switch verb {
		case verbPassed:
			if !hasSuccess || !success {
				return "passed has result.success true (cmi5 9.5.2)", nil
			}
			if hasScore && it.MasteryScore != nil && score < *it.MasteryScore {
				return "a passed score is at least the mastery score (cmi5 9.3.4)", nil
			}
			passed = true
		case verbFailed:
			if !hasSuccess || success {
				return "failed has result.success false (cmi5 9.5.2)", nil
			}
			if hasScore && it.MasteryScore != nil && score >= *it.MasteryScore {
				return "a failed score is under the mastery score (cmi5 9.3.5)", nil
			}
		case verbCompleted:
			if c, ok := at(st, "result", "completion").(bool); !ok || !c {
				return "completed has result.completion true (cmi5 9.5.3)", nil
			}
			completed = true
		default:
			if at(st, "result", "score") != nil || at(st, "result", "success") != nil || at(st, "result", "completion") != nil {
				return name + " has no score, success or completion (cmi5 9.5)", nil
			}
		}
		seen[name] = true
		initialized = initialized || verb == verbInitialized
		terminated = verb == verbTerminated
	}
	return "", nil
}

// launchStatements applies what a launched AU stored (initialized,
// completed, passed, failed, terminated) to its session and runtime, and
// the AU's moveOn to the lesson: the LRS calls it after storing
// statements signed with the launch's credential.
func (s *Service) launchStatements(ctx context.Context, subject string, statements []map[string]any) error {
	l, p, it, err := s.launchOf(ctx, subject)
	if err != nil || l == nil || it.Identifier == "" {
		return err
	}
	var e enrollment.Enrolment
	if err := s.db.Conn(ctx).First(&e, l.EnrolmentID).Error; err != nil {
		return fmt.Errorf("packages: enrolment of launch %d: %w", l.ID, err)
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
		now := s.now()
		sets := map[string]any{}
		verbs := l.Verbs
		for _, st := range statements {
			if obj, _ := st["object"].(map[string]any); obj == nil || obj["id"] != l.Item {
				continue
			}
			verb, _ := at(st, "verb", "id").(string)
			name, defined := cmi5Defined[verb]
			if !defined {
				continue
			}
			if verbs != "" {
				verbs += ","
			}
			verbs += name
			switch verb {
			case verbInitialized:
				sets["initialized_at"] = now
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
				sets["terminated_at"] = now
			}
			if v, ok := num(at(st, "result", "score", "scaled")); ok && (verb == verbPassed || verb == verbFailed) {
				r.Score = &v
			}
		}
		sets["verbs"] = truncate(verbs, 500)
		if err := s.db.Conn(ctx).Model(&Launch{}).Where("id = ?", l.ID).Updates(sets).Error; err != nil {
			return fmt.Errorf("packages: save cmi5 session: %w", err)
		}
		if _, ok := sets["terminated_at"]; ok {
			if err := s.lrs.EndLaunchKeys(ctx, subject, now.Add(afterTerminated)); err != nil {
				return err
			}
		}
		r.Satisfied = r.Satisfied || moveOnMet(it.MoveOn, r.Completion == "completed", r.Success == "passed")
		r.UpdatedAt = now
		if err := s.db.Conn(ctx).Save(r).Error; err != nil {
			return fmt.Errorf("packages: save AU %s: %w", l.Item, err)
		}
		return s.courseSatisfied(ctx, user, l.EnrolmentID, l.LessonID, p, s.lrs.Learner(e.UserID), lrs.Registration(l.EnrolmentID), l.SessionID)
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
