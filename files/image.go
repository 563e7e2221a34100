package files

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // decode JPEG headers
	_ "image/png"  // decode PNG headers
	"io"
	"net/http"

	"gocloud.dev/blob"

	"github.com/baeum-lms/baeum/i18n"
)

// ErrImageType refuses an image upload that is not a PNG or JPEG picture.
var ErrImageType = i18n.NewError(i18n.KindInvalid, "error.file.image_type")

// MaxImageSide is the largest width or height an uploaded image may have.
const MaxImageSide = 4000

// CheckImage reads an image upload fully (at most max bytes) and verifies
// that it is a PNG or JPEG that decodes, of a sensible size, whatever its
// name says. It returns the content and its content type.
func CheckImage(r io.Reader, max int64) ([]byte, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, "", fmt.Errorf("files: read image: %w", err)
	}
	if int64(len(data)) > max {
		return nil, "", i18n.NewError(i18n.KindInvalid, "error.file.too_large", "MB", max>>20)
	}
	if len(data) == 0 {
		return nil, "", ErrEmpty
	}
	ct := http.DetectContentType(data)
	if ct != "image/png" && ct != "image/jpeg" {
		return nil, "", ErrImageType
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		return nil, "", ErrImageType
	}
	return data, ct, nil
}

// ReadAll returns the whole content of key.
func (s *Store) ReadAll(ctx context.Context, key string) ([]byte, error) {
	r, err := s.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, failure(ctx, "read", key, err)
	}
	return data, nil
}

// Create opens a writer for a new random key beneath prefix, for content
// too large to hold in memory (a ZIP of a cohort's certificates). The
// content is stored when the writer is closed without error.
func (s *Store) Create(ctx context.Context, prefix, contentType string) (string, io.WriteCloser, error) {
	key := newKey(prefix)
	w, err := s.bucket.NewWriter(ctx, key, &blob.WriterOptions{ContentType: contentType})
	if err != nil {
		return "", nil, failure(ctx, "create", key, err)
	}
	return key, &writer{ctx: ctx, key: key, w: w}, nil
}
