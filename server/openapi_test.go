package server_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// The OpenAPI document names its server and licence, says of every
// operation whether it needs a token (public ones with security: []), has
// no schema nothing refers to, and passes Redocly's recommended rules with
// no error and no warning where the linter is installed (.ci/run installs
// it).
func TestOpenAPIDocumentLints(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.New(t, store.SQLite))
	r := a.api(http.MethodGet, "/api/v1/openapi.json", "", nil)
	if r.status != http.StatusOK {
		t.Fatalf("openapi.json: %d", r.status)
	}
	var doc struct {
		Servers []struct{ URL string } `json:"servers"`
		Info    struct {
			License *struct{ Name string } `json:"license"`
		} `json:"info"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Servers) == 0 || doc.Servers[0].URL == "" {
		t.Error("no servers")
	}
	if doc.Info.License == nil || doc.Info.License.Name == "" {
		t.Error("no licence")
	}
	public := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			var op struct {
				Security *[]map[string][]string `json:"security"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatal(err)
			}
			if op.Security == nil {
				t.Errorf("%s %s declares no security", method, path)
			} else if len(*op.Security) == 0 {
				public[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	for _, op := range []string{"POST /api/v1/auth/tokens", "GET /api/v1/verify/{serial}", "POST /api/v1/credentials/verify"} {
		if !public[op] {
			t.Errorf("%s is not marked public", op)
		}
	}
	if len(public) != 3 {
		t.Errorf("public operations: %v, want only signing in and verifying (a serial, a credential)", public)
	}
	for name := range doc.Components.Schemas {
		if !strings.Contains(r.body, `"#/components/schemas/`+name+`"`) {
			t.Errorf("schema %s is never used", name)
		}
	}

	lint, err := exec.LookPath("redocly")
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("redocly is not installed (npm install @redocly/cli; .ci/run does): the document was not linted")
	}
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, []byte(r.body), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lint, "lint", "--format=summary", file)
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("redocly lint: %v\n%s", err, out)
	}
	// The summary lists each rule that fired: "warning info-license: 1".
	if problems := regexp.MustCompile(`(?m)^\s*(error|warning) [a-z0-9-]+: \d+`).FindAllString(string(out), -1); len(problems) > 0 {
		t.Errorf("redocly lint: %v\n%s", problems, out)
	}
}
