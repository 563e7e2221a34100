// Package files keeps every file Baeum stores (lesson documents, signature
// images and logos, certificate PDFs, batch ZIPs, report attachments,
// trainee lists awaiting confirmation) in blob storage through
// gocloud.dev/blob: a folder under the data dir by default (file://), any
// S3-compatible store (s3://) when several app servers share the files. It
// also checks that an upload is what its name says it is.
package files

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// buckets
	_ "gocloud.dev/blob/s3blob"   // s3:// buckets, any S3-compatible store
	"gocloud.dev/gcerrors"

	"github.com/baeum-lms/baeum/i18n"
)

// Store is an open bucket.
type Store struct {
	bucket *blob.Bucket
}

// Open opens the bucket at url: "file:///abs/path", or
// "s3://bucket?region=…" with, for a store other than AWS,
// endpoint=http://host:port, use_path_style=true and (for plain HTTP)
// disable_https=true; gocloud refuses parameters it does not know. An S3
// bucket's credentials come from the AWS SDK's usual chain
// (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a shared profile, an
// instance role), never from the URL. Opening does not reach the store:
// Ping does. A folder bucket writes no metadata files beside its
// blobs unless the URL asks for them (fileblob's metadata parameter): Baeum
// keeps each file's type and name in its own rows and never reads a blob's
// attributes, and the extra file cost a third of the time of storing a
// certificate.
func Open(ctx context.Context, url string) (*Store, error) {
	if p, ok := strings.CutPrefix(url, "file://"); ok {
		path, query, _ := strings.Cut(p, "?")
		if err := os.MkdirAll(path, 0o750); err != nil {
			return nil, fmt.Errorf("files: create %s: %w", path, err)
		}
		if !strings.Contains("&"+query, "&metadata=") {
			url = "file://" + path + "?" + strings.TrimPrefix(query+"&metadata=skip", "&")
		}
	}
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("files: open %s: %w", url, err)
	}
	return &Store{bucket: b}, nil
}

// OpenDir opens a file bucket in a local folder.
func OpenDir(ctx context.Context, dir string) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return Open(ctx, "file://"+filepath.ToSlash(abs))
}

// Close closes the bucket.
func (s *Store) Close() error { return s.bucket.Close() }

// Allowed are the accepted document types by extension.
var Allowed = map[string]string{
	".pdf":  "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

// Errors for rejected uploads.
var (
	ErrType     = i18n.NewError(i18n.KindInvalid, "error.file.type")
	ErrMismatch = i18n.NewError(i18n.KindInvalid, "error.file.mismatch")
	ErrTooLarge = i18n.NewError(i18n.KindInvalid, "error.file.too_large")
	ErrEmpty    = i18n.NewError(i18n.KindInvalid, "error.file.empty")
)

// Check reads an upload fully (at most max bytes) and verifies that its
// content matches its extension: a PDF starts with %PDF, a DOCX or PPTX is a
// ZIP holding word/ or ppt/ within DocumentZip's limits (no ZIP bombs are
// stored and handed to learners). It returns the content and its content
// type.
func Check(name string, r io.Reader, max int64) ([]byte, string, error) {
	ext := strings.ToLower(path.Ext(name))
	ct, ok := Allowed[ext]
	if !ok {
		return nil, "", ErrType
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, "", fmt.Errorf("files: read upload: %w", err)
	}
	if int64(len(data)) > max {
		return nil, "", i18n.NewError(i18n.KindInvalid, "error.file.too_large", "MB", max>>20)
	}
	if len(data) == 0 {
		return nil, "", ErrEmpty
	}
	sniffed := http.DetectContentType(data)
	switch ext {
	case ".pdf":
		if sniffed != "application/pdf" {
			return nil, "", ErrMismatch
		}
	case ".docx", ".pptx":
		want := "word/"
		if ext == ".pptx" {
			want = "ppt/"
		}
		zr, err := CheckZip(bytes.NewReader(data), int64(len(data)), DocumentZip)
		if err != nil {
			return nil, "", err
		}
		if !zipHas(zr, want) {
			return nil, "", ErrMismatch
		}
	}
	return data, ct, nil
}

func zipHas(zr *zip.Reader, prefix string) bool {
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, prefix) {
			return true
		}
	}
	return false
}

// Put stores data under a new random key beneath prefix and returns the
// key. A store that cannot be reached is ErrUnavailable.
func (s *Store) Put(ctx context.Context, prefix string, data []byte, contentType string) (string, error) {
	key := newKey(prefix)
	if err := s.bucket.WriteAll(ctx, key, data, &blob.WriterOptions{ContentType: contentType}); err != nil {
		return "", failure(ctx, "write", key, err)
	}
	return key, nil
}

func newKey(prefix string) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return prefix + "/" + hex.EncodeToString(b[:])
}

// ErrNotFound is the answer for a key the store does not hold.
var ErrNotFound = i18n.NewError(i18n.KindNotFound, "error.file.not_found")

// Open returns a reader for key: ErrNotFound when the store does not hold
// it, ErrUnavailable when the store cannot be reached.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	r, err := s.bucket.NewReader(ctx, key, nil)
	if err != nil {
		if gcerrors.Code(err) == gcerrors.NotFound {
			return nil, ErrNotFound
		}
		return nil, failure(ctx, "open", key, err)
	}
	return r, nil
}

// Delete removes key; a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.bucket.Delete(ctx, key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return failure(ctx, "delete", key, err)
	}
	return nil
}

// PutKey stores r's content under key, a key the caller chose (the files
// of an unpacked package keep their paths). A store that cannot be
// reached is ErrUnavailable.
func (s *Store) PutKey(ctx context.Context, key string, r io.Reader, contentType string) error {
	w, err := s.bucket.NewWriter(ctx, key, &blob.WriterOptions{ContentType: contentType})
	if err != nil {
		return failure(ctx, "write", key, err)
	}
	if _, err := io.Copy(w, r); err != nil {
		_ = w.Close()
		return failure(ctx, "write", key, err)
	}
	if err := w.Close(); err != nil {
		return failure(ctx, "write", key, err)
	}
	return nil
}

// DeletePrefix removes every key beneath prefix.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) error {
	it := s.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return failure(ctx, "list", prefix, err)
		}
		if obj.IsDir {
			continue
		}
		if err := s.Delete(ctx, obj.Key); err != nil {
			return err
		}
	}
}

// Size answers the length of key's content: ErrNotFound when the store
// does not hold it.
func (s *Store) Size(ctx context.Context, key string) (int64, error) {
	a, err := s.bucket.Attributes(ctx, key)
	if err != nil {
		if gcerrors.Code(err) == gcerrors.NotFound {
			return 0, ErrNotFound
		}
		return 0, failure(ctx, "stat", key, err)
	}
	return a.Size, nil
}

// OpenRange returns a reader of length bytes of key from offset (length
// -1 for the rest), for HTTP range requests, and the size of the whole
// content: ErrNotFound when the store does not hold it.
func (s *Store) OpenRange(ctx context.Context, key string, offset, length int64) (io.ReadCloser, int64, error) {
	r, err := s.bucket.NewRangeReader(ctx, key, offset, length, nil)
	if err != nil {
		if gcerrors.Code(err) == gcerrors.NotFound {
			return nil, 0, ErrNotFound
		}
		return nil, 0, failure(ctx, "open", key, err)
	}
	return r, r.Size(), nil
}
