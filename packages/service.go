package packages

import (
	"archive/zip"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/lrs"
	"github.com/baeum-lms/baeum/store"
)

// Stored is a package lesson's package as kept: what its manifest says
// and where its unpacked files are in the file store.
type Stored struct {
	ID            int64
	LessonID      int64
	Standard      Standard
	Version       string
	Title         string
	FileName      string
	Manifest      string // JSON of Package
	Prefix        string // the file store's keys of its files begin so
	Files         int
	UnpackedBytes int64
	Secret        string `json:"-"` // signs the content origin's addresses
	UploadedBy    int64
	CreatedAt     time.Time
	UpdatedAt     time.Time

	pkg *Package
}

// TableName is the packages' table.
func (Stored) TableName() string { return "packages" }

// Package is the manifest as read at upload.
func (s *Stored) Package() *Package {
	if s.pkg == nil {
		s.pkg = &Package{}
		_ = json.Unmarshal([]byte(s.Manifest), s.pkg) // written by Upload
	}
	return s.pkg
}

// Organization is the organisation learners are given.
func (s *Stored) Organization() Organization {
	p := s.Package()
	if p.Default >= 0 && p.Default < len(p.Organizations) {
		return p.Organizations[p.Default]
	}
	return Organization{}
}

// Items lists what a learner plays: the default organisation's launchable
// items that are not hidden, in tree order.
func (s *Stored) Items() []Item {
	var out []Item
	for _, it := range s.Organization().Launchables() {
		if !it.Hidden {
			out = append(out, it)
		}
	}
	return out
}

// Item finds a launchable item of the default organisation by identifier.
func (s *Stored) Item(id string) (Item, bool) {
	for _, it := range s.Organization().Launchables() {
		if it.Identifier == id {
			return it, true
		}
	}
	return Item{}, false
}

// Runtime is what one learner's SCO or AU keeps between sessions.
type Runtime struct {
	ID           int64
	EnrolmentID  int64
	LessonID     int64
	Item         string
	Data         string // the SCORM data model as last committed, JSON
	Completion   string // completed, incomplete, not attempted, unknown, browsed ("" never launched)
	Success      string // passed, failed, unknown
	Score        *float64
	Satisfied    bool
	Terminated   bool
	TotalSeconds float64
	Sessions     int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// TableName is the runtimes' table.
func (Runtime) TableName() string { return "package_runtimes" }

// Errors of packages as lessons.
var (
	ErrNoPackage    = i18n.NewError(i18n.KindNotFound, "error.package.none")
	ErrNotPackage   = i18n.NewError(i18n.KindInvalid, "error.package.not_package_lesson")
	ErrUnknownItem  = i18n.NewError(i18n.KindInvalid, "error.package.unknown_item")
	ErrBadRuntime   = i18n.NewError(i18n.KindInvalid, "error.package.bad_runtime")
	ErrPublished    = i18n.NewError(i18n.KindConflict, "error.package.published")
	ErrNotLearner   = i18n.NewError(i18n.KindForbidden, "error.package.not_learner")
	ErrLaunchGone   = errors.New("packages: no such launch, or it expired")
	ErrLaunchUsed   = errors.New("packages: the launch's token was fetched already")
	errBadSignature = errors.New("packages: content address not signed")
)

// Service keeps package lessons' packages and their learners' runtime
// data, and launches them.
type Service struct {
	db      *store.DB
	acc     *accounts.Service
	courses *courses.Service
	enr     *enrollment.Service
	lrs     *lrs.Service
	files   *files.Store
	now     func() time.Time
	// AppURL is Baeum's public address; ContentURL the content origin's,
	// where package files are served (see ContentHandler).
	AppURL, ContentURL string
	// Limits bound the packages accepted.
	Limits Limits
	// ContentTTL is how long a content address stays signed.
	ContentTTL time.Duration

	secrets sync.Map // package id → *Stored without its manifest, for the content server
}

// NewService returns the packages service. appURL and contentURL are the
// public addresses of Baeum and of its content origin.
func NewService(db *store.DB, acc *accounts.Service, crs *courses.Service, enr *enrollment.Service, l *lrs.Service, fs *files.Store, appURL, contentURL string) *Service {
	s := &Service{db: db, acc: acc, courses: crs, enr: enr, lrs: l, files: fs, now: time.Now,
		AppURL: strings.TrimRight(appURL, "/"), ContentURL: strings.TrimRight(contentURL, "/"),
		Limits: DefaultLimits, ContentTTL: 12 * time.Hour}
	if l != nil {
		l.OnLaunchStatements(s.checkLaunch, s.launchStatements)
	}
	return s
}

// mayEdit is the one rule of who changes a lesson's package: coordinators
// and admins, as for every other part of a course.
func mayEdit(user *accounts.User) error {
	if user == nil || !user.Active || !user.Can(accounts.RoleCoordinator) {
		return accounts.ErrForbidden
	}
	return nil
}

// packageLesson loads a package lesson and its course.
func (s *Service) packageLesson(ctx context.Context, lessonID int64) (*courses.Course, *courses.Lesson, error) {
	var l courses.Lesson
	if err := s.db.Conn(ctx).First(&l, lessonID).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, nil, courses.ErrLessonNotFound
		}
		return nil, nil, fmt.Errorf("packages: load lesson %d: %w", lessonID, err)
	}
	c, err := s.courses.Course(ctx, l.CourseID)
	if err != nil {
		return nil, nil, err
	}
	cl, _, ok := c.Lesson(lessonID)
	if !ok {
		return nil, nil, courses.ErrLessonNotFound
	}
	if cl.Kind != courses.KindPackage {
		return nil, nil, ErrNotPackage
	}
	return c, cl, nil
}

// ForLesson returns the package of a package lesson, ErrNoPackage when
// none was uploaded yet.
func (s *Service) ForLesson(ctx context.Context, lessonID int64) (*Stored, error) {
	var p Stored
	err := s.db.Conn(ctx).Where("lesson_id = ?", lessonID).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNoPackage
	}
	if err != nil {
		return nil, fmt.Errorf("packages: load package of lesson %d: %w", lessonID, err)
	}
	return &p, nil
}

// Lesson returns a package lesson with its course and its package (nil
// when none was uploaded yet), for its editor.
func (s *Service) Lesson(ctx context.Context, user *accounts.User, lessonID int64) (*courses.Course, *courses.Lesson, *Stored, error) {
	if err := mayEdit(user); err != nil {
		return nil, nil, nil, err
	}
	c, l, err := s.packageLesson(ctx, lessonID)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := s.ForLesson(ctx, lessonID)
	if errors.Is(err, ErrNoPackage) {
		return c, l, nil, nil
	}
	return c, l, p, err
}

// fileErr puts a refusal on the "file" field, the upload's.
func fileErr(err error) error {
	var de *i18n.Error
	if errors.As(err, &de) {
		return &i18n.ValidationError{Fields: []i18n.FieldError{{Field: "file", Msg: de.Msg}}}
	}
	return err
}

// Upload reads the package in r (size bytes, name as uploaded), checks it
// (Read), unpacks its files to the file store and makes it the lesson's
// package, replacing any earlier one. A refused package is a
// *i18n.ValidationError on "file" naming the file and the problem, and
// nothing is stored: files written before a failure are removed. A
// published course's package changes only while no learner has played it.
func (s *Service) Upload(ctx context.Context, actor accounts.Actor, user *accounts.User, lessonID int64, name string, r io.ReaderAt, size int64) (*Stored, error) {
	if err := mayEdit(user); err != nil {
		return nil, err
	}
	c, l, err := s.packageLesson(ctx, lessonID)
	if err != nil {
		return nil, err
	}
	pkg, zr, err := readArchive(r, size, s.Limits)
	if err != nil {
		return nil, fileErr(err)
	}
	prefix := fmt.Sprintf("packages/%d/%s/", lessonID, randomHex(6))
	if err := s.unpack(ctx, zr, pkg.Root, prefix); err != nil {
		_ = s.files.DeletePrefix(context.WithoutCancel(ctx), prefix)
		return nil, err
	}
	manifest, err := json.Marshal(pkg)
	if err != nil {
		return nil, fmt.Errorf("packages: encode manifest: %w", err)
	}
	now := s.now()
	st := &Stored{LessonID: lessonID, Standard: pkg.Standard, Version: pkg.Version, Title: truncate(pkg.Title, 500),
		FileName: truncate(path.Base(strings.ReplaceAll(name, `\`, "/")), 200), Manifest: string(manifest), Prefix: prefix,
		Files: pkg.Files, UnpackedBytes: pkg.UnpackedBytes, Secret: randomHex(32),
		UploadedBy: user.ID, CreatedAt: now, UpdatedAt: now}
	var old *Stored
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		prev, err := s.ForLesson(ctx, lessonID)
		switch {
		case errors.Is(err, ErrNoPackage):
		case err != nil:
			return err
		default:
			old = prev
			if c.Status != courses.Draft {
				var played int64
				if err := s.db.Conn(ctx).Model(&Runtime{}).Where("lesson_id = ?", lessonID).Count(&played).Error; err != nil {
					return fmt.Errorf("packages: count runtimes of lesson %d: %w", lessonID, err)
				}
				if played > 0 {
					return ErrPublished
				}
			}
			if err := s.db.Conn(ctx).Delete(&Stored{}, prev.ID).Error; err != nil {
				return fmt.Errorf("packages: replace package of lesson %d: %w", lessonID, err)
			}
		}
		if err := s.db.Conn(ctx).Create(st).Error; err != nil {
			return fmt.Errorf("packages: store package of lesson %d: %w", lessonID, err)
		}
		return s.acc.Record(ctx, actor, "lesson.package", "course", l.CourseID, map[string]any{
			"lesson_id": lessonID, "name": st.FileName, "standard": st.Standard, "files": st.Files})
	})
	if err != nil {
		_ = s.files.DeletePrefix(context.WithoutCancel(ctx), prefix)
		return nil, err
	}
	if old != nil {
		s.secrets.Delete(old.ID)
		_ = s.files.DeletePrefix(ctx, old.Prefix)
	}
	return st, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// unpack writes the archive's files under root to the store beneath
// prefix. Read checked every path and the sizes the archive declares; a
// file that inflates beyond what it declared fails here (archive/zip
// checks, and the copy is limited besides).
func (s *Service) unpack(ctx context.Context, zr *zip.Reader, root, prefix string) error {
	for _, f := range zr.File {
		p := strings.ReplaceAll(f.Name, `\`, "/")
		rel, ok := strings.CutPrefix(p, root)
		if !ok || rel == "" || strings.HasSuffix(p, "/") || f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return fileErr(fail(ErrNotZip))
		}
		// Streamed, never whole in memory (an entry may be a video of
		// hundreds of MB); an entry that does not inflate to the size it
		// declared is refused, and what was written of it goes with the
		// rest of the prefix (Upload removes it).
		src := &entryReader{r: io.LimitReader(rc, int64(f.UncompressedSize64)+1)} //nolint:gosec // bounded by readArchive's limits
		err = s.files.PutKey(ctx, prefix+rel, src, contentType(rel))
		_ = rc.Close()
		if src.err != nil || uint64(src.n) != f.UncompressedSize64 { //nolint:gosec // a count of bytes read
			return fileErr(i18n.NewError(i18n.KindInvalid, "error.package.corrupt_entry", "File", rel))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// entryReader counts what it reads of an archive entry and keeps the
// entry's own read error apart from the file store's.
type entryReader struct {
	r   io.Reader
	n   int64
	err error
}

func (e *entryReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.n += int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		e.err = err
	}
	return n, err
}

// contentToken signs package p's files for ttl from now: the part of a
// content address after "/c/<id>/".
func (s *Service) contentToken(p *Stored) string {
	exp := strconv.FormatInt(s.now().Add(s.ContentTTL).Unix(), 10)
	return exp + "/" + sign(p.Secret, p.ID, exp)
}

func sign(secret string, id int64, exp string) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "%d/%s", id, exp)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// ContentBase is the signed address of package p's folder on the content
// origin; its files' paths follow.
func (s *Service) ContentBase(p *Stored) string {
	return fmt.Sprintf("%s/c/%d/%s/", s.ContentURL, p.ID, s.contentToken(p))
}

// contentPackage checks a content address's signature and answers the
// package it opens.
func (s *Service) contentPackage(ctx context.Context, id int64, exp, sig string) (*Stored, error) {
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || s.now().Unix() > n {
		return nil, errBadSignature
	}
	var p *Stored
	if v, ok := s.secrets.Load(id); ok {
		p = v.(*Stored)
	} else {
		var row Stored
		err := s.db.Conn(ctx).Select("id", "lesson_id", "prefix", "secret").Where("id = ?", id).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, errBadSignature
		}
		if err != nil {
			return nil, fmt.Errorf("packages: load package %d: %w", id, err)
		}
		p = &row
		s.secrets.Store(id, p)
	}
	if !hmac.Equal([]byte(sign(p.Secret, id, exp)), []byte(sig)) {
		return nil, errBadSignature
	}
	return p, nil
}
