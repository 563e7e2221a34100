package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func openDB(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "baeum.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func TestUserCreateReadsPasswordFromStdin(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	err := run(t.Context(), []string{"user", "create", "--data-dir", dir, "--email", "Root@Example.org", "--role", "admin"},
		strings.NewReader("a-long-password\n"), &out)
	if err != nil {
		t.Fatalf("user create: %v", err)
	}
	if !strings.Contains(out.String(), "created root@example.org (admin)") {
		t.Fatalf("output: %q", out.String())
	}
	u, err := accounts.NewService(openDB(t, dir)).Authenticate(t.Context(), "root@example.org", "a-long-password", "")
	if err != nil || u.Role != accounts.RoleAdmin {
		t.Fatalf("sign in as the new admin: %v %+v", err, u)
	}
}

func TestUserCreateRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	err := run(t.Context(), []string{"user", "create", "--data-dir", dir, "--email", "x@example.org"}, strings.NewReader("short\n"), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "--role") || !strings.Contains(err.Error(), "--password") {
		t.Fatalf("want errors naming --role and --password, got %v", err)
	}
	if n := storetest.Count(t, openDB(t, dir), "users"); n != 0 {
		t.Fatalf("a refused create wrote %d users", n)
	}
}

func TestNoDefaultAccountsWithoutDemo(t *testing.T) {
	dir := t.TempDir()
	if err := run(t.Context(), []string{"migrate", "--data-dir", dir}, nil, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if n := storetest.Count(t, openDB(t, dir), "users"); n != 0 {
		t.Fatalf("migrate created %d users", n)
	}
}

func TestDemoSeedTwiceChangesNothing(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	tables := []string{"users", "audit_log", "programmes", "courses", "lessons", "questions", "course_translations", "cohorts", "applications", "enrolments", "class_sessions", "mail_outbox", "certificates", "certificate_templates", "certificate_signatories", "certificate_batches"}
	counts := func() []int64 {
		db := openDB(t, dir)
		defer db.Close()
		var n []int64
		for _, tbl := range tables {
			n = append(n, storetest.Count(t, db, tbl))
		}
		return n
	}
	if err := run(t.Context(), []string{"demo", "--data-dir", dir}, nil, &out); err != nil {
		t.Fatal(err)
	}
	first := counts()
	if err := run(t.Context(), []string{"demo", "--data-dir", dir}, nil, &out); err != nil {
		t.Fatal(err)
	}
	second := counts()
	for i, tbl := range tables {
		if first[i] != second[i] {
			t.Errorf("%s: %d rows after the first seeding, %d after the second", tbl, first[i], second[i])
		}
	}
	if first[0] < 8 || first[2] != 8 || first[3] < 2 {
		t.Fatalf("demo data: %d users, %d programmes, %d courses", first[0], first[2], first[3])
	}
	if n := first[len(tables)-4]; n != 2 {
		t.Errorf("%d demo certificates, want 2", n)
	}
	for _, want := range []string{"admin@example.org", "coordinator@example.org", "staff@example.org", "learner@example.org", `"baeum-demo"`, "SMU-E01", "/verify/BAEUM-"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %s", want)
		}
	}
	db := openDB(t, dir)
	var countries []string
	db.Gorm.Table("users").Where("role = ?", "learner").Distinct().Pluck("country", &countries)
	if len(countries) < 4 {
		t.Errorf("demo learners come from %d countries, want at least 4", len(countries))
	}
	var published int64
	db.Gorm.Table("courses").Where("status = ?", "published").Count(&published)
	if published < 2 {
		t.Errorf("%d demo courses published, want 2", published)
	}
}

func TestHelpNamesFlagsAndVariables(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"help"}, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--addr", "BAEUM_ADDR", "--data-dir", "BAEUM_DATA_DIR", "--database-url", "BAEUM_DATABASE_URL", "--base-url", "BAEUM_BASE_URL", "user create", "migrate"} {
		want = strings.TrimPrefix(want, "--")
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if err := run(t.Context(), []string{"--help"}, nil, &bytes.Buffer{}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("--help: %v", err)
	}
	if err := run(t.Context(), []string{"frobnicate"}, nil, &bytes.Buffer{}); err == nil {
		t.Error("an unknown command was accepted")
	}
}

// TestServeDrainsOnSIGTERM starts the server, begins a request, sends the
// process SIGTERM, finishes the request and checks that it was answered and
// that serve returned without error (exit status 0).
func TestServeDrainsOnSIGTERM(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", addr, "--content-addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--log-level", "error"}, nil, &bytes.Buffer{})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			_ = r.Body.Close()
			if r.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not come up: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A request whose handler is running (it is reading the body) when
	// SIGTERM arrives must still be answered.
	body := `{"email":"nobody@example.org","password":"wrong-password"}`
	fmt.Fprintf(conn, "POST /api/v1/auth/tokens HTTP/1.1\r\nHost: baeum\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body[:10])
	time.Sleep(200 * time.Millisecond) // let the handler start reading
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
	time.Sleep(200 * time.Millisecond) // shutdown is now under way
	fmt.Fprint(conn, body[10:])
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.HasPrefix(status, "HTTP/1.1 401") {
		t.Fatalf("in-flight request during shutdown: %q %v", status, err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after SIGTERM", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return after SIGTERM")
	}
}

// TestCertificatesIssueCommand: the command issues a cohort's missing
// certificates and writes their ZIP; run again, it issues none.
func TestCertificatesIssueCommand(t *testing.T) {
	dir := t.TempDir()
	if err := run(t.Context(), []string{"demo", "--data-dir", dir}, nil, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(dir, "vn.zip")
	var out bytes.Buffer
	if err := run(t.Context(), []string{"certificates", "issue", "--cohort", "VN-2026-09", "--zip", zipPath, "--data-dir", dir}, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 completed trainees, 0 certificates issued now") {
		t.Fatalf("output: %s", out.String())
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 2 {
		t.Fatalf("%d PDFs in the ZIP, want 2", len(zr.File))
	}
	if err := run(t.Context(), []string{"certificates", "issue", "--cohort", "NO-SUCH", "--data-dir", dir}, nil, &bytes.Buffer{}); err == nil {
		t.Fatal("an unknown cohort was accepted")
	}
}

func TestBaseURLFollowsAddr(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		":8080":            "http://localhost:8080",
		"127.0.0.1:21080":  "http://127.0.0.1:21080",
		"0.0.0.0:9000":     "http://localhost:9000",
		"[::]:9000":        "http://localhost:9000",
		"[::1]:9000":       "http://[::1]:9000",
		"lms.internal:80":  "http://lms.internal",
		"10.1.2.3:8443":    "http://10.1.2.3:8443",
		"localhost:21080":  "http://localhost:21080",
		"[fe80::1%eth0]:1": "http://[fe80::1%eth0]:1",
	} {
		if got := baseURLFor(addr); got != want {
			t.Errorf("baseURLFor(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestBaseURLMismatch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		base, listen string
		warn         bool
	}{
		{"http://localhost:8080", "127.0.0.1:21080", true},   // the demo's old default against another port
		{"http://127.0.0.1:21080", "127.0.0.1:21080", false}, // as derived
		{"http://localhost:21080", "127.0.0.1:21080", false}, // localhost is the loopback address
		{"http://localhost:8080", "[::]:8080", false},
		{"http://10.0.0.5:8080", "127.0.0.1:8080", true}, // listens on loopback only
		{"http://10.0.0.5:8080", "0.0.0.0:8080", false},
		{"http://localhost", "127.0.0.1:80", false},
		{"https://localhost", "127.0.0.1:8080", true},
		{"https://lms.example.org", "[::]:8080", false}, // a proxy in front: nothing to compare
		{"https://lms.example.org:8443", "127.0.0.1:8080", false},
	} {
		if got := baseURLMismatch(c.base, c.listen); (got != "") != c.warn {
			t.Errorf("baseURLMismatch(%q, %q) = %q, want a warning: %v", c.base, c.listen, got, c.warn)
		}
	}
}

// TestDemoLinksFollowAddr: without --base-url, the verification addresses
// the demo prints (and puts in QR codes and badges) are the listen address.
func TestDemoLinksFollowAddr(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"demo", "--addr", "127.0.0.1:21080", "--data-dir", t.TempDir()}, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Demo certificate: http://127.0.0.1:21080/verify/BAEUM-") || strings.Contains(out.String(), "localhost:8080") {
		t.Fatalf("demo output:\n%s", out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"demo", "--addr", "127.0.0.1:21080", "--base-url", "https://lms.example.org", "--data-dir", t.TempDir()}, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Demo certificate: https://lms.example.org/verify/BAEUM-") {
		t.Fatalf("demo output with --base-url:\n%s", out.String())
	}
}

// TestKeysAndSignCommands: keys list shows the first key, rotate makes a
// second that signs while the first stays listed, and certificates sign
// --all signs certificates issued before signing (blanked here), once.
func TestKeysAndSignCommands(t *testing.T) {
	dir := t.TempDir()
	if err := run(t.Context(), []string{"demo", "--data-dir", dir}, nil, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	cmd := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(t.Context(), append(args, "--data-dir", dir), nil, &out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out.String()
	}
	if out := cmd("keys", "list"); !strings.HasPrefix(out, "1  ") || !strings.Contains(out, "signs") || strings.Count(out, "\n") != 1 {
		t.Fatalf("keys list: %q", out)
	}
	if out := cmd("keys", "rotate"); !strings.Contains(out, "signing key 2 made") {
		t.Fatalf("keys rotate: %q", out)
	}
	out := cmd("keys", "list")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || !strings.Contains(lines[0], "retired") || !strings.HasSuffix(lines[1], "signs") {
		t.Fatalf("keys list after rotating: %q", out)
	}

	db := openDB(t, dir)
	var signed int64
	db.Gorm.Table("certificates").Where("credential <> ''").Count(&signed)
	if signed == 0 {
		t.Fatal("the demo certificates are not signed")
	}
	if err := db.Gorm.Exec("UPDATE certificates SET credential = '', status_list = NULL, status_index = NULL").Error; err != nil {
		t.Fatal(err)
	}
	if out := cmd("certificates", "sign", "--all"); out != fmt.Sprintf("%d certificates signed\n", signed) {
		t.Fatalf("sign --all: %q, want %d", out, signed)
	}
	var unsigned int64
	db.Gorm.Table("certificates").Where("credential = '' OR status_index IS NULL").Count(&unsigned)
	if unsigned != 0 {
		t.Fatalf("%d certificates still unsigned", unsigned)
	}
	if out := cmd("certificates", "sign", "--all"); out != "0 certificates signed\n" {
		t.Fatalf("sign --all again: %q", out)
	}
	if err := run(t.Context(), []string{"certificates", "sign", "--data-dir", dir}, nil, &bytes.Buffer{}); err == nil {
		t.Fatal("sign without --all was accepted")
	}
}

// TestMemoryLimit: --memory-limit-mb sets the runtime's soft limit; 0
// leaves none.
func TestMemoryLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set: it wins over --memory-limit-mb")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	if got := (&config{MemoryLimitMB: 96}).applyMemoryLimit(); got != 96<<20 || debug.SetMemoryLimit(-1) != 96<<20 {
		t.Errorf("--memory-limit-mb 96: %d", got)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	if got := (&config{MemoryLimitMB: 0}).applyMemoryLimit(); got != math.MaxInt64 {
		t.Errorf("--memory-limit-mb 0: %d", got)
	}
}
