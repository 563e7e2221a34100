package lrs

import (
	"bytes"
	"context"
	"crypto/sha1" //nolint:gosec // xAPI's ETags are SHA-1 by convention; not a security boundary
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"time"

	"gorm.io/gorm"
)

// The kinds of xAPI document.
const (
	KindState           = "state"
	KindActivityProfile = "activity_profile"
	KindAgentProfile    = "agent_profile"
)

// DocKey names a document, or with ID "" every document of its kind,
// activity, agent and registration (a State list or delete).
type DocKey struct {
	Kind, Activity, Agent, Registration, ID string
}

// Document is a stored document.
type Document struct {
	ContentType string
	Content     []byte
	ETag        string // quoted, as it goes in the ETag header
	Updated     time.Time
}

// Precondition is what a write's If-Match and If-None-Match headers ask.
type Precondition struct {
	IfMatch     string // an ETag (or *), "" when absent
	IfNoneMatch string // "*" (or an ETag), "" when absent
	// Required refuses (ErrNeedPrecondition) a change to an existing
	// document sent with neither header, as xAPI asks of profile PUTs.
	Required bool
}

// Errors of the document resources.
var (
	ErrPrecondition     = errors.New("the document's ETag does not match the request's precondition")
	ErrNeedPrecondition = errors.New("the document exists: send If-Match with its ETag, or If-None-Match: *")
	// ErrNoPrecondition refuses (400) a profile PUT with neither header
	// for a document not there yet: a client that overwrites profiles
	// says what it expects to find, as the ADL suite holds.
	ErrNoPrecondition = errors.New("a profile PUT sends If-Match with the document's ETag, or If-None-Match: * for a new one")
	ErrNotJSONObject  = errors.New("merging needs JSON objects on both sides (Content-Type application/json)")
)

type documentRow struct {
	ID           int64
	Kind         string
	ActivityID   string
	Agent        string
	Registration string
	DocumentID   string
	ContentType  string
	Content      []byte
	ETag         string `gorm:"column:etag"`
	Updated      time.Time
}

func (documentRow) TableName() string { return "xapi_documents" }

func (s *Store) documents(ctx context.Context, k DocKey) *gorm.DB {
	q := s.db.Conn(ctx).Model(&documentRow{}).Where("kind = ? AND activity_id = ? AND agent = ? AND registration = ?",
		k.Kind, k.Activity, k.Agent, k.Registration)
	if k.ID != "" {
		q = q.Where("document_id = ?", k.ID)
	}
	return q
}

func etagOf(content []byte) string {
	sum := sha1.Sum(content) //nolint:gosec // see the import
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// Document answers the document k names, ErrNotFound when there is none.
func (s *Store) Document(ctx context.Context, k DocKey) (*Document, error) {
	var r documentRow
	err := s.documents(ctx, k).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("lrs: read document: %w", err)
	}
	return &Document{ContentType: r.ContentType, Content: r.Content, ETag: r.ETag, Updated: r.Updated}, nil
}

// DocumentIDs lists the ids of the documents k (its ID "") covers,
// changed after since (zero for all), in id order.
func (s *Store) DocumentIDs(ctx context.Context, k DocKey, since time.Time) ([]string, error) {
	k.ID = ""
	q := s.documents(ctx, k)
	if !since.IsZero() {
		q = q.Where("updated > ?", since.UTC())
	}
	ids := []string{}
	if err := q.Order("document_id").Pluck("document_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("lrs: list documents: %w", err)
	}
	return ids, nil
}

// PutDocument stores content as the document k names: in place of what
// is there, or with merge (POST) its JSON object's properties written over
// the stored object's. It applies p first: ErrPrecondition when the ETag
// or absence it asks for does not hold, ErrNeedPrecondition when p is
// Required and a document exists.
func (s *Store) PutDocument(ctx context.Context, k DocKey, contentType string, content []byte, merge bool, p Precondition) error {
	if merge && declaredJSON(contentType) && !isJSONObject(contentType, content) {
		return ErrNotJSONObject
	}
	err := s.putDocument(ctx, k, contentType, content, merge, p)
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// Another request made the document first: this one now meets it.
		err = s.putDocument(ctx, k, contentType, content, merge, p)
	}
	return err
}

func (s *Store) putDocument(ctx context.Context, k DocKey, contentType string, content []byte, merge bool, p Precondition) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		var r documentRow
		err := s.db.ForUpdate(s.documents(ctx, k)).Take(&r).Error
		exists := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("lrs: read document: %w", err)
		}
		if err := p.check(exists, r.ETag); err != nil {
			return err
		}
		if exists && merge {
			// Merging needs JSON objects on both sides; a POST to a
			// document not there yet stores what it sends (xAPI: "treated
			// as PUT"), whatever it is.
			if !isJSONObject(r.ContentType, r.Content) || !isJSONObject(contentType, content) {
				return ErrNotJSONObject
			}
			content, err = mergeObjects(r.Content, content)
			if err != nil {
				return err
			}
			contentType = "application/json"
		}
		now := s.now().UTC()
		if exists {
			err = s.db.Conn(ctx).Model(&documentRow{}).Where("id = ?", r.ID).Updates(map[string]any{
				"content_type": contentType, "content": content, "etag": etagOf(content), "updated": now}).Error
		} else {
			err = s.db.Conn(ctx).Create(&documentRow{Kind: k.Kind, ActivityID: k.Activity, Agent: k.Agent, Registration: k.Registration,
				DocumentID: k.ID, ContentType: contentType, Content: content, ETag: etagOf(content), Updated: now}).Error
		}
		if err != nil {
			return fmt.Errorf("lrs: store document: %w", err)
		}
		return nil
	})
}

// DeleteDocuments deletes the document k names, or with k.ID "" every one
// it covers (a State delete); p applies to a single document.
func (s *Store) DeleteDocuments(ctx context.Context, k DocKey, p Precondition) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if k.ID != "" && (p.IfMatch != "" || p.IfNoneMatch != "") {
			var r documentRow
			err := s.db.ForUpdate(s.documents(ctx, k)).Take(&r).Error
			if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
				return fmt.Errorf("lrs: read document: %w", err)
			}
			p.Required = false
			if err := p.check(err == nil, r.ETag); err != nil {
				return err
			}
		}
		if err := s.documents(ctx, k).Delete(&documentRow{}).Error; err != nil {
			return fmt.Errorf("lrs: delete documents: %w", err)
		}
		return nil
	})
}

func (p Precondition) check(exists bool, etag string) error {
	switch {
	case p.IfMatch != "" && (!exists || (p.IfMatch != "*" && !etagListHas(p.IfMatch, etag))):
		return ErrPrecondition
	case p.IfNoneMatch != "" && exists && (p.IfNoneMatch == "*" || etagListHas(p.IfNoneMatch, etag)):
		return ErrPrecondition
	case p.Required && exists && p.IfMatch == "" && p.IfNoneMatch == "":
		return ErrNeedPrecondition
	case p.Required && !exists && p.IfMatch == "" && p.IfNoneMatch == "":
		return ErrNoPrecondition
	}
	return nil
}

// etagListHas reports whether an If-Match style list holds etag (quoted
// or, as some clients send them, bare).
func etagListHas(list, etag string) bool {
	for _, e := range bytes.Split([]byte(list), []byte(",")) {
		e = bytes.TrimSpace(e)
		e = bytes.TrimPrefix(e, []byte("W/"))
		if string(e) == etag || `"`+string(e)+`"` == etag {
			return true
		}
	}
	return false
}

func declaredJSON(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "application/json"
}

func isJSONObject(contentType string, content []byte) bool {
	if mt, _, _ := mime.ParseMediaType(contentType); mt != "application/json" {
		return false
	}
	var m map[string]json.RawMessage
	return json.Unmarshal(content, &m) == nil && m != nil
}

func mergeObjects(stored, sent []byte) ([]byte, error) {
	var a, b map[string]json.RawMessage
	if json.Unmarshal(stored, &a) != nil || json.Unmarshal(sent, &b) != nil {
		return nil, ErrNotJSONObject
	}
	for k, v := range b {
		a[k] = v
	}
	out, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("lrs: merge documents: %w", err)
	}
	return out, nil
}
