package files_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/files/filestest"
	"github.com/baeum-lms/baeum/web"
)

func openS3(t *testing.T) (*files.Store, *filestest.S3) {
	t.Helper()
	srv := filestest.NewS3(t, "baeum")
	s, err := files.Open(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, srv
}

// TestS3StreamsLargeFiles writes a file larger than one multipart part
// through Create, a piece at a time as a ZIP is written, and reads it back.
func TestS3StreamsLargeFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, srv := openS3(t)
	key, w, err := s.Create(ctx, "certificate-zips", "application/zip")
	if err != nil {
		t.Fatal(err)
	}
	piece := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	want := sha256.New()
	for range 12 {
		if _, err := w.Write(piece); err != nil {
			t.Fatal(err)
		}
		want.Write(piece)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := sha256.New()
	n, err := io.Copy(got, r)
	if err != nil {
		t.Fatal(err)
	}
	if n != 12<<20 || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Errorf("read back %d bytes that differ from the 12 MiB written", n)
	}
	if keys := srv.Keys(t, "baeum"); !slices.Equal(keys, []string{key}) {
		t.Errorf("bucket holds %v, want only %s", keys, key)
	}
}

// TestS3Down: with the store unreachable every operation is
// ErrUnavailable, a 503 for the web layer, a write stores nothing, and
// once the store is back everything works again.
func TestS3Down(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, srv := openS3(t)
	kept, err := s.Put(ctx, "lessons/1", minimalPDF, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}

	srv.Down()
	unavailable := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, files.ErrUnavailable) {
			t.Errorf("%s with the store down: %v, want ErrUnavailable", what, err)
		}
		if got := web.Status(err); got != http.StatusServiceUnavailable {
			t.Errorf("%s with the store down: status %d, want 503", what, got)
		}
	}
	_, err = s.Put(ctx, "lessons/1", minimalPDF, "application/pdf")
	unavailable("put", err)
	_, err = s.Open(ctx, kept)
	unavailable("open", err)
	_, err = s.ReadAll(ctx, kept)
	unavailable("read", err)
	unavailable("ping", s.Ping(ctx))
	if _, w, err := s.Create(ctx, "certificate-zips", "application/zip"); err != nil {
		unavailable("create", err)
	} else {
		_, werr := w.Write(bytes.Repeat([]byte{1}, 1<<20))
		cerr := w.Close()
		unavailable("stream", errors.Join(werr, cerr))
	}

	srv.Up()
	if keys := srv.Keys(t, "baeum"); !slices.Equal(keys, []string{kept}) {
		t.Errorf("after the failed writes the bucket holds %v, want only %s", keys, kept)
	}
	data, err := s.ReadAll(ctx, kept)
	if err != nil || !bytes.Equal(data, minimalPDF) {
		t.Fatalf("back up: read %d bytes, %v", len(data), err)
	}
	if _, err := s.Put(ctx, "lessons/1", minimalPDF, "application/pdf"); err != nil {
		t.Fatalf("back up: put: %v", err)
	}
}

// TestOpenRefusesUnknownParameters: a mistyped setting in --files-url is
// an error at start, not a silently different store.
func TestOpenRefusesUnknownParameters(t *testing.T) {
	t.Parallel()
	_, err := files.Open(context.Background(), "s3://baeum?region=us-east-1&use_path_styl=true")
	if err == nil || !strings.Contains(err.Error(), "use_path_styl") {
		t.Errorf("open with a mistyped parameter: %v", err)
	}
}
