package lrs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

var keyAuthority = map[string]any{"objectType": "Agent", "name": "LRS key 1",
	"account": map[string]any{"homePage": "https://baeum.example.org", "name": "lrs-key-1"}}

func statements(t *testing.T, docs ...string) []map[string]any {
	t.Helper()
	out, err := ParseStatements([]byte("["+strings.Join(docs, ",")+"]"), false)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func minimal(verb, object string) string {
	return fmt.Sprintf(`{"actor":{"mbox":"mailto:learner@example.la"},"verb":{"id":%q},"object":{"id":%q}}`, verb, object)
}

func read(t *testing.T, s *Store, id string, voided bool) map[string]any {
	t.Helper()
	doc, _, err := s.Statement(context.Background(), id, voided)
	if err != nil {
		t.Fatalf("statement %s (voided %v): %v", id, voided, err)
	}
	return parse(t, string(doc))
}

func count(t *testing.T, db *store.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveAndRead(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := NewStore(db)
		fixed := time.Date(2027, 3, 4, 5, 6, 7, 891_234_567, time.UTC)
		s.now = func() time.Time { return fixed }
		ids, err := s.Save(ctx, statements(t, full, minimal("http://adlnet.gov/expapi/verbs/experienced", "http://example.org/a")), keyAuthority, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 2 || ids[0] != "fd41c918-b88b-4b20-a0a5-a4c32391aaa0" || !isUUID(ids[1]) {
			t.Fatalf("ids %v", ids)
		}
		got := read(t, s, ids[0], false)
		if got["stored"] != "2027-03-04T05:06:07.891Z" || got["version"] != "1.0.3" || got["timestamp"] != "2027-03-04T05:06:07.123+07:00" {
			t.Errorf("stored %v version %v timestamp %v", got["stored"], got["version"], got["timestamp"])
		}
		if a := got["authority"].(map[string]any)["account"].(map[string]any)["name"]; a != "lrs-key-1" {
			t.Errorf("authority %v, want the key's (the LRS sets it)", got["authority"])
		}
		score := got["result"].(map[string]any)["score"].(map[string]any)
		if score["raw"] != json.Number("7.5") || score["scaled"] != json.Number("0.75") {
			t.Errorf("score %v", score)
		}
		ca := got["context"].(map[string]any)["contextActivities"].(map[string]any)
		if g, ok := ca["grouping"].([]any); !ok || len(g) != 1 {
			t.Errorf("a single grouping activity comes back as %v, want an array", ca["grouping"])
		}
		second := read(t, s, ids[1], false)
		if second["version"] != "1.0.0" || second["timestamp"] != second["stored"] || second["id"] != ids[1] {
			t.Errorf("filled in: %v", second)
		}
		// The agents and activities a statement names are indexed.
		if n := count(t, db, "xapi_statement_agents"); n != 6 {
			// full: actor, instructor, team member (team itself is anonymous), authority; minimal: actor, authority.
			t.Errorf("%d agent rows", n)
		}
		if n := count(t, db, "xapi_statement_activities"); n != 5 {
			// full: object, parent, grouping, category; minimal: object.
			t.Errorf("%d activity rows", n)
		}
		if _, _, err := s.Statement(ctx, "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", false); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown id: %v", err)
		}
		if _, _, err := s.Statement(ctx, ids[0], true); !errors.Is(err, ErrNotFound) {
			t.Errorf("not voided, asked as voided: %v", err)
		}
	})
}

// A statement sent again is the same statement whatever the LRS set in it
// or how its case and precision differ; with other content it is a
// conflict, and nothing of its batch is stored.
func TestSaveSameIDAgain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := NewStore(db)
		if _, err := s.Save(ctx, statements(t, full), keyAuthority, false); err != nil {
			t.Fatal(err)
		}
		before := read(t, s, "fd41c918-b88b-4b20-a0a5-a4c32391aaa0", false)
		same := edit(t, edit(t, edit(t, full, "id", `"FD41C918-B88B-4B20-A0A5-A4C32391AAA0"`), "stored", `"2030-01-01T00:00:00Z"`),
			"timestamp", `"2027-03-03T22:06:07.1230Z"`)
		same = edit(t, edit(t, same, "actor.mbox", `"mailto:Souphanh@Example.LA"`), "context.contextActivities.grouping", `[{"id":"https://baeum.example.org/xapi/activities/programme/1"}]`)
		same = edit(t, same, "version", "-")
		ids, err := s.Save(ctx, statements(t, same), nil, false)
		if err != nil {
			t.Fatalf("the same statement again: %v", err)
		}
		if ids[0] != "fd41c918-b88b-4b20-a0a5-a4c32391aaa0" {
			t.Errorf("id %s", ids[0])
		}
		if after := read(t, s, ids[0], false); after["stored"] != before["stored"] {
			t.Errorf("stored changed: %v → %v", before["stored"], after["stored"])
		}

		other := edit(t, full, "verb.id", `"http://adlnet.gov/expapi/verbs/passed"`)
		fresh := minimal("http://adlnet.gov/expapi/verbs/experienced", "http://example.org/new")
		_, err = s.Save(ctx, statements(t, fresh, other), keyAuthority, false)
		var c *Conflict
		if !errors.As(err, &c) || c.ID != "fd41c918-b88b-4b20-a0a5-a4c32391aaa0" {
			t.Fatalf("other content under a stored id: %v", err)
		}
		if n := count(t, db, "xapi_statements"); n != 1 {
			t.Errorf("%d statements after a refused batch, want 1", n)
		}
		if got := read(t, s, c.ID, false); got["verb"].(map[string]any)["id"] != "http://adlnet.gov/expapi/verbs/answered" {
			t.Error("the stored statement changed")
		}

		_, err = s.Save(ctx, statements(t, fresh, edit(t, fresh, "id", `"ec531277-b57b-4c15-8d91-d292c5b2b8f7"`), edit(t, fresh, "id", `"EC531277-B57B-4C15-8D91-D292C5B2B8F7"`)), nil, false)
		var inv *Invalid
		if !errors.As(err, &inv) || inv.Path != "[2].id" {
			t.Errorf("one id twice in a batch: %v", err)
		}
	})
}

func TestVoiding(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := NewStore(db)
		target := edit(t, minimal("http://adlnet.gov/expapi/verbs/completed", "http://example.org/a"), "id", `"11111111-1111-4111-8111-111111111111"`)
		voiding := `{"id":"22222222-2222-4222-8222-222222222222","actor":{"mbox":"mailto:admin@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"11111111-1111-4111-8111-111111111111"}}`
		if _, err := s.Save(ctx, statements(t, target), nil, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Save(ctx, statements(t, voiding), nil, false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Statement(ctx, "11111111-1111-4111-8111-111111111111", false); !errors.Is(err, ErrNotFound) {
			t.Errorf("voided statement by statementId: %v", err)
		}
		read(t, s, "11111111-1111-4111-8111-111111111111", true)

		// A voiding statement cannot be voided: the attempt is stored and
		// changes nothing.
		revoid := strings.NewReplacer("22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333",
			"11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222").Replace(voiding)
		if _, err := s.Save(ctx, statements(t, revoid), nil, false); err != nil {
			t.Fatal(err)
		}
		read(t, s, "22222222-2222-4222-8222-222222222222", false)
		read(t, s, "33333333-3333-4333-8333-333333333333", false)

		// A voiding statement that comes before its target voids it when
		// it arrives.
		early := strings.NewReplacer("22222222-2222-4222-8222-222222222222", "44444444-4444-4444-8444-444444444444",
			"11111111-1111-4111-8111-111111111111", "55555555-5555-4555-8555-555555555555").Replace(voiding)
		if _, err := s.Save(ctx, statements(t, early), nil, false); err != nil {
			t.Fatalf("voiding an unknown statement is accepted: %v", err)
		}
		late := edit(t, minimal("http://adlnet.gov/expapi/verbs/passed", "http://example.org/b"), "id", `"55555555-5555-4555-8555-555555555555"`)
		if _, err := s.Save(ctx, statements(t, late), nil, false); err != nil {
			t.Fatal(err)
		}
		read(t, s, "55555555-5555-4555-8555-555555555555", true)
	})
}

// Many requests storing the same statement at once store it once, and
// none of them fails.
func TestSaveConcurrentSameID(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := NewStore(db)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := ParseStatements([]byte(full), false)
				if err != nil {
					errs <- err
					return
				}
				_, err = s.Save(context.Background(), st, keyAuthority, false)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent save: %v", err)
			}
		}
		if n := count(t, db, "xapi_statements"); n != 1 {
			t.Errorf("%d rows, want 1", n)
		}
	})
}

// BenchmarkSaveBatch1000 stores a batch of 1,000 statements (the issue
// asks for under a second) on each database.
//
//	go test ./lrs -run '^$' -bench SaveBatch1000 -benchtime 5x
func BenchmarkSaveBatch1000(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			s := NewStore(storetest.New(b, d))
			for b.Loop() {
				docs := make([]string, 1000)
				for i := range docs {
					docs[i] = strings.Replace(full, `"id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",`, "", 1)
					docs[i] = strings.Replace(docs[i], "souphanh@example.la", fmt.Sprintf("learner%d@example.la", i), 1)
				}
				st, err := ParseStatements([]byte("["+strings.Join(docs, ",")+"]"), false)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Save(context.Background(), st, keyAuthority, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
