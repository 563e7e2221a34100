package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// newClient is the HTTP client of the load: a connection per client kept
// alive, redirects not followed (a 303 after a form is an answer), and
// bodies left compressed so that what is read is what crossed the wire.
func newClient(clients int, timeout time.Duration) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 2 * clients
	t.MaxIdleConnsPerHost = 2 * clients
	t.DisableCompression = true
	return &http.Client{
		Transport:     t,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// apiClient makes the preparation's requests.
type apiClient struct {
	http *http.Client
	base string
}

// do sends body as JSON with the bearer token and decodes a 2xx answer
// into out (when not nil); any other answer is an error with its text.
func (a *apiClient) do(ctx context.Context, method, path, token string, body, out any) error {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(b)))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

func (a *apiClient) token(ctx context.Context, email, password string) (string, error) {
	var out struct {
		Token string `json:"token"`
	}
	in := map[string]string{"email": email, "password": password, "name": "baeum-load"}
	if err := a.do(ctx, http.MethodPost, "/api/v1/auth/tokens", "", in, &out); err != nil {
		return "", err
	}
	return out.Token, nil
}

// page GETs a page with cookies and returns its HTML (decompressed).
func (a *apiClient) page(ctx context.Context, path, cookies string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, http.NoBody)
	if err != nil {
		return "", err
	}
	if cookies != "" {
		req.Header.Set("Cookie", cookies)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return "", err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := readBody(resp)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return string(b), nil
}

func readBody(resp *http.Response) ([]byte, error) {
	if resp.Header.Get("Content-Encoding") != "gzip" {
		return io.ReadAll(resp.Body)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrfField is the CSRF token a page's forms carry, or "".
func csrfField(html string) string {
	m := csrfRe.FindStringSubmatch(html)
	if m == nil {
		return ""
	}
	return m[1]
}

// signIn signs l in as a browser does: the sign-in page (a CSRF cookie and
// the form's token), then the form, whose 303 sets the session cookie.
func signIn(ctx context.Context, a *apiClient, l *learner, password string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+"/login", http.NoBody)
	if err != nil {
		return err
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	jar := map[string]string{}
	keep(jar, resp)
	b, err := readBody(resp)
	_ = resp.Body.Close()
	if err != nil {
		return err
	}
	token := csrfField(string(b))
	if token == "" {
		return errors.New("the sign-in page has no CSRF field")
	}
	form := url.Values{"email": {l.email}, "password": {password}, "csrf_token": {token}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", cookieHeader(jar))
	resp, err = a.http.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		return fmt.Errorf("sign in %s: %s", l.email, resp.Status)
	}
	before := len(jar)
	keep(jar, resp)
	if len(jar) == before {
		return fmt.Errorf("sign in %s: no session cookie", l.email)
	}
	l.cookies = cookieHeader(jar)
	return nil
}

func keep(jar map[string]string, resp *http.Response) {
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(jar, c.Name)
			continue
		}
		jar[c.Name] = c.Value
	}
}

func cookieHeader(jar map[string]string) string {
	parts := make([]string, 0, len(jar))
	for k, v := range jar {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, "; ")
}
