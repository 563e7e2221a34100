package lrs

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

// KeyOut is an LRS key as the API shows it (never its secret).
type KeyOut struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Key        string     `json:"key" doc:"The HTTP Basic user name"`
	ReadOnly   bool       `json:"read_only"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

func keyOut(k Key) KeyOut {
	return KeyOut{ID: k.ID, Name: k.Name, Key: k.Key, ReadOnly: k.ReadOnly, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}

type keysOut struct {
	Body struct {
		Keys []KeyOut `json:"keys"`
	}
}

type keyCreateIn struct {
	Body struct {
		Name     string `json:"name" maxLength:"200" doc:"The tool that uses the key"`
		ReadOnly bool   `json:"read_only,omitempty" doc:"May read statements, not store them"`
	}
}

type keyCreateOut struct {
	Body struct {
		KeyOut
		Secret   string `json:"secret" doc:"The HTTP Basic password; shown only in this response"`
		Endpoint string `json:"endpoint" doc:"The xAPI endpoint to give the tool"`
	}
}

type keyIDIn struct {
	ID int64 `path:"id"`
}

func (h *Handler) apiListKeys(ctx context.Context, _ *struct{}) (*keysOut, error) {
	keys, err := h.svc.Keys(ctx, accounts.CurrentUser(ctx))
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &keysOut{}
	out.Body.Keys = make([]KeyOut, len(keys))
	for i, k := range keys {
		out.Body.Keys[i] = keyOut(k)
	}
	return out, nil
}

func (h *Handler) apiCreateKey(ctx context.Context, in *keyCreateIn) (*keyCreateOut, error) {
	secret, k, err := h.svc.CreateKey(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), in.Body.Name, in.Body.ReadOnly)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &keyCreateOut{}
	out.Body.KeyOut, out.Body.Secret, out.Body.Endpoint = keyOut(*k), secret, h.endpoint()
	return out, nil
}

func (h *Handler) apiRevokeKey(ctx context.Context, in *keyIDIn) (*struct{}, error) {
	if err := h.svc.RevokeKey(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), in.ID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

// RegisterAPI adds the keys' operations (admins) to the API.
func (h *Handler) RegisterAPI(api huma.API) {
	admin := accounts.Need(api, accounts.RoleAdmin)
	errs := []int{http.StatusUnauthorized, http.StatusForbidden}
	huma.Register(api, huma.Operation{
		OperationID: "list-lrs-keys", Method: http.MethodGet, Path: "/api/v1/lrs-keys", Tags: []string{"Learning record store"},
		Summary: "List the LRS keys (admins)", Security: accounts.Bearer, Middlewares: admin, Errors: errs,
	}, h.apiListKeys)
	huma.Register(api, huma.Operation{
		OperationID: "create-lrs-key", Method: http.MethodPost, Path: "/api/v1/lrs-keys", Tags: []string{"Learning record store"},
		Summary: "Make an LRS key for an xAPI client (admins)", Security: accounts.Bearer, Middlewares: admin,
		DefaultStatus: http.StatusCreated, Errors: append(errs, http.StatusUnprocessableEntity),
	}, h.apiCreateKey)
	huma.Register(api, huma.Operation{
		OperationID: "revoke-lrs-key", Method: http.MethodDelete, Path: "/api/v1/lrs-keys/{id}", Tags: []string{"Learning record store"},
		Summary: "Revoke an LRS key (admins)", Security: accounts.Bearer, Middlewares: admin,
		DefaultStatus: http.StatusNoContent, Errors: append(errs, http.StatusNotFound),
	}, h.apiRevokeKey)
	h.registerForwardAPI(api, admin, errs)
}

// ForwardOut is a forward as the API shows it (never its password).
type ForwardOut struct {
	ID            int64      `json:"id"`
	Endpoint      string     `json:"endpoint"`
	Username      string     `json:"username"`
	Position      int64      `json:"position" doc:"The last statement (in storage order) the other LRS took"`
	LastError     string     `json:"last_error,omitempty"`
	LastAttemptAt *time.Time `json:"last_attempt_at,omitempty"`
}

type forwardsOut struct {
	Body struct {
		Forwards []ForwardOut `json:"forwards"`
	}
}

type forwardCreateIn struct {
	Body struct {
		Endpoint string `json:"endpoint" maxLength:"500" doc:"The other LRS's xAPI endpoint (what /statements follows)"`
		Username string `json:"username" maxLength:"200"`
		Password string `json:"password" maxLength:"500"`
	}
}

type forwardOut struct {
	Body ForwardOut
}

func forwardOf(f Forward) ForwardOut {
	return ForwardOut{ID: f.ID, Endpoint: f.Endpoint, Username: f.Username, Position: f.Position, LastError: f.LastError, LastAttemptAt: f.LastAttemptAt}
}

func (h *Handler) apiListForwards(ctx context.Context, _ *struct{}) (*forwardsOut, error) {
	list, err := h.svc.Forwards(ctx, accounts.CurrentUser(ctx))
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &forwardsOut{}
	out.Body.Forwards = make([]ForwardOut, len(list))
	for i, f := range list {
		out.Body.Forwards[i] = forwardOf(f)
	}
	return out, nil
}

func (h *Handler) apiAddForward(ctx context.Context, in *forwardCreateIn) (*forwardOut, error) {
	f, err := h.svc.AddForward(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), in.Body.Endpoint, in.Body.Username, in.Body.Password)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &forwardOut{Body: forwardOf(*f)}, nil
}

func (h *Handler) apiRemoveForward(ctx context.Context, in *keyIDIn) (*struct{}, error) {
	if err := h.svc.RemoveForward(ctx, accounts.ActorFrom(ctx), accounts.CurrentUser(ctx), in.ID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

func (h *Handler) registerForwardAPI(api huma.API, admin huma.Middlewares, errs []int) {
	huma.Register(api, huma.Operation{
		OperationID: "list-lrs-forwards", Method: http.MethodGet, Path: "/api/v1/lrs-forwards", Tags: []string{"Learning record store"},
		Summary: "List the LRSs statements are forwarded to (admins)", Security: accounts.Bearer, Middlewares: admin, Errors: errs,
	}, h.apiListForwards)
	huma.Register(api, huma.Operation{
		OperationID: "add-lrs-forward", Method: http.MethodPost, Path: "/api/v1/lrs-forwards", Tags: []string{"Learning record store"},
		Summary: "Forward every statement to another LRS (admins)", Security: accounts.Bearer, Middlewares: admin,
		DefaultStatus: http.StatusCreated, Errors: append(errs, http.StatusUnprocessableEntity),
	}, h.apiAddForward)
	huma.Register(api, huma.Operation{
		OperationID: "remove-lrs-forward", Method: http.MethodDelete, Path: "/api/v1/lrs-forwards/{id}", Tags: []string{"Learning record store"},
		Summary: "Stop forwarding to an LRS (admins)", Security: accounts.Bearer, Middlewares: admin,
		DefaultStatus: http.StatusNoContent, Errors: append(errs, http.StatusNotFound),
	}, h.apiRemoveForward)
}
