package lrs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestDocuments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := NewStore(db)
		clock := time.Date(2027, 6, 1, 8, 0, 0, 0, time.UTC)
		s.now = func() time.Time { clock = clock.Add(time.Second); return clock }
		agent := AgentKey(map[string]any{"mbox": "mailto:a@example.la"})
		k := DocKey{Kind: KindState, Activity: "http://example.org/au/1", Agent: agent, Registration: "ec531277-b57b-4c15-8d91-d292c5b2b8f7", ID: "LMS.LaunchData"}
		if err := s.PutDocument(ctx, k, "application/json", []byte(`{"launchMode":"Normal","moveOn":"Passed"}`), false, Precondition{}); err != nil {
			t.Fatal(err)
		}
		first := clock
		if err := s.PutDocument(ctx, k, "application/json", []byte(`{"moveOn":"Completed","masteryScore":0.8}`), true, Precondition{}); err != nil {
			t.Fatal(err)
		}
		doc, err := s.Document(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if string(doc.Content) != `{"launchMode":"Normal","masteryScore":0.8,"moveOn":"Completed"}` || doc.ETag != etagOf(doc.Content) {
			t.Errorf("merged: %s %s", doc.Content, doc.ETag)
		}
		// Merging into or with something that is not a JSON object is refused.
		other := k
		other.ID = "bookmark"
		if err := s.PutDocument(ctx, other, "text/plain", []byte("page 4"), false, Precondition{}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutDocument(ctx, other, "application/json", []byte(`{"a":1}`), true, Precondition{}); !errors.Is(err, ErrNotJSONObject) {
			t.Errorf("merge into text: %v", err)
		}
		if err := s.PutDocument(ctx, k, "application/json", []byte(`[1]`), true, Precondition{}); !errors.Is(err, ErrNotJSONObject) {
			t.Errorf("merge an array: %v", err)
		}
		list := k
		list.ID = ""
		if ids, err := s.DocumentIDs(ctx, list, time.Time{}); err != nil || len(ids) != 2 || ids[0] != "LMS.LaunchData" {
			t.Errorf("ids %v %v", ids, err)
		}
		if ids, _ := s.DocumentIDs(ctx, list, first); len(ids) != 2 {
			t.Errorf("since the first write: %v", ids)
		}
		if ids, _ := s.DocumentIDs(ctx, list, clock); len(ids) != 0 {
			t.Errorf("since the last write: %v", ids)
		}

		// Preconditions.
		p := DocKey{Kind: KindActivityProfile, Activity: "http://example.org/au/1", ID: "p"}
		if err := s.PutDocument(ctx, p, "application/json", []byte(`{"v":1}`), false, Precondition{Required: true}); !errors.Is(err, ErrNoPrecondition) {
			t.Fatalf("a new profile without a precondition: %v", err)
		}
		if err := s.PutDocument(ctx, p, "application/json", []byte(`{"v":1}`), false, Precondition{IfNoneMatch: "*", Required: true}); err != nil {
			t.Fatalf("a new profile with If-None-Match *: %v", err)
		}
		// A POST makes a document of anything; merging needs JSON objects.
		q := DocKey{Kind: KindState, Activity: "http://example.org/au/1", Agent: agent, ID: "plain"}
		if err := s.PutDocument(ctx, q, "application/x-www-form-urlencoded", []byte(`1`), true, Precondition{}); err != nil {
			t.Fatalf("POST of a non-JSON new document: %v", err)
		}
		if err := s.PutDocument(ctx, q, "application/json", []byte(`{"a":1}`), true, Precondition{}); !errors.Is(err, ErrNotJSONObject) {
			t.Errorf("merging into a non-JSON document: %v", err)
		}
		if err := s.PutDocument(ctx, q, "application/json", []byte(`[1]`), true, Precondition{}); !errors.Is(err, ErrNotJSONObject) {
			t.Errorf("POST of declared JSON that is no object: %v", err)
		}
		if err := s.PutDocument(ctx, p, "application/json", []byte(`{"v":2}`), false, Precondition{Required: true}); !errors.Is(err, ErrNeedPrecondition) {
			t.Errorf("overwrite without a precondition: %v", err)
		}
		if err := s.PutDocument(ctx, p, "application/json", []byte(`{"v":2}`), false, Precondition{IfNoneMatch: "*", Required: true}); !errors.Is(err, ErrPrecondition) {
			t.Errorf("If-None-Match * on an existing document: %v", err)
		}
		if err := s.PutDocument(ctx, p, "application/json", []byte(`{"v":2}`), false, Precondition{IfMatch: `"0000"`, Required: true}); !errors.Is(err, ErrPrecondition) {
			t.Errorf("a stale If-Match: %v", err)
		}
		if err := s.PutDocument(ctx, p, "application/json", []byte(`{"v":2}`), false, Precondition{IfMatch: etagOf([]byte(`{"v":1}`)), Required: true}); err != nil {
			t.Errorf("the right If-Match: %v", err)
		}
		if err := s.DeleteDocuments(ctx, p, Precondition{IfMatch: etagOf([]byte(`{"v":1}`))}); !errors.Is(err, ErrPrecondition) {
			t.Errorf("delete with a stale If-Match: %v", err)
		}
		if err := s.DeleteDocuments(ctx, list, Precondition{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Document(ctx, k); !errors.Is(err, ErrNotFound) {
			t.Errorf("after deleting every state: %v", err)
		}
		if _, err := s.Document(ctx, p); err != nil {
			t.Errorf("the profile went with the state: %v", err)
		}
	})
}

// Writers that create one document at once make it once, and none fails.
func TestDocumentConcurrentCreate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := NewStore(db)
		k := DocKey{Kind: KindAgentProfile, Agent: AgentKey(map[string]any{"mbox": "mailto:a@example.la"}), ID: "prefs"}
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.PutDocument(context.Background(), k, "application/json", []byte(`{"lang":"lo"}`), true, Precondition{})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		var n int64
		if err := db.Gorm.Table("xapi_documents").Count(&n).Error; err != nil || n != 1 {
			t.Errorf("%d documents (%v)", n, err)
		}
	})
}
