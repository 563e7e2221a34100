package packages

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
)

// MaxRuntimeBytes caps one commit of the SCORM data model: SCORM 2004
// allows 64,000 characters of suspend_data and a package may add many
// interactions and objectives, far below this.
const MaxRuntimeBytes = 1 << 20

// Commit is what the player posts when a SCO commits (LMSCommit, Commit,
// or the commit of LMSFinish and Terminate).
type Commit struct {
	Item      string          `json:"item"`
	Data      json.RawMessage `json:"data"`
	Terminate bool            `json:"terminate,omitempty"`
	// Nav is SCORM 2004's adl.nav.request at Terminate: continue,
	// previous, {target=ID}choice, exit, exitAll, suspendAll, abandon…
	Nav string `json:"nav,omitempty"`
}

// CommitResult is a commit's effect.
type CommitResult struct {
	Runtime         *Runtime
	LessonDone      bool   // every SCO of the package is satisfied
	CourseCompleted bool   // and that completed the course
	Next            string // the item a navigation request leads to, "" for none
}

// state is what Baeum reads off a SCO's data model.
type state struct {
	completion, success, exit string
	score                     *float64 // 0–1 (scaled, or raw over its range)
	session                   float64  // seconds of cmi.session_time
}

// The SCORM 1.2 timespan (HHHH:MM:SS.SS) and the ISO 8601 duration of
// SCORM 2004's times.
var (
	timespan12 = regexp.MustCompile(`^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$`)
	duration   = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$`)
)

func seconds12(s string) float64 {
	m := timespan12.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	h, _ := strconv.ParseFloat(m[1], 64)
	mi, _ := strconv.ParseFloat(m[2], 64)
	se, _ := strconv.ParseFloat(m[3]+m[4], 64)
	return h*3600 + mi*60 + se
}

func seconds2004(s string) float64 {
	m := duration.FindStringSubmatch(s)
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0
	}
	f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v }
	return f(1)*365*86400 + f(2)*30*86400 + f(3)*86400 + f(4)*3600 + f(5)*60 + f(6)
}

// at walks a JSON object along keys.
func at(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[k]
	}
	return v
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number: // statements keep their numbers as sent
		return x.String()
	}
	return ""
}

func num(v any) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(str(v)), 64)
	return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// readState reads a commit's data model. The LMS's own rules apply here,
// on the server, whatever the SCO claimed: SCORM 1.2's mastery score
// decides passed or failed from the raw score (RTE 3.4.4), SCORM 2004's
// completion threshold and scaled passing score decide completion and
// success from the progress measure and scaled score (RTE 4.2.4.1,
// 4.2.22.1).
func readState(std Standard, it Item, data map[string]any) state {
	var st state
	if std == SCORM12 {
		st.completion = str(at(data, "cmi", "core", "lesson_status"))
		st.exit = str(at(data, "cmi", "core", "exit"))
		st.session = seconds12(str(at(data, "cmi", "core", "session_time")))
		raw, okRaw := num(at(data, "cmi", "core", "score", "raw"))
		if okRaw {
			lo, okLo := num(at(data, "cmi", "core", "score", "min"))
			hi, okHi := num(at(data, "cmi", "core", "score", "max"))
			if !okLo {
				lo = 0
			}
			if !okHi {
				hi = 100
			}
			if hi > lo {
				v := math.Max(0, math.Min(1, (raw-lo)/(hi-lo)))
				st.score = &v
			}
			if it.MasteryScore != nil && st.completion != "" && st.completion != "not attempted" && st.completion != "browsed" {
				if raw >= *it.MasteryScore {
					st.completion = "passed"
				} else {
					st.completion = "failed"
				}
			}
		}
		switch st.completion {
		case "passed":
			st.success = "passed"
		case "failed":
			st.success = "failed"
		}
		return st
	}
	st.completion = str(at(data, "cmi", "completion_status"))
	st.success = str(at(data, "cmi", "success_status"))
	st.exit = str(at(data, "cmi", "exit"))
	st.session = seconds2004(str(at(data, "cmi", "session_time")))
	if v, ok := num(at(data, "cmi", "score", "scaled")); ok && v >= -1 && v <= 1 {
		st.score = &v
	}
	if it.CompletionThreshold != nil {
		if pm, ok := num(at(data, "cmi", "progress_measure")); ok {
			if pm >= *it.CompletionThreshold {
				st.completion = "completed"
			} else {
				st.completion = "incomplete"
			}
		}
	}
	if it.MasteryScore != nil && st.score != nil {
		if *st.score >= *it.MasteryScore {
			st.success = "passed"
		} else {
			st.success = "failed"
		}
	}
	return st
}

// satisfied is the one rule of when a SCO counts as done in Baeum: SCORM
// 1.2's lesson_status passed or completed; SCORM 2004's completion_status
// completed with a success_status other than failed. A failed SCO can be
// taken again; it is done once passed.
func (st state) satisfied(std Standard) bool {
	if std == SCORM12 {
		return st.completion == "passed" || st.completion == "completed"
	}
	return st.completion == "completed" && st.success != "failed"
}

// playable loads the learning of a package lesson for its learner to play
// and the lesson's package.
func (s *Service) playable(ctx context.Context, user *accounts.User, enrolmentID, lessonID int64) (*enrollment.Learning, *Stored, error) {
	lr, err := s.enr.Lesson(ctx, user, enrolmentID, lessonID)
	if err != nil {
		return nil, nil, err
	}
	if lr.Lesson.Kind != courses.KindPackage {
		return nil, nil, ErrNotPackage
	}
	if !lr.Own {
		return nil, nil, ErrNotLearner
	}
	p, err := s.ForLesson(ctx, lessonID)
	if err != nil {
		return nil, nil, err
	}
	return lr, p, nil
}

// Runtimes returns an enrolment's runtime rows of a lesson by item.
func (s *Service) Runtimes(ctx context.Context, enrolmentID, lessonID int64) (map[string]*Runtime, error) {
	var rows []Runtime
	if err := s.db.Conn(ctx).Where("enrolment_id = ? AND lesson_id = ?", enrolmentID, lessonID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("packages: runtimes of enrolment %d lesson %d: %w", enrolmentID, lessonID, err)
	}
	out := make(map[string]*Runtime, len(rows))
	for i := range rows {
		out[rows[i].Item] = &rows[i]
	}
	return out, nil
}

// runtimeRow returns the row of an item, made when missing, in ctx's
// transaction. Two first commits at once meet at the unique key.
func (s *Service) runtimeRow(ctx context.Context, enrolmentID, lessonID int64, item string) (*Runtime, error) {
	now := s.now()
	err := s.db.Conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "enrolment_id"}, {Name: "lesson_id"}, {Name: "item"}}, DoNothing: true}).
		Create(&Runtime{EnrolmentID: enrolmentID, LessonID: lessonID, Item: item, CreatedAt: now, UpdatedAt: now}).Error
	if err != nil {
		return nil, fmt.Errorf("packages: make runtime of %s: %w", item, err)
	}
	var r Runtime
	if err := s.db.ForUpdate(s.db.Conn(ctx)).Where("enrolment_id = ? AND lesson_id = ? AND item = ?", enrolmentID, lessonID, item).Take(&r).Error; err != nil {
		return nil, fmt.Errorf("packages: load runtime of %s: %w", item, err)
	}
	return &r, nil
}

// Commit saves what a SCO committed for its learner: the data model as
// sent (the next session starts from it), and what Baeum reads off it.
// Once every SCO of the package is satisfied the lesson is done, through
// enrollment as any other lesson, in the same transaction. Only the
// learner commits; a coordinator reading the lesson plays nothing.
func (s *Service) Commit(ctx context.Context, user *accounts.User, enrolmentID, lessonID int64, in Commit) (*CommitResult, error) {
	lr, p, err := s.playable(ctx, user, enrolmentID, lessonID)
	if err != nil {
		return nil, err
	}
	if p.Standard == CMI5 {
		return nil, ErrBadRuntime
	}
	it, ok := p.Item(in.Item)
	if !ok || !it.SCO {
		return nil, ErrUnknownItem
	}
	if len(in.Data) > MaxRuntimeBytes {
		return nil, ErrBadRuntime
	}
	var data map[string]any
	if err := json.Unmarshal(in.Data, &data); err != nil || data == nil {
		return nil, ErrBadRuntime
	}
	if _, ok := data["cmi"].(map[string]any); !ok {
		return nil, ErrBadRuntime
	}
	st := readState(p.Standard, it, data)
	out := &CommitResult{}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		r, err := s.runtimeRow(ctx, enrolmentID, lessonID, in.Item)
		if err != nil {
			return err
		}
		r.Data = string(in.Data)
		r.Completion, r.Success = truncate(st.completion, 20), truncate(st.success, 20)
		if st.score != nil {
			r.Score = st.score
		}
		r.Satisfied = r.Satisfied || st.satisfied(p.Standard)
		r.Terminated = in.Terminate
		if in.Terminate {
			r.TotalSeconds += st.session
			r.Sessions++
		}
		r.UpdatedAt = s.now()
		if err := s.db.Conn(ctx).Save(r).Error; err != nil {
			return fmt.Errorf("packages: save runtime of %s: %w", in.Item, err)
		}
		out.Runtime = r
		done, err := s.allSatisfied(ctx, p, enrolmentID, lessonID)
		if err != nil || !done {
			return err
		}
		out.LessonDone = true
		if _, was := lr.Progress.Done[lessonID]; was {
			return nil
		}
		after, err := s.enr.CompletePackage(ctx, user, enrolmentID, lessonID)
		if err != nil {
			return err
		}
		out.CourseCompleted = after.Enrolment.Status == enrollment.Completed
		return nil
	})
	if err != nil {
		return nil, err
	}
	if in.Terminate {
		out.Next = navTarget(p, in.Item, in.Nav)
		if out.Next == "" && (in.Nav == "" || in.Nav == "_none_") && out.Runtime.Satisfied && !out.LessonDone {
			out.Next = s.nextUnsatisfied(ctx, p, enrolmentID, lessonID, in.Item)
		}
	}
	return out, nil
}

// allSatisfied reports whether every listed SCO (and asset) of p is
// satisfied for the enrolment.
func (s *Service) allSatisfied(ctx context.Context, p *Stored, enrolmentID, lessonID int64) (bool, error) {
	rows, err := s.Runtimes(ctx, enrolmentID, lessonID)
	if err != nil {
		return false, err
	}
	items := p.Items()
	for _, it := range items {
		if r := rows[it.Identifier]; r == nil || !r.Satisfied {
			return false, nil
		}
	}
	return len(items) > 0, nil
}

var choiceTarget = regexp.MustCompile(`^\{target=([^}]+)\}(?:jump|choice)$`)

// navTarget is where SCORM 2004's navigation request at Terminate leads
// within the organisation's flow (continue, previous) or by choice; ""
// for exit and the rest, which end at the lesson page.
func navTarget(p *Stored, item, nav string) string {
	items := p.Items()
	if m := choiceTarget.FindStringSubmatch(nav); m != nil {
		if _, ok := p.Item(m[1]); ok {
			return m[1]
		}
		return ""
	}
	for i, it := range items {
		if it.Identifier != item {
			continue
		}
		switch {
		case nav == "continue" && i+1 < len(items):
			return items[i+1].Identifier
		case nav == "previous" && i > 0:
			return items[i-1].Identifier
		}
	}
	return ""
}

// seeAsset marks a SCORM asset (content that does not talk to the LMS)
// seen when launched: it is satisfied by being shown.
func (s *Service) seeAsset(ctx context.Context, user *accounts.User, lr *enrollment.Learning, p *Stored, it Item) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		r, err := s.runtimeRow(ctx, lr.Enrolment.ID, lr.Lesson.ID, it.Identifier)
		if err != nil {
			return err
		}
		if r.Satisfied {
			return nil
		}
		if err := s.db.Conn(ctx).Model(&Runtime{}).Where("id = ?", r.ID).
			Updates(map[string]any{"satisfied": true, "completion": "completed", "sessions": r.Sessions + 1, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("packages: see asset %s: %w", it.Identifier, err)
		}
		done, err := s.allSatisfied(ctx, p, lr.Enrolment.ID, lr.Lesson.ID)
		if err != nil || !done {
			return err
		}
		if _, was := lr.Progress.Done[lr.Lesson.ID]; was {
			return nil
		}
		_, err = s.enr.CompletePackage(ctx, user, lr.Enrolment.ID, lr.Lesson.ID)
		return err
	})
}

// startData is the data model a SCO's session starts with: the learner,
// the manifest's launch data and mastery, and from the last session what
// resumes (SCORM 1.2 keeps it all; SCORM 2004 resumes a suspended attempt
// and starts a new one after a normal exit, RTE 4.2.8).
func startData(p *Stored, it Item, user *accounts.User, r *Runtime) map[string]any {
	var last map[string]any
	if r != nil && r.Data != "" {
		_ = json.Unmarshal([]byte(r.Data), &last)
	}
	name := user.Name
	if p.Standard == SCORM12 {
		core := map[string]any{"student_id": strconv.FormatInt(user.ID, 10), "student_name": name,
			"lesson_mode": "normal", "credit": "credit", "entry": "ab-initio"}
		cmi := map[string]any{"core": core, "launch_data": it.DataFromLMS}
		if it.MasteryScore != nil {
			cmi["student_data"] = map[string]any{"mastery_score": strconv.FormatFloat(*it.MasteryScore, 'f', -1, 64)}
		}
		if last != nil {
			for _, k := range []string{"lesson_location", "lesson_status", "total_time"} {
				if v := str(at(last, "cmi", "core", k)); v != "" {
					core[k] = v
				}
			}
			if sc, ok := at(last, "cmi", "core", "score").(map[string]any); ok {
				core["score"] = sc
			}
			if v := str(at(last, "cmi", "suspend_data")); v != "" {
				cmi["suspend_data"] = v
			}
			core["entry"] = ""
			if str(at(last, "cmi", "core", "exit")) == "suspend" {
				core["entry"] = "resume"
			}
		}
		return map[string]any{"cmi": cmi}
	}
	cmi := map[string]any{"learner_id": strconv.FormatInt(user.ID, 10), "learner_name": name,
		"mode": "normal", "credit": "credit", "entry": "ab-initio", "launch_data": it.DataFromLMS}
	if it.MasteryScore != nil {
		cmi["scaled_passing_score"] = strconv.FormatFloat(*it.MasteryScore, 'f', -1, 64)
	}
	if it.CompletionThreshold != nil {
		cmi["completion_threshold"] = strconv.FormatFloat(*it.CompletionThreshold, 'f', -1, 64)
	}
	resume := last != nil && (!r.Terminated || str(at(last, "cmi", "exit")) == "suspend")
	if resume {
		cmi["entry"] = "resume"
		for _, k := range []string{"location", "completion_status", "success_status", "suspend_data", "progress_measure", "total_time"} {
			if v := str(at(last, "cmi", k)); v != "" {
				cmi[k] = v
			}
		}
		if sc, ok := at(last, "cmi", "score").(map[string]any); ok {
			cmi["score"] = sc
		}
	} else if last != nil {
		cmi["entry"] = ""
		if v := str(at(last, "cmi", "total_time")); v != "" {
			cmi["total_time"] = v
		}
	}
	return map[string]any{"cmi": cmi}
}

// nextUnsatisfied is the first item after item (in flow order, then from
// the start) that is not satisfied: where a learner goes on when a SCO
// ends done and asks for nothing else.
func (s *Service) nextUnsatisfied(ctx context.Context, p *Stored, enrolmentID, lessonID int64, item string) string {
	rows, err := s.Runtimes(ctx, enrolmentID, lessonID)
	if err != nil {
		return ""
	}
	items := p.Items()
	at := 0
	for i, it := range items {
		if it.Identifier == item {
			at = i
		}
	}
	for k := 1; k < len(items); k++ {
		it := items[(at+k)%len(items)]
		if r := rows[it.Identifier]; r == nil || !r.Satisfied {
			return it.Identifier
		}
	}
	return ""
}
