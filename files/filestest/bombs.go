// Package filestest builds hostile archives for tests: ZIP bombs whose
// entries unpack to gigabytes from a few hundred kilobytes, archives of
// thousands of entries, and entries that lie about their size. They are
// built in milliseconds, without ever holding the unpacked content.
package filestest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strconv"
	"testing"
)

// Entry is one part of an archive: either Data as it is (stored, not
// packed), or Repeat
// repeated until it is Size bytes long (a bomb), packed to a fraction of
// that. DeclaredSize, when set, replaces the unpacked size the archive
// states for the entry (a liar).
type Entry struct {
	Name         string
	Data         []byte
	Repeat       []byte
	Size         int64
	DeclaredSize int64
}

// Zip builds an archive of entries.
func Zip(t testing.TB, entries ...Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.Repeat == nil {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Store})
			if err == nil {
				_, err = w.Write(e.Data)
			}
			if err != nil {
				t.Fatalf("filestest: %s: %v", e.Name, err)
			}
			continue
		}
		packed, crc := repeatDeflated(t, e.Repeat, e.Size)
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(packed)), UncompressedSize64: uint64(e.Size)}
		if e.DeclaredSize > 0 {
			h.UncompressedSize64 = uint64(e.DeclaredSize)
		}
		w, err := zw.CreateRaw(h)
		if err == nil {
			_, err = w.Write(packed)
		}
		if err != nil {
			t.Fatalf("filestest: %s: %v", e.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("filestest: close: %v", err)
	}
	return buf.Bytes()
}

// chunk is how much unpacked content one packed block stands for.
const chunk = 1 << 20

// repeatDeflated returns a deflate stream of pattern repeated to size
// bytes, and that content's CRC-32. It packs one chunk once, flushed so it
// ends on a byte boundary and refers to nothing before it, and repeats the
// packed bytes: decoding a copy after another yields the same chunk again.
func repeatDeflated(t testing.TB, pattern []byte, size int64) ([]byte, uint32) {
	t.Helper()
	unit := bytes.Repeat(pattern, chunk/len(pattern)+1)[:chunk/len(pattern)*len(pattern)]
	pack := func(p []byte) []byte {
		var b bytes.Buffer
		fw, err := flate.NewWriter(&b, flate.BestCompression)
		if err == nil {
			_, err = fw.Write(p)
		}
		if err == nil {
			err = fw.Flush()
		}
		if err != nil {
			t.Fatalf("filestest: deflate: %v", err)
		}
		return b.Bytes()
	}
	packedUnit := pack(unit)
	var out bytes.Buffer
	crc := crc32.NewIEEE()
	n := size / int64(len(unit))
	for range n {
		out.Write(packedUnit)
		_, _ = crc.Write(unit)
	}
	if rest := unit[:size-n*int64(len(unit))]; len(rest) > 0 {
		out.Write(pack(rest))
		_, _ = crc.Write(rest)
	}
	out.Write([]byte{0x03, 0x00}) // a final, empty block with fixed codes
	return out.Bytes(), crc.Sum32()
}

// ManyEntries builds an archive of n tiny entries named prefix0, prefix1, …
// after the given ones.
func ManyEntries(t testing.TB, prefix string, n int, first ...Entry) []byte {
	t.Helper()
	entries := append([]Entry{}, first...)
	for i := range n {
		entries = append(entries, Entry{Name: prefix + strconv.Itoa(i), Data: []byte("x")})
	}
	return Zip(t, entries...)
}

// CountingReaderAt counts the bytes read through it and fails the test
// when more than Max are read: the proof that a check stopped early.
type CountingReaderAt struct {
	T    testing.TB
	R    io.ReaderAt
	Max  int64
	Read int64
}

// ReadAt reads from R and counts.
func (c *CountingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.R.ReadAt(p, off)
	c.Read += int64(n)
	if c.Read > c.Max {
		c.T.Errorf("filestest: read %d bytes, more than the %d allowed", c.Read, c.Max)
	}
	return n, err
}
