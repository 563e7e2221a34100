package courses_test

import (
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses"
)

// TestMarkdownIsSanitised feeds lesson Markdown that tries to run code and
// checks that nothing that runs survives, while ordinary formatting does.
func TestMarkdownIsSanitised(t *testing.T) {
	t.Parallel()
	hostile := []string{
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](  javascript:alert(1))",
		"![x](javascript:alert(1))",
		`<a href="javascript:alert(1)">x</a>`,
		"<svg onload=alert(1)>",
		"<iframe src=//evil.example></iframe>",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		`<div style="background:url(javascript:alert(1))">x</div>`,
		"[x](&#106;avascript:alert(1))",
		"[x](vbscript:msgbox(1))",
		"<object data=x></object><embed src=x>",
		"<style>body{display:none}</style>",
		`<a href="#" onclick="alert(1)">x</a>`,
		"<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
	}
	forbidden := []string{"<script", "onerror", "onclick", "onload", "javascript:", "vbscript:", "data:text/html", "<iframe", "<object", "<embed", "<style", "style="}
	for _, src := range hostile {
		out := strings.ToLower(string(courses.RenderMarkdown(src)))
		for _, bad := range forbidden {
			if strings.Contains(out, bad) {
				t.Errorf("input %q rendered %q, which contains %q", src, out, bad)
			}
		}
	}
	ok := courses.RenderMarkdown("## 세 가지 정신\n\n**Cần cù**, tự lực, hợp tác.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[LOGODI](https://www.logodi.go.kr)")
	for _, want := range []string{"<h2", "세 가지 정신", "<strong>Cần cù</strong>", "<li>one</li>", "<table>", `href="https://www.logodi.go.kr"`, "noreferrer"} {
		if !strings.Contains(string(ok), want) {
			t.Errorf("ordinary Markdown lost %q: %s", want, ok)
		}
	}
}
