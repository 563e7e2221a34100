// Command baeum runs the Baeum training platform: the web server (the
// default), database migrations, user creation and demo data.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/credentials"
	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/jobs"
	"github.com/baeum-lms/baeum/lrs"
	"github.com/baeum-lms/baeum/packages"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
)

const usage = `Baeum — training and capacity-building platform

Usage:
  baeum [serve] [flags]            run the web server (the default command)
  baeum migrate [flags]            apply database migrations and exit
  baeum user create [flags]        create a user; the password is read from
                                   standard input or a prompt, never a flag
  baeum demo [flags]               seed the demo data and exit
  baeum certificates issue --cohort CODE [--zip FILE] [flags]
                                   issue every missing certificate of a cohort's
                                   completed trainees and write all of them into
                                   a ZIP (what the page's bulk issue does)
  baeum certificates sign --all    sign the credential of every certificate issued
                                   before Baeum signed them (their PDFs stay as
                                   they are)
  baeum keys rotate                make a new signing key for the credentials; the
                                   old ones stay published, so what they signed
                                   still verifies
  baeum keys list                  list the signing keys and their fingerprints

Serve flags:
  --demo                           seed demo accounts and print their logins (BAEUM_DEMO)

User create flags:
  --email, --name, --role (learner|coordinator|staff|admin), --country, --locale

Flags for every command:
`

func main() {
	// SIGINT and SIGTERM cancel the context: the server stops accepting,
	// drains the requests in flight and the process exits 0.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout)
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "baeum:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var cfg config
	fs := flag.NewFlagSet("baeum", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	cfg.bind(fs)
	parse := func(args []string) error {
		if err := fs.Parse(args); err != nil {
			return err
		}
		cfg.deriveBaseURL()
		return nil
	}
	switch cmd {
	case "serve":
		fs.BoolVar(&cfg.Demo, "demo", envBool("BAEUM_DEMO"), "seed demo accounts and print their logins (BAEUM_DEMO)")
		if err := parse(args); err != nil {
			return err
		}
		return serve(ctx, cfg, stdout)
	case "migrate":
		if err := parse(args); err != nil {
			return err
		}
		return withDB(ctx, cfg, func(ctx context.Context, db *store.DB, _ *slog.Logger) error { return nil })
	case "demo":
		if err := parse(args); err != nil {
			return err
		}
		return withDB(ctx, cfg, func(ctx context.Context, db *store.DB, _ *slog.Logger) error {
			fs, err := cfg.openFiles(ctx)
			if err != nil {
				return err
			}
			defer func() { _ = fs.Close() }()
			return seedDemo(ctx, cfg, db, fs, stdout)
		})
	case "user":
		if len(args) == 0 || args[0] != "create" {
			return fmt.Errorf("unknown command %q; did you mean 'baeum user create'?", strings.Join(append([]string{"user"}, args...), " "))
		}
		var in accounts.NewUser
		var role string
		fs.StringVar(&in.Email, "email", "", "e-mail address (required)")
		fs.StringVar(&in.Name, "name", "", "name as in the passport (default: the part of the e-mail before @)")
		fs.StringVar(&role, "role", "", "learner, coordinator, staff or admin (required)")
		fs.StringVar(&in.Country, "country", "", "ISO 3166-1 alpha-2 country code")
		fs.StringVar(&in.Locale, "locale", "", "preferred UI language: "+strings.Join(i18n.Supported, ", "))
		if err := parse(args[1:]); err != nil {
			return err
		}
		in.Role = accounts.Role(role)
		if in.Name == "" {
			in.Name, _, _ = strings.Cut(in.Email, "@")
		}
		return withDB(ctx, cfg, func(ctx context.Context, db *store.DB, _ *slog.Logger) error {
			pw, err := readPassword(stdin, stdout)
			if err != nil {
				return err
			}
			in.Password = pw
			u, err := accounts.NewService(db).CreateUser(ctx, accounts.Actor{}, in)
			if err != nil {
				return describe(err)
			}
			fmt.Fprintf(stdout, "created %s (%s), id %d\n", u.Email, u.Role, u.ID)
			return nil
		})
	case "certificates":
		if len(args) > 0 && args[0] == "sign" {
			var all bool
			fs.BoolVar(&all, "all", false, "sign every certificate issued unsigned (required)")
			if err := parse(args[1:]); err != nil {
				return err
			}
			if !all {
				return errors.New("--all is required: 'baeum certificates sign --all'")
			}
			return withDB(ctx, cfg, func(ctx context.Context, db *store.DB, _ *slog.Logger) error {
				return signAll(ctx, cfg, db, stdout)
			})
		}
		if len(args) == 0 || args[0] != "issue" {
			return fmt.Errorf("unknown command %q; did you mean 'baeum certificates issue --cohort CODE'?", strings.Join(append([]string{"certificates"}, args...), " "))
		}
		var code, zipPath string
		fs.StringVar(&code, "cohort", "", "the cohort's code (required)")
		fs.StringVar(&zipPath, "zip", "", "where to write the ZIP of the cohort's certificates (default: none)")
		if err := parse(args[1:]); err != nil {
			return err
		}
		if code == "" {
			return errors.New("--cohort is required")
		}
		return withDB(ctx, cfg, func(ctx context.Context, db *store.DB, _ *slog.Logger) error {
			return issueCohort(ctx, cfg, db, code, zipPath, stdout)
		})
	case "keys":
		if len(args) == 0 || (args[0] != "rotate" && args[0] != "list") {
			return fmt.Errorf("unknown command %q; did you mean 'baeum keys rotate' or 'baeum keys list'?", strings.Join(append([]string{"keys"}, args...), " "))
		}
		sub := args[0]
		if err := parse(args[1:]); err != nil {
			return err
		}
		return withDB(ctx, cfg, func(ctx context.Context, db *store.DB, _ *slog.Logger) error {
			return keysCommand(ctx, cfg, db, sub, stdout)
		})
	case "help":
		fs.Usage()
		return nil
	default:
		return fmt.Errorf("unknown command %q (try --help)", cmd)
	}
}

// keysCommand rotates or lists the signing keys.
func keysCommand(ctx context.Context, cfg config, db *store.DB, sub string, stdout io.Writer) error {
	keys, err := cfg.keys(db)
	if err != nil {
		return err
	}
	if sub == "rotate" {
		k, err := keys.Rotate(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "signing key %d made; it signs from now on (fingerprint %s)\n", k.Generation, credentials.Fingerprint(k.Key))
		return nil
	}
	list, err := keys.Public(ctx)
	if err != nil {
		return err
	}
	for _, k := range list {
		state := "signs"
		if k.RetiredAt != nil {
			state = "retired " + k.RetiredAt.Format("2006-01-02")
		}
		fmt.Fprintf(stdout, "%d  %s  made %s  %s\n", k.Generation, credentials.Fingerprint(k.Key), k.CreatedAt.Format("2006-01-02"), state)
	}
	return nil
}

// signAll signs the credentials of the certificates issued unsigned.
func signAll(ctx context.Context, cfg config, db *store.DB, stdout io.Writer) error {
	fs, err := cfg.openFiles(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = fs.Close() }()
	keys, err := cfg.keys(db)
	if err != nil {
		return err
	}
	acc := accounts.NewService(db)
	crs := courses.NewService(db, acc, fs)
	certs := certificates.NewService(db, acc, crs, enrollment.NewService(db, crs, acc), fs, keys)
	certs.BaseURL = cfg.BaseURL
	n, err := certs.SignAll(ctx)
	fmt.Fprintf(stdout, "%d certificates signed\n", n)
	return err
}

// issueCohort runs a cohort's bulk issue in this process.
func issueCohort(ctx context.Context, cfg config, db *store.DB, code, zipPath string, stdout io.Writer) error {
	fs, err := cfg.openFiles(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = fs.Close() }()
	acc := accounts.NewService(db)
	crs := courses.NewService(db, acc, fs)
	enr := enrollment.NewService(db, crs, acc)
	keys, err := cfg.keys(db)
	if err != nil {
		return err
	}
	certs := certificates.NewService(db, acc, crs, enr, fs, keys)
	certs.BaseURL = cfg.BaseURL
	co, err := enr.CohortByCode(ctx, code)
	if err != nil {
		return fmt.Errorf("cohort %q: %w", code, err)
	}
	b, err := certs.StartBatch(ctx, accounts.Actor{}, co.ID)
	if err != nil {
		return err
	}
	if err := certs.RunBatch(ctx, b.ID); err != nil {
		return err
	}
	if b, err = certs.Batch(ctx, b.ID); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "cohort %s: %d completed trainees, %d certificates issued now\n", co.Code, b.Total, b.Issued)
	if zipPath == "" {
		return nil
	}
	r, err := certs.OpenZip(ctx, b)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := os.Create(zipPath)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", zipPath)
	return nil
}

// describe turns a validation error into English lines for the terminal.
func describe(err error) error {
	b, lerr := i18n.Load()
	var v *i18n.ValidationError
	if lerr != nil || !errors.As(err, &v) {
		return err
	}
	l := b.Localizer("en")
	lines := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		lines[i] = "--" + strings.ReplaceAll(f.Field, "_", "-") + ": " + l.Message(f.Msg)
	}
	return errors.New(strings.Join(lines, "; "))
}

// readPassword prompts twice on a terminal, or reads one line from a pipe.
func readPassword(stdin io.Reader, stdout io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stdout, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stdout, "Again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func newLogger(level string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if term.IsTerminal(int(os.Stderr.Fd())) {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}

// withDB opens and migrates the database, then runs fn.
func withDB(ctx context.Context, cfg config, fn func(ctx context.Context, db *store.DB, log *slog.Logger) error) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel)
	slog.SetDefault(log)
	db, err := store.Open(ctx, cfg.databaseURL())
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if err := db.Migrate(ctx, log); err != nil {
		return err
	}
	if err := jobs.Migrate(ctx, db); err != nil {
		return err
	}
	return fn(ctx, db, log)
}

func seedDemo(ctx context.Context, cfg config, db *store.DB, fs *files.Store, stdout io.Writer) error {
	baseURL := cfg.BaseURL
	acc := accounts.NewService(db)
	acc.BaseURL = baseURL
	logins, err := demo.Seed(ctx, acc)
	if err != nil {
		return err
	}
	crs := courses.NewService(db, acc, fs)
	codes, err := demo.SeedCourses(ctx, crs)
	if err != nil {
		return err
	}
	enr := enrollment.NewService(db, crs, acc)
	cohorts, err := demo.SeedCohorts(ctx, acc, crs, enr)
	if err != nil {
		return err
	}
	projectCodes, err := demo.SeedProjects(ctx, acc, enr, projects.NewService(db, acc, enr, fs))
	if err != nil {
		return err
	}
	keys, err := cfg.keys(db)
	if err != nil {
		return err
	}
	certs := certificates.NewService(db, acc, crs, enr, fs, keys)
	certs.BaseURL = baseURL
	serials, err := demo.SeedCertificates(ctx, acc, crs, enr, certs)
	if err != nil {
		return err
	}
	pkgs := packages.NewService(db, acc, crs, enr, lrs.NewService(db, acc, baseURL), fs, baseURL, cfg.ContentURL)
	if err := demo.SeedPackages(ctx, acc, crs, pkgs); err != nil {
		return err
	}
	codes = append(codes, demo.ElearningCourse)
	fmt.Fprintf(stdout, "\nDemo accounts (password %q):\n", demo.Password)
	for _, l := range logins {
		fmt.Fprintf(stdout, "  %-26s %-12s %s (%s)\n", l.Email, l.Role, l.Name, l.Country)
	}
	fmt.Fprintf(stdout, "Demo courses: %s; cohorts: %s\n", strings.Join(codes, ", "), strings.Join(cohorts, ", "))
	fmt.Fprintf(stdout, "Demo projects: %s\n", strings.Join(projectCodes, ", "))
	for _, serial := range serials {
		fmt.Fprintf(stdout, "Demo certificate: %s\n", certs.VerifyURL(serial))
	}
	fmt.Fprintln(stdout)
	return nil
}
