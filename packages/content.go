package packages

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/baeum-lms/baeum/files"
)

//go:embed player/host.js player/return.js player/scorm12.js player/scorm2004.js
var playerFiles embed.FS

// hostPath is the SCORM host page on the content origin.
const hostPath = "/_baeum/host.html"

var pageTemplate = template.Must(template.New("host").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><link rel="stylesheet" href="/_baeum/host.css"></head>
<body data-app-origin="{{.Origin}}">{{if .Frame}}<iframe id="sco" title="{{.Title}}" allow="fullscreen; autoplay"></iframe>{{end}}
<script src="/_baeum/{{.Script}}"></script></body></html>
`))

const hostCSS = "html,body{margin:0;height:100%;background:#fff}iframe{border:0;width:100%;height:100%;display:block}\n"

// ContentHandler serves the content origin: the files of packages at
// signed addresses (/c/<package>/<expiry>/<signature>/<path>) and the
// host page that holds the SCORM API. It sets no cookie and reads none; a
// package's pages may only be framed by Baeum and by each other, and
// nothing else is served from this origin.
func (s *Service) ContentHandler() http.Handler {
	app := origin(s.AppURL)
	content := origin(s.ContentURL)
	frameAncestors := "frame-ancestors " + app
	if content != "" && content != app {
		frameAncestors += " " + content
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		switch {
		case strings.HasPrefix(p, "/_baeum/"):
			h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; frame-src *; "+frameAncestors)
			s.servePlayer(w, r, strings.TrimPrefix(p, "/_baeum/"), app)
		case strings.HasPrefix(p, "/c/"):
			h.Set("Content-Security-Policy", frameAncestors)
			s.serveFile(w, r, strings.TrimPrefix(p, "/c/"))
		default:
			http.NotFound(w, r)
		}
	})
}

func origin(u string) string {
	x, err := url.Parse(u)
	if err != nil || x.Host == "" {
		return ""
	}
	return x.Scheme + "://" + x.Host
}

func (s *Service) servePlayer(w http.ResponseWriter, r *http.Request, name, app string) {
	h := w.Header()
	switch name {
	case "host.html", "return.html":
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		data := map[string]any{"Title": "Baeum", "Origin": app, "Frame": name == "host.html", "Script": strings.TrimSuffix(name, ".html") + ".js"}
		if r.Method == http.MethodHead {
			return
		}
		_ = pageTemplate.Execute(w, data)
	case "host.css":
		h.Set("Content-Type", "text/css; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=86400")
		_, _ = io.WriteString(w, hostCSS)
	case "host.js", "return.js", "scorm12.js", "scorm2004.js":
		data, err := playerFiles.ReadFile("player/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=86400")
		h.Set("Content-Length", strconv.Itoa(len(data)))
		if r.Method != http.MethodHead {
			_, _ = w.Write(data)
		}
	default:
		http.NotFound(w, r)
	}
}

// serveFile serves rest = "<package>/<expiry>/<signature>/<path>".
func (s *Service) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	parts := strings.SplitN(rest, "/", 4)
	if len(parts) != 4 || parts[3] == "" {
		http.NotFound(w, r)
		return
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	p, err := s.contentPackage(r.Context(), id, parts[1], parts[2])
	if errors.Is(err, errBadSignature) {
		http.Error(w, "this address expired or was never signed: open the lesson again", http.StatusForbidden)
		return
	}
	if err != nil {
		http.Error(w, "the package cannot be read now", http.StatusServiceUnavailable)
		return
	}
	rel := path.Clean("/" + parts[3])[1:]
	if rel == "" || rel == "." {
		http.NotFound(w, r)
		return
	}
	key := p.Prefix + rel
	h := w.Header()
	h.Set("Content-Type", contentType(rel))
	// The address is signed and expires: browsers may keep the file as
	// long as it is good, and share nothing (private).
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("Accept-Ranges", "bytes")
	failed := func(err error) {
		h.Del("Content-Type")
		if errors.Is(err, files.ErrNotFound) {
			http.NotFound(w, r)
			return
		}
		http.Error(w, "the package cannot be read now", http.StatusServiceUnavailable)
	}
	// One byte range (a video seeking, a phone's player fetching the
	// moov atom: iOS plays no video without it) needs the size first;
	// several ranges or none get the whole file, whose reader tells it.
	rg := r.Header.Get("Range")
	if rg == "" && r.Method == http.MethodGet {
		f, size, err := s.files.OpenRange(r.Context(), key, 0, -1)
		if err != nil {
			failed(err)
			return
		}
		defer f.Close()
		h.Set("Content-Length", strconv.FormatInt(size, 10))
		_, _ = io.Copy(w, f)
		return
	}
	size, err := s.files.Size(r.Context(), key)
	if err != nil {
		failed(err)
		return
	}
	offset, length, status := int64(0), size, http.StatusOK
	if rg != "" {
		from, n, ok := byteRange(rg, size)
		switch {
		case ok && n == 0:
			h.Set("Content-Range", fmt.Sprintf("bytes */%d", size))
			http.Error(w, "range not satisfiable", http.StatusRequestedRangeNotSatisfiable)
			return
		case ok:
			offset, length, status = from, n, http.StatusPartialContent
		}
	}
	if r.Method == http.MethodHead {
		h.Set("Content-Length", strconv.FormatInt(length, 10))
		w.WriteHeader(status)
		return
	}
	f, _, err := s.files.OpenRange(r.Context(), key, offset, length)
	if err != nil {
		failed(err)
		return
	}
	defer f.Close()
	h.Set("Content-Length", strconv.FormatInt(length, 10))
	if status == http.StatusPartialContent {
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", offset, offset+length-1, size))
	}
	w.WriteHeader(status)
	_, _ = io.Copy(w, f)
}

// contentType is the type a package's file is served and stored with,
// by its extension.
func contentType(name string) string {
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// byteRange reads a Range header of one byte range against size: its
// start and length; ok false for a header it does not take (another
// unit, several ranges, malformed: the whole file is sent); ok with
// length 0 for a range that starts past the end (416).
func byteRange(header string, size int64) (from, length int64, ok bool) {
	spec, found := strings.CutPrefix(header, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false
	}
	a, b, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return 0, 0, false
	}
	if a == "" { // the last b bytes
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false
		}
		n = min(n, size)
		return size - n, n, true
	}
	start, err := strconv.ParseInt(a, 10, 64)
	if err != nil || start < 0 {
		return 0, 0, false
	}
	if start >= size {
		return 0, 0, true
	}
	end := size - 1
	if b != "" {
		e, err := strconv.ParseInt(b, 10, 64)
		if err != nil || e < start {
			return 0, 0, false
		}
		end = min(e, size-1)
	}
	return start, end - start + 1, true
}

// Types of files packages hold that Go's own table lacks (the machine's
// may be absent).
func init() {
	for ext, t := range map[string]string{".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mp3": "audio/mpeg",
		".m4a": "audio/mp4", ".ogg": "audio/ogg", ".wav": "audio/wav", ".vtt": "text/vtt", ".woff": "font/woff", ".woff2": "font/woff2",
		".ttf": "font/ttf", ".otf": "font/otf", ".eot": "application/vnd.ms-fontobject", ".swf": "application/x-shockwave-flash", ".txt": "text/plain; charset=utf-8"} {
		_ = mime.AddExtensionType(ext, t)
	}
}
