package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/files/filestest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// EnvVersityGW names the versitygw binary the two-server test stores its
// files in, a real S3-compatible server; without it the test uses the
// in-process gofakes3. .ci/run installs versitygw and sets it.
const EnvVersityGW = "BAEUM_TEST_VERSITYGW"

// TestTwoServers runs two `baeum serve` processes on one PostgreSQL
// database and one S3 bucket, behind a reverse proxy that sends each
// request to the next of them, and shows that they act as one site: both
// starting at once migrate once; a session made on A works on B; a file
// uploaded through A downloads through B; a certificate bulk issue started
// on A runs once and its ZIP downloads from B; a course renamed on A shows
// in B's catalogue, and a token revoked on A is refused by B, within a
// second.
func TestTwoServers(t *testing.T) {
	raw := os.Getenv(storetest.EnvURL)
	if raw == "" {
		t.Skipf("two servers need PostgreSQL: %s is not set", storetest.EnvURL)
	}
	if testing.Short() {
		t.Skip("two servers: builds and runs the binary; skipped in -short")
	}
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "baeum")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dbURL := newSchema(t, raw)
	filesURL, s3env := startS3(t, dir)

	// The proxy goes round the servers it is given, one request each.
	var targets []*url.URL
	var next atomic.Uint64
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(targets[next.Add(1)%uint64(len(targets))])
		r.Out.Host = r.In.Host
	}})
	t.Cleanup(proxy.Close)

	env := append(os.Environ(), s3env...)
	env = append(env, "BAEUM_DATABASE_URL="+dbURL, "BAEUM_FILES_URL="+filesURL, "BAEUM_BASE_URL="+proxy.URL,
		"BAEUM_KEY_SECRET="+keySecret(t), "BAEUM_LOG_LEVEL=warn")

	// Both start at once on an empty database.
	var servers [2]*appServer
	var wg sync.WaitGroup
	for i, name := range []string{"A", "B"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			servers[i] = startServer(t, bin, name, filepath.Join(dir, name), env)
		}()
	}
	wg.Wait()
	a, b := servers[0], servers[1]
	for _, s := range servers {
		if s == nil {
			t.FailNow()
		}
		targets = append(targets, s.url)
	}
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	for _, table := range []string{"goose_db_version", "river_migration"} {
		col := map[string]string{"goose_db_version": "version_id", "river_migration": "line || version"}[table]
		var dups []string
		if err := db.Gorm.Raw("SELECT " + col + " FROM " + table + " GROUP BY " + col + " HAVING COUNT(*) > 1").Scan(&dups).Error; err != nil { // constant names above
			t.Fatalf("%s: %v", table, err)
		}
		if len(dups) > 0 {
			t.Errorf("%s has versions applied twice: %v", table, dups)
		}
	}
	if n := storetest.Count(t, db, "goose_db_version", "version_id > 0 AND is_applied"); n == 0 {
		t.Fatal("no migration recorded")
	}
	seed := exec.Command(bin, "demo", "--data-dir", filepath.Join(dir, "seed"))
	seed.Env = env
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("seed the demo: %v\n%s", err, out)
	}

	// A session made on A works on B, and through the proxy.
	learner := newBrowser(t)
	learner.login(a, "learner@example.org")
	for _, s := range []*appServer{b, {name: "proxy", url: mustParse(t, proxy.URL)}} {
		for range 4 {
			if r := learner.get(s, "/my"); r.status != http.StatusOK || !strings.Contains(r.body, "Souksavanh") {
				t.Fatalf("the session made on A, on %s: %d", s.name, r.status)
			}
		}
	}

	// A file uploaded through A downloads through B.
	staff := newBrowser(t)
	staff.login(a, "staff@example.org")
	var rep struct{ ID, ProjectID int64 }
	if err := db.Gorm.Raw("SELECT id, project_id FROM project_reports WHERE status = ? ORDER BY id LIMIT 1", "draft").Scan(&rep).Error; err != nil || rep.ID == 0 {
		t.Fatalf("the demo has no draft report: %v", err)
	}
	rp := fmt.Sprintf("/projects/%d/reports/%d", rep.ProjectID, rep.ID)
	photo := append([]byte("%PDF-1.4\n1 0 obj<<>>endobj\n"), bytes.Repeat([]byte("% field visit\n"), 20000)...)
	photo = append(photo, "trailer<<>>\n%%EOF\n"...)
	if r := staff.upload(a, rp+"/attachments", "field-visit.pdf", photo); r.status != http.StatusSeeOther {
		t.Fatalf("attach on A: %d %.300s", r.status, r.body)
	}
	href := regexp.MustCompile(`href="(` + regexp.QuoteMeta(rp) + `/attachments/\d+)"`).FindStringSubmatch(staff.get(b, rp).body)
	if href == nil {
		t.Fatal("B's report page lists no attachment")
	}
	if r := staff.get(b, href[1]); r.status != http.StatusOK || r.body != string(photo) {
		t.Fatalf("the attachment from B: %d, %d bytes of %d", r.status, len(r.body), len(photo))
	}

	// A bulk issue started on A runs once; its ZIP downloads from B.
	coord := token(t, a, "coordinator@example.org")
	var cohort int64
	if err := db.Gorm.Raw("SELECT id FROM cohorts WHERE code = ?", "VN-2026-09").Scan(&cohort).Error; err != nil || cohort == 0 {
		t.Fatalf("the demo's Vietnamese cohort: %v", err)
	}
	r := api(t, a, http.MethodPost, fmt.Sprintf("/api/v1/cohorts/%d/certificate-batches", cohort), coord)
	if r.status != http.StatusAccepted {
		t.Fatalf("bulk issue on A: %d %s", r.status, r.body)
	}
	var batch struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
		Total  int    `json:"total"`
	}
	decodeInto(t, r.body, &batch)
	for deadline := time.Now().Add(60 * time.Second); batch.Status != "done"; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) || batch.Status == "failed" {
			t.Fatalf("the bulk issue did not finish: %+v", batch)
		}
		decodeInto(t, api(t, b, http.MethodGet, fmt.Sprintf("/api/v1/certificate-batches/%d", batch.ID), coord).body, &batch)
	}
	r = api(t, b, http.MethodGet, fmt.Sprintf("/api/v1/certificate-batches/%d/zip", batch.ID), coord)
	zr, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
	if r.status != http.StatusOK || err != nil || len(zr.File) != batch.Total || batch.Total == 0 {
		t.Fatalf("the ZIP from B: %d, %v, %d entries for %d certificates", r.status, err, len(zipFiles(zr)), batch.Total)
	}
	var runs []struct {
		State   string
		Attempt int
	}
	// River marks the job completed just after the batch is done.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err := db.Gorm.Raw("SELECT state, attempt FROM river_job WHERE kind = ?", "certificate_batch").Scan(&runs).Error; err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].State != "running" || time.Now().After(deadline) {
			break
		}
	}
	if len(runs) != 1 || runs[0].State != "completed" || runs[0].Attempt != 1 {
		t.Errorf("the bulk issue's jobs: %+v, want one, completed at its first attempt", runs)
	}
	var twice int64
	db.Gorm.Raw("SELECT COUNT(*) FROM (SELECT enrolment_id FROM certificates WHERE status = ? GROUP BY enrolment_id HAVING COUNT(*) > 1) d", "valid").Scan(&twice)
	if twice != 0 {
		t.Errorf("%d trainees hold two valid certificates", twice)
	}

	// A course renamed on A shows in B's catalogue within a second.
	var course int64
	if err := db.Gorm.Raw("SELECT id FROM courses WHERE status = ? ORDER BY id LIMIT 1", "published").Scan(&course).Error; err != nil || course == 0 {
		t.Fatalf("the demo has no published course: %v", err)
	}
	catalogue := "/api/v1/courses?lang=ko&per_page=100"
	if r := api(t, b, http.MethodGet, catalogue, coord); r.status != http.StatusOK { // B's cache holds the page
		t.Fatalf("B's catalogue: %d", r.status)
	}
	renamed := "두 서버 시험 과정"
	r = api(t, a, http.MethodPut, fmt.Sprintf("/api/v1/courses/%d/texts/ko", course), coord,
		map[string]any{"values": map[string]string{fmt.Sprintf("course.%d.title", course): renamed}})
	if r.status != http.StatusOK {
		t.Fatalf("rename on A: %d %s", r.status, r.body)
	}
	changed := time.Now()
	for !strings.Contains(api(t, b, http.MethodGet, catalogue, coord).body, renamed) {
		if time.Since(changed) > time.Second {
			t.Fatal("B's catalogue does not show the new title a second after A saved it")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("B's catalogue showed the new title after %v", time.Since(changed).Round(time.Millisecond))

	// A token revoked on A is refused by B within a second.
	tok := token(t, a, "learner.gh@example.org")
	if r := api(t, b, http.MethodGet, "/api/v1/me", tok); r.status != http.StatusOK {
		t.Fatalf("the new token on B: %d", r.status)
	}
	var list struct {
		Tokens []struct {
			ID int64 `json:"id"`
		} `json:"tokens"`
	}
	decodeInto(t, api(t, a, http.MethodGet, "/api/v1/auth/tokens", tok).body, &list)
	if len(list.Tokens) != 1 {
		t.Fatalf("the learner's tokens: %+v", list)
	}
	if r := api(t, a, http.MethodDelete, fmt.Sprintf("/api/v1/auth/tokens/%d", list.Tokens[0].ID), tok); r.status != http.StatusNoContent {
		t.Fatalf("revoke on A: %d %s", r.status, r.body)
	}
	revoked := time.Now()
	for api(t, b, http.MethodGet, "/api/v1/me", tok).status != http.StatusUnauthorized {
		if time.Since(revoked) > time.Second {
			t.Fatal("B still takes the token a second after A revoked it")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("B refused the revoked token after %v", time.Since(revoked).Round(time.Millisecond))
}

func zipFiles(zr *zip.Reader) []*zip.File {
	if zr == nil {
		return nil
	}
	return zr.File
}

// newSchema makes a PostgreSQL schema of the test's own and returns the
// URL whose search_path is it.
func newSchema(t *testing.T, raw string) string {
	t.Helper()
	admin, err := store.Open(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = admin.Close() }()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "two_" + hex.EncodeToString(b[:])
	if err := admin.Gorm.Exec("CREATE SCHEMA " + schema).Error; err != nil { // generated above
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if drop, err := store.Open(context.Background(), raw); err == nil {
			_ = drop.Gorm.Exec("DROP SCHEMA " + schema + " CASCADE").Error
			_ = drop.Close()
		}
	})
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// startS3 starts versitygw on a folder when EnvVersityGW names it, else
// an in-process gofakes3, with a bucket "baeum"; it returns the files URL
// and the environment that gives the credentials.
func startS3(t *testing.T, dir string) (string, []string) {
	t.Helper()
	creds := []string{"AWS_ACCESS_KEY_ID=baeumtest", "AWS_SECRET_ACCESS_KEY=baeumtest-secret-0123456789"}
	gw := os.Getenv(EnvVersityGW)
	if gw == "" {
		t.Logf("two servers: %s is not set, so the files go to the in-process gofakes3 rather than versitygw", EnvVersityGW)
		return filestest.NewS3(t, "baeum").URL, creds
	}
	root := filepath.Join(dir, "buckets")
	if err := os.MkdirAll(filepath.Join(root, "baeum"), 0o750); err != nil { // a folder under the root is a bucket
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(gw, "--access", "baeumtest", "--secret", "baeumtest-secret-0123456789", "--port", addr, "--quiet",
		"posix", "--sidecar", filepath.Join(dir, "s3meta"), root)
	if err := os.MkdirAll(filepath.Join(dir, "s3meta"), 0o750); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start versitygw: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("versitygw:\n%s", out.String())
		}
	})
	waitListening(t, "versitygw", addr)
	q := url.Values{"region": {"us-east-1"}, "endpoint": {"http://" + addr}, "use_path_style": {"true"}, "disable_https": {"true"}}
	return "s3://baeum?" + q.Encode(), creds
}

// keySecret is a BAEUM_KEY_SECRET both servers share.
func keySecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

type appServer struct {
	name string
	url  *url.URL
	log  *bytes.Buffer
}

// startServer runs `baeum serve` on a free port and waits for /healthz.
func startServer(t *testing.T, bin, name, dataDir string, env []string) *appServer {
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--addr", addr, "--content-addr", "127.0.0.1:0", "--data-dir", dataDir)
	cmd.Env = env
	s := &appServer{name: name, url: mustParse(t, "http://"+addr), log: &bytes.Buffer{}}
	w := &lockedWriter{w: s.log}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Errorf("start %s: %v", name, err)
		return nil
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("server %s:\n%s", name, w.String())
		}
	})
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(s.url.String() + "/healthz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Errorf("server %s did not answer /healthz in a minute:\n%s", name, w.String())
			return nil
		}
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func waitListening(t *testing.T, what, addr string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			_ = c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not listen on %s", what, addr)
		}
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// browser is a client with a cookie jar that does not follow redirects;
// cookies are per host, not port, so it carries one session to A and B.
type browser struct {
	t *testing.T
	c *http.Client
}

type answer struct {
	status int
	body   string
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, c: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(req *http.Request) answer {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return answer{resp.StatusCode, string(body)}
}

func (b *browser) get(s *appServer, path string) answer {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.url.String()+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// csrf reads the form token from a page of s.
func (b *browser) csrf(s *appServer, path string) string {
	b.t.Helper()
	m := regexp.MustCompile(`name="` + web.CSRFField + `" value="([^"]+)"`).FindStringSubmatch(b.get(s, path).body)
	if m == nil {
		b.t.Fatalf("no form token on %s of %s", path, s.name)
	}
	return m[1]
}

func (b *browser) login(s *appServer, email string) {
	b.t.Helper()
	form := url.Values{"email": {email}, "password": {demo.Password}, web.CSRFField: {b.csrf(s, "/login")}}
	req, err := http.NewRequest(http.MethodPost, s.url.String()+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := b.do(req); r.status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s on %s: %d %.300s", email, s.name, r.status, r.body)
	}
}

func (b *browser) upload(s *appServer, path, name string, content []byte) answer {
	b.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField(web.CSRFField, b.csrf(s, "/my"))
	fw, _ := w.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, s.url.String()+path, &buf)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

func api(t *testing.T, s *appServer, method, path, tok string, body ...any) answer {
	t.Helper()
	var rd io.Reader
	if len(body) == 1 {
		data, err := json.Marshal(body[0])
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.url.String()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return (&browser{t: t, c: &http.Client{Timeout: 60 * time.Second}}).do(req)
}

// token signs in to the API on s.
func token(t *testing.T, s *appServer, email string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": demo.Password, "name": "two servers"})
	resp, err := http.Post(s.url.String()+"/api/v1/auth/tokens", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("token for %s on %s: %d %v", email, s.name, resp.StatusCode, err)
	}
	return out.Token
}

func decodeInto(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode %.300s: %v", body, err)
	}
}
