package lrs

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"
	"time"

	"gorm.io/gorm/clause"
)

// UsageSignature is the usageType of a signed statement's JWS.
const UsageSignature = "http://adlnet.gov/expapi/attachments/signature"

// Part is the content of one attachment sent with its statements.
type Part struct {
	ContentType string
	Content     []byte
}

type attachmentRow struct {
	SHA2        string `gorm:"column:sha2;primaryKey"`
	ContentType string
	Length      int64
	Content     []byte
	CreatedAt   time.Time
}

func (attachmentRow) TableName() string { return "xapi_attachments" }

// sha2Hex is the hex SHA-2 of content of the length a given hash has
// (SHA-224, -256, -384 or -512), "" for another length.
func sha2Hex(content []byte, like string) string {
	switch len(like) {
	case 56:
		sum := sha256.Sum224(content)
		return hex.EncodeToString(sum[:])
	case 64:
		sum := sha256.Sum256(content)
		return hex.EncodeToString(sum[:])
	case 96:
		sum := sha512.Sum384(content)
		return hex.EncodeToString(sum[:])
	case 128:
		sum := sha512.Sum512(content)
		return hex.EncodeToString(sum[:])
	}
	return ""
}

// ParseMultipart reads a multipart/mixed statement request: the first
// part the statements as JSON, every other part an attachment's content
// with its X-Experience-API-Hash (the SHA-2 it must have) and
// Content-Transfer-Encoding: binary. It answers the JSON and the parts
// by hash.
func ParseMultipart(body []byte, boundary string) ([]byte, map[string]Part, error) {
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	var statements []byte
	parts := map[string]Part{}
	for i := 0; ; i++ {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, bad("", "the multipart body is malformed: %v", err)
		}
		content, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, bad("", "the multipart body is malformed: %v", err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if i == 0 {
			if ct != "application/json" {
				return nil, nil, bad("", "the first part holds the statements as application/json")
			}
			statements = content
			continue
		}
		if err := checkPartHeaders(p.Header, content, parts); err != nil {
			return nil, nil, err
		}
		parts[strings.ToLower(p.Header.Get("X-Experience-API-Hash"))] = Part{ContentType: p.Header.Get("Content-Type"), Content: content}
	}
	if statements == nil {
		return nil, nil, bad("", "the multipart body has no statements")
	}
	return statements, parts, nil
}

func checkPartHeaders(h textproto.MIMEHeader, content []byte, seen map[string]Part) error {
	hash := strings.ToLower(strings.TrimSpace(h.Get("X-Experience-API-Hash")))
	if hash == "" {
		return bad("", "every attachment part has an X-Experience-API-Hash header")
	}
	if !strings.EqualFold(h.Get("Content-Transfer-Encoding"), "binary") {
		return bad("", "every attachment part has Content-Transfer-Encoding: binary")
	}
	if sha2Hex(content, hash) != hash {
		return bad("", "an attachment part's content does not have its X-Experience-API-Hash")
	}
	if _, dup := seen[hash]; dup {
		return bad("", "two attachment parts have the hash %s", hash)
	}
	return nil
}

// CheckAttachments holds the statements' attachments against the parts
// sent: each without a fileUrl has its part, each part belongs to one,
// and a signature is a well-formed JWS (RS256, RS384 or RS512) whose
// payload is its statement, verified against the certificate its header
// carries (x5c) when it carries one.
func CheckAttachments(statements []map[string]any, parts map[string]Part) error {
	used := map[string]bool{}
	for i, st := range statements {
		list, _ := st["attachments"].([]any)
		for j, a := range list {
			m := a.(map[string]any)
			p := fmt.Sprintf("[%d].attachments[%d]", i, j)
			sha := strings.ToLower(m["sha2"].(string))
			part, sent := parts[sha]
			if !sent {
				if _, remote := m["fileUrl"]; remote && m["usageType"] != UsageSignature {
					continue
				}
				return bad(p, "no part of the request has the attachment's content (sha2 %s)", sha)
			}
			used[sha] = true
			if m["usageType"] == UsageSignature {
				if ct, _, _ := mime.ParseMediaType(m["contentType"].(string)); ct != "application/octet-stream" {
					return bad(join(p, "contentType"), "a signature is application/octet-stream")
				}
				if err := checkSignature(st, part.Content); err != nil {
					return bad(p, "%v", err)
				}
			}
		}
	}
	for sha := range parts {
		if !used[sha] {
			return bad("", "the part with hash %s belongs to no attachment of the statements", sha)
		}
	}
	return nil
}

var jwsHashes = map[string]crypto.Hash{"RS256": crypto.SHA256, "RS384": crypto.SHA384, "RS512": crypto.SHA512}

// checkSignature verifies a signed statement's JWS.
func checkSignature(st map[string]any, jws []byte) error {
	segs := strings.Split(strings.TrimSpace(string(jws)), ".")
	if len(segs) != 3 {
		return fmt.Errorf("the signature is not a JWS in compact form")
	}
	rawHeader, err1 := base64.RawURLEncoding.DecodeString(segs[0])
	payload, err2 := base64.RawURLEncoding.DecodeString(segs[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(segs[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return fmt.Errorf("the signature is not a JWS in compact form")
	}
	var header struct {
		Alg string   `json:"alg"`
		X5C []string `json:"x5c"`
	}
	if err := json.Unmarshal(rawHeader, &header); err != nil {
		return fmt.Errorf("the signature's JWS header is not JSON")
	}
	h, ok := jwsHashes[header.Alg]
	if !ok {
		return fmt.Errorf("the signature's algorithm %q is not RS256, RS384 or RS512", header.Alg)
	}
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	var signed map[string]any
	if err := d.Decode(&signed); err != nil {
		return fmt.Errorf("the signature's payload is not a statement")
	}
	if !sameSigned(signed, st) {
		return fmt.Errorf("the signature's payload is not this statement")
	}
	if len(header.X5C) == 0 {
		return nil
	}
	der, err := base64.StdEncoding.DecodeString(header.X5C[0])
	if err != nil {
		return fmt.Errorf("the signature's x5c certificate is not base64")
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return fmt.Errorf("the signature's x5c certificate cannot be read")
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return fmt.Errorf("the signature's certificate holds no RSA key")
	}
	hh := h.New()
	hh.Write([]byte(segs[0] + "." + segs[1]))
	if err := rsa.VerifyPKCS1v15(pub, h, hh.Sum(nil), sig); err != nil {
		return fmt.Errorf("the signature does not verify with its certificate")
	}
	return nil
}

// sameSigned compares a JWS payload with the statement it signs, as
// statements are compared, without the attachments (the signature was
// added after signing) or what the LRS sets.
func sameSigned(signed, st map[string]any) bool {
	a, b := shallow(signed), shallow(st)
	delete(a, "attachments")
	delete(b, "attachments")
	if _, ok := a["id"]; !ok {
		delete(b, "id")
	}
	ha, err1 := contentHash(a)
	hb, err2 := contentHash(b)
	idA, _ := a["id"].(string)
	idB, _ := b["id"].(string)
	return err1 == nil && err2 == nil && ha == hb && strings.EqualFold(idA, idB)
}

func shallow(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// saveParts stores attachment contents, each once.
func (s *Store) saveParts(ctx context.Context, parts map[string]Part) error {
	if len(parts) == 0 {
		return nil
	}
	now := s.now().UTC()
	rows := make([]attachmentRow, 0, len(parts))
	for sha, p := range parts {
		rows = append(rows, attachmentRow{SHA2: sha, ContentType: p.ContentType, Length: int64(len(p.Content)), Content: p.Content, CreatedAt: now})
	}
	if err := s.db.Conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
		return fmt.Errorf("lrs: store attachments: %w", err)
	}
	return nil
}

// Parts answers the stored contents of the attachments docs name.
func (s *Store) Parts(ctx context.Context, docs []json.RawMessage) (map[string]Part, error) {
	var shas []string
	for _, doc := range docs {
		var st struct {
			Attachments []struct{ SHA2 string } `json:"attachments"`
		}
		if json.Unmarshal(doc, &st) == nil {
			for _, a := range st.Attachments {
				shas = append(shas, strings.ToLower(a.SHA2))
			}
		}
	}
	out := map[string]Part{}
	if len(shas) == 0 {
		return out, nil
	}
	var rows []attachmentRow
	if err := s.db.Conn(ctx).Where("sha2 IN ?", shas).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("lrs: read attachments: %w", err)
	}
	for _, r := range rows {
		out[r.SHA2] = Part{ContentType: r.ContentType, Content: r.Content}
	}
	return out, nil
}
