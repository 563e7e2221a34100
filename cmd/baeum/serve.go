package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/jobs"
	"github.com/baeum-lms/baeum/lrs"
	"github.com/baeum-lms/baeum/mail"
	"github.com/baeum-lms/baeum/packages"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/server"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/surveys"
	"github.com/baeum-lms/baeum/templates"
)

// serve runs the web server and the background jobs until ctx ends, then
// drains the requests in flight and stops the jobs.
func serve(ctx context.Context, cfg config, stdout io.Writer) error {
	return withDB(ctx, cfg, func(ctx context.Context, db *store.DB, log *slog.Logger) error {
		// Under load the heap would otherwise grow to twice what is live
		// (480 MB at 200 clients here); near the limit the collector runs
		// more often instead (about 175 MB, no fewer requests a second).
		log.DebugContext(ctx, "memory limit", "bytes", cfg.applyMemoryLimit())
		// Listen first: the base URL derived from --addr takes the port
		// actually bound (--addr :0 picks one), and every link made below
		// (mail, QR codes, Open Badges ids) uses it.
		ln, err := net.Listen("tcp", cfg.Addr)
		if err != nil {
			return err
		}
		defer func() { _ = ln.Close() }()
		listen := ln.Addr().String()
		if cfg.baseFromAddr {
			host, _, _ := net.SplitHostPort(cfg.Addr)
			_, port, _ := net.SplitHostPort(listen)
			cfg.BaseURL = baseURLFor(net.JoinHostPort(host, port))
		} else if warn := baseURLMismatch(cfg.BaseURL, listen); warn != "" {
			log.WarnContext(ctx, "the base URL does not match the listen address: links in mail, QR codes and badges may not answer",
				"problem", warn, "base_url", cfg.BaseURL, "addr", listen)
		}
		// The content origin: e-learning packages' files, apart from
		// Baeum's pages (see packages.ContentHandler).
		var contentLn net.Listener
		if cfg.ContentAddr != "off" {
			contentLn, err = net.Listen("tcp", cfg.ContentAddr)
			if err != nil {
				return fmt.Errorf("content origin: %w", err)
			}
			defer func() { _ = contentLn.Close() }()
			if cfg.contentFromAddr {
				cfg.ContentURL = contentURLFor(contentLn.Addr().String())
			}
		}
		bundle, err := i18n.Load()
		if err != nil {
			return err
		}
		tpl, err := templates.New()
		if err != nil {
			return err
		}
		fs, err := cfg.openFiles(ctx)
		if err != nil {
			return err
		}
		defer func() { _ = fs.Close() }()
		// A store that does not answer yet is not a reason to refuse every
		// page: uploads and downloads answer 503 until it does.
		if err := fs.Ping(ctx); err != nil {
			log.ErrorContext(ctx, "file storage cannot be reached: uploads and downloads will fail until it can", "err", err)
		}
		if cfg.Demo {
			if err := seedDemo(ctx, cfg, db, fs, stdout); err != nil {
				return err
			}
		}
		acc := accounts.NewService(db)
		acc.BaseURL = cfg.BaseURL
		crs := courses.NewService(db, acc, fs)
		enr := enrollment.NewService(db, crs, acc)
		keys, err := cfg.keys(db)
		if err != nil {
			return err
		}
		// Lessons, attempts and completions are recorded as xAPI statements.
		lrsSvc := lrs.NewService(db, acc, cfg.BaseURL)
		enr.RecordTo(lrsSvc)
		certs := certificates.NewService(db, acc, crs, enr, fs, keys)
		certs.BaseURL = cfg.BaseURL
		certs.RecordTo(lrsSvc)
		pkgs := packages.NewService(db, acc, crs, enr, lrsSvc, fs, cfg.BaseURL, cfg.ContentURL)
		// server.New only builds the handlers; each runs later under its own
		// request's context, which is what contextcheck follows into them.
		engine, err := server.New(server.Config{ //nolint:contextcheck // no context to pass at build time
			Secure: cfg.secure(), TrustedProxies: cfg.proxies(),
			MaxUploadBytes: int64(cfg.MaxUploadMB) << 20, Logger: log, BaseURL: cfg.BaseURL, ContentURL: cfg.ContentURL,
		}, server.Deps{DB: db, Bundle: bundle, Templates: tpl, Accounts: acc, Courses: crs,
			Enrolment: enr, Files: fs, Certs: certs, Projects: projects.NewService(db, acc, enr, fs),
			LRS: lrsSvc, Packages: pkgs, Surveys: surveys.NewService(db, acc, crs, enr)})
		if err != nil {
			return err
		}
		contentHandler, err := server.NewContent(pkgs)
		if err != nil {
			return err
		}
		contentSrv := &http.Server{
			Handler: contentHandler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: 10 * time.Minute,
			IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 16 << 10,
		}
		srv := &http.Server{
			Addr: cfg.Addr, Handler: engine,
			ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute,
			IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		}
		var sender mail.Sender = mail.LogSender{Log: log}
		if cfg.SMTPAddr != "" {
			sender = mail.SMTPSender{Config: mail.SMTPConfig{Addr: cfg.SMTPAddr, Username: cfg.SMTPUser, Password: cfg.SMTPPassword, From: cfg.MailFrom}}
		}
		// River stops when told to, after the HTTP server drained, not when the
		// signal arrives.
		runner, err := jobs.Start(context.WithoutCancel(ctx), db, sender, log, 15*time.Second, certs.Jobs(), lrsSvc.Jobs())
		if err != nil {
			return err
		}
		certs.Enqueue = func(ctx context.Context, batchID int64) error {
			return runner.Insert(ctx, certificates.BatchArgs{BatchID: batchID})
		}
		errc := make(chan error, 2)
		go func() { errc <- srv.Serve(ln) }()
		if contentLn != nil {
			go func() { errc <- contentSrv.Serve(contentLn) }()
			log.InfoContext(ctx, "content origin listening", "addr", contentLn.Addr().String(), "content_url", cfg.ContentURL)
		}
		log.InfoContext(ctx, "listening", "addr", listen, "base_url", cfg.BaseURL, "database", string(db.Dialect))
		fmt.Fprintf(stdout, "Baeum is listening on %s — open %s\n", listen, cfg.BaseURL)
		if contentLn != nil {
			fmt.Fprintf(stdout, "E-learning packages are served apart, on %s\n", cfg.ContentURL)
		}
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
		}
		log.InfoContext(ctx, "shutting down: draining requests")
		// The drain gets its own deadline: ctx is already cancelled.
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutCtx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
		if err := contentSrv.Shutdown(shutCtx); err != nil {
			return fmt.Errorf("shutdown of the content origin: %w", err)
		}
		if err := runner.Stop(shutCtx); err != nil {
			return fmt.Errorf("stop background jobs: %w", err)
		}
		log.InfoContext(shutCtx, "stopped")
		return nil
	})
}
