package certificates

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/baeum-lms/baeum/credentials"
	"github.com/baeum-lms/baeum/i18n"
)

// Every certificate is an Open Badges 3.0 OpenBadgeCredential (a W3C
// Verifiable Credential 2.0) signed by the institute's key with an embedded
// eddsa-rdfc-2022 Data Integrity proof (package credentials). It is made
// and signed once, when the certificate is issued, stored as signed, and
// attached to the PDF, so that it can be checked years later without
// Baeum's server. Whether it still holds is not in it: its credentialStatus
// points at a position in a revocation status list that Baeum serves
// (StatusList), whose bit is set when the certificate is revoked or
// replaced by a re-issue.
//
// The holder is named as on the PDF, by an Open Badges identity of type
// name, not hashed: the name is printed on the certificate anyway, and a
// verifier compares it with a passport. No e-mail or other account data is
// in the credential.

// statusPurpose is the purpose of Baeum's status lists.
const statusPurpose = "revocation"

// IssuerURL is the institute's issuer profile: the credentials' issuer id
// and the controller document of its signing keys.
func (s *Service) IssuerURL() string { return strings.TrimSuffix(s.BaseURL, "/") + "/issuer" }

// StatusListURL is the address of revocation status list n (from 1).
func (s *Service) StatusListURL(n int) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/credentials/status/" + strconv.Itoa(n)
}

// statusPosition maps the n-th position ever given (from 0) to a list and
// an index in it. Within a list the indexes are a fixed permutation of the
// counter (multiplying by an odd number is one-to-one modulo a power of
// two), so neighbouring certificates are not neighbouring bits, as the
// Bitstring Status List recommends for the holders' privacy.
func statusPosition(n int64) (list, index int) {
	const size = credentials.MinStatusListLength // 2^17
	list = int(n/size) + 1
	index = int((n%size*40503 + 12345) % size)
	return list, index
}

// allocateStatus takes the next position from the counter, in a
// transaction of its own: a position is never given twice, even when the
// issue that took it fails.
func (s *Service) allocateStatus(ctx context.Context) (list, index int, err error) {
	var next int64
	res := s.db.Conn(ctx).Raw("UPDATE credential_status_counter SET next = next + 1 WHERE id = 1 RETURNING next").Scan(&next)
	if res.Error != nil {
		return 0, 0, fmt.Errorf("certificates: status list position: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return 0, 0, errors.New("certificates: status list position: the counter row is missing")
	}
	list, index = statusPosition(next - 1)
	return list, index, nil
}

// credentialOf is c's credential, unsigned: what the certificate says, in
// English, pointing at its status list position.
func (s *Service) credentialOf(c *Certificate, en *i18n.Localizer) map[string]any {
	url := s.VerifyURL(c.Serial)
	narrative := en.T("certificate.criteria", "Hours", c.Hours)
	if c.CohortCode != "" {
		var starts, ends string
		if c.StartsOn != nil {
			starts = string(*c.StartsOn)
		}
		if c.EndsOn != nil {
			ends = string(*c.EndsOn)
		}
		narrative = en.T("certificate.criteria_cohort", "Hours", c.Hours, "Cohort", c.CohortCode, "Starts", starts, "Ends", ends)
	}
	description := c.CourseTitle
	if c.ProgrammeTitle != "" {
		description = c.ProgrammeTitle + " — " + c.CourseTitle
	}
	achievement := map[string]any{
		"id":          url + "#achievement",
		"type":        []any{"Achievement"},
		"name":        c.CourseTitle,
		"description": description,
		"criteria":    map[string]any{"narrative": narrative},
	}
	if c.CohortCode != "" {
		achievement["humanCode"] = c.CohortCode
	}
	list, index := 0, 0
	if c.StatusList != nil && c.StatusIndex != nil {
		list, index = *c.StatusList, *c.StatusIndex
	}
	return map[string]any{
		"@context":  []any{credentials.ContextCredentialsV2, credentials.ContextOpenBadgesV3},
		"id":        url,
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":    map[string]any{"id": s.IssuerURL(), "type": []any{"Profile"}, "name": en.T("certificate.institute")},
		"validFrom": c.IssuedAt.UTC().Truncate(time.Second).Format(time.RFC3339),
		"name":      c.CourseTitle,
		"credentialSubject": map[string]any{
			"type":        []any{"AchievementSubject"},
			"identifier":  []any{map[string]any{"type": "IdentityObject", "identityHash": c.HolderName, "identityType": "name", "hashed": false}},
			"achievement": achievement,
		},
		"credentialStatus": credentials.StatusEntry(s.StatusListURL(list), index, statusPurpose),
	}
}

// signCredential gives c a status list position and its signed credential
// (c.Credential). A failure leaves c unsigned and is returned: nothing is
// issued without its signature.
func (s *Service) signCredential(ctx context.Context, key *activeKey, c *Certificate, en *i18n.Localizer) error {
	list, index, err := s.allocateStatus(ctx)
	if err != nil {
		return err
	}
	c.StatusList, c.StatusIndex = &list, &index
	method, _ := credentials.VerificationMethod(s.IssuerURL(), key.Key)["id"].(string)
	signed, err := credentials.Sign(s.credentialOf(c, en), key.private, method, c.IssuedAt)
	if err != nil {
		c.StatusList, c.StatusIndex = nil, nil
		return fmt.Errorf("certificates: sign the credential of %s: %w", c.Serial, err)
	}
	b, err := json.Marshal(signed)
	if err != nil {
		c.StatusList, c.StatusIndex = nil, nil
		return fmt.Errorf("certificates: credential of %s: %w", c.Serial, err)
	}
	c.Credential = string(b)
	return nil
}

// Credential returns c's signed credential as issued. A certificate issued
// before Baeum signed credentials is signed now, once (its PDF does not
// change): two requests at once store one credential, the loser's position
// in the status list stays unused.
func (s *Service) Credential(ctx context.Context, c *Certificate) (json.RawMessage, error) {
	if c.Credential != "" {
		return json.RawMessage(c.Credential), nil
	}
	if err := s.signLegacy(ctx, c); err != nil {
		return nil, err
	}
	return json.RawMessage(c.Credential), nil
}

// signLegacy signs the credential of a certificate issued unsigned and
// stores it, unless another process did first (then c gets that one). A
// revoked or superseded certificate gets its status bit with it.
func (s *Service) signLegacy(ctx context.Context, c *Certificate) error {
	if s.keys == nil {
		return errNoKeys
	}
	key, err := s.keys.active(ctx)
	if err != nil {
		return err
	}
	bundle, err := i18n.Load()
	if err != nil {
		return err
	}
	signed := *c
	if err := s.signCredential(ctx, key, &signed, bundle.Localizer("en")); err != nil {
		return err
	}
	res := s.db.Conn(ctx).Model(&Certificate{}).Where("id = ? AND credential = ''", c.ID).
		Updates(map[string]any{"credential": signed.Credential, "status_list": *signed.StatusList, "status_index": *signed.StatusIndex})
	if res.Error != nil {
		return fmt.Errorf("certificates: store the credential of %s: %w", c.Serial, res.Error)
	}
	fresh, err := s.ByID(ctx, c.ID)
	if err != nil {
		return err
	}
	*c = *fresh
	return nil
}

// SignAll signs the credential of every certificate issued before Baeum
// signed them ('baeum certificates sign --all'), and reports how many.
func (s *Service) SignAll(ctx context.Context) (int, error) {
	n := 0
	for {
		var batch []Certificate
		if err := s.db.Conn(ctx).Where("credential = ''").Order("id").Limit(200).Find(&batch).Error; err != nil {
			return n, fmt.Errorf("certificates: unsigned certificates: %w", err)
		}
		if len(batch) == 0 {
			return n, nil
		}
		for i := range batch {
			if err := s.signLegacy(ctx, &batch[i]); err != nil {
				return n, err
			}
			n++
		}
	}
}

// errNoKeys is a Service made without a key store: it cannot issue.
var errNoKeys = errors.New("certificates: no signing keys (NewService was given none)")

// IssuerDocument is the institute's issuer profile, published at
// IssuerURL: an Open Badges Profile that is also the controller document
// of every signing key ever used (Multikey verification methods, listed
// under assertionMethod), so a verifier resolves any proof's
// verificationMethod, old keys included.
func (s *Service) IssuerDocument(ctx context.Context) (map[string]any, error) {
	if s.keys == nil {
		return nil, errNoKeys
	}
	keys, err := s.keys.Public(ctx)
	if err != nil {
		return nil, err
	}
	bundle, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	pubs := make([]ed25519.PublicKey, len(keys))
	for i, k := range keys {
		pubs[i] = k.Key
	}
	profile := map[string]any{"id": s.IssuerURL(), "type": []any{"Profile"}, "name": bundle.Localizer("en").T("certificate.institute"),
		"url": strings.TrimSuffix(s.BaseURL, "/") + "/"}
	return credentials.IssuerDocument(profile, pubs...)
}

// statusCache keeps each status list's signed credential until a
// certificate of the list changes or the key rotates: the stamp is read
// from the database on every request, so every process serves the change
// at once.
type statusCache struct {
	sync.Mutex
	lists map[int]cachedList
}

type cachedList struct {
	stamp string
	body  []byte
	etag  string
}

// StatusList returns the signed BitstringStatusListCredential of status
// list n (revocation): a certificate's bit is set when it is revoked or
// replaced by a re-issue. Its validFrom (and proof) is the time of the
// list's latest change, so the same state gives the same bytes and ETag.
func (s *Service) StatusList(ctx context.Context, n int) (body []byte, etag string, err error) {
	if s.keys == nil {
		return nil, "", errNoKeys
	}
	var next int64
	if err := s.db.Conn(ctx).Raw("SELECT next FROM credential_status_counter WHERE id = 1").Scan(&next).Error; err != nil {
		return nil, "", fmt.Errorf("certificates: status lists: %w", err)
	}
	if n < 1 || int64(n-1)*credentials.MinStatusListLength >= next {
		return nil, "", ErrNotFound
	}
	key, err := s.keys.active(ctx)
	if err != nil {
		return nil, "", err
	}
	// The list's latest change (read per row: MAX of a timestamp comes
	// back as text on SQLite), its size and its flagged positions.
	var last Certificate
	if err := s.db.Conn(ctx).Select("updated_at").Where("status_list = ?", n).Order("updated_at DESC").Limit(1).Find(&last).Error; err != nil {
		return nil, "", fmt.Errorf("certificates: status list %d: %w", n, err)
	}
	changed := last.UpdatedAt
	if changed.IsZero() {
		changed = key.CreatedAt
	}
	var total int64
	if err := s.db.Conn(ctx).Model(&Certificate{}).Where("status_list = ?", n).Count(&total).Error; err != nil {
		return nil, "", fmt.Errorf("certificates: status list %d: %w", n, err)
	}
	var flagged []int
	if err := s.db.Conn(ctx).Model(&Certificate{}).Where("status_list = ? AND status <> ?", n, Valid).Pluck("status_index", &flagged).Error; err != nil {
		return nil, "", fmt.Errorf("certificates: status list %d: %w", n, err)
	}
	stamp := fmt.Sprintf("%d|%s|%d|%d|%d", key.Generation, changed.UTC().Format(time.RFC3339Nano), total, len(flagged), n)
	s.status.Lock()
	if c, ok := s.status.lists[n]; ok && c.stamp == stamp {
		s.status.Unlock()
		return c.body, c.etag, nil
	}
	s.status.Unlock()

	list, err := credentials.NewStatusList(credentials.MinStatusListLength)
	if err != nil {
		return nil, "", err
	}
	for _, i := range flagged {
		if err := list.Set(i, true); err != nil {
			return nil, "", fmt.Errorf("certificates: status list %d: %w", n, err)
		}
	}
	url := s.StatusListURL(n)
	doc, err := credentials.StatusListCredential(url, s.IssuerURL(), changed, statusPurpose, list)
	if err != nil {
		return nil, "", err
	}
	method, _ := credentials.VerificationMethod(s.IssuerURL(), key.Key)["id"].(string)
	signed, err := credentials.Sign(doc, key.private, method, changed)
	if err != nil {
		return nil, "", fmt.Errorf("certificates: sign status list %d: %w", n, err)
	}
	if body, err = json.Marshal(signed); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(body)
	etag = `"` + hex.EncodeToString(sum[:16]) + `"`
	s.status.Lock()
	if s.status.lists == nil {
		s.status.lists = map[int]cachedList{}
	}
	s.status.lists[n] = cachedList{stamp: stamp, body: body, etag: etag}
	s.status.Unlock()
	return body, etag, nil
}
