package credentials

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// The URLs of the JSON-LD contexts that Loader serves.
const (
	// ContextCredentialsV2 is the W3C Verifiable Credentials 2.0 context. It also defines
	// DataIntegrityProof and the Bitstring Status List terms.
	ContextCredentialsV2 = "https://www.w3.org/ns/credentials/v2"
	// ContextOpenBadgesV3 is the Open Badges 3.0 context (version 3.0.3).
	ContextOpenBadgesV3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	// ContextDataIntegrityV2 is the Data Integrity context, for documents that carry a
	// DataIntegrityProof without the VC 2.0 context.
	ContextDataIntegrityV2 = "https://w3id.org/security/data-integrity/v2"
	// ContextMultikeyV1 is the Multikey context, for the verification method in the
	// issuer's controller document.
	ContextMultikeyV1 = "https://w3id.org/security/multikey/v1"
	// ContextDIDV1 is the DID 1.0 context, which defines assertionMethod and controller
	// for the issuer's controller document.
	ContextDIDV1 = "https://www.w3.org/ns/did/v1"
)

// ErrUnknownDocument is returned (wrapped, naming the URL) by Loader for any URL that is
// not one of the embedded contexts.
var ErrUnknownDocument = errors.New("document is not an embedded context")

//go:embed contexts/*.json contexts/*.jsonld
var contextFiles embed.FS

// contexts holds the parsed embedded contexts by URL, parsed once on first use.
var contexts = sync.OnceValues(func() (map[string]any, error) {
	raw, err := contextFiles.ReadFile("contexts/index.json")
	if err != nil {
		return nil, fmt.Errorf("credentials: read context index: %w", err)
	}
	var index map[string]string
	if err := json.Unmarshal(raw, &index); err != nil {
		return nil, fmt.Errorf("credentials: parse context index: %w", err)
	}
	docs := make(map[string]any, len(index))
	for url, file := range index {
		data, err := contextFiles.ReadFile(path.Join("contexts", file))
		if err != nil {
			return nil, fmt.Errorf("credentials: read context %s: %w", url, err)
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("credentials: parse context %s: %w", url, err)
		}
		docs[url] = doc
	}
	return docs, nil
})

// ContextURLs lists, sorted, the URLs of the contexts that Loader serves.
func ContextURLs() []string {
	docs, err := contexts()
	if err != nil {
		return nil
	}
	urls := make([]string, 0, len(docs))
	for url := range docs {
		urls = append(urls, url)
	}
	sort.Strings(urls)
	return urls
}

// offlineLoader is the ld.DocumentLoader behind Loader.
type offlineLoader struct{}

// Loader returns a JSON-LD document loader that serves only the contexts embedded in
// this package (ContextURLs); any other URL is an error wrapping ErrUnknownDocument
// that names it. It never uses the network and is safe for concurrent use.
func Loader() ld.DocumentLoader { return offlineLoader{} }

// LoadDocument implements ld.DocumentLoader. Each call returns a fresh copy of the
// context, so a caller that changes what it got cannot change what the next one gets.
func (offlineLoader) LoadDocument(url string) (*ld.RemoteDocument, error) {
	docs, err := contexts()
	if err != nil {
		return nil, err
	}
	doc, ok := docs[url]
	if !ok {
		return nil, fmt.Errorf("credentials: load %q: %w", url, ErrUnknownDocument)
	}
	return &ld.RemoteDocument{DocumentURL: url, Document: ld.CloneDocument(doc)}, nil
}
