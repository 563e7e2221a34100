package lrs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// Forward is another LRS every statement is sent on to.
type Forward struct {
	ID            int64
	Endpoint      string // ends in "/", statements go to Endpoint + "statements"
	Username      string
	Password      string `json:"-"`
	Position      int64  // the last statement (xapi_statements.id) it took
	LastError     string
	LastAttemptAt *time.Time
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	DeletedAt     *time.Time
}

// TableName is the forwards' table.
func (Forward) TableName() string { return "lrs_forwards" }

// ErrForwardNotFound is a forward that does not exist (or was removed).
var ErrForwardNotFound = i18n.NewError(i18n.KindNotFound, "error.lrs_forward.not_found")

// ForwardBatch is how many statements one request to another LRS carries.
const ForwardBatch = 100

// AddForward makes statements go on to another LRS, from the first one
// stored. Admins only.
func (s *Service) AddForward(ctx context.Context, actor accounts.Actor, by *accounts.User, endpoint, username, password string) (*Forward, error) {
	if by == nil || !by.Can(accounts.RoleAdmin) {
		return nil, accounts.ErrForbidden
	}
	endpoint = strings.TrimSpace(endpoint)
	var v i18n.ValidationError
	u, err := url.Parse(endpoint)
	switch {
	case endpoint == "":
		v.Add("endpoint", "error.field.required")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "":
		v.Add("endpoint", "error.lrs_forward.endpoint")
	}
	if strings.TrimSpace(username) == "" {
		v.Add("username", "error.field.required")
	}
	if password == "" {
		v.Add("password", "error.field.required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(endpoint, "/") {
		endpoint += "/"
	}
	now := s.now()
	f := &Forward{Endpoint: endpoint, Username: strings.TrimSpace(username), Password: password, CreatedBy: by.ID, CreatedAt: now, UpdatedAt: now}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Create(f).Error; err != nil {
			return fmt.Errorf("lrs: add forward: %w", err)
		}
		return s.acc.Record(ctx, actor, "lrs_forward.create", "lrs_forward", f.ID, map[string]any{"endpoint": endpoint, "username": f.Username})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Forwards lists the forwards in use. Admins only.
func (s *Service) Forwards(ctx context.Context, by *accounts.User) ([]Forward, error) {
	if by == nil || !by.Can(accounts.RoleAdmin) {
		return nil, accounts.ErrForbidden
	}
	return s.forwards(ctx)
}

func (s *Service) forwards(ctx context.Context) ([]Forward, error) {
	var out []Forward
	if err := s.db.Conn(ctx).Where("deleted_at IS NULL").Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("lrs: list forwards: %w", err)
	}
	return out, nil
}

// RemoveForward stops a forward. Admins only.
func (s *Service) RemoveForward(ctx context.Context, actor accounts.Actor, by *accounts.User, id int64) error {
	if by == nil || !by.Can(accounts.RoleAdmin) {
		return accounts.ErrForbidden
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		var f Forward
		err := s.db.Conn(ctx).Where("deleted_at IS NULL").First(&f, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrForwardNotFound
		}
		if err != nil {
			return fmt.Errorf("lrs: load forward %d: %w", id, err)
		}
		now := s.now()
		if err := s.db.Conn(ctx).Model(&Forward{}).Where("id = ?", id).Updates(map[string]any{"deleted_at": now, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("lrs: remove forward %d: %w", id, err)
		}
		return s.acc.Record(ctx, actor, "lrs_forward.delete", "lrs_forward", id, map[string]any{"endpoint": f.Endpoint})
	})
}

// ForwardAll sends every forward the statements it has not taken yet,
// ForwardBatch at a time, moving its position after each batch the other
// LRS accepts. It stops a forward at its first failure (kept as its
// LastError, and answered) and goes on with the others.
func (s *Service) ForwardAll(ctx context.Context, client *http.Client) error {
	list, err := s.forwards(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for i := range list {
		if err := s.forward(ctx, client, &list[i]); err != nil {
			errs = append(errs, fmt.Errorf("lrs: forward to %s: %w", list[i].Endpoint, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Service) forward(ctx context.Context, client *http.Client, f *Forward) error {
	for {
		var rows []statementRow
		if err := s.db.Conn(ctx).Select("id", "document").Where("id > ?", f.Position).Order("id").Limit(ForwardBatch).Find(&rows).Error; err != nil {
			return fmt.Errorf("read statements: %w", err)
		}
		if len(rows) == 0 {
			return s.noteForward(ctx, f, f.Position, "")
		}
		err := s.send(ctx, client, f, batchBody(rows))
		if errors.Is(err, errHasSome) {
			// The other LRS holds some of these already (sent before a
			// failure kept the position back) and refused the batch: one
			// at a time, each it holds is skipped.
			for _, r := range rows {
				if err = s.send(ctx, client, f, batchBody([]statementRow{r})); err != nil && !errors.Is(err, errHasSome) {
					break
				}
				err = nil
			}
		}
		if err != nil {
			if nerr := s.noteForward(ctx, f, f.Position, err.Error()); nerr != nil {
				return errors.Join(err, nerr)
			}
			return err
		}
		f.Position = rows[len(rows)-1].ID
		if err := s.noteForward(ctx, f, f.Position, ""); err != nil {
			return err
		}
	}
}

// errHasSome is a batch the other LRS refused with 409: it holds one of
// its statement ids already.
var errHasSome = errors.New("the other LRS holds some of the statements already")

func batchBody(rows []statementRow) []byte {
	var body bytes.Buffer
	body.WriteByte('[')
	for i, r := range rows {
		if i > 0 {
			body.WriteByte(',')
		}
		body.WriteString(r.Document)
	}
	body.WriteByte(']')
	return body.Bytes()
}

// send posts a batch: nil when the other LRS took it (200, or 204 from
// some), errHasSome on 409, else an error with its answer.
func (s *Service) send(ctx context.Context, client *http.Client, f *Forward, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.Endpoint+"statements", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.SetBasicAuth(f.Username, f.Password)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = res.Body.Close() }()
	reason, _ := io.ReadAll(io.LimitReader(res.Body, 300))
	switch res.StatusCode {
	case http.StatusOK, http.StatusNoContent:
		return nil
	case http.StatusConflict:
		return errHasSome
	}
	return fmt.Errorf("%s: %s", res.Status, strings.TrimSpace(string(reason)))
}

func (s *Service) noteForward(ctx context.Context, f *Forward, position int64, lastError string) error {
	now := s.now()
	err := s.db.Conn(ctx).Model(&Forward{}).Where("id = ?", f.ID).
		Updates(map[string]any{"position": position, "last_error": lastError, "last_attempt_at": now, "updated_at": now}).Error
	if err != nil {
		return fmt.Errorf("lrs: note forward %d: %w", f.ID, err)
	}
	return nil
}
