package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
)

// TestLanguageLinksKeepTheList: on a list with filters and a page number,
// each language link leads to the same list in that language; on a form's
// answer (POST) it leads to the form's path, without what was posted.
func TestLanguageLinksKeepTheList(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ method, target, want string }{
		{http.MethodGet, "/coordinate/cohorts/7?q=Bold&show=at_risk&page=3&lang=en", "/coordinate/cohorts/7?lang=ko&page=3&q=Bold&show=at_risk"},
		{http.MethodGet, "/courses", "/courses?lang=ko"},
		{http.MethodGet, "/login?next=/my/certificates", "/login?lang=ko&next=%2Fmy%2Fcertificates"},
		{http.MethodGet, "/login?next=//evil.example", "/login?lang=ko"},
		{http.MethodPost, "/verify/credential?x=1", "/verify/credential?lang=ko"},
	} {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest(tc.method, tc.target, nil)
		WithLocalizer(c, b.Localizer("en"))
		p := NewPage(c, "page.verify.title")
		var got string
		for _, l := range p.Langs {
			if l.Code == "ko" {
				got = l.Href
			}
		}
		if got != tc.want {
			t.Errorf("%s %s: the Korean link %q, want %q", tc.method, tc.target, got, tc.want)
		}
	}
}
