package filestest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// S3 is an S3-compatible server in the test's process (gofakes3, kept in
// memory), with one bucket, that can be taken down and brought back.
type S3 struct {
	// URL opens the bucket with files.Open: path-style requests over plain
	// HTTP to the server, unsigned (the server checks no credentials, and
	// a test must not set the process's AWS_* variables).
	URL string

	backend *s3mem.Backend
	down    atomic.Bool
}

// NewS3 starts a server holding an empty bucket named bucket; it stops
// when the test ends.
func NewS3(t testing.TB, bucket string) *S3 {
	t.Helper()
	s := &S3{backend: s3mem.New()}
	if err := s.backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	fake := gofakes3.New(s.backend).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.down.Load() {
			// As a server that went away: the connection drops with no
			// answer at all.
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.(*net.TCPConn).SetLinger(0)
					_ = conn.Close()
					return
				}
			}
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	q := url.Values{
		"region":         {"us-east-1"},
		"endpoint":       {srv.URL},
		"use_path_style": {"true"},
		"disable_https":  {"true"},
		"anonymous":      {"true"},
	}
	s.URL = "s3://" + bucket + "?" + q.Encode()
	return s
}

// Down makes every request fail as if the server had gone away; Up brings
// it back with what it held.
func (s *S3) Down() { s.down.Store(true) }

// Up undoes Down.
func (s *S3) Up() { s.down.Store(false) }

// Keys returns the keys the bucket holds.
func (s *S3) Keys(t testing.TB, bucket string) []string {
	t.Helper()
	list, err := s.backend.ListBucket(bucket, &gofakes3.Prefix{}, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range list.Contents {
		keys = append(keys, o.Key)
	}
	return keys
}
