package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestNativeNameScriptNotice: the account page no longer warns about a
// native name in a script the PDFs now shape (Lao), and names, in the
// reader's language, a script they still cannot print (Han); the API says
// the same with native_name_printable.
func TestNativeNameScriptNotice(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		c.login("learner@example.org")
		tok := a.token("learner@example.org")
		save := func(native string) {
			t.Helper()
			r := c.post("/account/profile", url.Values{"name": {"Somsak Phommachan"}, "native_name": {native}, "country": {"LA"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("save %q: %d %.300s", native, r.status, r.body)
			}
		}
		save("ສົມສັກ ພົມມະຈັນ")
		if r := c.get("/account"); r.status != http.StatusOK || strings.Contains(r.body, `data-testid="native-unprintable"`) {
			t.Fatalf("a Lao name is said to be unprintable (%d)", r.status)
		}
		if me := a.api("GET", "/api/v1/me", tok, nil); !strings.Contains(me.body, `"native_name_printable":true`) {
			t.Fatalf("API: %s", me.body)
		}
		save("王明")
		for lang, script := range map[string]string{"en": "(Han)", "ko": "(한자)", "ar": "(الهان)"} {
			r := c.get("/account?lang=" + lang)
			notice := regexpFind(t, `data-testid="native-unprintable">([^<]*)`, r.body)
			if !strings.Contains(notice, script) {
				t.Errorf("%s: notice %q does not name the script %s", lang, notice, script)
			}
		}
		if me := a.api("GET", "/api/v1/me", tok, nil); !strings.Contains(me.body, `"native_name_printable":false`) {
			t.Fatalf("API: %s", me.body)
		}
	})
}
