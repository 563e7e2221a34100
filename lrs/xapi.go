package lrs

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// The xAPI versions this LRS speaks, newest last; About lists them.
var (
	versions     = []string{"1.0.3", "2.0.0"}
	version1Head = regexp.MustCompile(`^1\.0(\.[0-9]+)?$`)
	version2Head = regexp.MustCompile(`^2\.0(\.[0-9]+)?$`)
)

// MaxStatementBody is the largest body the Statement resource reads: a
// batch of a few thousand statements.
const MaxStatementBody = 16 << 20

// XAPI serves the xAPI resources at /xapi/.
type XAPI struct {
	svc *Service
	log *slog.Logger
}

// NewXAPI returns the xAPI face of svc.
func NewXAPI(svc *Service, log *slog.Logger) *XAPI {
	if log == nil {
		log = slog.Default()
	}
	return &XAPI{svc: svc, log: log}
}

type ctxKey int

const (
	keyOfRequest ctxKey = iota
	v2OfRequest
)

// Register adds the xAPI routes under r (the /xapi group). Requests are
// authenticated by an LRS key (HTTP Basic) and never by a session cookie:
// content a browser plays calls the LRS from another origin, and what the
// viewer is signed in as must not lend it any power.
func (x *XAPI) Register(r gin.IRouter) {
	g := r.Group("", x.cors, x.version)
	g.OPTIONS("/*any", func(c *gin.Context) { c.Status(http.StatusNoContent) })
	g.GET("/about", x.about)
	g.HEAD("/about", x.about)
	a := g.Group("", x.auth)
	a.PUT("/statements", x.putStatement)
	a.POST("/statements", x.postStatements)
	a.GET("/statements", x.getStatements)
	a.HEAD("/statements", x.getStatements)
	x.registerDocuments(a)
}

func (x *XAPI) cors(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, PUT, POST, DELETE, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match")
	h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through")
	c.Next()
}

// version reads X-Experience-API-Version: required everywhere but
// /about, 1.0.x or 2.0.x; the answer names the version it follows.
func (x *XAPI) version(c *gin.Context) {
	if c.Request.Method == http.MethodOptions {
		c.Next()
		return
	}
	v := strings.TrimSpace(c.GetHeader("X-Experience-API-Version"))
	v2 := version2Head.MatchString(v)
	if strings.HasSuffix(c.Request.URL.Path, "/statements") && (c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead) {
		// On every answer to a statements GET, refusals included.
		c.Header("X-Experience-API-Consistent-Through", x.svc.now().UTC().Format(StoredFormat))
	}
	c.Header("X-Experience-API-Version", map[bool]string{false: "1.0.3", true: "2.0.0"}[v2])
	if !v2 && !version1Head.MatchString(v) && !strings.HasSuffix(c.Request.URL.Path, "/about") {
		if v == "" {
			x.fail(c, http.StatusBadRequest, "the X-Experience-API-Version header is required")
		} else {
			x.fail(c, http.StatusBadRequest, "X-Experience-API-Version "+v+" is not a version this LRS speaks (1.0.x, 2.0.x)")
		}
		return
	}
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), v2OfRequest, v2))
	c.Next()
}

func (x *XAPI) auth(c *gin.Context) {
	user, pass, ok := c.Request.BasicAuth()
	if !ok {
		c.Header("WWW-Authenticate", `Basic realm="Baeum LRS"`)
		x.fail(c, http.StatusUnauthorized, "sign the request with an LRS key (HTTP Basic)")
		return
	}
	k, err := x.svc.Authenticate(c.Request.Context(), user, pass)
	if errors.Is(err, ErrUnauthenticated) {
		c.Header("WWW-Authenticate", `Basic realm="Baeum LRS"`)
		x.fail(c, http.StatusUnauthorized, "no such LRS key, or it was revoked")
		return
	}
	if err != nil {
		x.serverError(c, err)
		return
	}
	if k.ReadOnly && c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		x.fail(c, http.StatusForbidden, "this LRS key may only read")
		return
	}
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), keyOfRequest, k))
	c.Next()
}

func isV2(ctx context.Context) bool { v, _ := ctx.Value(v2OfRequest).(bool); return v }

func requestKey(ctx context.Context) *Key { k, _ := ctx.Value(keyOfRequest).(*Key); return k }

// fail answers an xAPI error: the status and the reason as text.
func (x *XAPI) fail(c *gin.Context, status int, reason string) {
	c.Header("Content-Type", "text/plain; charset=utf-8")
	c.String(status, reason)
	c.Abort()
}

func (x *XAPI) serverError(c *gin.Context, err error) {
	x.log.ErrorContext(c.Request.Context(), "xapi", "path", c.Request.URL.Path, "err", err)
	x.fail(c, http.StatusInternalServerError, "the LRS could not answer; try again")
}

// about lists the versions the LRS speaks: 1.0.3, and 2.0.0 to a client
// that speaks 2.0 (a 1.0.3 client is shown only the versions it knows).
func (x *XAPI) about(c *gin.Context) {
	list := versions[:1]
	if version2Head.MatchString(strings.TrimSpace(c.GetHeader("X-Experience-API-Version"))) {
		list = versions
	}
	c.JSON(http.StatusOK, gin.H{"version": list, "extensions": gin.H{}})
}

// readBody reads the body of a statement request: JSON, or
// multipart/mixed with the contents of attachments after the statements.
func (x *XAPI) readBody(c *gin.Context) ([]byte, map[string]Part, bool) {
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/json" && mt != "multipart/mixed") {
		x.fail(c, http.StatusBadRequest, "send statements as application/json, or multipart/mixed with their attachments")
		return nil, nil, false
	}
	body, ok := x.readLimited(c)
	if !ok || mt == "application/json" {
		return body, nil, ok
	}
	if params["boundary"] == "" {
		x.fail(c, http.StatusBadRequest, "multipart/mixed needs a boundary")
		return nil, nil, false
	}
	statements, parts, err := ParseMultipart(body, params["boundary"])
	if err != nil {
		x.saveError(c, err)
		return nil, nil, false
	}
	return statements, parts, true
}

// readLimited reads a request body of at most MaxStatementBody bytes.
func (x *XAPI) readLimited(c *gin.Context) ([]byte, bool) {
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, MaxStatementBody+1))
	if err != nil {
		x.fail(c, http.StatusBadRequest, "the body could not be read")
		return nil, false
	}
	if len(body) > MaxStatementBody {
		x.fail(c, http.StatusRequestEntityTooLarge, "the body is larger than 16 MB")
		return nil, false
	}
	return body, true
}

// statementsIn reads the statements of a PUT or POST whose query may hold
// only params; false when it has answered already.
func (x *XAPI) statementsIn(c *gin.Context, params ...string) ([]map[string]any, []byte, map[string]Part, bool) {
	if err := onlyParams(c, params...); err != "" {
		x.fail(c, http.StatusBadRequest, err)
		return nil, nil, nil, false
	}
	body, parts, ok := x.readBody(c)
	if !ok {
		return nil, nil, nil, false
	}
	list, err := ParseStatements(body, isV2(c.Request.Context()))
	if err == nil {
		err = CheckAttachments(list, parts)
	}
	if err != nil {
		x.saveError(c, err)
		return nil, nil, nil, false
	}
	return list, body, parts, true
}

// saveError answers what Save refused.
func (x *XAPI) saveError(c *gin.Context, err error) {
	var inv *Invalid
	var conflict *Conflict
	switch {
	case errors.As(err, &inv):
		x.fail(c, http.StatusBadRequest, inv.Error())
	case errors.As(err, &conflict):
		x.fail(c, http.StatusConflict, conflict.Error())
	default:
		x.serverError(c, err)
	}
}

func (x *XAPI) putStatement(c *gin.Context) {
	id := c.Query("statementId")
	if !isUUID(id) {
		x.fail(c, http.StatusBadRequest, "statementId is required, a UUID")
		return
	}
	list, body, parts, ok := x.statementsIn(c, "statementId")
	if !ok {
		return
	}
	if len(list) != 1 || strings.HasPrefix(strings.TrimSpace(string(body)), "[") {
		x.fail(c, http.StatusBadRequest, "PUT stores one statement, not an array")
		return
	}
	if given, has := list[0]["id"].(string); has && !strings.EqualFold(given, id) {
		x.fail(c, http.StatusBadRequest, "the statement's id differs from statementId")
		return
	}
	list[0]["id"] = id
	stored := x.saveChecked(c, list, func(ctx context.Context) error {
		_, err := x.svc.Statements.SaveWithParts(ctx, list, parts, x.svc.Authority(requestKey(ctx)), isV2(ctx))
		return err
	})
	if stored {
		c.Status(http.StatusNoContent)
	}
}

func (x *XAPI) postStatements(c *gin.Context) {
	list, _, parts, ok := x.statementsIn(c)
	if !ok {
		return
	}
	var ids []string
	stored := x.saveChecked(c, list, func(ctx context.Context) error {
		var err error
		ids, err = x.svc.Statements.SaveWithParts(ctx, list, parts, x.svc.Authority(requestKey(ctx)), isV2(ctx))
		return err
	})
	if stored {
		c.JSON(http.StatusOK, ids)
	}
}

// saveChecked stores list with save. Statements sent with a launch key
// are checked first (launchRefusal, then the launcher's rules) in the same
// transaction, serialised per launch, so two requests of one AU session
// cannot both pass a rule of "once"; a refusal is 403 and stores nothing.
// It answers whether the statements were stored (else it has answered).
func (x *XAPI) saveChecked(c *gin.Context, list []map[string]any, save func(ctx context.Context) error) bool {
	ctx := c.Request.Context()
	k := requestKey(ctx)
	if k == nil || k.Launch == nil {
		if err := save(ctx); err != nil {
			x.saveError(c, err)
			return false
		}
		return true
	}
	var refusal string
	err := x.svc.db.InTx(ctx, func(ctx context.Context) error {
		h := fnv.New64a()
		_, _ = h.Write([]byte("lrs-launch:" + k.Launch.Subject))
		if err := x.svc.db.Serialise(ctx, int64(h.Sum64()>>1)); err != nil { //nolint:gosec // a lock key, any 63 bits
			return err
		}
		for _, st := range list {
			if refusal = launchRefusal(k.Launch, st); refusal != "" {
				return nil
			}
		}
		if x.svc.checkLaunch != nil {
			why, err := x.svc.checkLaunch(ctx, k.Launch.Subject, list)
			if err != nil || why != "" {
				refusal = why
				return err
			}
		}
		return save(ctx)
	})
	if err != nil {
		x.saveError(c, err)
		return false
	}
	if refusal != "" {
		x.fail(c, http.StatusForbidden, refusal)
		return false
	}
	x.launched(ctx, list)
	return true
}

// launched tells the launcher of statements stored with its launch key.
func (x *XAPI) launched(ctx context.Context, list []map[string]any) {
	k := requestKey(ctx)
	if k == nil || k.Launch == nil || x.svc.onLaunch == nil {
		return
	}
	if err := x.svc.onLaunch(ctx, k.Launch.Subject, list); err != nil {
		x.log.ErrorContext(ctx, "lrs: acting on a launched AU's statements", "subject", k.Launch.Subject, "err", err)
	}
}

// The parameters of GET /statements, by their exact (case-sensitive)
// names.
var getParams = set("statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
	"related_activities", "related_agents", "since", "until", "limit", "format", "attachments", "ascending", "more")

// onlyParams refuses a query parameter that is not among allowed.
func onlyParams(c *gin.Context, allowed ...string) string {
	ok := set(allowed...)
	for k := range c.Request.URL.Query() {
		if !ok[k] {
			return "unknown parameter " + k
		}
	}
	return ""
}

// query is a parsed GET /statements.
type query struct {
	Filter      Filter `json:"f"`
	Format      string `json:"fmt,omitempty"`
	Attachments bool   `json:"att,omitempty"`
}

func (x *XAPI) getStatements(c *gin.Context) {
	ctx := c.Request.Context()
	params := c.Request.URL.Query()
	for k, v := range params {
		if !getParams[k] {
			x.fail(c, http.StatusBadRequest, "unknown parameter "+k)
			return
		}
		if len(v) > 1 {
			x.fail(c, http.StatusBadRequest, "parameter "+k+" is given more than once")
			return
		}
	}
	c.Header("X-Experience-API-Consistent-Through", x.svc.now().UTC().Format(StoredFormat))
	format := params.Get("format")
	if format == "" {
		format = "exact"
	}
	if format != "exact" && format != "ids" && format != "canonical" {
		x.fail(c, http.StatusBadRequest, "format is exact, ids or canonical")
		return
	}
	attachments, ok := boolParam(params.Get("attachments"))
	if !ok {
		x.fail(c, http.StatusBadRequest, "attachments is true or false")
		return
	}
	langs := acceptLanguages(c.GetHeader("Accept-Language"))
	single, voided := params.Get("statementId"), false
	if v := params.Get("voidedStatementId"); v != "" || params.Has("voidedStatementId") {
		single, voided = v, true
	}
	if params.Has("statementId") && params.Has("voidedStatementId") {
		x.fail(c, http.StatusBadRequest, "give statementId or voidedStatementId, not both")
		return
	}
	if params.Has("statementId") || params.Has("voidedStatementId") {
		for k := range params {
			if k != "statementId" && k != "voidedStatementId" && k != "format" && k != "attachments" {
				x.fail(c, http.StatusBadRequest, k+" cannot be given with statementId or voidedStatementId")
				return
			}
		}
		if !isUUID(single) {
			x.fail(c, http.StatusBadRequest, "the statement id is a UUID")
			return
		}
		doc, stored, err := x.svc.Statements.Statement(ctx, single, voided)
		if errors.Is(err, ErrNotFound) {
			x.fail(c, http.StatusNotFound, "no such statement")
			return
		}
		if err != nil {
			x.serverError(c, err)
			return
		}
		c.Header("Last-Modified", stored.UTC().Format(http.TimeFormat))
		x.answer(c, formatted(doc, format, langs), attachments, []json.RawMessage{doc})
		return
	}
	var q query
	if more := params.Get("more"); more != "" {
		if len(params) > 1 {
			x.fail(c, http.StatusBadRequest, "more is given alone")
			return
		}
		raw, err := base64.RawURLEncoding.DecodeString(more)
		if err != nil || json.Unmarshal(raw, &q) != nil || q.Filter.After == 0 {
			x.fail(c, http.StatusBadRequest, "more is not a link this LRS gave")
			return
		}
	} else {
		var reason string
		if q, reason = parseQuery(params); reason != "" {
			x.fail(c, http.StatusBadRequest, reason)
			return
		}
		q.Format, q.Attachments = format, attachments
	}
	page, err := x.svc.Statements.Query(ctx, q.Filter)
	if err != nil {
		x.serverError(c, err)
		return
	}
	list := make([]json.RawMessage, len(page.Statements))
	for i, doc := range page.Statements {
		list[i] = formatted(doc, q.Format, langs)
	}
	moreLink := ""
	if page.More != 0 {
		next := q
		next.Filter.After = page.More
		raw, _ := json.Marshal(next)
		moreLink = "/xapi/statements?more=" + base64.RawURLEncoding.EncodeToString(raw)
	}
	body, err := json.Marshal(struct {
		Statements []json.RawMessage `json:"statements"`
		More       string            `json:"more"`
	}{list, moreLink})
	if err != nil {
		x.serverError(c, err)
		return
	}
	x.answer(c, body, q.Attachments, page.Statements)
}

// answer writes a statement or a StatementResult: as JSON, or with
// attachments=true as multipart/mixed, the JSON first and then the
// content of every attachment docs name that the LRS holds.
func (x *XAPI) answer(c *gin.Context, body []byte, attachments bool, docs []json.RawMessage) {
	if !attachments {
		c.Data(http.StatusOK, "application/json", body)
		return
	}
	parts, err := x.svc.Statements.Parts(c.Request.Context(), docs)
	if err != nil {
		x.serverError(c, err)
		return
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	pw, err := w.CreatePart(textproto.MIMEHeader{"Content-Type": {"application/json"}})
	if err == nil {
		_, err = pw.Write(body)
	}
	for sha, p := range parts {
		if err != nil {
			break
		}
		pw, err = w.CreatePart(textproto.MIMEHeader{"Content-Type": {p.ContentType}, "Content-Transfer-Encoding": {"binary"}, "X-Experience-API-Hash": {sha}})
		if err == nil {
			_, err = pw.Write(p.Content)
		}
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		x.serverError(c, err)
		return
	}
	c.Data(http.StatusOK, "multipart/mixed; boundary="+w.Boundary(), b.Bytes())
}

func boolParam(s string) (bool, bool) {
	switch s {
	case "", "false":
		return false, true
	case "true":
		return true, true
	}
	return false, false
}

// parseQuery reads the filters of GET /statements, answering a reason
// for the first one that is malformed.
func parseQuery(p map[string][]string) (query, string) {
	get := func(k string) string {
		if v := p[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var q query
	if a := get("agent"); a != "" {
		var m map[string]any
		d := json.NewDecoder(strings.NewReader(a))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			return q, "agent is an Agent or identified Group as JSON"
		}
		c := checker{v2: true}
		if err := c.actor("agent", m); err != nil {
			return q, err.Error()
		}
		if q.Filter.Agent = agentKey(m); q.Filter.Agent == "" {
			return q, "agent is an Agent or identified Group; an anonymous Group matches nothing"
		}
	}
	if v := get("verb"); v != "" {
		if !isIRI(v) {
			return q, "verb is an IRI"
		}
		q.Filter.Verb = v
	}
	if v := get("activity"); v != "" {
		if !isIRI(v) {
			return q, "activity is an IRI"
		}
		q.Filter.Activity = v
	}
	if v := get("registration"); v != "" {
		if !isUUID(v) {
			return q, "registration is a UUID"
		}
		q.Filter.Registration = v
	}
	for _, b := range []struct {
		name string
		to   *bool
	}{{"related_activities", &q.Filter.RelatedActivities}, {"related_agents", &q.Filter.RelatedAgents}, {"ascending", &q.Filter.Ascending}} {
		v, ok := boolParam(get(b.name))
		if !ok {
			return q, b.name + " is true or false"
		}
		*b.to = v
	}
	for _, t := range []struct {
		name string
		to   *time.Time
	}{{"since", &q.Filter.Since}, {"until", &q.Filter.Until}} {
		if v := get(t.name); v != "" {
			ts, ok := ParseTimestamp(v)
			if !ok {
				return q, t.name + " is an ISO 8601 date and time"
			}
			*t.to = ts
		}
	}
	if v := get("limit"); v != "" {
		n := 0
		for _, r := range v {
			if r < '0' || r > '9' || n > PageSize*1000 {
				return q, "limit is a whole number"
			}
			n = n*10 + int(r-'0')
		}
		q.Filter.Limit = n
	}
	return q, ""
}
