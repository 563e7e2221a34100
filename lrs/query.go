package lrs

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Filter is a query of the Statement resource: GET /statements with
// neither statementId nor voidedStatementId.
type Filter struct {
	// Agent is the AgentKey of the agent parameter ("" for any): the
	// statement's actor or object, or with RelatedAgents anyone it names
	// (members of its groups, instructor, team, authority, and the same in
	// a SubStatement).
	Agent         string
	RelatedAgents bool
	Verb          string
	// Activity is the object's id, or with RelatedActivities any activity
	// the statement names (its context activities, a SubStatement's).
	Activity          string
	RelatedActivities bool
	Registration      string
	Since, Until      time.Time // stored after Since and at or before Until; zero for no bound
	Limit             int       // at most this many (0: PageSize)
	Ascending         bool
	// After continues a query where an earlier page ended (Page.More).
	After int64
}

// PageSize is the number of statements a page holds when a query does
// not ask for fewer, and the most it may ask for.
const PageSize = 500

// Page is one page of a query's answer.
type Page struct {
	Statements []json.RawMessage
	// More is where the next page starts (for Filter.After), 0 when this
	// page is the last.
	More int64
}

// The relations of xapi_statement_agents and xapi_statement_activities a
// plain filter reads; the related_ filters read every relation.
var (
	directAgent    = []string{"actor", "object"}
	directActivity = []string{"object"}
)

// The two ways the page is read: newest first, or oldest first.
const (
	pageQueryDesc = `WITH RECURSIVE matched(id, statement_id) AS (
    SELECT s.id, s.statement_id FROM xapi_statements s WHERE s.id IN (?)
    UNION
    SELECT t.id, t.statement_id FROM xapi_statements t JOIN matched m ON t.target = m.statement_id
)
SELECT s.id, s.document FROM xapi_statements s
WHERE s.id IN (SELECT id FROM matched) AND s.voided = ? AND s.stored > ? AND s.stored <= ? AND s.id < ?
ORDER BY s.id DESC LIMIT ?`
	pageQueryAsc = `WITH RECURSIVE matched(id, statement_id) AS (
    SELECT s.id, s.statement_id FROM xapi_statements s WHERE s.id IN (?)
    UNION
    SELECT t.id, t.statement_id FROM xapi_statements t JOIN matched m ON t.target = m.statement_id
)
SELECT s.id, s.document FROM xapi_statements s
WHERE s.id IN (SELECT id FROM matched) AND s.voided = ? AND s.stored > ? AND s.stored <= ? AND s.id > ?
ORDER BY s.id ASC LIMIT ?`
	// Without filters other than time, every statement matches.
	allQueryDesc = `SELECT s.id, s.document FROM xapi_statements s
WHERE s.voided = ? AND s.stored > ? AND s.stored <= ? AND s.id < ? ORDER BY s.id DESC LIMIT ?`
	allQueryAsc = `SELECT s.id, s.document FROM xapi_statements s
WHERE s.voided = ? AND s.stored > ? AND s.stored <= ? AND s.id > ? ORDER BY s.id ASC LIMIT ?`
)

// Query answers a page of the statements that meet f, voided ones left
// out. A statement whose object is a StatementRef meets the filters when
// the statement it targets does (at any depth, the target voided or not);
// the time bounds and the limit apply to the statements answered.
func (s *Store) Query(ctx context.Context, f Filter) (Page, error) {
	limit := f.Limit
	if limit <= 0 || limit > PageSize {
		limit = PageSize
	}
	since, until := f.Since, f.Until
	if since.IsZero() {
		since = time.Unix(0, 0)
	}
	if until.IsZero() {
		until = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	after := f.After
	if !f.Ascending && after == 0 {
		after = math.MaxInt64
	}
	args := []any{false, since.UTC(), until.UTC(), after, limit + 1}
	var q string
	switch filtered := f.Verb != "" || f.Registration != "" || f.Agent != "" || f.Activity != ""; {
	case filtered && f.Ascending:
		q, args = pageQueryAsc, append([]any{s.matching(ctx, f)}, args...)
	case filtered:
		q, args = pageQueryDesc, append([]any{s.matching(ctx, f)}, args...)
	case f.Ascending:
		q = allQueryAsc
	default:
		q = allQueryDesc
	}
	var rows []statementRow
	err := s.db.Conn(ctx).Raw(q, args...).Scan(&rows).Error
	if err != nil {
		return Page{}, fmt.Errorf("lrs: query statements: %w", err)
	}
	var p Page
	if len(rows) > limit {
		rows = rows[:limit]
		p.More = rows[limit-1].ID
	}
	p.Statements = make([]json.RawMessage, len(rows))
	for i, r := range rows {
		p.Statements[i] = json.RawMessage(r.Document)
	}
	return p, nil
}

// matching selects the ids of the statements that meet f's filters other
// than time and limit, voided or not.
func (s *Store) matching(ctx context.Context, f Filter) *gorm.DB {
	q := s.db.Conn(ctx).Table("xapi_statements AS b").Select("b.id")
	if f.Verb != "" {
		q = q.Where("b.verb_id = ?", f.Verb)
	}
	if f.Registration != "" {
		q = q.Where("b.registration = ?", strings.ToLower(f.Registration))
	}
	if f.Agent != "" {
		sub := s.db.Conn(ctx).Table("xapi_statement_agents AS a").Select("a.statement").Where("a.agent = ?", f.Agent)
		if !f.RelatedAgents {
			sub = sub.Where("a.relation IN ?", directAgent)
		}
		q = q.Where("b.id IN (?)", sub)
	}
	if f.Activity != "" {
		sub := s.db.Conn(ctx).Table("xapi_statement_activities AS c").Select("c.statement").Where("c.activity = ?", f.Activity)
		if !f.RelatedActivities {
			sub = sub.Where("c.relation IN ?", directActivity)
		}
		q = q.Where("b.id IN (?)", sub)
	}
	return q
}

// activityDefinitions is how many of the newest statements about an
// activity make up its definition.
const activityDefinitions = 200

// Activity answers the Activities resource for id: the activity with the
// definitions of the statements about it merged, the newest last (names
// and descriptions by language), or the bare activity when no statement
// names it as its object.
func (s *Store) Activity(ctx context.Context, id string) (map[string]any, error) {
	var docs []string
	err := s.db.Conn(ctx).Table("xapi_statements AS s").Select("s.document").
		Joins("JOIN xapi_statement_activities c ON c.statement = s.id").
		Where("c.activity = ? AND c.relation = ?", id, "object").Order("s.id DESC").Limit(activityDefinitions).Pluck("s.document", &docs).Error
	if err != nil {
		return nil, fmt.Errorf("lrs: read activity: %w", err)
	}
	out := map[string]any{"objectType": "Activity", "id": id}
	def := map[string]any{}
	// Oldest first, so later statements win; language maps merge by
	// language (a name in en-US and another in fr-FR both stay).
	for i := len(docs) - 1; i >= 0; i-- {
		var st struct {
			Object struct {
				Definition map[string]json.RawMessage `json:"definition"`
			} `json:"object"`
		}
		if json.Unmarshal([]byte(docs[i]), &st) != nil {
			continue
		}
		for k, v := range st.Object.Definition {
			if k == "name" || k == "description" {
				var langs map[string]any
				if json.Unmarshal(v, &langs) == nil {
					have, _ := def[k].(map[string]any)
					if have == nil {
						have = map[string]any{}
					}
					for l, t := range langs {
						have[l] = t
					}
					def[k] = have
					continue
				}
			}
			def[k] = v
		}
	}
	if len(def) > 0 {
		out["definition"] = def
	}
	return out, nil
}

// AgentNames answers the names the newest statements give the agent
// (as actor), newest first, at most a few: the Agents resource's Person
// names them when the query's agent does not.
func (s *Store) AgentNames(ctx context.Context, agent map[string]any) ([]string, error) {
	var docs []string
	err := s.db.Conn(ctx).Table("xapi_statements AS s").Select("s.document").
		Joins("JOIN xapi_statement_agents a ON a.statement = s.id").
		Where("a.agent = ? AND a.relation = ?", agentKey(agent), "actor").Order("s.id DESC").Limit(20).Pluck("s.document", &docs).Error
	if err != nil {
		return nil, fmt.Errorf("lrs: names of an agent: %w", err)
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range docs {
		var st struct {
			Actor struct {
				Name string `json:"name"`
			} `json:"actor"`
		}
		if json.Unmarshal([]byte(d), &st) == nil && st.Actor.Name != "" && !seen[st.Actor.Name] {
			seen[st.Actor.Name] = true
			out = append(out, st.Actor.Name)
		}
	}
	return out, nil
}
