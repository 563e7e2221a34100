package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestLocalTargetRefusesOtherSites(t *testing.T) {
	t.Parallel()
	hostile := []string{
		"", "evil.example", "https://evil.example/", "http:/evil.example", "//evil.example", "///evil.example",
		`/\evil.example`, `/./\evil.example`, `\\evil.example`, `/\/evil.example`,
		"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "/\u00a0/evil.example",
		"/\u200b/evil.example", "/\x00/evil.example", "/\x7f/evil.example", "/%5Cevil.example", "/%5cevil.example",
		"/%09/evil.example", "/%0a/evil.example", "/%20/evil.example", "javascript:alert(1)", "/x?\\y", "/x?a=\tb",
		"mailto:a@evil.example", "/\xff/evil.example",
	}
	for _, next := range hostile {
		if got := LocalTarget(next); got != "/" {
			t.Errorf("LocalTarget(%q) = %q, want /", next, got)
		}
	}
	kept := map[string]string{
		"/":                           "/",
		"/courses":                    "/courses",
		"/courses/":                   "/courses",
		"/courses?q=rural&page=2":     "/courses?q=rural&page=2",
		"/./courses":                  "/courses",
		"/a/../b":                     "/b",
		"/../../etc":                  "/etc",
		"/%2F%2Fevil.example":         "/evil.example", // a slash encoded in the path is a path segment, cleaned
		"/learn/1/2#top":              "/learn/1/2",
		"/courses?q=%ED%95%9C":        "/courses?q=%ED%95%9C",
		"/courses?q=한":                "/courses?q=%ED%95%9C",
		"/courses/%EB%B0%B0%EC%9B%80": "/courses/%EB%B0%B0%EC%9B%80",
	}
	for next, want := range kept {
		if got := LocalTarget(next); got != want {
			t.Errorf("LocalTarget(%q) = %q, want %q", next, got, want)
		}
	}
}

// FuzzLocalTarget: whatever comes in, the target is a path on this site as
// a lenient browser reads it, and cleaning it again changes nothing.
func FuzzLocalTarget(f *testing.F) {
	for _, s := range []string{"/", "/courses?q=x", `/./\evil.example`, "/%09/evil.example", "//x", "/a/../../b", "/\u3000/x", "/x#y", "/?//x"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://baeum.example/account")
	f.Fuzz(func(t *testing.T, next string) {
		got := LocalTarget(next)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || unsafeForLocation(got) {
			t.Fatalf("LocalTarget(%q) = %q", next, got)
		}
		for i := 0; i < len(got); i++ {
			if got[i] < 0x21 || got[i] > 0x7e {
				t.Fatalf("LocalTarget(%q) = %q: not printable ASCII", next, got)
			}
		}
		// Read it the way a browser does (WHATWG URL: backslash is a
		// slash, tabs and newlines are removed) and resolve it.
		lenient := strings.NewReplacer(`\`, "/", "\t", "", "\n", "", "\r", "").Replace(got)
		ref, err := url.Parse(lenient)
		if err != nil {
			t.Fatalf("LocalTarget(%q) = %q does not parse: %v", next, got, err)
		}
		if r := base.ResolveReference(ref); r.Host != base.Host || r.Scheme != base.Scheme {
			t.Fatalf("LocalTarget(%q) = %q leads to %s", next, got, r)
		}
		if again := LocalTarget(got); again != got {
			t.Fatalf("LocalTarget(%q) = %q, but LocalTarget(%q) = %q", next, got, got, again)
		}
	})
}
