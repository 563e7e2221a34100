package credentials

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"
)

func TestLoaderServesEmbeddedContexts(t *testing.T) {
	t.Parallel()
	want := []string{ContextCredentialsV2, ContextOpenBadgesV3, ContextDataIntegrityV2, ContextMultikeyV1, ContextDIDV1}
	if got := ContextURLs(); len(got) != len(want) {
		t.Fatalf("ContextURLs() = %v, want the %d of %v", got, len(want), want)
	}
	for _, url := range want {
		doc, err := Loader().LoadDocument(url)
		if err != nil {
			t.Fatalf("LoadDocument(%s): %v", url, err)
		}
		m, ok := doc.Document.(map[string]any)
		if !ok || m["@context"] == nil {
			t.Errorf("LoadDocument(%s) = %T without @context", url, doc.Document)
		}
		if doc.DocumentURL != url {
			t.Errorf("LoadDocument(%s).DocumentURL = %q", url, doc.DocumentURL)
		}
	}
}

func TestLoaderRefusesOtherURLs(t *testing.T) {
	t.Parallel()
	for _, url := range []string{
		"https://www.w3.org/2018/credentials/v1",
		"https://www.w3.org/ns/credentials/v2/", // not the same URL
		"https://evil.example/context.jsonld",
		"file:///etc/passwd",
		"",
	} {
		_, err := Loader().LoadDocument(url)
		if !errors.Is(err, ErrUnknownDocument) {
			t.Errorf("LoadDocument(%q) = %v, want ErrUnknownDocument", url, err)
			continue
		}
		if url != "" && !strings.Contains(err.Error(), url) {
			t.Errorf("LoadDocument(%q) error %q does not name the URL", url, err)
		}
	}
}

func TestLoaderReturnsCopies(t *testing.T) {
	t.Parallel()
	first, err := Loader().LoadDocument(ContextMultikeyV1)
	if err != nil {
		t.Fatal(err)
	}
	first.Document.(map[string]any)["@context"] = "changed"
	second, err := Loader().LoadDocument(ContextMultikeyV1)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := second.Document.(map[string]any)["@context"].(map[string]any); !ok {
		t.Fatalf("a change to one loaded document reached the next: %v", second.Document)
	}
}

// Every context file is in the index, so none is shipped unused or served by mistake.
func TestContextIndexCoversFiles(t *testing.T) {
	t.Parallel()
	files, err := fs.Glob(contextFiles, "contexts/*.json*")
	if err != nil {
		t.Fatal(err)
	}
	if len(files)-1 != len(ContextURLs()) { // index.json itself
		t.Errorf("contexts/ has %v, the index serves %d URLs", files, len(ContextURLs()))
	}
	for _, f := range files {
		if path.Base(f) == "index.json" {
			continue
		}
		if _, err := contextFiles.ReadFile(f); err != nil {
			t.Error(err)
		}
	}
}
