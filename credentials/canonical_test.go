package credentials

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The standard's own vector: 1EdTech's Open Badges 3.0 credential and proof options
// canonicalise byte for byte to its N-Quads.
func TestCanonicalizeVector(t *testing.T) {
	t.Parallel()
	tests := []struct{ input, want string }{
		{"credential.json", "document-canon.txt"},
		{"proof-options.json", "proof-canon.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			t.Parallel()
			got, err := Canonicalize(readJSON(t, tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if want := readText(t, tt.want); got != want {
				t.Errorf("Canonicalize(%s) =\n%s\nwant (%s)\n%s", tt.input, got, tt.want, want)
			}
		})
	}
}

// Go values that marshal to the same JSON canonicalise the same as the generic form.
func TestCanonicalizeTypedValues(t *testing.T) {
	t.Parallel()
	type criteria struct {
		Narrative string `json:"narrative"`
	}
	type achievement struct {
		ID       string   `json:"id"`
		Type     []string `json:"type"`
		Name     string   `json:"name"`
		Criteria criteria `json:"criteria"`
	}
	typed := struct {
		Context []string       `json:"@context"`
		Type    []string       `json:"type"`
		Subject map[string]any `json:"credentialSubject"`
	}{
		Context: []string{ContextCredentialsV2, ContextOpenBadgesV3},
		Type:    []string{"VerifiableCredential", "OpenBadgeCredential"},
		Subject: map[string]any{
			"type":        []string{"AchievementSubject"},
			"achievement": achievement{ID: "https://baeum.example/a/1", Type: []string{"Achievement"}, Name: "Course", Criteria: criteria{"Done."}},
		},
	}
	generic := map[string]any{
		"@context": []any{ContextCredentialsV2, ContextOpenBadgesV3},
		"type":     []any{"VerifiableCredential", "OpenBadgeCredential"},
		"credentialSubject": map[string]any{
			"type": []any{"AchievementSubject"},
			"achievement": map[string]any{"id": "https://baeum.example/a/1", "type": []any{"Achievement"}, "name": "Course",
				"criteria": map[string]any{"narrative": "Done."}},
		},
	}
	a, err := Canonicalize(typed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Canonicalize(generic)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || !strings.Contains(a, `"Done."`) {
		t.Errorf("typed:\n%s\ngeneric:\n%s", a, b)
	}
}

// Safe mode: what the contexts do not define is an error naming it, never dropped.
func TestCanonicalizeRejectsUndefined(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(doc map[string]any)
		want   error
		naming string
	}{
		{"undefined property at the top", func(d map[string]any) { d["favouriteColour"] = "blue" }, ErrUndefinedTerm, "favouriteColour"},
		{"undefined property in the subject", func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["email"] = "lan@example.org"
		}, ErrUndefinedTerm, "credentialSubject.email"},
		{"undefined property in the achievement", func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["grade"] = "A"
		}, ErrUndefinedTerm, "credentialSubject.achievement.grade"},
		{"undefined type", func(d map[string]any) { d["type"] = []any{"VerifiableCredential", "BaeumCertificate"} }, ErrUndefinedTerm, "BaeumCertificate"},
		{"undefined status type", func(d map[string]any) {
			d["credentialStatus"] = map[string]any{"id": "https://baeum.example/s#1", "type": "BaeumCertificateStatus"}
		}, ErrUndefinedTerm, "BaeumCertificateStatus"},
		{"relative id", func(d map[string]any) { d["id"] = "KB25-00042" }, ErrUndefinedTerm, "KB25-00042"},
		{"context not embedded", func(d map[string]any) {
			d["@context"] = []any{ContextCredentialsV2, "https://example.org/my-context.jsonld"}
		}, ErrUnknownDocument, "https://example.org/my-context.jsonld"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := sampleCredential("https://baeum.example/issuer", "https://baeum.example/status/1", 7)
			if _, err := Canonicalize(doc); err != nil {
				t.Fatalf("the sample itself: %v", err)
			}
			tt.change(doc)
			out, err := Canonicalize(doc)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Canonicalize = %v, %v; want %v", out, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.naming) {
				t.Errorf("error %q does not name %q", err, tt.naming)
			}
		})
	}
}

func TestCanonicalizeRejectsNonObjects(t *testing.T) {
	t.Parallel()
	for _, doc := range []any{nil, "a string", []any{map[string]any{}}, func() {}} {
		if _, err := Canonicalize(doc); err == nil {
			t.Errorf("Canonicalize(%T) succeeded", doc)
		}
	}
}

// completeGraph is a document of n blank nodes, each linked to all the others: the
// classic RDFC-1.0 poison graph, whose canonicalisation tries n! orderings.
func completeGraph(n int) map[string]any {
	graph := make([]any, 0, n)
	for i := range n {
		links := make([]any, 0, n-1)
		for j := range n {
			if j != i {
				links = append(links, fmt.Sprintf("_:b%d", j))
			}
		}
		graph = append(graph, map[string]any{"@id": fmt.Sprintf("_:b%d", i), "p": links})
	}
	return map[string]any{
		"@context": map[string]any{"p": map[string]any{"@id": "https://example.org/p", "@type": "@id"}},
		"@graph":   graph,
	}
}

// twinSubjects is the sample credential with two identical subjects, each with n
// identical name identities: only defined terms, and a factorial amount of work.
func twinSubjects(n int) map[string]any {
	subjects := make([]any, 0, 2)
	for range 2 {
		ids := make([]any, 0, n)
		for range n {
			ids = append(ids, map[string]any{"type": "IdentityObject", "identityHash": "Lan", "identityType": "name", "hashed": false})
		}
		subjects = append(subjects, map[string]any{"type": []any{"AchievementSubject"}, "identifier": ids})
	}
	doc := sampleCredential("https://baeum.example/issuer", "https://baeum.example/status/1", 7)
	doc["credentialSubject"] = subjects
	return doc
}

func TestCanonicalizeBoundsWork(t *testing.T) {
	t.Parallel()
	sameEvidence := sampleCredential("https://baeum.example/issuer", "https://baeum.example/status/1", 7)
	ev := map[string]any{"type": []any{"Evidence"}, "name": "Attendance sheet"}
	sameEvidence["evidence"] = []any{ev, ev, ev, ev, ev, ev, ev, ev, ev, ev}
	many := sampleCredential("https://baeum.example/issuer", "https://baeum.example/status/1", 7)
	var evidence []any
	for i := range maxQuads / 2 {
		evidence = append(evidence, map[string]any{"type": []any{"Evidence"}, "name": fmt.Sprint("sheet ", i)})
	}
	many["evidence"] = evidence
	tests := []struct {
		name string
		doc  map[string]any
		want error
	}{
		{"complete graph of 5", completeGraph(5), nil},
		{"complete graph of 7", completeGraph(7), ErrTooComplex},
		{"complete graph of 12", completeGraph(12), ErrTooComplex},
		{"twin subjects with 4 identities", twinSubjects(4), nil},
		{"twin subjects with 9 identities", twinSubjects(9), ErrTooComplex},
		{"ten identical evidence entries", sameEvidence, nil},
		{"too many statements", many, ErrTooComplex},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := Canonicalize(tt.doc)
			if !errors.Is(err, tt.want) || (err != nil) != (tt.want != nil) {
				t.Fatalf("Canonicalize = %v, want %v", err, tt.want)
			}
			if tt.want == nil && strings.Count(out, "\n") < 3 {
				t.Errorf("Canonicalize = %q", out)
			}
		})
	}
}
