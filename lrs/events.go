package lrs

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// The ADL verbs Baeum's own events use.
const (
	VerbCompleted = "http://adlnet.gov/expapi/verbs/completed"
	VerbPassed    = "http://adlnet.gov/expapi/verbs/passed"
	VerbFailed    = "http://adlnet.gov/expapi/verbs/failed"
	VerbEarned    = "http://id.tincanapi.com/verb/earned"
)

// The activity types of Baeum's activities.
const (
	TypeCourse      = "http://adlnet.gov/expapi/activities/course"
	TypeLesson      = "http://adlnet.gov/expapi/activities/lesson"
	TypeAssessment  = "http://adlnet.gov/expapi/activities/assessment"
	TypeCertificate = "https://w3id.org/xapi/cmi5/activitytype/certificate"
)

var verbNames = map[string]map[string]any{
	VerbCompleted: {"en": "completed", "ko": "완료함"},
	VerbPassed:    {"en": "passed", "ko": "통과함"},
	VerbFailed:    {"en": "failed", "ko": "통과하지 못함"},
	VerbEarned:    {"en": "earned", "ko": "취득함"},
}

// Event is something a learner did in Baeum, to be recorded as a
// statement: lesson completed, quiz attempt, course completed,
// certificate issued.
type Event struct {
	UserID       int64
	Verb         string
	Activity     string            // its path under /xapi/activities/, e.g. "lesson/12"
	ActivityType string            // one of the Type constants
	Name         map[string]string // the activity's name by locale
	Parent       string            // the course's path, "" for none
	Enrolment    int64             // the enrolment it happened in (its registration), 0 for none
	Score        *Score
	Success      *bool
	Completion   *bool
	Language     string
	At           time.Time
}

// Score is a result's score: Scaled in 0–1, Raw within Min and Max.
type Score struct{ Scaled, Raw, Min, Max float64 }

// registrationNamespace makes an enrolment's registration UUID: the same
// for every statement of the enrolment, on every server.
var registrationNamespace = uuid.MustParse("4c1e1c5e-6b5e-4d4c-9a55-6261657566d1")

// Registration is the registration UUID of enrolment id in Baeum's
// statements.
func Registration(id int64) string {
	return uuid.NewSHA1(registrationNamespace, []byte("enrolment/"+strconv.FormatInt(id, 10))).String()
}

// ActivityID is the IRI of a Baeum activity ("course/3", "lesson/12").
func (s *Service) ActivityID(path string) string { return s.homePage + "/xapi/activities/" + path }

// Learner is the agent a Baeum user is in statements: an account on the
// site, named by user id (no e-mail or name leaves in the statement).
func (s *Service) Learner(userID int64) map[string]any {
	return map[string]any{"objectType": "Agent", "account": map[string]any{"homePage": s.homePage, "name": strconv.FormatInt(userID, 10)}}
}

// Record stores e as a statement under Baeum's own authority, in the
// caller's transaction when ctx carries one, so the event and what caused
// it are stored together or not at all.
func (s *Service) Record(ctx context.Context, e Event) error {
	obj := map[string]any{"objectType": "Activity", "id": s.ActivityID(e.Activity),
		"definition": map[string]any{"type": e.ActivityType}}
	if len(e.Name) > 0 {
		name := map[string]any{}
		for k, v := range e.Name {
			if v != "" && isLanguageTag(k) {
				name[k] = v
			}
		}
		if len(name) > 0 {
			obj["definition"].(map[string]any)["name"] = name
		}
	}
	st := map[string]any{
		"actor":     s.Learner(e.UserID),
		"verb":      map[string]any{"id": e.Verb, "display": verbNames[e.Verb]},
		"object":    obj,
		"timestamp": e.At.UTC().Format(StoredFormat),
	}
	ctxm := map[string]any{"platform": "Baeum"}
	if e.Language != "" && isLanguageTag(e.Language) {
		ctxm["language"] = e.Language
	}
	if e.Enrolment != 0 {
		ctxm["registration"] = Registration(e.Enrolment)
	}
	if e.Parent != "" {
		ctxm["contextActivities"] = map[string]any{"parent": []any{map[string]any{"id": s.ActivityID(e.Parent)}}}
	}
	st["context"] = ctxm
	res := map[string]any{}
	if e.Score != nil {
		res["score"] = map[string]any{"scaled": e.Score.Scaled, "raw": e.Score.Raw, "min": e.Score.Min, "max": e.Score.Max}
	}
	if e.Success != nil {
		res["success"] = *e.Success
	}
	if e.Completion != nil {
		res["completion"] = *e.Completion
	}
	if len(res) > 0 {
		st["result"] = res
	}
	// Through JSON and the validator, as every other statement comes in.
	raw, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("lrs: encode event: %w", err)
	}
	list, err := ParseStatements(raw, false)
	if err != nil {
		return fmt.Errorf("lrs: event %s %s: %w", e.Verb, e.Activity, err)
	}
	_, err = s.Statements.Save(ctx, list, s.baeumAuthority(), false)
	return err
}
