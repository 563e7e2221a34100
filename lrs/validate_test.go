package lrs

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// full is a statement that uses every part of the data model.
const full = `{
  "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
  "actor": {"objectType": "Agent", "name": "Souphanh Vongsa", "mbox": "mailto:souphanh@example.la"},
  "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered", "lo": "ຕອບ", "zh-Hant": "回答"}},
  "object": {
    "objectType": "Activity",
    "id": "https://baeum.example.org/xapi/activities/quiz/7/q/1",
    "definition": {
      "name": {"en": "Which village first?"},
      "description": {"ko": "어느 마을이 먼저입니까?"},
      "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
      "moreInfo": "https://baeum.example.org/courses/7",
      "interactionType": "choice",
      "correctResponsesPattern": ["a[,]b"],
      "choices": [{"id": "a", "description": {"en": "Ganghwa"}}, {"id": "b", "description": {"sr-Latn-RS": "Jedan"}}],
      "extensions": {"https://baeum.example.org/xapi/ext/lesson": 12}
    }
  },
  "result": {
    "score": {"scaled": 0.75, "raw": 7.5, "min": 0, "max": 10},
    "success": true, "completion": true, "response": "a[,]b", "duration": "PT1H2M3.5S",
    "extensions": {"https://baeum.example.org/xapi/ext/attempt": null}
  },
  "context": {
    "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
    "instructor": {"name": "Kim", "account": {"homePage": "https://baeum.example.org", "name": "42"}},
    "team": {"objectType": "Group", "name": "Cohort LA-2027", "member": [{"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}]},
    "contextActivities": {
      "parent": [{"id": "https://baeum.example.org/xapi/activities/course/7"}],
      "grouping": {"id": "https://baeum.example.org/xapi/activities/programme/1"},
      "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5", "objectType": "Activity"}]
    },
    "revision": "3", "platform": "Baeum", "language": "lo-LA",
    "statement": {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"},
    "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s-1"}
  },
  "timestamp": "2027-03-04T05:06:07.123+07:00",
  "stored": "2027-03-04T05:06:08Z",
  "authority": {"objectType": "Agent", "account": {"homePage": "https://baeum.example.org", "name": "lrs-key-1"}},
  "version": "1.0.3",
  "attachments": [{
    "usageType": "http://adlnet.gov/expapi/attachments/signature",
    "display": {"es": "Firma"}, "description": {"es-419": "Firma del enunciado"},
    "contentType": "application/octet-stream", "length": 4235,
    "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634"
  }]
}`

func parse(t *testing.T, doc string) map[string]any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(doc))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// edit returns a copy of doc with the value at path set to raw JSON (or,
// with raw "-", removed). A path is dotted, with [i] for array items.
func edit(t *testing.T, doc, path, raw string) string {
	t.Helper()
	m := parse(t, doc)
	var cur any = m
	parts := strings.Split(path, ".")
	for i, part := range parts {
		name, idx := part, -1
		if j := strings.Index(part, "["); j >= 0 {
			name = part[:j]
			idx, _ = strconv.Atoi(strings.Trim(part[j:], "[]"))
		}
		last := i == len(parts)-1
		obj := cur.(map[string]any)
		if last && idx >= 0 {
			var v any
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				t.Fatalf("%s: %v", raw, err)
			}
			obj[name].([]any)[idx] = v
			break
		}
		if last {
			if raw == "-" {
				delete(obj, name)
			} else {
				var v any
				d := json.NewDecoder(strings.NewReader(raw))
				d.UseNumber()
				if err := d.Decode(&v); err != nil {
					t.Fatalf("%s: %v", raw, err)
				}
				obj[name] = v
			}
			break
		}
		cur = obj[name]
		if idx >= 0 {
			cur = cur.([]any)[idx]
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestValidStatements(t *testing.T) {
	cases := map[string]string{
		"every part":           full,
		"minimal":              `{"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"http://example.org/a"}}`,
		"group actor with IFI": edit(t, full, "actor", `{"objectType":"Group","openid":"http://openid.example.org/team"}`),
		"anonymous group":      edit(t, full, "actor", `{"objectType":"Group","member":[{"mbox":"mailto:a@example.org"},{"objectType":"Agent","openid":"http://x.example.org/b"}]}`),
		"agent object":         edit(t, edit(t, full, "object", `{"objectType":"Agent","mbox":"mailto:b@example.org"}`), "context", `{"registration":"ec531277-b57b-4c15-8d91-d292c5b2b8f7"}`),
		"statement ref":        edit(t, edit(t, full, "object", `{"objectType":"StatementRef","id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}`), "context", `{}`),
		"voiding":              edit(t, edit(t, edit(t, full, "object", `{"objectType":"StatementRef","id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}`), "context", "-"), "verb", `{"id":"http://adlnet.gov/expapi/verbs/voided"}`),
		"substatement": edit(t, edit(t, full, "context", `{"language":"ko"}`), "object", `{"objectType":"SubStatement","actor":{"mbox":"mailto:s@example.org"},
			"verb":{"id":"http://example.org/v","display":{"sr-Cyrl":"реч"}},"object":{"id":"http://example.org/o","definition":{"name":{"zh-Hans-CN":"名"},"description":{"ase":"x"}}},
			"context":{"language":"fr-CA","extensions":{}},"result":{"extensions":{}},"timestamp":"2027-01-01T00:00:00Z"}`),
		"empty extensions":         edit(t, full, "object.definition.extensions", `{}`),
		"timestamp without zone":   edit(t, full, "timestamp", `"2027-03-04T05:06:07"`),
		"timestamp minutes only":   edit(t, full, "timestamp", `"2027-03-04T05:06+0530"`),
		"context language cmn":     edit(t, full, "context.language", `"cmn"`),
		"language grandfathered":   edit(t, full, "context.language", `"i-klingon"`),
		"language private use":     edit(t, full, "context.language", `"x-baeum"`),
		"language with extension":  edit(t, full, "context.language", `"de-DE-u-co-phonebk"`),
		"version 1.0":              edit(t, full, "version", `"1.0"`),
		"single contextActivities": edit(t, full, "context.contextActivities.parent", `{"id":"http://example.org/p"}`),
		"duration weeks":           edit(t, full, "result.duration", `"P3W"`),
		"duration date":            edit(t, full, "result.duration", `"P1Y2M3DT4H"`),
		"score without bounds":     edit(t, full, "result.score", `{"raw":-12.5}`),
		"likert scale":             edit(t, edit(t, full, "object.definition.interactionType", `"likert"`), "object.definition.choices", "-"),
		"urn activity id":          edit(t, full, "object.id", `"urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0"`),
		"unicode IRI":              edit(t, full, "verb.id", `"http://예시.kr/동사/완료"`),
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			if err := ValidateStatement(parse(t, doc), false); err != nil {
				t.Errorf("refused: %v\n%s", err, doc)
			}
		})
	}
	if _, err := ParseStatements([]byte("["+full+","+cases["minimal"]+"]"), false); err != nil {
		t.Errorf("batch refused: %v", err)
	}
}

func TestInvalidStatements(t *testing.T) {
	for _, tc := range []struct{ name, path, value, at string }{
		{"no actor", "actor", "-", "actor"},
		{"no verb", "verb", "-", "verb"},
		{"no object", "object", "-", "object"},
		{"null actor", "actor", "null", "actor"},
		{"null context", "context", "null", "context"},
		{"null name", "actor.name", "null", "actor.name"},
		{"numeric id", "id", "12345", "id"},
		{"object id", "id", `{"key":"should fail"}`, "id"},
		{"UUID too long", "id", `"AA97B177-9383-4934-8543-0F91A7A028368"`, "id"},
		{"UUID non-hex", "id", `"MA97B177-9383-4934-8543-0F91A7A02836"`, "id"},
		{"empty id", "id", `""`, "id"},
		{"unknown property", "foo", `"bar"`, "foo"},
		{"key case", "Actor", `{"mbox":"mailto:a@example.org"}`, "Actor"},
		{"agent two IFIs", "actor.openid", `"http://openid.example.org/x"`, "actor"},
		{"agent no IFI", "actor.mbox", "-", "actor"},
		{"mbox without mailto", "actor.mbox", `"souphanh@example.la"`, "actor.mbox"},
		{"mbox empty", "actor.mbox", `""`, "actor.mbox"},
		{"account name numeric", "context.instructor.account.name", "42", "context.instructor.account.name"},
		{"account without homePage", "context.instructor.account.homePage", "-", "context.instructor.account.homePage"},
		{"account homePage not IRL", "context.instructor.account.homePage", `"baeum"`, "context.instructor.account.homePage"},
		{"account extra key", "context.instructor.account.id", `"x"`, "context.instructor.account.id"},
		{"sha1 short", "context.team.member[0].mbox_sha1sum", `"ebd31e95"`, "context.team.member[0].mbox_sha1sum"},
		{"objectType case", "actor.objectType", `"agent"`, "actor.objectType"},
		{"group member group", "context.team.member[0]", `{"objectType":"Group","mbox":"mailto:g@example.org"}`, "context.team.member[0].objectType"},
		{"anonymous group no members", "context.team.member", `[]`, "context.team.member"},
		{"team is agent", "context.team", `{"mbox":"mailto:a@example.org"}`, "context.team"},
		{"verb id not IRI", "verb.id", `"should fail"`, "verb.id"},
		{"verb display language", "verb.display", `{"xxxxxxxxxxxxxxx":"x"}`, "verb.display"},
		{"verb display value", "verb.display", `{"en":1}`, "verb.display.en"},
		{"activity id missing", "object.id", "-", "object.id"},
		{"interactionType case", "object.definition.interactionType", `"choiCe"`, "object.definition.interactionType"},
		{"interactionType Other", "object.definition.interactionType", `"Other"`, "object.definition.interactionType"},
		{"choices with likert", "object.definition.interactionType", `"likert"`, "object.definition.choices"},
		{"duplicate component id", "object.definition.choices[1].id", `"a"`, "object.definition.choices[1].id"},
		{"moreInfo not IRL", "object.definition.moreInfo", `"urn:x:y"`, "object.definition.moreInfo"},
		{"extension key not IRI", "object.definition.extensions", `{"lesson":1}`, "object.definition.extensions"},
		{"language bad", "object.definition.name", `{"zh-z-aaa-z-bbb-c-ccc":"x"}`, "object.definition.name"},
		{"language repeated variant", "object.definition.name", `{"sl-rozaj-rozaj":"x"}`, "object.definition.name"},
		{"scaled above 1", "result.score.scaled", "1.5", "result.score.scaled"},
		{"raw above max", "result.score.raw", "11", "result.score.raw"},
		{"min above max", "result.score.min", "20", "result.score.max"},
		{"score as string", "result.score.raw", `"7"`, "result.score.raw"},
		{"success as string", "result.success", `"true"`, "result.success"},
		{"completion as number", "result.completion", "1", "result.completion"},
		{"duration bad", "result.duration", `"1 hour"`, "result.duration"},
		{"duration empty time", "result.duration", `"PT"`, "result.duration"},
		{"registration not UUID", "context.registration", `"abc"`, "context.registration"},
		{"context language bad", "context.language", `"en-"`, "context.language"},
		{"context statement not ref", "context.statement.objectType", `"Activity"`, "context.statement.objectType"},
		{"contextActivities unknown", "context.contextActivities.sibling", `[{"id":"http://example.org/s"}]`, "context.contextActivities.sibling"},
		{"contextActivities not activity", "context.contextActivities.parent", `[{"objectType":"Agent","mbox":"mailto:a@example.org"}]`, "context.contextActivities.parent[0].objectType"},
		{"timestamp slashes", "timestamp", `"01/011/2015"`, "timestamp"},
		{"timestamp -00:00", "timestamp", `"2027-03-04T05:06:07-00:00"`, "timestamp"},
		{"timestamp month 13", "timestamp", `"2027-13-04T05:06:07Z"`, "timestamp"},
		{"timestamp date only", "timestamp", `"2027-03-04"`, "timestamp"},
		{"stored number", "stored", "20270304", "stored"},
		{"version 0.95", "version", `"0.95"`, "version"},
		{"version 2.0.0 under 1.0.3", "version", `"2.0.0"`, "version"},
		{"version number", "version", "1.0", "version"},
		{"attachments not array", "attachments", `{}`, "attachments"},
		{"attachment without sha2", "attachments[0].sha2", "-", "attachments[0].sha2"},
		{"attachment length text", "attachments[0].length", `"4235"`, "attachments[0].length"},
		{"attachment length fraction", "attachments[0].length", `42.5`, "attachments[0].length"},
		{"attachment contentType", "attachments[0].contentType", `"binary"`, "attachments[0].contentType"},
		{"attachment display missing", "attachments[0].display", "-", "attachments[0].display"},
		{"authority no IFI", "authority.account", "-", "authority"},
		{"authority identified group", "authority", `{"objectType":"Group","mbox":"mailto:g@example.org","member":[{"mbox":"mailto:a@example.org"},{"mbox":"mailto:b@example.org"}]}`, "authority"},
		{"authority group of three", "authority", `{"objectType":"Group","member":[{"mbox":"mailto:a@example.org"},{"mbox":"mailto:b@example.org"},{"mbox":"mailto:c@example.org"}]}`, "authority.member"},
		{"openid scheme", "actor", `{"openid":"ab=c://should.fail.com"}`, "actor.openid"},
		{"mbox without at", "actor.mbox", `"mailto:should.fail.com"`, "actor.mbox"},
		{"duration weeks and days", "result.duration", `"P4W1D"`, "result.duration"},
		{"language nine letters", "context.language", `"something"`, "context.language"},
		{"language one letter", "verb.display", `{"a-DE":"x"}`, "verb.display"},
		{"extension key without scheme", "context.extensions", `{"not.valid.com/extension":1}`, "context.extensions"},
		{"version 1.1.0", "version", `"1.1.0"`, "version"},
		{"scaled just below -1", "result.score.scaled", "-1.00001", "result.score.scaled"},
		{"revision with statement ref", "object", `{"objectType":"StatementRef","id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}`, "context.revision"},
		{"substatement with id", "object", `{"objectType":"SubStatement","id":"fd41c918-b88b-4b20-a0a5-a4c32391aaa0","actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://example.org/v"},"object":{"id":"http://example.org/o"}}`, "object.id"},
		{"substatement with stored", "object", `{"objectType":"SubStatement","stored":"2027-01-01T00:00:00Z","actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://example.org/v"},"object":{"id":"http://example.org/o"}}`, "object.stored"},
		{"nested substatement", "object", `{"objectType":"SubStatement","actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://example.org/v"},"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://example.org/v"},"object":{"id":"http://example.org/o"}}}`, "object.object.objectType"},
		{"substatement null", "object", `{"objectType":"SubStatement","actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://example.org/v"},"object":{"id":"http://example.org/o"},"context":null}`, "object.context"},
		{"statement ref without id", "object", `{"objectType":"StatementRef"}`, "object.id"},
		{"unknown objectType", "object.objectType", `"Thing"`, "object.objectType"},
		{"revision with agent object", "object", `{"objectType":"Agent","mbox":"mailto:b@example.org"}`, "context.revision"},
		{"voiding an activity", "verb.id", `"http://adlnet.gov/expapi/verbs/voided"`, "object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := edit(t, full, tc.path, tc.value)
			err := ValidateStatement(parse(t, doc), false)
			var inv *Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("accepted (%v):\n%s", err, doc)
			}
			if inv.Path != tc.at {
				t.Errorf("refused at %q (%s), want %q", inv.Path, inv.Reason, tc.at)
			}
		})
	}
}

// xAPI 2.0 adds contextAgents and contextGroups and its own version.
func TestVersion2(t *testing.T) {
	doc := edit(t, edit(t, full, "version", `"2.0.0"`), "context.contextAgents",
		`[{"objectType":"contextAgent","agent":{"mbox":"mailto:i@example.org"},"relevantTypes":["https://example.org/types/instructor"]}]`)
	doc = edit(t, doc, "context.contextGroups", `[{"objectType":"contextGroup","group":{"objectType":"Group","member":[{"mbox":"mailto:m@example.org"}]}}]`)
	if err := ValidateStatement(parse(t, doc), true); err != nil {
		t.Fatalf("2.0 statement refused: %v", err)
	}
	if err := ValidateStatement(parse(t, doc), false); err == nil {
		t.Error("2.0 statement accepted as 1.0.3")
	}
	for _, tc := range []struct{ path, value string }{
		{"context.contextAgents[0].objectType", `"Agent"`},
		{"context.contextAgents[0].relevantTypes", `[]`},
		{"context.contextAgents[0].agent", `{"objectType":"Group","mbox":"mailto:g@example.org"}`},
		{"context.contextGroups[0].group", `{"mbox":"mailto:g@example.org"}`},
	} {
		if err := ValidateStatement(parse(t, edit(t, doc, tc.path, tc.value)), true); err == nil {
			t.Errorf("%s = %s accepted", tc.path, tc.value)
		}
	}
}

func TestParseStatements(t *testing.T) {
	for _, body := range []string{``, `nope`, `"a"`, `[1]`, full + full, `{"actor":`} {
		if _, err := ParseStatements([]byte(body), false); err == nil {
			t.Errorf("%.40q accepted", body)
		}
	}
	_, err := ParseStatements([]byte("["+full+","+edit(t, full, "verb.id", `"x"`)+"]"), false)
	var inv *Invalid
	if !errors.As(err, &inv) || inv.Path != "[1].verb.id" {
		t.Errorf("second of a batch: %v", err)
	}
	got, err := ParseStatements([]byte(full), false)
	if err != nil || len(got) != 1 {
		t.Fatal(err)
	}
	if raw := got[0]["result"].(map[string]any)["score"].(map[string]any)["raw"]; raw != json.Number("7.5") {
		t.Errorf("raw score kept as %v (%T)", raw, raw)
	}
}

func TestParseTimestamp(t *testing.T) {
	for in, want := range map[string]string{
		"2027-03-04T05:06:07.123+07:00": "2027-03-03T22:06:07.123Z",
		"2027-03-04T05:06:07Z":          "2027-03-04T05:06:07Z",
		"2027-03-04T05:06:07":           "2027-03-04T05:06:07Z",
		"2027-03-04T05:06+05":           "2027-03-04T00:06:00Z",
		"2027-03-04T05:06:07.5-0330":    "2027-03-04T08:36:07.5Z",
	} {
		got, ok := ParseTimestamp(in)
		if !ok || got.UTC().Format("2006-01-02T15:04:05.999999999Z07:00") != want {
			t.Errorf("%s: %v %v, want %s", in, got.UTC(), ok, want)
		}
	}
}

// FuzzValidateStatement: any JSON either passes or is refused with a path
// and reason; nothing panics.
func FuzzValidateStatement(f *testing.F) {
	f.Add([]byte(full))
	f.Add([]byte(`[{"actor":{"objectType":"Group"},"verb":{},"object":{"objectType":"SubStatement"}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseStatements(data, true)
		var inv *Invalid
		if err != nil && !errors.As(err, &inv) {
			t.Fatalf("not an *Invalid: %v", err)
		}
	})
}

// FuzzParseMultipart: whatever the body, the multipart reader answers
// statements and parts whose hashes hold, or an *Invalid.
func FuzzParseMultipart(f *testing.F) {
	f.Add([]byte("--b\r\nContent-Type: application/json\r\n\r\n[]\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\r\n\r\nhello\r\n--b--\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, parts, err := ParseMultipart(body, "b")
		var inv *Invalid
		if err != nil {
			if !errors.As(err, &inv) {
				t.Fatalf("not an *Invalid: %v", err)
			}
			return
		}
		for sha, p := range parts {
			if sha2Hex(p.Content, sha) != sha {
				t.Fatalf("part %s does not have its hash", sha)
			}
		}
	})
}
