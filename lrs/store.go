package lrs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/store"
)

// Store keeps the LRS's statements in the database.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the statement store on db.
func NewStore(db *store.DB) *Store { return &Store{db: db, now: time.Now} }

// Conflict is a statement whose id is already stored with other content:
// the LRS answers 409 and stores nothing of the request.
type Conflict struct{ ID string }

func (e *Conflict) Error() string {
	return fmt.Sprintf("statement %s is already stored with other content", e.ID)
}

// ErrNotFound is a statement the LRS does not hold (or holds voided, when
// asked for one that is not, and the other way round).
var ErrNotFound = errors.New("no such statement")

// StoredFormat is how the LRS writes the times it sets: UTC, milliseconds.
const StoredFormat = "2006-01-02T15:04:05.000Z07:00"

type statementRow struct {
	ID           int64
	StatementID  string
	VerbID       string
	Registration *string
	Target       *string
	Voided       bool
	Timestamp    time.Time
	Stored       time.Time
	ContentHash  string
	Document     string
}

func (statementRow) TableName() string { return "xapi_statements" }

type agentRow struct {
	Statement int64
	Agent     string
	Relation  string
}

func (agentRow) TableName() string { return "xapi_statement_agents" }

type activityRow struct {
	Statement int64
	Activity  string
	Relation  string
}

func (activityRow) TableName() string { return "xapi_statement_activities" }

// Save stores statements checked by ParseStatements, all or none, and
// answers their ids in order. A statement without an id gets a new UUID;
// each gets stored (now), a timestamp (stored, when it has none), the
// authority of the credentials that sent it (which the LRS sets, as xAPI
// says it should) and a version (1.0.0, or 2.0.0 for a 2.0 client, when it
// has none); single context activities become arrays. A statement whose id
// is stored already is left as it is when it is the same statement (as
// xAPI compares them: not by stored, authority, version, the precision of
// its timestamp, the case of its ids or the order of a group's members)
// and answered with a *Conflict when it is not. A statement that voids
// another marks it voided unless it is itself a voiding statement.
func (s *Store) Save(ctx context.Context, statements []map[string]any, authority map[string]any, v2 bool) ([]string, error) {
	return s.SaveWithParts(ctx, statements, nil, authority, v2)
}

// SaveWithParts is Save for statements sent with the contents of their
// attachments (checked by CheckAttachments), stored in the same
// transaction.
func (s *Store) SaveWithParts(ctx context.Context, statements []map[string]any, parts map[string]Part, authority map[string]any, v2 bool) ([]string, error) {
	ids := make([]string, len(statements))
	hashes := make([]string, len(statements))
	seen := map[string]int{}
	for i, st := range statements {
		id, _ := st["id"].(string)
		if id == "" {
			id = uuid.NewString()
		}
		id = strings.ToLower(id)
		if j, dup := seen[id]; dup {
			return nil, bad(fmt.Sprintf("[%d].id", i), "%s is also the id of statement %d of the batch", id, j)
		}
		seen[id] = i
		ids[i] = id
		h, err := contentHash(st)
		if err != nil {
			return nil, err
		}
		hashes[i] = h
	}
	// Two requests storing the same new id at once: the second to commit
	// meets the unique key, and its second try finds the first's row.
	err := s.save(ctx, statements, parts, ids, hashes, authority, v2)
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		err = s.save(ctx, statements, parts, ids, hashes, authority, v2)
	}
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func (s *Store) save(ctx context.Context, statements []map[string]any, parts map[string]Part, ids, hashes []string, authority map[string]any, v2 bool) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.saveParts(ctx, parts); err != nil {
			return err
		}
		var existing []statementRow
		if err := s.db.Conn(ctx).Select("statement_id", "content_hash").Where("statement_id IN ?", ids).Find(&existing).Error; err != nil {
			return fmt.Errorf("lrs: look up statement ids: %w", err)
		}
		have := make(map[string]string, len(existing))
		for _, r := range existing {
			have[r.StatementID] = r.ContentHash
		}
		stored := s.now().UTC().Truncate(time.Millisecond)
		var rows []statementRow
		var fresh []map[string]any
		for i, st := range statements {
			if h, ok := have[ids[i]]; ok {
				if h != hashes[i] {
					return &Conflict{ID: ids[i]}
				}
				continue
			}
			row, doc, err := prepare(st, ids[i], hashes[i], stored, authority, v2)
			if err != nil {
				return err
			}
			rows = append(rows, row)
			fresh = append(fresh, doc)
		}
		if len(rows) == 0 {
			return nil
		}
		if err := s.db.Conn(ctx).CreateInBatches(&rows, 200).Error; err != nil {
			return fmt.Errorf("lrs: store %d statements: %w", len(rows), err)
		}
		var agents []agentRow
		var activities []activityRow
		var voids, newIDs []string
		for i, r := range rows {
			for _, a := range agentsOf(fresh[i]) {
				agents = append(agents, agentRow{Statement: r.ID, Agent: a[0], Relation: a[1]})
			}
			for _, a := range activitiesOf(fresh[i]) {
				activities = append(activities, activityRow{Statement: r.ID, Activity: a[0], Relation: a[1]})
			}
			if r.VerbID == VerbVoided {
				voids = append(voids, *r.Target)
			} else {
				newIDs = append(newIDs, r.StatementID)
			}
		}
		if len(agents) > 0 {
			if err := s.db.Conn(ctx).CreateInBatches(&agents, 500).Error; err != nil {
				return fmt.Errorf("lrs: store statement agents: %w", err)
			}
		}
		if len(activities) > 0 {
			if err := s.db.Conn(ctx).CreateInBatches(&activities, 500).Error; err != nil {
				return fmt.Errorf("lrs: store statement activities: %w", err)
			}
		}
		return s.void(ctx, voids, newIDs)
	})
}

// void marks voided the statements the new voiding statements target
// (never a voiding statement), and the new statements an earlier voiding
// statement targeted before they arrived.
func (s *Store) void(ctx context.Context, targets, arrived []string) error {
	if len(arrived) > 0 {
		var early []string
		if err := s.db.Conn(ctx).Model(&statementRow{}).Where("verb_id = ? AND target IN ?", VerbVoided, arrived).Pluck("target", &early).Error; err != nil {
			return fmt.Errorf("lrs: look up earlier voiding statements: %w", err)
		}
		targets = append(targets, early...)
	}
	if len(targets) == 0 {
		return nil
	}
	err := s.db.Conn(ctx).Model(&statementRow{}).Where("statement_id IN ? AND verb_id <> ?", targets, VerbVoided).
		Update("voided", true).Error
	if err != nil {
		return fmt.Errorf("lrs: void statements: %w", err)
	}
	return nil
}

// Statement answers the stored statement with id, as JSON: one that is
// not voided, or with voided one that is (statementId and
// voidedStatementId of the Statement resource).
func (s *Store) Statement(ctx context.Context, id string, voided bool) (json.RawMessage, time.Time, error) {
	var r statementRow
	err := s.db.Conn(ctx).Select("document", "stored").
		Where("statement_id = ? AND voided = ?", strings.ToLower(id), voided).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, time.Time{}, ErrNotFound
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("lrs: read statement %s: %w", id, err)
	}
	return json.RawMessage(r.Document), r.Stored, nil
}

// prepare fills in what the LRS sets and makes the row.
func prepare(st map[string]any, id, hash string, stored time.Time, authority map[string]any, v2 bool) (statementRow, map[string]any, error) {
	doc := make(map[string]any, len(st)+4)
	for k, v := range st {
		doc[k] = v
	}
	doc["id"] = id
	doc["stored"] = stored.Format(StoredFormat)
	ts := stored
	if t, ok := doc["timestamp"].(string); ok {
		ts, _ = ParseTimestamp(t)
	} else {
		doc["timestamp"] = doc["stored"]
	}
	if authority != nil {
		doc["authority"] = authority
	}
	if _, ok := doc["version"]; !ok {
		doc["version"] = "1.0.0"
		if v2 {
			doc["version"] = "2.0.0"
		}
	}
	arrayContextActivities(doc)
	if obj, ok := doc["object"].(map[string]any); ok && obj["objectType"] == "SubStatement" {
		arrayContextActivities(obj)
	}
	text, err := json.Marshal(doc)
	if err != nil {
		return statementRow{}, nil, fmt.Errorf("lrs: encode statement %s: %w", id, err)
	}
	row := statementRow{StatementID: id, Timestamp: ts.UTC(), Stored: stored, ContentHash: hash, Document: string(text)}
	row.VerbID, _ = doc["verb"].(map[string]any)["id"].(string)
	if ctxm, ok := doc["context"].(map[string]any); ok {
		if reg, ok := ctxm["registration"].(string); ok {
			reg = strings.ToLower(reg)
			row.Registration = &reg
		}
	}
	if obj := doc["object"].(map[string]any); obj["objectType"] == "StatementRef" {
		target := strings.ToLower(obj["id"].(string))
		row.Target = &target
	}
	return row, doc, nil
}

// arrayContextActivities rewrites a statement's single context activities
// as one-item arrays, the form the LRS always answers with.
func arrayContextActivities(st map[string]any) {
	c, ok := st["context"].(map[string]any)
	if !ok {
		return
	}
	ca, ok := c["contextActivities"].(map[string]any)
	if !ok {
		return
	}
	copied := make(map[string]any, len(ca))
	for k, v := range ca {
		if _, isList := v.([]any); !isList {
			v = []any{v}
		}
		copied[k] = v
	}
	cc := make(map[string]any, len(c))
	for k, v := range c {
		cc[k] = v
	}
	cc["contextActivities"] = copied
	st["context"] = cc
}

// contentHash is the hash of a statement as xAPI compares two with the
// same id: without stored, authority and version, with its timestamp in
// UTC to the millisecond, ids and mailto addresses in lower case, single
// context activities as arrays and group members in a fixed order.
func contentHash(st map[string]any) (string, error) {
	c := comparable(st, "").(map[string]any)
	delete(c, "stored")
	delete(c, "authority")
	delete(c, "version")
	delete(c, "id")
	arrayContextActivities(c)
	if obj, ok := c["object"].(map[string]any); ok && obj["objectType"] == "SubStatement" {
		arrayContextActivities(obj)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("lrs: encode statement: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

func comparable(v any, key string) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			out[k] = comparable(val, k)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = comparable(val, "")
		}
		if key == "member" {
			sort.Slice(out, func(i, j int) bool {
				a, _ := json.Marshal(out[i])
				b, _ := json.Marshal(out[j])
				return string(a) < string(b)
			})
		}
		return out
	case string:
		switch key {
		case "id", "registration", "mbox", "mbox_sha1sum":
			if key != "id" || isUUID(t) {
				return strings.ToLower(t)
			}
		case "timestamp":
			if ts, ok := ParseTimestamp(t); ok {
				return ts.UTC().Truncate(time.Millisecond).Format(StoredFormat)
			}
		}
		return t
	}
	return v
}

// agentKey is the identifier an Agent or identified Group is found by: its
// one IFI, mailto addresses and SHA-1 sums in lower case. Anonymous groups
// have none ("").
func agentKey(m map[string]any) string {
	switch {
	case m["mbox"] != nil:
		return "mbox:" + strings.ToLower(m["mbox"].(string))
	case m["mbox_sha1sum"] != nil:
		return "mbox_sha1sum:" + strings.ToLower(m["mbox_sha1sum"].(string))
	case m["openid"] != nil:
		return "openid:" + m["openid"].(string)
	case m["account"] != nil:
		a := m["account"].(map[string]any)
		b, _ := json.Marshal([]any{a["homePage"], a["name"]})
		return "account:" + string(b)
	}
	return ""
}

// AgentKey is agentKey for a query's agent parameter.
func AgentKey(agent map[string]any) string { return agentKey(agent) }

// agentsOf lists the (agent, relation) pairs a statement names.
func agentsOf(st map[string]any) [][2]string {
	var out [][2]string
	seen := map[[2]string]bool{}
	add := func(v any, relation string) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if k := agentKey(m); k != "" && !seen[[2]string{k, relation}] {
			seen[[2]string{k, relation}] = true
			out = append(out, [2]string{k, relation})
		}
		members, _ := m["member"].([]any)
		memberRel := "member"
		if relation != "actor" && relation != "object" {
			memberRel = relation
		}
		for _, mem := range members {
			if mm, ok := mem.(map[string]any); ok {
				if k := agentKey(mm); k != "" && !seen[[2]string{k, memberRel}] {
					seen[[2]string{k, memberRel}] = true
					out = append(out, [2]string{k, memberRel})
				}
			}
		}
	}
	add(st["actor"], "actor")
	obj, _ := st["object"].(map[string]any)
	switch obj["objectType"] {
	case "Agent", "Group":
		add(obj, "object")
	case "SubStatement":
		add(obj["actor"], "sub")
		if o, _ := obj["object"].(map[string]any); o["objectType"] == "Agent" || o["objectType"] == "Group" {
			add(o, "sub")
		}
		if c, ok := obj["context"].(map[string]any); ok {
			add(c["instructor"], "sub")
			add(c["team"], "sub")
		}
	}
	if c, ok := st["context"].(map[string]any); ok {
		add(c["instructor"], "instructor")
		add(c["team"], "team")
	}
	add(st["authority"], "authority")
	return out
}

// activitiesOf lists the (activity id, relation) pairs a statement names.
func activitiesOf(st map[string]any) [][2]string {
	var out [][2]string
	seen := map[[2]string]bool{}
	add := func(id any, relation string) {
		if s, ok := id.(string); ok && !seen[[2]string{s, relation}] {
			seen[[2]string{s, relation}] = true
			out = append(out, [2]string{s, relation})
		}
	}
	contextActivities := func(st map[string]any, relation string) {
		c, _ := st["context"].(map[string]any)
		ca, _ := c["contextActivities"].(map[string]any)
		for _, list := range ca {
			items, _ := list.([]any)
			for _, it := range items {
				if m, ok := it.(map[string]any); ok {
					add(m["id"], relation)
				}
			}
		}
	}
	obj, _ := st["object"].(map[string]any)
	switch obj["objectType"] {
	case nil, "Activity":
		add(obj["id"], "object")
	case "SubStatement":
		if o, _ := obj["object"].(map[string]any); o["objectType"] == nil || o["objectType"] == "Activity" {
			add(o["id"], "sub")
		}
		contextActivities(obj, "sub")
	}
	contextActivities(st, "context")
	return out
}
