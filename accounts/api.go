package accounts

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/web"
)

// UserOut is a user as the API shows it.
type UserOut struct {
	ID         int64  `json:"id"`
	Email      string `json:"email"`
	Name       string `json:"name" doc:"Name as in the passport, in Latin letters"`
	NativeName string `json:"native_name,omitempty" doc:"Name in the person's own script"`
	// NativePrintable is false when certificates cannot print the native
	// name's script (Lao, Khmer, Amharic, Arabic, …): they print the Latin
	// name only.
	NativePrintable bool       `json:"native_name_printable" doc:"False when certificates print only the Latin name, because the native name's script cannot be printed"`
	Role            Role       `json:"role" enum:"learner,coordinator,staff,admin"`
	Locale          string     `json:"locale,omitempty"`
	Country         string     `json:"country,omitempty" doc:"ISO 3166-1 alpha-2"`
	Position        string     `json:"position,omitempty"`
	Organisation    string     `json:"organisation,omitempty"`
	Gender          string     `json:"gender,omitempty" enum:"female,male,other,"`
	Active          bool       `json:"active"`
	LastLoginAt     *time.Time `json:"last_login_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
}

func userOut(u *User) UserOut {
	return UserOut{
		ID: u.ID, Email: u.Email, Name: u.Name, NativeName: u.NativeName, NativePrintable: i18n.Printable(u.NativeName), Role: u.Role, Locale: u.Locale,
		Country: u.Country, Position: u.Position, Organisation: u.Organisation, Gender: u.Gender,
		Active: u.Active, LastLoginAt: u.LastLoginAt, CreatedAt: u.CreatedAt,
	}
}

// TokenOut is an API token as its owner sees it (never the secret).
type TokenOut struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix" doc:"First characters of the token, to tell tokens apart"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

type tokenCreateIn struct {
	Body struct {
		Email    string `json:"email" maxLength:"254" doc:"The account's e-mail"`
		Password string `json:"password" maxLength:"1024"`
		Name     string `json:"name,omitempty" maxLength:"100" doc:"A label for the token, e.g. the program using it"`
	}
}

type tokenCreateOut struct {
	Body struct {
		Token string  `json:"token" doc:"The bearer token; shown only in this response"`
		User  UserOut `json:"user"`
	}
}

func (h *Handler) apiCreateToken(ctx context.Context, in *tokenCreateIn) (*tokenCreateOut, error) {
	ip := web.ClientIP(ctx)
	u, err := h.svc.Authenticate(ctx, in.Body.Email, in.Body.Password, ip)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	secret, _, err := h.svc.CreateToken(ctx, Actor{UserID: u.ID, IP: ip}, u, in.Body.Name)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &tokenCreateOut{}
	out.Body.Token = secret
	out.Body.User = userOut(u)
	return out, nil
}

type tokensOut struct {
	Body struct {
		Tokens []TokenOut `json:"tokens"`
	}
}

func (h *Handler) apiListTokens(ctx context.Context, _ *struct{}) (*tokensOut, error) {
	u, err := RequireAPI(ctx)
	if err != nil {
		return nil, err
	}
	tokens, err := h.svc.ListTokens(ctx, u.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &tokensOut{}
	out.Body.Tokens = make([]TokenOut, len(tokens))
	for i, t := range tokens {
		out.Body.Tokens[i] = TokenOut{ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt}
	}
	return out, nil
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *Handler) apiRevokeToken(ctx context.Context, in *idIn) (*struct{}, error) {
	u, err := RequireAPI(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.svc.RevokeToken(ctx, ActorFrom(ctx), u, in.ID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type userBody struct {
	Body UserOut
}

func (h *Handler) apiMe(ctx context.Context, _ *struct{}) (*userBody, error) {
	u, err := RequireAPI(ctx)
	if err != nil {
		return nil, err
	}
	return &userBody{Body: userOut(u)}, nil
}

type usersIn struct {
	Q       string `query:"q" maxLength:"200" doc:"Part of the name or e-mail"`
	Role    string `query:"role" enum:"learner,coordinator,staff,admin,"`
	Page    int    `query:"page" minimum:"1" default:"1"`
	PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

type usersOut struct {
	Body struct {
		Users   []UserOut `json:"users"`
		Total   int64     `json:"total"`
		Page    int       `json:"page"`
		PerPage int       `json:"per_page"`
	}
}

func (h *Handler) apiListUsers(ctx context.Context, in *usersIn) (*usersOut, error) {
	if _, err := RequireAPI(ctx, RoleAdmin); err != nil {
		return nil, err
	}
	users, total, err := h.svc.ListUsers(ctx, UserFilter{Query: in.Q, Role: Role(in.Role), Page: in.Page, PerPage: in.PerPage})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &usersOut{}
	out.Body.Users = make([]UserOut, len(users))
	for i := range users {
		out.Body.Users[i] = userOut(&users[i])
	}
	out.Body.Total, out.Body.Page, out.Body.PerPage = total, in.Page, in.PerPage
	return out, nil
}

type userCreateIn struct {
	Body struct {
		Email      string `json:"email" maxLength:"254"`
		Name       string `json:"name" maxLength:"200"`
		NativeName string `json:"native_name,omitempty" maxLength:"200"`
		Password   string `json:"password" maxLength:"1024" doc:"At least 10 characters"`
		Role       Role   `json:"role" enum:"learner,coordinator,staff,admin"`
		Locale     string `json:"locale,omitempty"`
		Country    string `json:"country,omitempty" doc:"ISO 3166-1 alpha-2"`
	}
}

func (h *Handler) apiCreateUser(ctx context.Context, in *userCreateIn) (*userBody, error) {
	if _, err := RequireAPI(ctx, RoleAdmin); err != nil {
		return nil, err
	}
	b := in.Body
	u, err := h.svc.CreateUser(ctx, ActorFrom(ctx), NewUser{
		Email: b.Email, Name: b.Name, NativeName: b.NativeName, Password: b.Password, Role: b.Role, Locale: b.Locale, Country: b.Country,
	})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &userBody{Body: userOut(u)}, nil
}

func (h *Handler) apiGetUser(ctx context.Context, in *idIn) (*userBody, error) {
	if _, err := RequireAPI(ctx, RoleAdmin); err != nil {
		return nil, err
	}
	u, err := h.svc.User(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &userBody{Body: userOut(u)}, nil
}

type userPatchIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Name         *string `json:"name,omitempty" maxLength:"200"`
		NativeName   *string `json:"native_name,omitempty" maxLength:"200"`
		Role         *Role   `json:"role,omitempty" enum:"learner,coordinator,staff,admin"`
		Locale       *string `json:"locale,omitempty"`
		Country      *string `json:"country,omitempty"`
		Active       *bool   `json:"active,omitempty" doc:"false deactivates the user: their sessions end and tokens are revoked"`
		Position     *string `json:"position,omitempty" maxLength:"200"`
		Organisation *string `json:"organisation,omitempty" maxLength:"200"`
		Gender       *string `json:"gender,omitempty" enum:"female,male,other,"`
	}
}

func (h *Handler) apiPatchUser(ctx context.Context, in *userPatchIn) (*userBody, error) {
	if _, err := RequireAPI(ctx, RoleAdmin); err != nil {
		return nil, err
	}
	b := in.Body
	u, err := h.svc.UpdateUser(ctx, ActorFrom(ctx), in.ID, UserChange{
		Name: b.Name, NativeName: b.NativeName, Role: b.Role, Locale: b.Locale, Country: b.Country, Active: b.Active,
		Position: b.Position, Organisation: b.Organisation, Gender: b.Gender,
	})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &userBody{Body: userOut(u)}, nil
}

type profilePatchIn struct {
	Body struct {
		Name         *string `json:"name,omitempty" maxLength:"200"`
		NativeName   *string `json:"native_name,omitempty" maxLength:"200"`
		Locale       *string `json:"locale,omitempty"`
		Country      *string `json:"country,omitempty"`
		Position     *string `json:"position,omitempty" maxLength:"200"`
		Organisation *string `json:"organisation,omitempty" maxLength:"200"`
		Gender       *string `json:"gender,omitempty" enum:"female,male,other,"`
	}
}

// apiPatchMe lets a person change their own profile, never their role or
// state.
func (h *Handler) apiPatchMe(ctx context.Context, in *profilePatchIn) (*userBody, error) {
	me, err := RequireAPI(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	u, err := h.svc.UpdateUser(ctx, ActorFrom(ctx), me.ID, UserChange{Name: b.Name, NativeName: b.NativeName, Locale: b.Locale,
		Country: b.Country, Position: b.Position, Organisation: b.Organisation, Gender: b.Gender})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &userBody{Body: userOut(u)}, nil
}

// AuditOut is one audit log entry as the API shows it.
type AuditOut struct {
	ID         int64     `json:"id"`
	ActorID    *int64    `json:"actor_id,omitempty"`
	ActorEmail string    `json:"actor_email,omitempty"`
	Action     string    `json:"action"`
	EntityType string    `json:"entity_type"`
	EntityID   int64     `json:"entity_id"`
	Detail     string    `json:"detail" doc:"JSON object with what changed"`
	IP         string    `json:"ip,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

type auditIn struct {
	EntityType string `query:"entity_type" maxLength:"50"`
	EntityID   int64  `query:"entity_id" minimum:"0"`
	Page       int    `query:"page" minimum:"1" default:"1"`
	PerPage    int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

type auditOut struct {
	Body struct {
		Entries []AuditOut `json:"entries"`
		Total   int64      `json:"total"`
		Page    int        `json:"page"`
		PerPage int        `json:"per_page"`
	}
}

func (h *Handler) apiAudit(ctx context.Context, in *auditIn) (*auditOut, error) {
	if _, err := RequireAPI(ctx, RoleAdmin); err != nil {
		return nil, err
	}
	entries, total, err := h.svc.ListAudit(ctx, AuditFilter{EntityType: in.EntityType, EntityID: in.EntityID, Page: in.Page, PerPage: in.PerPage})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &auditOut{}
	out.Body.Entries = make([]AuditOut, len(entries))
	for i, e := range entries {
		out.Body.Entries[i] = AuditOut{ID: e.ID, ActorID: e.ActorID, ActorEmail: e.ActorEmail, Action: e.Action, EntityType: e.EntityType, EntityID: e.EntityID, Detail: e.Detail, IP: e.IP, CreatedAt: e.CreatedAt}
	}
	out.Body.Total, out.Body.Page, out.Body.PerPage = total, in.Page, in.PerPage
	return out, nil
}

// Bearer is the security requirement of operations that need a token.
var Bearer = []map[string][]string{{"bearer": {}}}

// Need checks the caller before huma parses and validates the request, so
// an anonymous or under-privileged caller learns nothing about the schema:
// 401 without a user, 403 without one of roles (any role when none named).
// Every feature's operations use it as their Middlewares.
func Need(api huma.API, roles ...Role) huma.Middlewares {
	return huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		u := CurrentUser(ctx.Context())
		l := web.Localizer(ctx.Context())
		switch {
		case u == nil:
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="baeum"`)
			_ = huma.WriteErr(api, ctx, http.StatusUnauthorized, l.T("error.unauthenticated"))
		case len(roles) > 0 && !u.Can(roles...):
			_ = huma.WriteErr(api, ctx, http.StatusForbidden, l.T("error.forbidden"))
		default:
			next(ctx)
		}
	}}
}

// RegisterAPI adds the accounts operations to the API.
func (h *Handler) RegisterAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "create-token", Method: http.MethodPost, Path: "/api/v1/auth/tokens", Tags: []string{"Auth"},
		Summary: "Get an API token with an e-mail and password", DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusUnauthorized, http.StatusTooManyRequests},
	}, h.apiCreateToken)
	huma.Register(api, huma.Operation{
		OperationID: "list-tokens", Method: http.MethodGet, Path: "/api/v1/auth/tokens", Tags: []string{"Auth"},
		Summary: "List your API tokens", Security: Bearer, Middlewares: Need(api), Errors: []int{http.StatusUnauthorized},
	}, h.apiListTokens)
	huma.Register(api, huma.Operation{
		OperationID: "revoke-token", Method: http.MethodDelete, Path: "/api/v1/auth/tokens/{id}", Tags: []string{"Auth"},
		Summary: "Revoke an API token", Security: Bearer, Middlewares: Need(api), DefaultStatus: http.StatusNoContent,
		Errors: []int{http.StatusUnauthorized, http.StatusNotFound},
	}, h.apiRevokeToken)
	huma.Register(api, huma.Operation{
		OperationID: "get-me", Method: http.MethodGet, Path: "/api/v1/me", Tags: []string{"Auth"},
		Summary: "The signed-in user", Security: Bearer, Middlewares: Need(api), Errors: []int{http.StatusUnauthorized},
	}, h.apiMe)
	huma.Register(api, huma.Operation{
		OperationID: "update-me", Method: http.MethodPatch, Path: "/api/v1/me", Tags: []string{"Auth"},
		Summary: "Change your own profile", Security: Bearer, Middlewares: Need(api),
		Errors: []int{http.StatusUnauthorized, http.StatusUnprocessableEntity},
	}, h.apiPatchMe)
	huma.Register(api, huma.Operation{
		OperationID: "list-users", Method: http.MethodGet, Path: "/api/v1/users", Tags: []string{"Users"},
		Summary: "List users (admins)", Security: Bearer, Middlewares: Need(api, RoleAdmin), Errors: []int{http.StatusUnauthorized, http.StatusForbidden},
	}, h.apiListUsers)
	huma.Register(api, huma.Operation{
		OperationID: "create-user", Method: http.MethodPost, Path: "/api/v1/users", Tags: []string{"Users"},
		Summary: "Create a user (admins)", Security: Bearer, Middlewares: Need(api, RoleAdmin), DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity},
	}, h.apiCreateUser)
	huma.Register(api, huma.Operation{
		OperationID: "get-user", Method: http.MethodGet, Path: "/api/v1/users/{id}", Tags: []string{"Users"},
		Summary: "One user (admins)", Security: Bearer, Middlewares: Need(api, RoleAdmin), Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound},
	}, h.apiGetUser)
	huma.Register(api, huma.Operation{
		OperationID: "update-user", Method: http.MethodPatch, Path: "/api/v1/users/{id}", Tags: []string{"Users"},
		Summary: "Change a user's profile, role or state (admins)", Security: Bearer, Middlewares: Need(api, RoleAdmin),
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
	}, h.apiPatchUser)
	huma.Register(api, huma.Operation{
		OperationID: "list-audit", Method: http.MethodGet, Path: "/api/v1/audit", Tags: []string{"Audit"},
		Summary: "The audit log, newest first (admins)", Security: Bearer, Middlewares: Need(api, RoleAdmin), Errors: []int{http.StatusUnauthorized, http.StatusForbidden},
	}, h.apiAudit)
}
