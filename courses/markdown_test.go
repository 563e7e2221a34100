package courses_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses"
)

// forbiddenHTML is what no rendered lesson text may contain, in any case:
// anything that runs script, loads a frame or plugin, or styles the page.
var forbiddenHTML = []string{
	"<script", "onerror=", "onclick=", "onload=", "javascript:", "vbscript:", "data:text/html",
	"<iframe", "<object", "<embed", "<style", "style=",
}

func TestRenderMarkdownHostile(t *testing.T) {
	t.Parallel()
	hostile := []string{
		"<script>alert(1)</script>",
		"<SCRIPT>alert(1)</SCRIPT>",
		"text <script>alert(1)</script> more",
		"<scr<script>ipt>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"text <img src=x onerror=alert(1)> inline",
		`<IMG SRC="x" ONERROR="alert(1)">`,
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](  javascript:alert(1))",
		"[x](<javascript:alert(1)>)",
		`[x](javascript:alert(1) "title")`,
		"![x](javascript:alert(1))",
		"[x][r]\n\n[r]: javascript:alert(1)",
		`<a href="javascript:alert(1)">x</a>`,
		`text <a href="javascript:alert(1)">x</a> inline`,
		`<a href="#" onclick="alert(1)">x</a>`,
		"<svg onload=alert(1)>",
		"<svg><script>alert(1)</script></svg>",
		"<body onload=alert(1)>",
		"<iframe src=//evil>",
		"<iframe src=//evil.example></iframe>",
		"text <iframe src=//evil></iframe> inline",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"![x](data:text/html;base64,PHNjcmlwdD4=)",
		`<div style="background:url(javascript:alert(1))">`,
		`<div style="background:url(javascript:alert(1))">x</div>`,
		`text <span style="color:red">x</span> inline`,
		"[x](&#106;avascript:alert(1))",
		"[x](&#x6A;avascript:alert(1))",
		"[x](javascript&#58;alert(1))",
		"[x](vbscript:msgbox(1))",
		"<object data=x></object><embed src=x>",
		"<style>body{display:none}</style>",
		"<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
		"<details open ontoggle=alert(1)>",
		"<form action=javascript:alert(1)><button>x</button></form>",
		"| a | b |\n|:--|--:|\n| 1 | 2 |", // goldmark aligns cells with style=
		"> <script>alert(1)</script>",
		"- <img src=x onerror=alert(1)>",
		"# <script>alert(1)</script>",
		"**<a href=\"javascript:alert(1)\">x</a>**",
	}
	for _, src := range hostile {
		out := string(courses.RenderMarkdown(src))
		lower := strings.ToLower(out)
		for _, bad := range forbiddenHTML {
			if strings.Contains(lower, bad) {
				t.Errorf("RenderMarkdown(%q) = %q, which contains %q", src, out, bad)
			}
		}
	}
}

var relAttr = regexp.MustCompile(`rel="([^"]*)"`)

func TestRenderMarkdownKeepsFormatting(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"headings", "# One\n\n## Two\n\n### Three", []string{"<h1", ">One</h1>", "<h2", ">Two</h2>", "<h3", ">Three</h3>"}},
		{"bold and italic", "**bold** and *italic*", []string{"<strong>bold</strong>", "<em>italic</em>"}},
		{"strikethrough", "~~old~~", []string{"<del>old</del>"}},
		{"bullet list", "- one\n- two", []string{"<ul>", "<li>one</li>", "<li>two</li>", "</ul>"}},
		{"numbered list", "1. first\n2. second", []string{"<ol>", "<li>first</li>", "<li>second</li>", "</ol>"}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<thead>", "<th>a</th>", "<th>b</th>", "<tbody>", "<td>1</td>", "<td>2</td>", "</table>"}},
		{"https link", "[LOGODI](https://www.logodi.go.kr)", []string{`href="https://www.logodi.go.kr"`, ">LOGODI</a>"}},
		{"bare link", "See https://www.logodi.go.kr/about today.", []string{`href="https://www.logodi.go.kr/about"`}},
		{"relative link", "[next](/lessons/2)", []string{`href="/lessons/2"`, ">next</a>"}},
		{"image", "![village](https://example.org/v.png)", []string{"<img", `src="https://example.org/v.png"`, `alt="village"`}},
		{"code", "`<script>` and\n\n```\nx := 1\n```", []string{"<code>&lt;script&gt;</code>", "<pre><code>x := 1"}},
		{"quote", "> cooperation", []string{"<blockquote>", "cooperation"}},
		{"Hangul", "## 세 가지 정신\n\n근면, **자조**, 협동", []string{"세 가지 정신</h2>", "근면, <strong>자조</strong>, 협동"}},
		{"Vietnamese", "**Cần cù**, tự lực, hợp tác. Phong trào Làng mới.", []string{"<strong>Cần cù</strong>, tự lực, hợp tác. Phong trào Làng mới."}},
		{"Russian", "Движение *Новая деревня*", []string{"Движение <em>Новая деревня</em>"}},
	}
	for _, tc := range cases {
		out := string(courses.RenderMarkdown(tc.src))
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: RenderMarkdown(%q) = %q, lost %q", tc.name, tc.src, out, w)
			}
		}
	}

	// An external link is kept and carries rel=noreferrer.
	out := string(courses.RenderMarkdown("[LOGODI](https://www.logodi.go.kr)"))
	m := relAttr.FindStringSubmatch(out)
	if m == nil || !strings.Contains(" "+m[1]+" ", " noreferrer ") {
		t.Errorf("external link without rel=noreferrer: %s", out)
	}
}
