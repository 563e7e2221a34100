package lrs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
)

// Invalid is a statement that breaks a rule of xAPI: the LRS answers 400
// with its text and stores nothing of the request.
type Invalid struct {
	Path   string // the property at fault, "" for the whole document
	Reason string
}

func (e *Invalid) Error() string {
	if e.Path == "" {
		return e.Reason
	}
	return e.Path + ": " + e.Reason
}

func bad(path, format string, args ...any) error {
	return &Invalid{Path: path, Reason: fmt.Sprintf(format, args...)}
}

// VerbVoided is the verb of a statement that voids another.
const VerbVoided = "http://adlnet.gov/expapi/verbs/voided"

// ParseStatements reads the body of a POST or PUT to /statements: one
// statement or an array of them. Numbers keep their text (json.Number),
// so a score is stored as sent. Every statement is checked by
// ValidateStatement; the first rule broken is the answer.
func ParseStatements(data []byte, v2 bool) ([]map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, bad("", "the body is not JSON: %v", err)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, bad("", "the body holds more than one JSON value")
	}
	var list []any
	switch t := v.(type) {
	case map[string]any:
		list = []any{t}
	case []any:
		list = t
	default:
		return nil, bad("", "a statement is a JSON object, and a batch an array of them")
	}
	out := make([]map[string]any, 0, len(list))
	for i, item := range list {
		st, ok := item.(map[string]any)
		if !ok {
			return nil, bad(fmt.Sprintf("[%d]", i), "a statement is a JSON object")
		}
		if err := ValidateStatement(st, v2); err != nil {
			var inv *Invalid
			if len(list) > 1 && errors.As(err, &inv) {
				inv.Path = fmt.Sprintf("[%d].%s", i, inv.Path)
			}
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// ValidateStatement checks a statement against the data rules of xAPI
// 1.0.3 (section 2 of Part Two) and, with v2, xAPI 2.0's additions
// (contextAgents, contextGroups, version 2.0.x). It answers an *Invalid.
func ValidateStatement(st map[string]any, v2 bool) error {
	if err := noNulls("", st); err != nil {
		return err
	}
	c := checker{v2: v2}
	return c.statement("", st, false)
}

// noNulls refuses null anywhere but inside extensions, whose values are
// the extension's own business.
func noNulls(p string, v any) error {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if k == "extensions" {
				continue
			}
			if val == nil {
				return bad(join(p, k), "null is not a value xAPI allows")
			}
			if err := noNulls(join(p, k), val); err != nil {
				return err
			}
		}
	case []any:
		for i, val := range t {
			ip := fmt.Sprintf("%s[%d]", p, i)
			if val == nil {
				return bad(ip, "null is not a value xAPI allows")
			}
			if err := noNulls(ip, val); err != nil {
				return err
			}
		}
	}
	return nil
}

type checker struct{ v2 bool }

func join(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

func set(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

var (
	statementKeys    = set("id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments")
	subStatementKeys = set("objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments")
	agentKeys        = set("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account")
	groupKeys        = set("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member")
	accountKeys      = set("homePage", "name")
	verbKeys         = set("id", "display")
	activityKeys     = set("objectType", "id", "definition")
	definitionKeys   = set("name", "description", "type", "moreInfo", "extensions", "interactionType",
		"correctResponsesPattern", "choices", "scale", "source", "target", "steps")
	componentKeys = set("id", "description")
	refKeys       = set("objectType", "id")
	resultKeys    = set("score", "success", "completion", "response", "duration", "extensions")
	scoreKeys     = set("scaled", "raw", "min", "max")
	contextKeys   = set("registration", "instructor", "team", "contextActivities", "revision", "platform",
		"language", "statement", "extensions")
	contextKeys2        = set("contextAgents", "contextGroups")
	contextActivityKeys = set("parent", "grouping", "category", "other")
	attachmentKeys      = set("usageType", "display", "description", "contentType", "length", "sha2", "fileUrl")
	contextAgentKeys    = set("objectType", "agent", "relevantTypes")
	contextGroupKeys    = set("objectType", "group", "relevantTypes")
)

// interactionComponents says which component lists each interaction type
// may carry (Part Two, 2.4.4.1.1).
var interactionComponents = map[string]map[string]bool{
	"true-false":   {},
	"choice":       set("choices"),
	"fill-in":      {},
	"long-fill-in": {},
	"matching":     set("source", "target"),
	"performance":  set("steps"),
	"sequencing":   set("choices"),
	"likert":       set("scale"),
	"numeric":      {},
	"other":        {},
}

var version2 = regexp.MustCompile(`^2\.0\.[0-9]+$`)

func (c *checker) keys(p string, m map[string]any, allowed map[string]bool, what string) error {
	for k := range m {
		v2Context := what == "context" && c.v2 && contextKeys2[k]
		if !allowed[k] && !v2Context {
			return bad(join(p, k), "is not a property of %s", what)
		}
	}
	return nil
}

func (c *checker) statement(p string, m map[string]any, sub bool) error {
	allowed, what := statementKeys, "a statement"
	if sub {
		allowed, what = subStatementKeys, "a SubStatement"
	}
	if err := c.keys(p, m, allowed, what); err != nil {
		return err
	}
	if v, ok := m["id"]; ok {
		if err := checkUUID(join(p, "id"), v); err != nil {
			return err
		}
	}
	for _, k := range []string{"actor", "verb", "object"} {
		if _, ok := m[k]; !ok {
			return bad(join(p, k), "is required")
		}
	}
	if err := c.actor(join(p, "actor"), m["actor"]); err != nil {
		return err
	}
	verbID, err := c.verb(join(p, "verb"), m["verb"])
	if err != nil {
		return err
	}
	kind, err := c.object(join(p, "object"), m["object"], sub)
	if err != nil {
		return err
	}
	if verbID == VerbVoided && kind != "StatementRef" {
		return bad(join(p, "object"), "a voiding statement's object is the StatementRef of the statement it voids")
	}
	if v, ok := m["result"]; ok {
		if err := c.result(join(p, "result"), v); err != nil {
			return err
		}
	}
	if v, ok := m["context"]; ok {
		if err := c.context(join(p, "context"), v, kind == "Activity"); err != nil {
			return err
		}
	}
	for _, k := range []string{"timestamp", "stored"} {
		if v, ok := m[k]; ok {
			s, isStr := v.(string)
			if !isStr {
				return bad(join(p, k), "is an ISO 8601 date and time as a string")
			}
			if _, ok := ParseTimestamp(s); !ok {
				return bad(join(p, k), "%q is not an ISO 8601 date and time (with a zone other than -00:00)", s)
			}
		}
	}
	if v, ok := m["authority"]; ok {
		if err := c.authority(join(p, "authority"), v); err != nil {
			return err
		}
	}
	if v, ok := m["version"]; ok {
		s, _ := v.(string)
		ok := version.MatchString(s) || (c.v2 && version2.MatchString(s))
		if !ok {
			return bad(join(p, "version"), "%v is not a version of xAPI this LRS takes (1.0.x%s)", v, map[bool]string{true: " or 2.0.x", false: ""}[c.v2])
		}
	}
	if v, ok := m["attachments"]; ok {
		list, ok := v.([]any)
		if !ok {
			return bad(join(p, "attachments"), "is an array")
		}
		for i, a := range list {
			if err := c.attachment(fmt.Sprintf("%s[%d]", join(p, "attachments"), i), a); err != nil {
				return err
			}
		}
	}
	return nil
}

// authority checks a statement's authority: an Agent, or for OAuth an
// anonymous Group of exactly two Agents (the consumer and the user).
func (c *checker) authority(p string, v any) error {
	if err := c.actor(p, v); err != nil {
		return err
	}
	m := v.(map[string]any)
	if m["objectType"] != "Group" {
		return nil
	}
	if n, _ := c.ifis(p, m); n != 0 {
		return bad(p, "an authority Group is anonymous (OAuth: the consumer and the user)")
	}
	if members, _ := m["member"].([]any); len(members) != 2 {
		return bad(join(p, "member"), "an authority Group has exactly two members")
	}
	return nil
}

// actor checks an Agent or a Group.
func (c *checker) actor(p string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is an Agent or Group object")
	}
	switch ot := m["objectType"]; ot {
	case nil, "Agent":
		return c.agent(p, m)
	case "Group":
		return c.group(p, m)
	default:
		return bad(join(p, "objectType"), "%v is neither Agent nor Group", ot)
	}
}

func (c *checker) agent(p string, m map[string]any) error {
	if err := c.keys(p, m, agentKeys, "an Agent"); err != nil {
		return err
	}
	n, err := c.ifis(p, m)
	if err != nil {
		return err
	}
	if n != 1 {
		return bad(p, "an Agent has exactly one of mbox, mbox_sha1sum, openid and account, not %d", n)
	}
	return str(join(p, "name"), m, false)
}

func (c *checker) group(p string, m map[string]any) error {
	if err := c.keys(p, m, groupKeys, "a Group"); err != nil {
		return err
	}
	n, err := c.ifis(p, m)
	if err != nil {
		return err
	}
	if n > 1 {
		return bad(p, "a Group has at most one of mbox, mbox_sha1sum, openid and account, not %d", n)
	}
	if err := str(join(p, "name"), m, false); err != nil {
		return err
	}
	mem, has := m["member"]
	if !has {
		if n == 0 {
			return bad(join(p, "member"), "an anonymous Group (no identifier) lists its members")
		}
		return nil
	}
	list, ok := mem.([]any)
	if !ok {
		return bad(join(p, "member"), "is an array of Agents")
	}
	if n == 0 && len(list) == 0 {
		return bad(join(p, "member"), "an anonymous Group (no identifier) lists its members")
	}
	for i, a := range list {
		ip := fmt.Sprintf("%s[%d]", join(p, "member"), i)
		am, ok := a.(map[string]any)
		if !ok {
			return bad(ip, "is an Agent object")
		}
		if ot, has := am["objectType"]; has && ot != "Agent" {
			return bad(join(ip, "objectType"), "a Group's members are Agents, not %v", ot)
		}
		if err := c.agent(ip, am); err != nil {
			return err
		}
	}
	return nil
}

// ifis checks the inverse functional identifiers an Agent or Group has
// and counts them.
func (c *checker) ifis(p string, m map[string]any) (int, error) {
	n := 0
	if v, ok := m["mbox"]; ok {
		n++
		if s, _ := v.(string); !mboxRE.MatchString(s) {
			return 0, bad(join(p, "mbox"), "%v is not a mailto IRI (mailto:name@example.org)", v)
		}
	}
	if v, ok := m["mbox_sha1sum"]; ok {
		n++
		if s, _ := v.(string); !sha1RE.MatchString(s) {
			return 0, bad(join(p, "mbox_sha1sum"), "is the hex SHA-1 of a mailto IRI")
		}
	}
	if v, ok := m["openid"]; ok {
		n++
		if s, _ := v.(string); !isIRI(s) {
			return 0, bad(join(p, "openid"), "%v is not a URI", v)
		}
	}
	if v, ok := m["account"]; ok {
		n++
		am, ok := v.(map[string]any)
		if !ok {
			return 0, bad(join(p, "account"), "is an object with homePage and name")
		}
		ap := join(p, "account")
		if err := c.keys(ap, am, accountKeys, "an account"); err != nil {
			return 0, err
		}
		hp, _ := am["homePage"].(string)
		if !isIRL(hp) {
			return 0, bad(join(ap, "homePage"), "is required, an http(s) IRL")
		}
		if err := str(join(ap, "name"), am, true); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func (c *checker) verb(p string, v any) (string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", bad(p, "is a Verb object")
	}
	if err := c.keys(p, m, verbKeys, "a Verb"); err != nil {
		return "", err
	}
	id, _ := m["id"].(string)
	if !isIRI(id) {
		return "", bad(join(p, "id"), "is required, an IRI")
	}
	if d, ok := m["display"]; ok {
		if err := langMap(join(p, "display"), d); err != nil {
			return "", err
		}
	}
	return id, nil
}

// object checks a statement's object and answers its objectType.
func (c *checker) object(p string, v any, inSub bool) (string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", bad(p, "is an object")
	}
	switch ot := m["objectType"]; ot {
	case nil, "Activity":
		return "Activity", c.activity(p, m)
	case "Agent":
		return "Agent", c.agent(p, m)
	case "Group":
		return "Group", c.group(p, m)
	case "StatementRef":
		return "StatementRef", c.statementRef(p, m)
	case "SubStatement":
		if inSub {
			return "", bad(join(p, "objectType"), "a SubStatement cannot hold another SubStatement")
		}
		return "SubStatement", c.statement(p, m, true)
	default:
		return "", bad(join(p, "objectType"), "%v is not Activity, Agent, Group, StatementRef or SubStatement", ot)
	}
}

func (c *checker) activity(p string, m map[string]any) error {
	if ot, has := m["objectType"]; has && ot != "Activity" {
		return bad(join(p, "objectType"), "is Activity here, not %v", ot)
	}
	if err := c.keys(p, m, activityKeys, "an Activity"); err != nil {
		return err
	}
	id, _ := m["id"].(string)
	if !isIRI(id) {
		return bad(join(p, "id"), "is required, an IRI")
	}
	d, has := m["definition"]
	if !has {
		return nil
	}
	return c.definition(join(p, "definition"), d)
}

func (c *checker) definition(p string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is an object")
	}
	if err := c.keys(p, m, definitionKeys, "an Activity Definition"); err != nil {
		return err
	}
	for _, k := range []string{"name", "description"} {
		if lm, ok := m[k]; ok {
			if err := langMap(join(p, k), lm); err != nil {
				return err
			}
		}
	}
	if t, ok := m["type"]; ok {
		if s, _ := t.(string); !isIRI(s) {
			return bad(join(p, "type"), "is an IRI")
		}
	}
	if t, ok := m["moreInfo"]; ok {
		if s, _ := t.(string); !isIRL(s) {
			return bad(join(p, "moreInfo"), "is an http(s) IRL")
		}
	}
	if e, ok := m["extensions"]; ok {
		if err := extensions(join(p, "extensions"), e); err != nil {
			return err
		}
	}
	it, hasType := m["interactionType"]
	var lists map[string]bool
	if hasType {
		s, _ := it.(string)
		var known bool
		if lists, known = interactionComponents[s]; !known {
			return bad(join(p, "interactionType"), "%v is not an interaction type of xAPI", it)
		}
	}
	if crp, ok := m["correctResponsesPattern"]; ok {
		if !hasType {
			return bad(join(p, "correctResponsesPattern"), "needs an interactionType")
		}
		list, ok := crp.([]any)
		if !ok {
			return bad(join(p, "correctResponsesPattern"), "is an array of strings")
		}
		for i, r := range list {
			if _, ok := r.(string); !ok {
				return bad(fmt.Sprintf("%s[%d]", join(p, "correctResponsesPattern"), i), "is a string")
			}
		}
	}
	for _, k := range []string{"choices", "scale", "source", "target", "steps"} {
		v, ok := m[k]
		if !ok {
			continue
		}
		if !lists[k] {
			return bad(join(p, k), "is not a component list of interaction type %v", it)
		}
		if err := components(join(p, k), v); err != nil {
			return err
		}
	}
	return nil
}

// components checks an interaction component list: objects with an id,
// unique within the list, and a description.
func components(p string, v any) error {
	list, ok := v.([]any)
	if !ok {
		return bad(p, "is an array of interaction components")
	}
	seen := map[string]bool{}
	for i, item := range list {
		ip := fmt.Sprintf("%s[%d]", p, i)
		m, ok := item.(map[string]any)
		if !ok {
			return bad(ip, "is an interaction component object")
		}
		for k := range m {
			if !componentKeys[k] {
				return bad(join(ip, k), "is not a property of an interaction component")
			}
		}
		id, _ := m["id"].(string)
		if strings.TrimSpace(id) == "" {
			return bad(join(ip, "id"), "is required, a string")
		}
		if seen[id] {
			return bad(join(ip, "id"), "%q comes twice in the list", id)
		}
		seen[id] = true
		if d, ok := m["description"]; ok {
			if err := langMap(join(ip, "description"), d); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *checker) statementRef(p string, m map[string]any) error {
	if err := c.keys(p, m, refKeys, "a StatementRef"); err != nil {
		return err
	}
	if m["objectType"] != "StatementRef" {
		return bad(join(p, "objectType"), "is StatementRef")
	}
	v, ok := m["id"]
	if !ok {
		return bad(join(p, "id"), "is required, a UUID")
	}
	return checkUUID(join(p, "id"), v)
}

func (c *checker) result(p string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is an object")
	}
	if err := c.keys(p, m, resultKeys, "a Result"); err != nil {
		return err
	}
	if s, ok := m["score"]; ok {
		if err := score(join(p, "score"), s); err != nil {
			return err
		}
	}
	for _, k := range []string{"success", "completion"} {
		if b, ok := m[k]; ok {
			if _, isBool := b.(bool); !isBool {
				return bad(join(p, k), "is true or false")
			}
		}
	}
	if err := str(join(p, "response"), m, false); err != nil {
		return err
	}
	if d, ok := m["duration"]; ok {
		if s, _ := d.(string); !isDuration(s) {
			return bad(join(p, "duration"), "%v is not an ISO 8601 duration", d)
		}
	}
	if e, ok := m["extensions"]; ok {
		return extensions(join(p, "extensions"), e)
	}
	return nil
}

func score(p string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is an object")
	}
	vals := map[string]float64{}
	for k, n := range m {
		if !scoreKeys[k] {
			return bad(join(p, k), "is not a property of a Score")
		}
		num, ok := n.(json.Number)
		if !ok {
			return bad(join(p, k), "is a number")
		}
		f, err := num.Float64()
		if err != nil || math.IsInf(f, 0) {
			return bad(join(p, k), "is a number")
		}
		vals[k] = f
	}
	if s, ok := vals["scaled"]; ok && (s < -1 || s > 1) {
		return bad(join(p, "scaled"), "is between -1 and 1")
	}
	lo, hasMin := vals["min"]
	hi, hasMax := vals["max"]
	if hasMin && hasMax && lo >= hi {
		return bad(join(p, "max"), "is greater than min")
	}
	if r, ok := vals["raw"]; ok {
		if (hasMin && r < lo) || (hasMax && r > hi) {
			return bad(join(p, "raw"), "lies between min and max")
		}
	}
	return nil
}

func (c *checker) context(p string, v any, objectIsActivity bool) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is an object")
	}
	if err := c.keys(p, m, contextKeys, "context"); err != nil {
		return err
	}
	if r, ok := m["registration"]; ok {
		if err := checkUUID(join(p, "registration"), r); err != nil {
			return err
		}
	}
	if i, ok := m["instructor"]; ok {
		if err := c.actor(join(p, "instructor"), i); err != nil {
			return err
		}
	}
	if t, ok := m["team"]; ok {
		tm, isObj := t.(map[string]any)
		if !isObj || tm["objectType"] != "Group" {
			return bad(join(p, "team"), "is a Group (objectType Group)")
		}
		if err := c.group(join(p, "team"), tm); err != nil {
			return err
		}
	}
	if ca, ok := m["contextActivities"]; ok {
		if err := c.contextActivities(join(p, "contextActivities"), ca); err != nil {
			return err
		}
	}
	for _, k := range []string{"revision", "platform"} {
		if _, ok := m[k]; !ok {
			continue
		}
		if !objectIsActivity {
			return bad(join(p, k), "is only for statements about an Activity")
		}
		if err := str(join(p, k), m, false); err != nil {
			return err
		}
	}
	if l, ok := m["language"]; ok {
		if s, _ := l.(string); !isLanguageTag(s) {
			return bad(join(p, "language"), "%v is not an RFC 5646 language tag", l)
		}
	}
	if s, ok := m["statement"]; ok {
		sm, isObj := s.(map[string]any)
		if !isObj {
			return bad(join(p, "statement"), "is a StatementRef")
		}
		if err := c.statementRef(join(p, "statement"), sm); err != nil {
			return err
		}
	}
	if e, ok := m["extensions"]; ok {
		if err := extensions(join(p, "extensions"), e); err != nil {
			return err
		}
	}
	if !c.v2 {
		return nil
	}
	if err := c.contextMembers(join(p, "contextAgents"), m["contextAgents"], "contextAgent", "agent", contextAgentKeys); err != nil {
		return err
	}
	return c.contextMembers(join(p, "contextGroups"), m["contextGroups"], "contextGroup", "group", contextGroupKeys)
}

// contextMembers checks xAPI 2.0's contextAgents or contextGroups.
func (c *checker) contextMembers(p string, v any, objectType, key string, allowed map[string]bool) error {
	if v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		return bad(p, "is an array of %s objects", objectType)
	}
	for i, item := range list {
		ip := fmt.Sprintf("%s[%d]", p, i)
		m, ok := item.(map[string]any)
		if !ok {
			return bad(ip, "is a %s object", objectType)
		}
		if err := c.keys(ip, m, allowed, "a "+objectType); err != nil {
			return err
		}
		if m["objectType"] != objectType {
			return bad(join(ip, "objectType"), "is %s", objectType)
		}
		a, ok := m[key].(map[string]any)
		if !ok {
			return bad(join(ip, key), "is required")
		}
		var err error
		if key == "agent" {
			if ot, has := a["objectType"]; has && ot != "Agent" {
				return bad(join(join(ip, key), "objectType"), "is Agent")
			}
			err = c.agent(join(ip, key), a)
		} else {
			if a["objectType"] != "Group" {
				return bad(join(join(ip, key), "objectType"), "is Group")
			}
			err = c.group(join(ip, key), a)
		}
		if err != nil {
			return err
		}
		if rt, has := m["relevantTypes"]; has {
			types, ok := rt.([]any)
			if !ok || len(types) == 0 {
				return bad(join(ip, "relevantTypes"), "is a non-empty array of IRIs")
			}
			for j, t := range types {
				if s, _ := t.(string); !isIRI(s) {
					return bad(fmt.Sprintf("%s[%d]", join(ip, "relevantTypes"), j), "is an IRI")
				}
			}
		}
	}
	return nil
}

func (c *checker) contextActivities(p string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is an object")
	}
	if err := c.keys(p, m, contextActivityKeys, "contextActivities"); err != nil {
		return err
	}
	for k, val := range m {
		kp := join(p, k)
		items, isList := val.([]any)
		if !isList {
			items = []any{val} // a single Activity, as xAPI 1.0.0 allowed
		}
		for i, item := range items {
			ip := kp
			if isList {
				ip = fmt.Sprintf("%s[%d]", kp, i)
			}
			am, ok := item.(map[string]any)
			if !ok {
				return bad(ip, "is an Activity")
			}
			if err := c.activity(ip, am); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *checker) attachment(p string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is an Attachment object")
	}
	if err := c.keys(p, m, attachmentKeys, "an Attachment"); err != nil {
		return err
	}
	for _, k := range []string{"usageType", "display", "contentType", "length", "sha2"} {
		if _, ok := m[k]; !ok {
			return bad(join(p, k), "is required")
		}
	}
	if s, _ := m["usageType"].(string); !isIRI(s) {
		return bad(join(p, "usageType"), "is an IRI")
	}
	if err := langMap(join(p, "display"), m["display"]); err != nil {
		return err
	}
	if d, ok := m["description"]; ok {
		if err := langMap(join(p, "description"), d); err != nil {
			return err
		}
	}
	if s, _ := m["contentType"].(string); !mimeRE.MatchString(s) {
		return bad(join(p, "contentType"), "is an Internet media type")
	}
	n, _ := m["length"].(json.Number)
	if l, err := n.Int64(); err != nil || l < 0 {
		return bad(join(p, "length"), "is a whole number of bytes")
	}
	if s, _ := m["sha2"].(string); !sha2RE.MatchString(s) {
		return bad(join(p, "sha2"), "is the hex SHA-2 of the attachment")
	}
	if u, ok := m["fileUrl"]; ok {
		if s, _ := u.(string); !isIRL(s) {
			return bad(join(p, "fileUrl"), "is an http(s) IRL")
		}
	}
	return nil
}

func checkUUID(p string, v any) error {
	if s, _ := v.(string); !isUUID(s) {
		return bad(p, "%v is not a UUID", v)
	}
	return nil
}

// str checks that m[key] of path p is a string, and present when required.
func str(p string, m map[string]any, required bool) error {
	k := p[strings.LastIndex(p, ".")+1:]
	v, ok := m[k]
	if !ok {
		if required {
			return bad(p, "is required, a string")
		}
		return nil
	}
	if _, isStr := v.(string); !isStr {
		return bad(p, "is a string")
	}
	return nil
}

func langMap(p string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is a language map (an object of language tags to strings)")
	}
	for tag, val := range m {
		if !isLanguageTag(tag) {
			return bad(p, "%q is not an RFC 5646 language tag", tag)
		}
		if _, ok := val.(string); !ok {
			return bad(p+"."+tag, "is a string")
		}
	}
	return nil
}

func extensions(p string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return bad(p, "is an object whose keys are IRIs")
	}
	for k := range m {
		if !isIRI(k) {
			return bad(p, "%q is not an IRI", k)
		}
	}
	return nil
}
