package files

import (
	"archive/zip"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/baeum-lms/baeum/i18n"
)

// ZipLimits bound what opening a ZIP archive (DOCX, PPTX, XLSX) may cost.
// CheckZip holds an archive's central directory against them before any
// entry is unpacked, and archive/zip refuses an entry that unpacks to more
// than it declared, so the declared sizes are binding.
type ZipLimits struct {
	Entries    int   // most entries
	EntryBytes int64 // largest unpacked size of one entry
	TotalBytes int64 // largest unpacked size of all entries together
	Ratio      int64 // largest unpacked:packed ratio of an entry over ratioFloor
}

// ratioFloor is the unpacked size from which an entry's compression ratio
// counts: small XML parts legitimately pack very tightly.
const ratioFloor = 1 << 20

// DocumentZip bounds the DOCX and PPTX files Baeum accepts (lesson
// documents, project report attachments). Word and PowerPoint files have
// tens to a few thousand parts; pictures and videos inside them hardly
// compress, so a high ratio means a bomb.
var DocumentZip = ZipLimits{Entries: 5000, EntryBytes: 256 << 20, TotalBytes: 512 << 20, Ratio: 500}

// SheetZip bounds the XLSX files Baeum reads (trainee lists): a workbook
// from Excel has a few dozen parts, and a sheet of 20 000 trainees unpacks
// to about 20 MB.
var SheetZip = ZipLimits{Entries: 1000, EntryBytes: 32 << 20, TotalBytes: 64 << 20, Ratio: 500}

// Errors for refused archives. The ones with limits carry them in their
// data ("Max" entries, "MB" unpacked).
var (
	ErrZipEntries = i18n.NewError(i18n.KindInvalid, "error.file.zip_entries")
	ErrZipSize    = i18n.NewError(i18n.KindInvalid, "error.file.zip_size")
	ErrZipRatio   = i18n.NewError(i18n.KindInvalid, "error.file.zip_ratio")
)

// CheckZip opens the ZIP archive in r (size bytes long) and checks its
// central directory against lim: the number of entries, each entry's
// declared unpacked size and compression ratio, and the total. It unpacks
// nothing. A first pass walks the directory with a small fixed buffer and
// stops at the first entry over a limit, so an archive of a million
// entries costs no more memory than one of ten; only then does archive/zip
// read it, and its answer is checked again. Anything that is not a ZIP is
// ErrMismatch.
func CheckZip(r io.ReaderAt, size int64, lim ZipLimits) (*zip.Reader, error) {
	if err := walkDirectory(r, size, lim); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, ErrMismatch
	}
	t := lim.tally()
	for _, f := range zr.File {
		if err := t.add(f.UncompressedSize64, f.CompressedSize64); err != nil {
			return nil, err
		}
	}
	return zr, nil
}

// tally adds up an archive's entries against its limits.
type tally struct {
	lim     ZipLimits
	entries int
	total   uint64
}

func (l ZipLimits) tally() *tally { return &tally{lim: l} }

func (t *tally) add(unpacked, packed uint64) error {
	t.entries++
	if t.entries > t.lim.Entries {
		return i18n.NewError(i18n.KindInvalid, ErrZipEntries.Msg.ID, "Max", t.lim.Entries)
	}
	// The message names the limit passed: the whole file unpacks to more
	// than either.
	if unpacked > uint64(t.lim.EntryBytes) {
		return i18n.NewError(i18n.KindInvalid, ErrZipSize.Msg.ID, "MB", t.lim.EntryBytes>>20)
	}
	// Each entry is at most EntryBytes, so the sum cannot overflow before
	// it passes TotalBytes.
	t.total += unpacked
	if t.total > uint64(t.lim.TotalBytes) {
		return i18n.NewError(i18n.KindInvalid, ErrZipSize.Msg.ID, "MB", t.lim.TotalBytes>>20)
	}
	if unpacked > ratioFloor && (packed == 0 || unpacked/packed > uint64(t.lim.Ratio)) {
		return ErrZipRatio
	}
	return nil
}

// Signatures and fixed lengths of the ZIP records walkDirectory reads
// (APPNOTE.TXT 4.3).
const (
	sigDirectoryHeader = 0x02014b50
	sigDirectoryEnd    = 0x06054b50
	sigZip64Locator    = 0x07064b50
	sigZip64End        = 0x06064b50
	directoryHeaderLen = 46
	directoryEndLen    = 22
	zip64LocatorLen    = 20
	zip64ExtraID       = 0x0001
)

// walkDirectory counts the central directory's entries and their declared
// sizes without keeping them, and returns the first limit passed. An
// archive it cannot make sense of is left to archive/zip to judge.
func walkDirectory(r io.ReaderAt, size int64, lim ZipLimits) error {
	offset, ok := directoryOffset(r, size)
	if !ok {
		return nil
	}
	rd := &sequential{r: r, off: offset, end: size}
	t := lim.tally()
	var h [directoryHeaderLen]byte
	var extra []byte
	for {
		if rd.read(h[:]) != nil || le.Uint32(h[0:]) != sigDirectoryHeader {
			return nil // the end of the directory, or not one archive/zip will read
		}
		packed, unpacked := uint64(le.Uint32(h[20:])), uint64(le.Uint32(h[24:]))
		nameLen, extraLen, commentLen := int64(le.Uint16(h[28:])), int(le.Uint16(h[30:])), int64(le.Uint16(h[32:]))
		rd.off += nameLen
		if packed == 0xFFFFFFFF || unpacked == 0xFFFFFFFF {
			if cap(extra) < extraLen {
				extra = make([]byte, extraLen)
			}
			extra = extra[:extraLen]
			if rd.read(extra) != nil {
				return nil
			}
			unpacked, packed = zip64Sizes(extra, unpacked, packed)
		} else {
			rd.off += int64(extraLen)
		}
		rd.off += commentLen
		if err := t.add(unpacked, packed); err != nil {
			return err
		}
	}
}

// zip64Sizes reads the 64-bit sizes of an entry from its ZIP64 extra field;
// the unpacked size comes first, and each is present only when the header
// says 0xFFFFFFFF.
func zip64Sizes(extra []byte, unpacked, packed uint64) (uint64, uint64) {
	for len(extra) >= 4 {
		id, n := le.Uint16(extra), int(le.Uint16(extra[2:]))
		extra = extra[4:]
		if n > len(extra) {
			break
		}
		if id == zip64ExtraID {
			field := extra[:n]
			if unpacked == 0xFFFFFFFF && len(field) >= 8 {
				unpacked, field = le.Uint64(field), field[8:]
			}
			if packed == 0xFFFFFFFF && len(field) >= 8 {
				packed = le.Uint64(field)
			}
			break
		}
		extra = extra[n:]
	}
	return unpacked, packed
}

// directoryOffset finds where the central directory starts, from the end
// of central directory record (and its ZIP64 form). The record closes the
// archive unless a comment of up to 64 KiB follows it, so the last 22 bytes
// are tried before the last 64 KiB.
func directoryOffset(r io.ReaderAt, size int64) (int64, bool) {
	for _, tail := range []int64{min(size, directoryEndLen), min(size, directoryEndLen+0xFFFF)} {
		buf := make([]byte, tail)
		if readAt(r, buf, size-tail) != nil {
			return 0, false
		}
		for i := len(buf) - directoryEndLen; i >= 0; i-- {
			if le.Uint32(buf[i:]) == sigDirectoryEnd {
				return directoryStart(r, size, buf[i:], size-tail+int64(i))
			}
		}
	}
	return 0, false
}

// directoryStart reads the directory's offset from the end record found at
// at, following it to the ZIP64 end record when it says 0xFFFFFFFF.
func directoryStart(r io.ReaderAt, size int64, rec []byte, at int64) (int64, bool) {
	offset := int64(le.Uint32(rec[16:]))
	if offset != 0xFFFFFFFF {
		return offset, offset < size
	}
	var loc [zip64LocatorLen]byte
	if at < zip64LocatorLen || readAt(r, loc[:], at-zip64LocatorLen) != nil || le.Uint32(loc[:]) != sigZip64Locator {
		return 0, false
	}
	var end [56]byte
	endAt := int64(le.Uint64(loc[8:]))
	if endAt < 0 || endAt >= size || readAt(r, end[:], endAt) != nil || le.Uint32(end[:]) != sigZip64End {
		return 0, false
	}
	offset = int64(le.Uint64(end[48:]))
	return offset, offset >= 0 && offset < size
}

// sequential reads a ReaderAt front to back, a record at a time.
type sequential struct {
	r        io.ReaderAt
	off, end int64
}

func (s *sequential) read(p []byte) error {
	if s.off+int64(len(p)) > s.end {
		return io.ErrUnexpectedEOF
	}
	if err := readAt(s.r, p, s.off); err != nil {
		return err
	}
	s.off += int64(len(p))
	return nil
}

func readAt(r io.ReaderAt, p []byte, off int64) error {
	n, err := r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("files: read archive at %d: %w", off, err)
}

var le = binary.LittleEndian
