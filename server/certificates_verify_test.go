package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// typo changes a serial's last (check) character, as a slip of the finger.
func typo(serial string) string {
	last := serial[len(serial)-1]
	c := byte('2')
	if last == '2' {
		c = '3'
	}
	return serial[:len(serial)-1] + string(c)
}

// TestVerifySerialWithATypo: a mistyped serial in the address shows the
// verification page again, with the form holding what was typed and the
// check character named as the problem, in the visitor's language (404);
// the form's own search and the API say the same.
func TestVerifySerialWithATypo(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newCertFixture(t, a, "TYPO-CERT")
		bad := typo(fx.cert.Serial)
		c := a.client()
		for lang, want := range map[string]string{
			"en": "the check character, does not match",
			"ko": "검증 문자",
			"ar": "حرف التحقق",
		} {
			r := c.get("/verify/" + bad + "?lang=" + lang)
			if r.status != http.StatusNotFound {
				t.Errorf("%s: /verify/%s: %d, want 404", lang, bad, r.status)
			}
			for _, w := range []string{`id="f-serial"`, `value="` + bad + `"`, `href="#f-serial"`, want} {
				if !strings.Contains(r.body, w) {
					t.Errorf("%s: /verify/%s lacks %q", lang, bad, w)
				}
			}
		}
		r := c.get("/verify?lang=en&serial=" + strings.ToLower(bad))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "the check character, does not match") {
			t.Errorf("the form with a typo: %d", r.status)
		}
		r = c.get("/verify/BAEUM-2026-7KQ3?lang=en")
		if r.status != http.StatusNotFound || !strings.Contains(r.body, `id="f-serial"`) || !strings.Contains(r.body, "it looks like BAEUM-2026-7KQ3-M9XD") {
			t.Errorf("a cut serial: %d", r.status)
		}
		r = a.api(http.MethodGet, "/api/v1/verify/"+bad+"?lang=en", "", nil)
		if r.status != http.StatusNotFound || !strings.Contains(r.body, "check character") {
			t.Errorf("API with a typo: %d %s", r.status, r.body)
		}
		if r := c.get("/verify/" + fx.cert.Serial); r.status != http.StatusOK {
			t.Errorf("the right serial: %d", r.status)
		}
	})
}
