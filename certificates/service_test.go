package certificates_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// pdfText returns the text of a PDF, or skips where pdftotext is missing.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils to check the rendered text")
	}
	p := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func readPDF(t *testing.T, e *env, c *certificates.Certificate) []byte {
	t.Helper()
	r, err := e.svc.PDF(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestIssueConcurrently: 100 concurrent issues of one enrolment make one
// certificate and leave one stored PDF.
func TestIssueConcurrently(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.enrol(t, true, trainee{"Kim Min-jun", "김민준", "KR"})["Kim Min-jun"]
		var wg sync.WaitGroup
		serials := make([]string, 100)
		errs := make([]error, 100)
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := e.svc.Issue(context.Background(), e.actor(), id)
				errs[i] = err
				if err == nil {
					serials[i] = c.Serial
				}
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
			if serials[i] != serials[0] {
				t.Fatalf("call %d got %s, call 0 got %s", i, serials[i], serials[0])
			}
		}
		if n := storetest.Count(t, db, "certificates"); n != 1 {
			t.Fatalf("%d certificates, want 1", n)
		}
		if n := storetest.Count(t, db, "audit_log", "action = ?", "certificates.issue"); n != 1 {
			t.Fatalf("%d issue records in the audit log, want 1", n)
		}
	})
}

// TestIssueRules: only completed enrolments get a certificate; what it
// says is the holder's, the course's and the cohort's; the stored PDF has
// the SHA-256 the record names and prints every script.
func TestIssueRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		active := e.enrol(t, false, trainee{"Still Learning", "", "VN"})["Still Learning"]
		if _, err := e.svc.Issue(ctx, e.actor(), active); !errors.Is(err, certificates.ErrNotCompleted) {
			t.Fatalf("active enrolment: %v, want ErrNotCompleted", err)
		}
		// The Korean name has syllables the shared Korean texts lack, so its
		// PDF takes the whole Hangul font; the others take the cohort's cut.
		done := e.enrol(t, true, trainee{"Nguyen Thi Anh", "Nguyễn Thị Ánh", "VN"}, trainee{"Batbayar Dorj", "Батбаяр Дорж", "MN"},
			trainee{"Souksavanh Phommachanh", "ສຸກສະຫວັນ", "LA"}, trainee{"Kim Min-jun", "김민준", "KR"})
		for name, want := range map[string]string{"Nguyen Thi Anh": "Nguyễn Thị Ánh", "Batbayar Dorj": "Батбаяр Дорж", "Souksavanh Phommachanh": "ສຸກສະຫວັນ",
			"Kim Min-jun": "김민준"} {
			c, err := e.svc.Issue(ctx, e.actor(), done[name])
			if err != nil {
				t.Fatal(err)
			}
			if c.HolderName != name || c.HolderNativeName != want || c.CohortCode != "VN-2026-01" || c.Country != "VN" || c.Status != certificates.Valid {
				t.Fatalf("%s: %+v", name, c)
			}
			if _, ok := certificates.NormaliseSerial(c.Serial); !ok {
				t.Fatalf("serial %s does not check", c.Serial)
			}
			pdf := readPDF(t, e, c)
			sum := sha256.Sum256(pdf)
			if hex.EncodeToString(sum[:]) != c.SHA256 {
				t.Fatal("the stored PDF does not have the recorded SHA-256")
			}
			text := pdfText(t, pdf)
			for _, s := range []string{name, c.Serial, "VN-2026-01", "Certificate of Completion", "수료증"} {
				if !strings.Contains(text, s) {
					t.Errorf("%s: %q not in the PDF:\n%s", name, s, text)
				}
			}
			if want != "" && !strings.Contains(text, want) {
				t.Errorf("%s: native name %q not in the PDF", name, want)
			}
		}
		// Lookup ignores case and dashes; a mistyped serial is not found.
		c, _ := e.svc.Issue(ctx, e.actor(), done["Batbayar Dorj"])
		got, err := e.svc.BySerial(ctx, strings.ToLower(strings.ReplaceAll(c.Serial, "-", "")))
		if err != nil || got.ID != c.ID {
			t.Fatalf("lookup without dashes: %v", err)
		}
		if _, err := e.svc.BySerial(ctx, c.Serial[:len(c.Serial)-1]+"2"); !errors.Is(err, certificates.ErrSerialCheck) && c.Serial[len(c.Serial)-1] != '2' {
			t.Fatalf("mistyped serial: %v", err)
		}
	})
}

// TestRevokeAndReissue: revoking needs a reason and happens once; a
// re-issue after a name correction makes a new serial and marks the old
// certificate superseded, pointing to the new one.
func TestRevokeAndReissue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		ids := e.enrol(t, true, trainee{"Batbayar", "Батбаяр", "MN"}, trainee{"Ama Owusu", "", "GH"})
		admin := accounts.Actor{UserID: e.admin.ID}
		c, err := e.svc.Issue(ctx, e.actor(), ids["Batbayar"])
		if err != nil {
			t.Fatal(err)
		}
		var v *i18n.ValidationError
		if _, err := e.svc.Revoke(ctx, admin, c.ID, "  "); !errors.As(err, &v) || !v.Has("reason") {
			t.Fatalf("revoke without a reason: %v", err)
		}
		// The holder's name is corrected, then the certificate re-issued.
		name := "Batbayar Dorjsuren"
		if _, err := e.acc.UpdateUser(ctx, admin, c.UserID, accounts.UserChange{Name: &name}); err != nil {
			t.Fatal(err)
		}
		n, err := e.svc.Reissue(ctx, admin, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n.Serial == c.Serial || n.HolderName != name || n.EnrolmentID != c.EnrolmentID || n.Status != certificates.Valid {
			t.Fatalf("re-issued: %+v", n)
		}
		old, _ := e.svc.ByID(ctx, c.ID)
		if old.Status != certificates.Superseded || old.SupersededBy == nil || *old.SupersededBy != n.ID {
			t.Fatalf("old certificate: %s %v", old.Status, old.SupersededBy)
		}
		if _, err := e.svc.Reissue(ctx, admin, c.ID); !errors.Is(err, certificates.ErrNotCurrent) {
			t.Fatalf("re-issue of a superseded certificate: %v", err)
		}
		if again, _ := e.svc.Issue(ctx, e.actor(), c.EnrolmentID); again.ID != n.ID {
			t.Fatal("issuing again does not return the current certificate")
		}
		raw, err := e.svc.Credential(ctx, old)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkSigned(t, e.svc, decodeDoc(t, raw)); err != nil || !revokedBit(t, e.svc, raw) {
			t.Fatalf("the old one's credential is not signed (%v) with its status bit set: %s", err, raw)
		}
		rawNew, _ := e.svc.Credential(ctx, n)
		if checkSigned(t, e.svc, decodeDoc(t, rawNew)) != nil || revokedBit(t, e.svc, rawNew) {
			t.Fatalf("the new one's credential is not signed and valid: %s", rawNew)
		}
		// Revoke, once.
		r, err := e.svc.Revoke(ctx, admin, n.ID, "Issued in error")
		if err != nil || r.Status != certificates.Revoked || r.RevokedAt == nil {
			t.Fatalf("revoke: %+v %v", r, err)
		}
		if !revokedBit(t, e.svc, rawNew) {
			t.Fatal("the revoked certificate's status bit is not set")
		}
		if _, err := e.svc.Revoke(ctx, admin, n.ID, "again"); !errors.Is(err, certificates.ErrAlreadyRevoked) {
			t.Fatalf("second revoke: %v", err)
		}
		if _, err := e.svc.Reissue(ctx, admin, n.ID); !errors.Is(err, certificates.ErrNotCurrent) {
			t.Fatalf("re-issue of a revoked certificate: %v", err)
		}
		if got := storetest.Count(t, db, "audit_log", "action IN ?", []string{"certificates.reissue", "certificates.revoke"}); got != 2 {
			t.Fatalf("%d audit records, want 2", got)
		}
	})
}

// TestSelected: a selection is all or nothing.
func TestSelected(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		done := e.enrol(t, true, trainee{"A One", "", "LA"}, trainee{"B Two", "", "LA"})
		open := e.enrol(t, false, trainee{"C Three", "", "LA"})
		if _, err := e.svc.IssueSelected(ctx, e.actor(), e.cohort.ID, []int64{done["A One"], open["C Three"]}); !errors.Is(err, certificates.ErrNotCompleted) {
			t.Fatalf("selection with an open enrolment: %v", err)
		}
		if n := storetest.Count(t, db, "certificates"); n != 0 {
			t.Fatalf("%d certificates after a refused selection", n)
		}
		var v *i18n.ValidationError
		if _, err := e.svc.IssueSelected(ctx, e.actor(), e.cohort.ID, nil); !errors.As(err, &v) {
			t.Fatalf("empty selection: %v", err)
		}
		n, err := e.svc.IssueSelected(ctx, e.actor(), e.cohort.ID, []int64{done["A One"], done["B Two"]})
		if err != nil || n != 2 {
			t.Fatalf("issued %d: %v", n, err)
		}
		if n, _ = e.svc.IssueSelected(ctx, e.actor(), e.cohort.ID, []int64{done["A One"]}); n != 0 {
			t.Fatalf("issued %d again", n)
		}
	})
}

func zipEntries(t *testing.T, e *env, b *certificates.Batch) map[string][]byte {
	t.Helper()
	r, err := e.svc.OpenZip(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, _ := io.ReadAll(r)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		_ = rc.Close()
	}
	return out
}

// TestBatch: a cohort's bulk issue makes every missing certificate and a
// ZIP of all of them; running it again, or another batch, issues nothing
// twice.
func TestBatch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		people := []trainee{{"Kim Min-jun", "김민준", "KR"}, {"Nguyen Thi Anh", "Nguyễn Thị Ánh", "VN"}, {"Batbayar", "Батбаяр", "MN"}}
		ids := e.enrol(t, true, people...)
		e.enrol(t, false, trainee{"Not Yet", "", "VN"})
		first, err := e.svc.Issue(ctx, e.actor(), ids["Kim Min-jun"])
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID)
		if err != nil || b.Status != certificates.BatchQueued || b.Total != 3 {
			t.Fatalf("start: %+v %v", b, err)
		}
		if again, _ := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID); again.ID != b.ID {
			t.Fatal("a second batch was queued beside the first")
		}
		if err := e.svc.RunBatch(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		b, _ = e.svc.Batch(ctx, b.ID)
		if b.Status != certificates.BatchDone || b.Done != 3 || b.Issued != 2 || b.Percent() != 100 {
			t.Fatalf("after the run: %+v", b)
		}
		entries := zipEntries(t, e, b)
		if len(entries) != 3 {
			t.Fatalf("%d entries in the ZIP", len(entries))
		}
		for name, pdf := range entries {
			if !bytes.HasPrefix(pdf, []byte("%PDF")) || !strings.HasSuffix(name, ".pdf") {
				t.Fatalf("entry %s is not a PDF", name)
			}
		}
		if _, ok := entries[first.Serial+"_Kim-Min-jun.pdf"]; !ok {
			t.Fatalf("no entry for the certificate issued before: %v", entries)
		}
		// The job runs again (River retries): nothing changes.
		if err := e.svc.RunBatch(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		b2, _ := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID)
		if err := e.svc.RunBatch(ctx, b2.ID); err != nil {
			t.Fatal(err)
		}
		b2, _ = e.svc.Batch(ctx, b2.ID)
		if b2.Issued != 0 || b2.Done != 3 {
			t.Fatalf("second batch: %+v", b2)
		}
		if n := storetest.Count(t, db, "certificates"); n != 3 {
			t.Fatalf("%d certificates, want 3", n)
		}
		if _, err := e.svc.OpenZip(ctx, &certificates.Batch{Status: certificates.BatchRunning}); !errors.Is(err, certificates.ErrBatchNotReady) {
			t.Fatalf("zip of a running batch: %v", err)
		}
	})
}

// TestAutoIssue: a cohort that issues on completion gets its certificates
// from the periodic job; one that does not, does not.
func TestAutoIssue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		e.enrol(t, true, trainee{"A One", "", "LA"})
		if n, err := e.svc.AutoIssue(ctx); err != nil || n != 0 {
			t.Fatalf("without auto: %d %v", n, err)
		}
		if err := e.svc.SetAuto(ctx, e.actor(), e.cohort.ID, true); err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.AutoIssue(ctx); err != nil || n != 1 {
			t.Fatalf("with auto: %d %v", n, err)
		}
		if n, _ := e.svc.AutoIssue(ctx); n != 0 {
			t.Fatalf("again: %d", n)
		}
		if on, _ := e.svc.Auto(ctx, e.cohort.ID); !on {
			t.Fatal("auto is off")
		}
	})
}
