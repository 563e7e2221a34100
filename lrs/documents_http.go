package lrs

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// docResource is one of the three document resources: its kind, the
// parameter naming a document, and which of activityId, agent and
// registration it is keyed by.
type docResource struct {
	kind, idParam                 string
	activity, agent, registration bool
}

var (
	stateResource           = docResource{kind: KindState, idParam: "stateId", activity: true, agent: true, registration: true}
	activityProfileResource = docResource{kind: KindActivityProfile, idParam: "profileId", activity: true}
	agentProfileResource    = docResource{kind: KindAgentProfile, idParam: "profileId", agent: true}
)

// registerDocuments adds the State, Activity Profile and Agent Profile
// resources, and Activities and Agents, to the authenticated group g.
func (x *XAPI) registerDocuments(g gin.IRouter) {
	for path, res := range map[string]docResource{
		"/activities/state": stateResource, "/activities/profile": activityProfileResource, "/agents/profile": agentProfileResource,
	} {
		h := x.document(res)
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost, http.MethodDelete} {
			g.Handle(m, path, h)
		}
	}
	g.GET("/activities", x.activity)
	g.HEAD("/activities", x.activity)
	g.GET("/agents", x.person)
	g.HEAD("/agents", x.person)
}

// docKey reads a document request's parameters, answering a reason for
// the first that is missing or malformed.
func (res docResource) docKey(q url.Values, method string) (DocKey, time.Time, string) {
	k := DocKey{Kind: res.kind}
	var since time.Time
	allowed := set(res.idParam)
	if res.activity {
		allowed["activityId"] = true
	}
	if res.agent {
		allowed["agent"] = true
	}
	if res.registration {
		allowed["registration"] = true
	}
	if method == http.MethodGet || method == http.MethodHead {
		allowed["since"] = true
	}
	for p, v := range q {
		if !allowed[p] {
			return k, since, "unknown parameter " + p
		}
		if len(v) > 1 {
			return k, since, "parameter " + p + " is given more than once"
		}
	}
	if res.activity {
		if k.Activity = q.Get("activityId"); !isIRI(k.Activity) {
			return k, since, "activityId is required, an IRI"
		}
	}
	if res.agent {
		key, reason := agentParam(q.Get("agent"))
		if reason != "" {
			return k, since, reason
		}
		k.Agent = key
	}
	if r := q.Get("registration"); r != "" {
		if !isUUID(r) {
			return k, since, "registration is a UUID"
		}
		k.Registration = strings.ToLower(r)
	}
	k.ID = q.Get(res.idParam)
	writes := method == http.MethodPut || method == http.MethodPost
	if k.ID == "" && (writes || res.kind != KindState && method == http.MethodDelete) {
		return k, since, res.idParam + " is required"
	}
	if s := q.Get("since"); s != "" {
		if k.ID != "" {
			return k, since, "since is for listing ids, without " + res.idParam
		}
		t, ok := ParseTimestamp(s)
		if !ok {
			return k, since, "since is an ISO 8601 date and time"
		}
		since = t
	}
	return k, since, ""
}

// agentParam reads an agent parameter: an Agent or identified Group as
// JSON, answered as its AgentKey.
func agentParam(s string) (string, string) {
	if s == "" {
		return "", "agent is required, an Agent as JSON"
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if err := d.Decode(&m); err != nil || m == nil {
		return "", "agent is an Agent or identified Group as JSON"
	}
	c := checker{v2: true}
	if err := c.actor("agent", m); err != nil {
		return "", err.Error()
	}
	key := agentKey(m)
	if key == "" {
		return "", "agent is an Agent or identified Group; an anonymous Group matches nothing"
	}
	return key, ""
}

func (x *XAPI) document(res docResource) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		k, since, reason := res.docKey(c.Request.URL.Query(), c.Request.Method)
		if reason != "" {
			x.fail(c, http.StatusBadRequest, reason)
			return
		}
		p := Precondition{IfMatch: c.GetHeader("If-Match"), IfNoneMatch: c.GetHeader("If-None-Match")}
		switch c.Request.Method {
		case http.MethodGet, http.MethodHead:
			if k.ID == "" {
				ids, err := x.svc.Statements.DocumentIDs(ctx, k, since)
				if err != nil {
					x.serverError(c, err)
					return
				}
				c.JSON(http.StatusOK, ids)
				return
			}
			doc, err := x.svc.Statements.Document(ctx, k)
			if errors.Is(err, ErrNotFound) {
				x.fail(c, http.StatusNotFound, "no such document")
				return
			}
			if err != nil {
				x.serverError(c, err)
				return
			}
			c.Header("ETag", doc.ETag)
			c.Header("Last-Modified", doc.Updated.UTC().Format(http.TimeFormat))
			c.Data(http.StatusOK, doc.ContentType, doc.Content)
		case http.MethodDelete:
			x.docWritten(c, x.svc.Statements.DeleteDocuments(ctx, k, p))
		default:
			body, ok := x.readLimited(c)
			if !ok {
				return
			}
			ct := c.GetHeader("Content-Type")
			if ct == "" {
				ct = "application/octet-stream"
			}
			merge := c.Request.Method == http.MethodPost
			// xAPI asks a PUT over an existing profile to say which
			// version it replaces; State documents are a client's own
			// scratch space and need not.
			p.Required = !merge && res.kind != KindState
			x.docWritten(c, x.svc.Statements.PutDocument(ctx, k, ct, body, merge, p))
		}
	}
}

func (x *XAPI) docWritten(c *gin.Context, err error) {
	switch {
	case err == nil:
		c.Status(http.StatusNoContent)
	case errors.Is(err, ErrPrecondition):
		x.fail(c, http.StatusPreconditionFailed, err.Error())
	case errors.Is(err, ErrNeedPrecondition):
		x.fail(c, http.StatusConflict, err.Error())
	case errors.Is(err, ErrNotJSONObject), errors.Is(err, ErrNoPrecondition):
		x.fail(c, http.StatusBadRequest, err.Error())
	default:
		x.serverError(c, err)
	}
}

// activity answers the Activities resource: the activity as the newest
// statement about it defines it, or its bare id.
func (x *XAPI) activity(c *gin.Context) {
	if reason := onlyParams(c, "activityId"); reason != "" {
		x.fail(c, http.StatusBadRequest, reason)
		return
	}
	id := c.Query("activityId")
	if !isIRI(id) {
		x.fail(c, http.StatusBadRequest, "activityId is required, an IRI")
		return
	}
	obj, err := x.svc.Statements.Activity(c.Request.Context(), id)
	if err != nil {
		x.serverError(c, err)
		return
	}
	c.JSON(http.StatusOK, obj)
}

// person answers the Agents resource: a Person object holding the
// agent's identifier and name.
func (x *XAPI) person(c *gin.Context) {
	if reason := onlyParams(c, "agent"); reason != "" {
		x.fail(c, http.StatusBadRequest, reason)
		return
	}
	if _, reason := agentParam(c.Query("agent")); reason != "" {
		x.fail(c, http.StatusBadRequest, reason)
		return
	}
	var m map[string]any
	_ = json.Unmarshal([]byte(c.Query("agent")), &m)
	p := map[string]any{"objectType": "Person"}
	for _, k := range []string{"name", "mbox", "mbox_sha1sum", "openid", "account"} {
		if v, ok := m[k]; ok {
			p[k] = []any{v}
		}
	}
	if _, named := m["name"]; !named {
		// The names statements give the agent.
		names, err := x.svc.Statements.AgentNames(c.Request.Context(), m)
		if err != nil {
			x.serverError(c, err)
			return
		}
		if len(names) > 0 {
			list := make([]any, len(names))
			for i, n := range names {
				list[i] = n
			}
			p["name"] = list
		}
	}
	c.JSON(http.StatusOK, p)
}
