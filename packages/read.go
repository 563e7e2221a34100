package packages

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
)

// Limits bound what reading a package may cost.
type Limits struct {
	Zip           files.ZipLimits
	ManifestBytes int64 // largest imsmanifest.xml or cmi5.xml
	Items         int   // most items (or AUs and blocks) in all organisations
}

// DefaultLimits bound the packages Baeum accepts. Authoring tools make
// packages of a few dozen to a few thousand files (Articulate Storyline's
// player alone is several hundred); videos inside hardly compress, so a
// high ratio means a bomb. The upload limit (--max-upload-mb) bounds the
// packed size before any of this is read.
var DefaultLimits = Limits{
	Zip:           files.ZipLimits{Entries: 10000, EntryBytes: 512 << 20, TotalBytes: 1 << 30, Ratio: 500},
	ManifestBytes: 8 << 20,
	Items:         5000,
}

// The manifests Baeum reads, at the top of a package.
const (
	scormManifest = "imsmanifest.xml"
	cmi5Manifest  = "cmi5.xml"
)

// Errors for refused packages. Each one that concerns a file carries its
// name as "File" in its data; see the message files for the rest.
var (
	ErrNotZip          = i18n.NewError(i18n.KindInvalid, "error.package.not_zip")
	ErrNoManifest      = i18n.NewError(i18n.KindInvalid, "error.package.no_manifest")
	ErrUnsafePath      = i18n.NewError(i18n.KindInvalid, "error.package.unsafe_path")
	ErrDuplicateEntry  = i18n.NewError(i18n.KindInvalid, "error.package.duplicate_entry")
	ErrManifestXML     = i18n.NewError(i18n.KindInvalid, "error.package.manifest_xml")
	ErrManifestLarge   = i18n.NewError(i18n.KindInvalid, "error.package.manifest_large")
	ErrLaunchMissing   = i18n.NewError(i18n.KindInvalid, "error.package.launch_missing")
	ErrNothingToLaunch = i18n.NewError(i18n.KindInvalid, "error.package.no_launch")
	ErrTooManyItems    = i18n.NewError(i18n.KindInvalid, "error.package.too_many_items")
	ErrResourceMissing = i18n.NewError(i18n.KindInvalid, "error.package.resource_missing")
	ErrResourceNoHref  = i18n.NewError(i18n.KindInvalid, "error.package.resource_no_href")
	ErrDefaultOrg      = i18n.NewError(i18n.KindInvalid, "error.package.default_org")
	ErrDuplicateID     = i18n.NewError(i18n.KindInvalid, "error.package.duplicate_id")
	ErrMissingField    = i18n.NewError(i18n.KindInvalid, "error.package.missing_field")
	ErrBadValue        = i18n.NewError(i18n.KindInvalid, "error.package.bad_value")
)

func fail(sentinel *i18n.Error, kv ...any) error {
	return i18n.NewError(sentinel.Kind, sentinel.Msg.ID, kv...)
}

// Read checks the ZIP archive in r (size bytes long) and reads its
// manifest: cmi5.xml when the package has one, else imsmanifest.xml. It
// refuses, before unpacking anything, archives over lim.Zip and entries
// whose path is absolute or climbs out of the package; then a manifest
// that is missing, larger than lim.ManifestBytes, not well-formed, or
// names a launch file the archive does not hold. Every refusal is an
// *i18n.Error naming the file and the problem.
func Read(r io.ReaderAt, size int64, lim Limits) (*Package, error) {
	pkg, _, err := readArchive(r, size, lim)
	return pkg, err
}

// readArchive is Read answering the checked archive too, for unpacking it.
func readArchive(r io.ReaderAt, size int64, lim Limits) (*Package, *zip.Reader, error) {
	zr, err := files.CheckZip(r, size, lim.Zip)
	if errors.Is(err, files.ErrMismatch) {
		return nil, nil, ErrNotZip
	}
	if err != nil {
		return nil, nil, err
	}
	entries, err := entryPaths(zr)
	if err != nil {
		return nil, nil, err
	}
	root, name, ok := findManifest(entries)
	if !ok {
		return nil, nil, ErrNoManifest
	}
	content := map[string]bool{}
	pkg := &Package{Root: root}
	for p, f := range entries {
		if rel, ok := strings.CutPrefix(p, root); ok && !f.FileInfo().IsDir() {
			content[rel] = true
			pkg.Files++
			pkg.UnpackedBytes += int64(f.UncompressedSize64) //nolint:gosec // bounded by lim.Zip
		}
	}
	data, err := readManifest(entries[root+name], root+name, lim.ManifestBytes)
	if err != nil {
		return nil, nil, err
	}
	m := manifest{file: root + name, content: content, items: lim.Items, max: lim.Items}
	if name == cmi5Manifest {
		err = m.readCMI5(data, pkg)
	} else {
		err = m.readSCORM(data, pkg)
	}
	if err != nil {
		return nil, nil, err
	}
	return pkg, zr, nil
}

// entryPaths maps each entry's path, with Windows separators made
// forward, to the entry. A path that is absolute, names a drive, holds a
// NUL or a ".." segment, or comes twice, refuses the whole package: such
// archives are made by hand to write outside the folder they are unpacked
// to (zip slip), or to serve one file for another.
func entryPaths(zr *zip.Reader) (map[string]*zip.File, error) {
	out := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		p := strings.ReplaceAll(f.Name, `\`, "/")
		if unsafePath(p) {
			return nil, fail(ErrUnsafePath, "File", f.Name)
		}
		key := strings.TrimSuffix(p, "/")
		if f.FileInfo().IsDir() {
			key += "/"
		}
		if _, dup := out[key]; dup {
			return nil, fail(ErrDuplicateEntry, "File", f.Name)
		}
		out[key] = f
	}
	return out, nil
}

func unsafePath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.ContainsRune(p, 0) {
		return true
	}
	if len(p) >= 2 && p[1] == ':' {
		return true // C:/…
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// findManifest finds cmi5.xml or imsmanifest.xml at the top of the
// archive or, when every entry (apart from macOS's __MACOSX folder) lies in
// one folder, at the top of that folder: people often zip the folder an
// authoring tool published rather than its contents.
func findManifest(entries map[string]*zip.File) (root, name string, ok bool) {
	for _, n := range []string{cmi5Manifest, scormManifest} {
		if _, ok := entries[n]; ok {
			return "", n, true
		}
	}
	top := ""
	for p := range entries {
		if strings.HasPrefix(p, "__MACOSX/") {
			continue
		}
		first, _, nested := strings.Cut(p, "/")
		if !nested || (top != "" && first != top) {
			return "", "", false
		}
		top = first
	}
	if top == "" {
		return "", "", false
	}
	for _, n := range []string{cmi5Manifest, scormManifest} {
		if _, ok := entries[top+"/"+n]; ok {
			return top + "/", n, true
		}
	}
	return "", "", false
}

func readManifest(f *zip.File, name string, max int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(max) { //nolint:gosec // max is positive
		return nil, fail(ErrManifestLarge, "File", name, "MB", max>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, ErrNotZip
	}
	defer func() { _ = rc.Close() }()
	data, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		// A checksum or format error: the archive is damaged.
		return nil, fmt.Errorf("%w (%s: %v)", ErrNotZip, name, err)
	}
	if int64(len(data)) > max {
		return nil, fail(ErrManifestLarge, "File", name, "MB", max>>20)
	}
	return data, nil
}
