// Package credtest lets tests check a signed credential with a third party's verifier:
// Digital Bazaar's JavaScript libraries (@digitalbazaar/vc, data-integrity,
// eddsa-rdfc-2022-cryptosuite, ed25519-multikey, vc-bitstring-status-list), run by Node
// through credentials/testdata/verify.mjs with a document loader that never goes to the
// network. .ci/run installs the packages; where Node or they are missing, the test is
// skipped with a message.
package credtest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// EnvNodeModules names the environment variable holding the node_modules directory with
// the verifier's packages.
const EnvNodeModules = "BAEUM_VC_NODE_MODULES"

// Tag names the cached install of the verifier's packages, "$HOME/.cache/baeum-tools/<Tag>":
// .ci/run installs the same exact versions there. Change both when a version changes.
const Tag = "npm-vc-7.3.0"

// Packages are the npm packages verify.mjs loads: the verifier's and those whose context
// modules its document loader serves.
var Packages = []string{
	"@digitalbazaar/vc",
	"@digitalbazaar/data-integrity",
	"@digitalbazaar/eddsa-rdfc-2022-cryptosuite",
	"@digitalbazaar/ed25519-multikey",
	"@digitalbazaar/vc-bitstring-status-list",
	"@digitalbazaar/credentials-context",
	"@digitalbazaar/data-integrity-context",
	"@digitalbazaar/multikey-context",
	"@digitalbazaar/vc-bitstring-status-list-context",
	"@digitalbazaar/security-context",
}

// Result is the verifier's answer.
type Result struct {
	// Verified: the proof holds, its key is the issuer's, and the status could be checked
	// (a revoked credential still verifies; see StatusRevoked).
	Verified bool `json:"verified"`
	// Errors are the verifier's messages, empty when Verified.
	Errors []string `json:"errors"`
	// StatusRevoked is set when the credential has a credentialStatus that was checked:
	// whether its revocation bit is set.
	StatusRevoked *bool `json:"statusRevoked,omitempty"`
}

// Revoked reports whether the status was checked and said revoked.
func (r Result) Revoked() bool { return r.StatusRevoked != nil && *r.StatusRevoked }

// NodeModules returns the node_modules directory the verifier is run with: $EnvNodeModules,
// or "$HOME/.cache/baeum-tools/<Tag>/node_modules".
func NodeModules() string {
	if dir := os.Getenv(EnvNodeModules); dir != "" {
		return dir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".cache", "baeum-tools", Tag, "node_modules")
}

// Script returns the path of verify.mjs.
func Script() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "verify.mjs")
}

// VerifyWithNode runs the third-party verifier on credential, with documents (by URL:
// the issuer's controller document, status list credentials) as the only documents
// besides the JSON-LD contexts it can load. It skips t when Node or the packages are
// missing, and fails t when the verifier cannot run at all.
func VerifyWithNode(t testing.TB, credential map[string]any, documents map[string]any) Result {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("credtest: node is not installed; the third-party verifier test is skipped (.ci/run installs what it needs)")
	}
	modules := NodeModules()
	for _, p := range Packages {
		if _, err := os.Stat(filepath.Join(modules, filepath.FromSlash(p), "package.json")); err != nil {
			t.Skipf("credtest: %s is not installed under %s (set %s, or run the npm install in .ci/run); the third-party verifier test is skipped",
				p, modules, EnvNodeModules)
		}
	}
	if documents == nil {
		documents = map[string]any{}
	}
	input, err := json.Marshal(map[string]any{"credential": credential, "documents": documents})
	if err != nil {
		t.Fatalf("credtest: marshal input: %v", err)
	}
	path := filepath.Join(t.TempDir(), "input.json")
	if err := os.WriteFile(path, input, 0o600); err != nil {
		t.Fatalf("credtest: write input: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, Script(), path)
	cmd.Env = append(os.Environ(), EnvNodeModules+"="+modules)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("credtest: node verify.mjs: %v\n%s", err, stderr.String())
	}
	var res Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("credtest: verifier output %q: %v\n%s", stdout.String(), err, stderr.String())
	}
	return res
}
