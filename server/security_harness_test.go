package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/lrs"
	"github.com/baeum-lms/baeum/packages"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/server"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/surveys"
	"github.com/baeum-lms/baeum/templates"
)

// newAppWith is newApp with the engine's configuration adjusted by set
// (trusted proxies, base URL, Secure cookies, a logger to read), for the
// tests of the request edge.
func newAppWith(t testing.TB, db *store.DB, set func(*server.Config)) *app {
	t.Helper()
	fs, err := files.OpenDir(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return newAppOn(t, db, fs, set)
}

// newAppOn is newAppWith keeping its files in fs (an S3 bucket, say).
func newAppOn(t testing.TB, db *store.DB, fs *files.Store, set func(*server.Config)) *app {
	t.Helper()
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	acc := accounts.NewService(db)
	if _, err := demo.Seed(context.Background(), acc); err != nil {
		t.Fatal(err)
	}
	crs := courses.NewService(db, acc, fs)
	enr := enrollment.NewService(db, crs, acc)
	keys, err := certificates.NewKeys(db, bytes.Repeat([]byte{0x42}, certificates.KeySecretSize))
	if err != nil {
		t.Fatal(err)
	}
	lrsSvc := lrs.NewService(db, acc, "")
	enr.RecordTo(lrsSvc)
	certs := certificates.NewService(db, acc, crs, enr, fs, keys)
	certs.RecordTo(lrsSvc)
	// Both servers' addresses are known before anything is built: the
	// content origin is another port (another origin) of 127.0.0.1.
	appSrv, contentSrv := httptest.NewUnstartedServer(nil), httptest.NewUnstartedServer(nil)
	appURL, contentURL := "http://"+appSrv.Listener.Addr().String(), "http://"+contentSrv.Listener.Addr().String()
	pkgs := packages.NewService(db, acc, crs, enr, lrsSvc, fs, appURL, contentURL)
	cfg := server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxUploadBytes: 2 << 20, ContentURL: contentURL}
	set(&cfg)
	e, err := server.New(cfg, server.Deps{DB: db, Bundle: bundle, Templates: tpl, Accounts: acc, Courses: crs,
		Enrolment: enr, Files: fs, Certs: certs, Projects: projects.NewService(db, acc, enr, fs),
		LRS: lrsSvc, Packages: pkgs, Surveys: surveys.NewService(db, acc, crs, enr)})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := server.NewContent(pkgs)
	if err != nil {
		t.Fatal(err)
	}
	appSrv.Config.Handler, contentSrv.Config.Handler = e, ch
	appSrv.Start()
	contentSrv.Start()
	a := &app{t: t, db: db, acc: acc, crs: crs, certs: certs, engine: e, srv: appSrv, content: contentSrv, pkgs: pkgs, lrs: lrsSvc, enr: enr}
	t.Cleanup(a.srv.Close)
	t.Cleanup(contentSrv.Close)
	certs.BaseURL = a.srv.URL // credentials are signed for an absolute address
	return a
}
