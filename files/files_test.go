package files_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/files/filestest"
	"github.com/baeum-lms/baeum/i18n"
)

const maxUpload = 1 << 20

var minimalPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// zipOf builds an in-memory ZIP holding the named entries.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><x/>`); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func docx(t *testing.T) []byte {
	return zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml")
}

func pptx(t *testing.T) []byte {
	return zipOf(t, "[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml", "ppt/slides/slide1.xml")
}

func TestCheckAccepts(t *testing.T) {
	t.Parallel()
	exactly := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{'x'}, maxUpload-9)...)
	cases := []struct {
		name string
		data []byte
		ct   string
	}{
		{"x.pdf", minimalPDF, "application/pdf"},
		{"Lesson 1 — 새마을 운동.PDF", minimalPDF, "application/pdf"},
		{"dir/x.pdf", minimalPDF, "application/pdf"},
		{"x.pdf", exactly, "application/pdf"}, // exactly the limit
		{"x.docx", docx(t), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"X.DOCX", docx(t), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"x.pptx", pptx(t), "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{"x.pptx", zipOf(t, "ppt/presentation.xml"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	}
	for _, tc := range cases {
		data, ct, err := files.Check(tc.name, bytes.NewReader(tc.data), maxUpload)
		if err != nil {
			t.Errorf("Check(%q): %v", tc.name, err)
			continue
		}
		if !bytes.Equal(data, tc.data) {
			t.Errorf("Check(%q) returned %d bytes, want the %d read", tc.name, len(data), len(tc.data))
		}
		if ct != tc.ct {
			t.Errorf("Check(%q) content type %q, want %q", tc.name, ct, tc.ct)
		}
	}
	for ext, ct := range files.Allowed {
		if !strings.HasPrefix(ext, ".") || ct == "" {
			t.Errorf("Allowed[%q] = %q", ext, ct)
		}
	}
}

func TestCheckRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		what string
		name string
		data []byte
		want error
	}{
		{"PDF named .docx", "x.docx", minimalPDF, files.ErrMismatch},
		{"PDF named .pptx", "x.pptx", minimalPDF, files.ErrMismatch},
		{"text named .pdf", "x.pdf", []byte("just some text, not a PDF\n"), files.ErrMismatch},
		{"HTML named .pdf", "x.pdf", []byte("<!DOCTYPE html><script>alert(1)</script>"), files.ErrMismatch},
		{"PDF marker not at the start", "x.pdf", append([]byte("junk\n"), minimalPDF...), files.ErrMismatch},
		{"DOCX named .pptx", "x.pptx", docx(t), files.ErrMismatch},
		{"PPTX named .docx", "x.docx", pptx(t), files.ErrMismatch},
		{"DOCX named .pdf", "x.pdf", docx(t), files.ErrMismatch},
		{"ZIP of something else named .docx", "x.docx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), files.ErrMismatch},
		{"ZIP with word/ deeper down named .docx", "x.docx", zipOf(t, "docs/word/document.xml"), files.ErrMismatch},
		{"truncated DOCX", "x.docx", docx(t)[:40], files.ErrMismatch},
		{"text named .docx", "x.docx", []byte("word/document.xml"), files.ErrMismatch},
		{"program", "x.exe", []byte("MZ\x90\x00"), files.ErrType},
		{"PDF named .exe", "x.exe", minimalPDF, files.ErrType},
		{"PDF with a double extension", "x.pdf.exe", minimalPDF, files.ErrType},
		{"no extension", "x", minimalPDF, files.ErrType},
		{"old Word", "x.doc", minimalPDF, files.ErrType},
		{"spreadsheet", "x.xlsx", zipOf(t, "xl/workbook.xml"), files.ErrType},
		{"empty PDF", "x.pdf", nil, files.ErrEmpty},
		{"empty DOCX", "x.docx", []byte{}, files.ErrEmpty},
		{"empty program", "x.exe", nil, files.ErrType}, // the type is checked first
	}
	for _, tc := range cases {
		data, ct, err := files.Check(tc.name, bytes.NewReader(tc.data), maxUpload)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: Check(%q) = %v, want %v", tc.what, tc.name, err, tc.want)
			continue
		}
		for _, other := range []error{files.ErrType, files.ErrMismatch, files.ErrEmpty, files.ErrTooLarge} {
			if other != tc.want && errors.Is(err, other) {
				t.Errorf("%s: %v also matches %v", tc.what, err, other)
			}
		}
		if data != nil || ct != "" {
			t.Errorf("%s: rejected but returned %d bytes, type %q", tc.what, len(data), ct)
		}
		var ie *i18n.Error
		if !errors.As(err, &ie) || ie.Kind != i18n.KindInvalid {
			t.Errorf("%s: %v is not an invalid-input error", tc.what, err)
		}
	}
}

func TestCheckTooLarge(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		size int
		max  int64
	}{
		{"x.pdf", maxUpload + 1, maxUpload},
		{"x.pdf", 3*maxUpload + 5, 2 * maxUpload},
		{"x.pdf", 10, 9},
		{"x.pdf", 1, 0},
		{"x.docx", maxUpload + 1, maxUpload},
	} {
		data := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{'x'}, tc.size)...)[:tc.size]
		got, _, err := files.Check(tc.name, bytes.NewReader(data), tc.max)
		var ie *i18n.Error
		if !errors.As(err, &ie) || ie.Msg.ID != "error.file.too_large" || ie.Kind != i18n.KindInvalid {
			t.Errorf("%d bytes at max %d: %v, want error.file.too_large", tc.size, tc.max, err)
			continue
		}
		if !errors.Is(err, files.ErrTooLarge) {
			t.Errorf("%d bytes at max %d: %v does not match ErrTooLarge", tc.size, tc.max, err)
		}
		if got != nil {
			t.Errorf("%d bytes at max %d: returned data", tc.size, tc.max)
		}
		if mb, ok := ie.Msg.Data["MB"]; !ok || mb != tc.max>>20 {
			t.Errorf("%d bytes at max %d: MB = %v", tc.size, tc.max, ie.Msg.Data["MB"])
		}
	}
}

// TestCheckReadsAtMostMax checks that Check stops reading one byte past the
// limit instead of reading a huge upload to the end.
func TestCheckReadsAtMostMax(t *testing.T) {
	t.Parallel()
	r := &countingReader{r: io.MultiReader(bytes.NewReader(minimalPDF), endless{})}
	if _, _, err := files.Check("x.pdf", r, maxUpload); !errors.Is(err, files.ErrTooLarge) {
		t.Fatalf("endless upload: %v", err)
	}
	if r.n > maxUpload+1 {
		t.Errorf("read %d bytes for a limit of %d", r.n, maxUpload)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestCheckReadError(t *testing.T) {
	t.Parallel()
	boom := errors.New("connection reset")
	_, _, err := files.Check("x.pdf", failingReader{boom}, maxUpload)
	if !errors.Is(err, boom) {
		t.Fatalf("read error: %v, want it wrapped", err)
	}
	var ie *i18n.Error
	if errors.As(err, &ie) {
		t.Errorf("a read error reported as the upload's fault: %v", err)
	}
}

// TestStoreRoundTrip stores, reads and deletes files in a folder and in
// an S3-compatible store alike.
func TestStoreRoundTrip(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"folder", "s3"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url := "file://" + filepath.ToSlash(t.TempDir())
			if kind == "s3" {
				url = filestest.NewS3(t, "baeum-files").URL
			}
			s, err := files.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			if err := s.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			roundTrip(t, s)
		})
	}
}

func roundTrip(t *testing.T, s *files.Store) {
	ctx := context.Background()

	data := docx(t)
	key, err := s.Put(ctx, "lessons/42", data, files.Allowed[".docx"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, "lessons/42/") || len(key) <= len("lessons/42/") {
		t.Errorf("key %q is not under the prefix", key)
	}
	other, err := s.Put(ctx, "lessons/42", minimalPDF, files.Allowed[".pdf"])
	if err != nil {
		t.Fatal(err)
	}
	if other == key {
		t.Fatalf("two uploads share key %q", key)
	}

	for k, want := range map[string][]byte{key: data, other: minimalPDF} {
		r, err := s.Open(ctx, k)
		if err != nil {
			t.Fatalf("open %s: %v", k, err)
		}
		got, err := io.ReadAll(r)
		if cerr := r.Close(); cerr != nil {
			t.Error(cerr)
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: read back %d bytes, want the %d stored", k, len(got), len(want))
		}
	}

	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	r, err := s.Open(ctx, key)
	if err == nil {
		_ = r.Close()
		t.Fatalf("deleted %s still opens", key)
	}
	var ie *i18n.Error
	if !errors.As(err, &ie) || ie.Kind != i18n.KindNotFound {
		t.Errorf("open deleted %s: %v, want a not-found error", key, err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Errorf("deleting a missing key: %v", err)
	}

	// The other file is untouched.
	r, err = s.Open(ctx, other)
	if err != nil {
		t.Fatalf("the other file went too: %v", err)
	}
	_ = r.Close()

	if _, err := s.Open(ctx, "lessons/42/never-stored"); !errors.As(err, &ie) || ie.Kind != i18n.KindNotFound {
		t.Errorf("open a key never stored: %v", err)
	}
}

// TestFolderKeepsOnlyTheBlobs checks that a folder bucket writes each blob
// as one file, with no metadata file beside it, unless its URL asks for
// them; either way Delete leaves nothing behind.
func TestFolderKeepsOnlyTheBlobs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range []struct {
		query string
		files int // per blob
	}{{"", 1}, {"?metadata=skip", 1}, {"?create_dir=true", 1}, {"?metadata=", 2}} {
		dir := t.TempDir()
		s, err := files.Open(ctx, "file://"+filepath.ToSlash(dir)+c.query)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		key, err := s.Put(ctx, "certificates", minimalPDF, "application/pdf")
		if err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(filepath.Join(dir, "certificates"))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != c.files {
			t.Errorf("%q: %d files for one blob, want %d", c.query, len(entries), c.files)
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if entries, _ = os.ReadDir(filepath.Join(dir, "certificates")); len(entries) != 0 {
			t.Errorf("%q: %d files left after Delete", c.query, len(entries))
		}
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
}
