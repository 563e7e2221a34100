package credentials

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// ErrUndefinedTerm is returned (wrapped) by Canonicalize when the document uses a term,
// a type or an identifier that its contexts do not turn into an absolute IRI. A
// non-strict JSON-LD processor would leave such data out of the canonical form, so it
// would be carried by the document without being signed; verifiers in safe mode reject
// it, and so does Canonicalize.
var ErrUndefinedTerm = errors.New("term not defined by the document's contexts")

// Canonicalize returns the RDF Dataset Canonicalization (RDFC-1.0, the URDNA2015
// algorithm) of a JSON-LD document as N-Quads, one quad per line, each ending in "\n".
//
// Contexts are loaded with Loader only. Processing is in safe mode: a property that does
// not expand to an absolute IRI, or an @id or @type value that stays a relative
// reference, is an error wrapping ErrUndefinedTerm instead of being dropped. The
// document is read as JSON (it goes through encoding/json first), so it may hold any
// value that encoding/json can marshal. A document whose graph would make RDFC-1.0 run
// for long is refused with ErrTooComplex.
//
// To name an undefined property in its error, Canonicalize expands the document again
// once per property: meant for Baeum's own documents. Verify, which reads documents from
// anywhere, does not do that.
func Canonicalize(doc any) (string, error) {
	input, err := jsonValue(doc)
	if err != nil {
		return "", fmt.Errorf("credentials: canonicalize: %w", err)
	}
	return canonicalize(input, true)
}

// canonicalize is Canonicalize of a document in generic JSON form; diagnose names the
// undefined property, at the cost of an expansion per property of the document.
func canonicalize(input any, diagnose bool) (string, error) {
	opts := jsonLDOptions(true)
	expanded, err := ld.NewJsonLdProcessor().Expand(input, opts)
	if err != nil {
		if isInvalidProperty(err) {
			which := ""
			if diagnose {
				which = findUndefinedTerm(input)
			}
			return "", fmt.Errorf("credentials: canonicalize: %w%s", ErrUndefinedTerm, which)
		}
		return "", fmt.Errorf("credentials: canonicalize: expand: %w", err)
	}
	if err := checkAbsolute(expanded, ""); err != nil {
		return "", fmt.Errorf("credentials: canonicalize: %w", err)
	}
	api := ld.NewJsonLdApi()
	dataset, err := api.ToRDF(expanded, opts)
	if err != nil {
		return "", fmt.Errorf("credentials: canonicalize: to RDF: %w", err)
	}
	if err := checkComplexity(dataset); err != nil {
		return "", fmt.Errorf("credentials: canonicalize: %w", err)
	}
	nquads, err := normalize(dataset)
	if err != nil {
		return "", fmt.Errorf("credentials: canonicalize: normalize: %w", err)
	}
	return nquads, nil
}

// jsonLDOptions are the options of every JSON-LD call here: JSON-LD 1.1, the offline
// loader, URDNA2015 with N-Quads output, no base IRI (as verifiers canonicalise).
func jsonLDOptions(safe bool) *ld.JsonLdOptions {
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.DocumentLoader = Loader()
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	opts.SafeMode = safe
	return opts
}

// jsonValue turns any JSON-marshalable value into the generic form json-gold reads
// (map[string]any, []any, string, float64, bool, nil).
func jsonValue(doc any) (any, error) {
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("document is not JSON: %w", err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("document is not JSON: %w", err)
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, fmt.Errorf("document is a JSON %T, not an object", v)
	}
	return v, nil
}

// isInvalidProperty reports whether err is json-gold's safe-mode refusal of a property
// that did not expand to an absolute IRI.
func isInvalidProperty(err error) bool {
	var ldErr *ld.JsonLdError
	return errors.As(err, &ldErr) && ldErr.Code == ld.InvalidProperty
}

// checkAbsolute walks an expanded document and rejects the relative references that
// json-gold keeps in expanded form (and would then drop from the RDF without a word):
// node identifiers and types that no context mapped to an absolute IRI.
func checkAbsolute(v any, where string) error {
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			if err := checkAbsolute(item, where); err != nil {
				return err
			}
		}
	case map[string]any:
		_, isValue := v["@value"]
		for _, key := range sortedKeys(v) {
			val := v[key]
			switch key {
			case "@id":
				if id, ok := val.(string); ok && !absoluteOrBlank(id) {
					return fmt.Errorf("%w: identifier %q%s is not an absolute IRI", ErrUndefinedTerm, id, in(where))
				}
			case "@type":
				if isValue {
					if t, ok := val.(string); ok && t != "@json" && !absoluteOrBlank(t) {
						return fmt.Errorf("%w: value type %q%s", ErrUndefinedTerm, t, in(where))
					}
					continue
				}
				for _, t := range asSlice(val) {
					if s, ok := t.(string); ok && !absoluteOrBlank(s) {
						return fmt.Errorf("%w: type %q%s", ErrUndefinedTerm, s, in(where))
					}
				}
			case "@value", "@language", "@direction", "@index":
			default:
				next := where
				if !strings.HasPrefix(key, "@") {
					next = key
				}
				if err := checkAbsolute(val, next); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// in says under which property a problem was found.
func in(property string) string {
	if property == "" {
		return ""
	}
	return " (under " + property + ")"
}

// absoluteOrBlank reports whether iri is absolute or a blank node identifier ("_:b0").
func absoluteOrBlank(iri string) bool { return ld.IsAbsoluteIri(iri) }

func asSlice(v any) []any {
	if s, ok := v.([]any); ok {
		return s
	}
	return []any{v}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// findUndefinedTerm names the property that safe-mode expansion refused, for the error
// message (json-gold's own message does not say which). It removes one property at a
// time, innermost first, until the document expands; it runs only on the error path.
// It returns "" when no single property is to blame (there are several).
func findUndefinedTerm(doc any) string {
	var paths [][]string
	var collect func(v any, path []string)
	collect = func(v any, path []string) {
		switch v := v.(type) {
		case map[string]any:
			for _, key := range sortedKeys(v) {
				if key == "@context" {
					continue
				}
				p := append(append([]string(nil), path...), key)
				collect(v[key], p)
				paths = append(paths, p) // after its children: innermost first
			}
		case []any:
			for i, item := range v {
				collect(item, append(append([]string(nil), path...), fmt.Sprint(i)))
			}
		}
	}
	collect(doc, nil)
	const maxTries = 200
	if len(paths) > maxTries {
		return ""
	}
	proc := ld.NewJsonLdProcessor()
	opts := jsonLDOptions(true)
	for _, p := range paths {
		probe := ld.CloneDocument(doc)
		removeAt(probe, p)
		if _, err := proc.Expand(probe, opts); err == nil {
			return fmt.Sprintf(": property %q", strings.Join(p, "."))
		}
	}
	return ""
}

// removeAt deletes the map entry at path (map keys and array indexes as strings).
func removeAt(v any, path []string) {
	for i, step := range path {
		last := i == len(path)-1
		switch node := v.(type) {
		case map[string]any:
			if last {
				delete(node, step)
				return
			}
			v = node[step]
		case []any:
			var idx int
			if _, err := fmt.Sscan(step, &idx); err != nil || idx < 0 || idx >= len(node) {
				return
			}
			v = node[idx]
		default:
			return
		}
	}
}
