package server

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"
)

// compressedTypes are the answers worth compressing: pages, JSON of every
// kind, styles, scripts, SVG charts and text exports. PDFs, ZIPs, XLSX and
// images are compressed already and go as they are.
var compressedTypes = []string{
	"text/html", "text/css", "text/plain", "text/csv", "text/javascript", "application/javascript",
	"application/json", "application/problem+json", "application/ld+json", "application/manifest+json",
	"application/xml", "text/xml", "image/svg+xml",
}

// compressed wraps the app so that those answers go gzip- or
// zstd-compressed to clients that ask (Accept-Encoding), with Vary:
// Accept-Encoding. Bodies under 1 KiB gain nothing and go plain. Streams
// stay streams: the compressor writes out as the handler flushes, so a
// CSV export or a ZIP download is never held whole in memory. ETags are
// kept as the handlers make them, as most servers do, so If-None-Match
// still finds a cached answer whatever its encoding.
func compressed(h http.Handler) (http.Handler, error) {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(1024), gzhttp.ContentTypes(compressedTypes))
	if err != nil {
		return nil, err
	}
	return wrap(h), nil
}
