package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/store"
)

// config is every setting, from flags with BAEUM_* environment defaults.
type config struct {
	Addr            string
	DataDir         string
	DatabaseURL     string
	FilesURL        string
	BaseURL         string
	baseFromAddr    bool // BaseURL was derived from Addr, not given
	ContentAddr     string
	ContentURL      string
	contentFromAddr bool // ContentURL was derived from ContentAddr
	TrustedProxies  string
	MaxUploadMB     int
	MemoryLimitMB   int
	LogLevel        string
	Demo            bool
	SMTPAddr        string
	SMTPUser        string
	SMTPPassword    string // from BAEUM_SMTP_PASSWORD only: a flag would show in ps
	KeySecret       string // from BAEUM_KEY_SECRET only, for the same reason
	MailFrom        string
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envBool(name string) bool {
	v, _ := strconv.ParseBool(os.Getenv(name))
	return v
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// bind adds the shared flags to fs; each defaults to its BAEUM_* variable.
func (c *config) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("BAEUM_ADDR", ":8080"), "listen address (BAEUM_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", env("BAEUM_DATA_DIR", "./baeum-data"), "folder for the SQLite database and files (BAEUM_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("BAEUM_DATABASE_URL", ""), "postgres://… URL; empty means SQLite in the data dir (BAEUM_DATABASE_URL)")
	fs.StringVar(&c.FilesURL, "files-url", env("BAEUM_FILES_URL", ""), "where stored files go: file:///abs/dir, or s3://bucket?region=…&endpoint=http://host:port&use_path_style=true for any S3-compatible store (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); empty means the data dir's files folder (BAEUM_FILES_URL)")
	fs.StringVar(&c.BaseURL, "base-url", env("BAEUM_BASE_URL", ""), "public URL of the site; https makes cookies Secure (default: http:// and --addr, with localhost for a wildcard host) (BAEUM_BASE_URL)")
	fs.StringVar(&c.ContentAddr, "content-addr", env("BAEUM_CONTENT_ADDR", "127.0.0.1:8081"), "listen address of the content origin, where e-learning packages are served apart from Baeum's pages; \"off\" when another process serves --content-url (BAEUM_CONTENT_ADDR)")
	fs.StringVar(&c.ContentURL, "content-url", env("BAEUM_CONTENT_URL", ""), "public URL of the content origin: another host name than --base-url's (e.g. https://content.example.org), so a package's scripts never run as Baeum (default: http:// and --content-addr) (BAEUM_CONTENT_URL)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("BAEUM_TRUSTED_PROXIES", ""), "comma-separated proxy addresses or CIDRs whose X-Forwarded-For is trusted (BAEUM_TRUSTED_PROXIES)")
	fs.IntVar(&c.MaxUploadMB, "max-upload-mb", envInt("BAEUM_MAX_UPLOAD_MB", 50), "largest accepted upload in MB (BAEUM_MAX_UPLOAD_MB)")
	fs.IntVar(&c.MemoryLimitMB, "memory-limit-mb", envInt("BAEUM_MEMORY_LIMIT_MB", 128), "soft limit of the Go heap in MB: the collector works harder near it instead of growing the process under load; 0 for none; GOMEMLIMIT, when set, wins (BAEUM_MEMORY_LIMIT_MB)")
	fs.StringVar(&c.LogLevel, "log-level", env("BAEUM_LOG_LEVEL", "info"), "debug, info, warn or error (BAEUM_LOG_LEVEL)")
	fs.StringVar(&c.SMTPAddr, "smtp-addr", env("BAEUM_SMTP_ADDR", ""), "SMTP server host:port for notifications; empty writes mail to the log (BAEUM_SMTP_ADDR)")
	fs.StringVar(&c.SMTPUser, "smtp-user", env("BAEUM_SMTP_USER", ""), "SMTP user; the password comes from BAEUM_SMTP_PASSWORD (BAEUM_SMTP_USER)")
	fs.StringVar(&c.MailFrom, "mail-from", env("BAEUM_MAIL_FROM", "Baeum <no-reply@localhost>"), "sender address of notifications (BAEUM_MAIL_FROM)")
	c.SMTPPassword = os.Getenv("BAEUM_SMTP_PASSWORD")
	c.KeySecret = os.Getenv("BAEUM_KEY_SECRET")
}

// keys opens the signing key store. The key secret that seals the private
// keys in the database comes from BAEUM_KEY_SECRET (never a flag, which
// other users of the machine can read), else from key-secret in the data
// dir, made on first start. Several app servers on one database must all
// be given the same BAEUM_KEY_SECRET.
func (c *config) keys(db *store.DB) (*certificates.Keys, error) {
	secret, err := certificates.LoadKeySecret(c.KeySecret, filepath.Join(c.DataDir, "key-secret"))
	if err != nil {
		return nil, err
	}
	return certificates.NewKeys(db, secret)
}

// deriveBaseURL fills in the base URL from --addr when none was given.
func (c *config) deriveBaseURL() {
	if c.BaseURL == "" {
		c.BaseURL, c.baseFromAddr = baseURLFor(c.Addr), true
	}
	if c.ContentURL == "" && c.ContentAddr != "off" {
		c.ContentURL, c.contentFromAddr = contentURLFor(c.ContentAddr), true
	}
}

// contentURLFor is the content origin's URL when only its address is
// given: as baseURLFor, but a wildcard host is 127.0.0.1, not localhost,
// so that the content origin is another site than a default Baeum's and
// Baeum's cookies are never sent to it.
func contentURLFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err == nil && wildcardHost(host) {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	return baseURLFor(addr)
}

// databaseURL is the configured URL, or the SQLite file in the data dir.
func (c *config) databaseURL() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite:" + filepath.Join(c.DataDir, "baeum.db")
}

func (c *config) secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

func (c *config) proxies() []string {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (c *config) validate() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base-url %q is not an http(s) URL", c.BaseURL)
	}
	cu, err := url.Parse(c.ContentURL)
	if err != nil || (cu.Scheme != "http" && cu.Scheme != "https") || cu.Host == "" {
		return fmt.Errorf("--content-url %q is not an http(s) URL (set it, or --content-addr)", c.ContentURL)
	}
	if strings.EqualFold(cu.Host, u.Host) {
		return fmt.Errorf("--content-url %q must be another origin than --base-url %q: packages run their own scripts", c.ContentURL, c.BaseURL)
	}
	if c.MaxUploadMB < 1 {
		return fmt.Errorf("--max-upload-mb must be at least 1")
	}
	return nil
}

// openFiles opens the file store: --files-url, else the files folder of
// the data dir. Every app server sharing a database must share it too.
func (c *config) openFiles(ctx context.Context) (*files.Store, error) {
	if c.FilesURL == "" {
		return files.OpenDir(ctx, filepath.Join(c.DataDir, "files"))
	}
	return files.Open(ctx, c.FilesURL)
}

// applyMemoryLimit sets the Go runtime's soft memory limit from
// --memory-limit-mb, unless GOMEMLIMIT set one already. It returns the
// limit in force in bytes (math.MaxInt64 for none).
func (c *config) applyMemoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") != "" || c.MemoryLimitMB <= 0 {
		return debug.SetMemoryLimit(-1)
	}
	limit := int64(c.MemoryLimitMB) << 20
	debug.SetMemoryLimit(limit)
	return limit
}
