package files

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"gocloud.dev/gcerrors"

	"github.com/baeum-lms/baeum/i18n"
)

// ErrUnavailable is the answer when the store cannot do what was asked of
// it: unreachable (an S3 server down, a network cut), refusing Baeum's
// credentials, out of space, or failing inside. The web layer answers it
// with a 503 that says file storage is unavailable; whatever wrote the
// blob first writes no row (or rolls it back), so nothing is left half
// written. errors.Is finds it under the error a Store returns, which keeps
// the store's own error for the log.
var ErrUnavailable = i18n.NewError(i18n.KindUnavailable, "error.storage.unavailable")

// failure wraps a failed bucket call (op on key). The caller's own
// cancellation stays what it is, so the web layer reads a client that went
// away as such, not as the store's fault. Failures that come from how
// Baeum called the store (an invalid key, a key that exists already) are
// plain errors: a 500, a bug to fix. Every other failure is the store's:
// ErrUnavailable, logged here with the store's error because the web layer
// logs only what it answers with a 500.
func failure(ctx context.Context, op, key string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("files: %s %s: %w", op, key, err)
	}
	switch gcerrors.Code(err) {
	case gcerrors.InvalidArgument, gcerrors.AlreadyExists, gcerrors.FailedPrecondition, gcerrors.Unimplemented:
		return fmt.Errorf("files: %s %s: %w", op, key, err)
	}
	slog.WarnContext(ctx, "files: storage unavailable", "op", op, "key", key, "err", err)
	return fmt.Errorf("files: %s %s: %w: %w", op, key, ErrUnavailable, err)
}

// Ping checks that the bucket can be reached and exists, so a mistyped
// bucket or endpoint shows when Baeum starts rather than at the first
// upload.
func (s *Store) Ping(ctx context.Context) error {
	ok, err := s.bucket.IsAccessible(ctx)
	if err != nil {
		return failure(ctx, "reach", "the bucket", err)
	}
	if !ok {
		return fmt.Errorf("files: the bucket does not exist or may not be read with these credentials")
	}
	return nil
}

// writer is a blob writer whose failures read like the Store's.
type writer struct {
	ctx context.Context
	key string
	w   io.WriteCloser
}

func (w *writer) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil {
		return n, failure(w.ctx, "write", w.key, err)
	}
	return n, nil
}

// Close stores what was written, unless a write failed or the context
// given to Create was cancelled: then nothing is stored.
func (w *writer) Close() error {
	if err := w.w.Close(); err != nil {
		return failure(w.ctx, "write", w.key, err)
	}
	return nil
}
