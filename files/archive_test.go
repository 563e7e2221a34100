package files_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"

	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/files/filestest"
	"github.com/baeum-lms/baeum/i18n"
)

var small = files.ZipLimits{Entries: 100, EntryBytes: 8 << 20, TotalBytes: 16 << 20, Ratio: 100}

// TestCheckZipRefusesBombs: archives over a limit are refused from their
// central directory, with the limit in the message, and the check reads
// only a sliver of them.
func TestCheckZipRefusesBombs(t *testing.T) {
	t.Parallel()
	xml := []byte("<row><c><v>1</v></c></row>")
	cases := []struct {
		what string
		data []byte
		want error
		msg  map[string]any
	}{
		{"one entry of 1 GiB", filestest.Zip(t, filestest.Entry{Name: "a.xml", Repeat: xml, Size: 1 << 30}), files.ErrZipSize, map[string]any{"MB": int64(8)}},
		{"three entries of 6 MiB, each within the limit, 18 MiB in all", filestest.Zip(t,
			filestest.Entry{Name: "a", Data: noise(6 << 20)}, filestest.Entry{Name: "b", Data: noise(6 << 20)},
			filestest.Entry{Name: "c", Data: noise(6 << 20)}), files.ErrZipSize, map[string]any{"MB": int64(16)}},
		{"thousands of entries", filestest.ManyEntries(t, "word/x", 5000), files.ErrZipEntries, map[string]any{"Max": 100}},
		{"2 MiB from a few kilobytes", filestest.Zip(t, filestest.Entry{Name: "a", Repeat: xml, Size: 2 << 20}), files.ErrZipRatio, nil},
	}
	for _, tc := range cases {
		r := &filestest.CountingReaderAt{T: t, R: bytes.NewReader(tc.data), Max: 128 << 10}
		zr, err := files.CheckZip(r, int64(len(tc.data)), small)
		if !errors.Is(err, tc.want) || zr != nil {
			t.Errorf("%s: %v, want %v", tc.what, err, tc.want)
			continue
		}
		var ie *i18n.Error
		if !errors.As(err, &ie) || ie.Kind != i18n.KindInvalid {
			t.Errorf("%s: %v is not an invalid-input error", tc.what, err)
		}
		for k, v := range tc.msg {
			if ie.Msg.Data[k] != v {
				t.Errorf("%s: %s = %v, want %v", tc.what, k, ie.Msg.Data[k], v)
			}
		}
		if tc.want == files.ErrZipEntries && r.Read > 16<<10 {
			t.Errorf("%s: read %d bytes of the directory, more than the first entries need", tc.what, r.Read)
		}
	}
}

// noise is n bytes that do not compress.
func noise(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// TestCheckZipAccepts: an ordinary archive within the limits opens, and
// its entries read back; a ZIP64 archive is measured by its 64-bit sizes.
func TestCheckZipAccepts(t *testing.T) {
	t.Parallel()
	data := filestest.Zip(t, filestest.Entry{Name: "word/document.xml", Data: []byte("<w:document/>")},
		filestest.Entry{Name: "big.xml", Repeat: []byte("<p>text of a lesson, varied enough</p>"), Size: 1 << 20})
	zr, err := files.CheckZip(bytes.NewReader(data), int64(len(data)), small)
	if err != nil || len(zr.File) != 2 {
		t.Fatalf("ordinary archive: %v", err)
	}
	rc, err := zr.File[1].Open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	_ = rc.Close()
	if err != nil || n != 1<<20 {
		t.Fatalf("read back %d bytes: %v", n, err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "huge", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("x"))
	_ = zw.Close()
	if _, err := files.CheckZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), small); err != nil {
		t.Fatalf("tiny stored entry: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("%PDF-1.4"), data[:len(data)/2]} {
		if _, err := files.CheckZip(bytes.NewReader(bad), int64(len(bad)), small); !errors.Is(err, files.ErrMismatch) {
			t.Errorf("not a ZIP (%d bytes): %v", len(bad), err)
		}
	}
}

// TestCheckZipLiar: an entry that declares a small size but unpacks to
// much more passes the directory check and is then cut off by archive/zip
// at its declared size, so the declared sizes the limits were checked
// against hold.
func TestCheckZipLiar(t *testing.T) {
	t.Parallel()
	data := filestest.Zip(t, filestest.Entry{Name: "a.xml", Repeat: []byte("<row/>"), Size: 256 << 20, DeclaredSize: 1 << 10})
	zr, err := files.CheckZip(bytes.NewReader(data), int64(len(data)), small)
	if err != nil {
		t.Fatalf("the liar's directory is within the limits: %v", err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, rc)
	if err == nil || n > 1<<10 {
		t.Fatalf("unpacked %d bytes of a 1 KiB entry: %v", n, err)
	}
}

// TestCheckRefusesDocumentBombs: a DOCX or PPTX lesson document that is a
// ZIP bomb is refused like any other wrong file, and nothing is returned.
func TestCheckRefusesDocumentBombs(t *testing.T) {
	t.Parallel()
	doc := filestest.Entry{Name: "word/document.xml", Data: []byte("<w:document/>")}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"bomb.docx", filestest.Zip(t, doc, filestest.Entry{Name: "word/media/a.xml", Repeat: []byte("<w:p/>"), Size: 1 << 30}), files.ErrZipSize},
		{"many.docx", filestest.ManyEntries(t, "word/x", files.DocumentZip.Entries, doc), files.ErrZipEntries},
		{"bomb.pptx", filestest.Zip(t, filestest.Entry{Name: "ppt/slides/slide1.xml", Repeat: []byte("<p:sp/>"), Size: 100 << 20}), files.ErrZipRatio},
	}
	for _, tc := range cases {
		data, ct, err := files.Check(tc.name, bytes.NewReader(tc.data), 8<<20)
		if !errors.Is(err, tc.want) || data != nil || ct != "" {
			t.Errorf("%s (%d bytes): %v, want %v", tc.name, len(tc.data), err, tc.want)
		}
	}
}
