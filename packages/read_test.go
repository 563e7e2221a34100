package packages

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
)

// entry is one file of a test archive, in order (so a test can repeat one).
type entry struct{ name, body string }

func zipOf(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t testing.TB, data []byte) (*Package, error) {
	t.Helper()
	return Read(bytes.NewReader(data), int64(len(data)), DefaultLimits)
}

const scorm12Manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="SMU-INTRO" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>새마을운동 입문</title>
      <item identifier="I1" identifierref="R1" isvisible="true" parameters="?lang=ko">
        <title>Lesson 1</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
        <adlcp:datafromlms>village=Ganghwa</adlcp:datafromlms>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>`

const scorm2004Manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.gov" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xml:base="content/">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="B">
    <organization identifier="A"><title>Other</title>
      <item identifier="A1" identifierref="SCO1"><title>A1</title></item>
    </organization>
    <organization identifier="B"><title>E-Government Basics</title>
      <item identifier="M1"><title>Module 1</title>
        <item identifier="S1" identifierref="SCO1" parameters="#start"><title>One</title>
          <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75"/>
        </item>
        <item identifier="S2" identifierref="SCO2"><title>Two</title></item>
      </item>
      <item identifier="G" identifierref="GLOSS" isvisible="false"><title>Glossary</title></item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources xml:base="pages/">
    <resource identifier="SCO1" type="webcontent" adlcp:scormType="sco" href="one.html?x=1"/>
    <resource identifier="SCO2" type="webcontent" adlcp:scormType="sco" xml:base="two/" href="start%20here.html"/>
    <resource identifier="GLOSS" type="webcontent" adlcp:scormType="asset" href="glossary.html"/>
  </resources>
</manifest>`

const cmi5Structure = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.org/course/smu">
    <title><langstring lang="en-US">Saemaul Undong</langstring><langstring lang="lo">ແຊມາອຶລ</langstring></title>
    <description><langstring lang="en-US">Village development</langstring></description>
  </course>
  <au id="https://example.org/au/1" moveOn="CompletedOrPassed" masteryScore="0.8">
    <title><langstring lang="en-US">Diligence</langstring></title>
    <url>au1/index.html?mode=x</url>
    <launchParameters>{"level":1}</launchParameters>
  </au>
  <block id="https://example.org/block/1">
    <title><langstring lang="en-US">Part two</langstring></title>
    <au id="https://example.org/au/2" launchMethod="OwnWindow">
      <title><langstring lang="en-US">Self-help</langstring></title>
      <url>au2.html</url>
    </au>
  </block>
</courseStructure>`

func TestReadSCORM12(t *testing.T) {
	pkg, err := read(t, zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}, entry{"index.html", "<html>"}, entry{"img/", ""}))
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Standard != SCORM12 || pkg.Version != "1.2" || pkg.Identifier != "SMU-INTRO" || pkg.Title != "새마을운동 입문" {
		t.Fatalf("package %+v", pkg)
	}
	if pkg.Files != 2 || pkg.Root != "" {
		t.Errorf("files %d root %q", pkg.Files, pkg.Root)
	}
	l := pkg.Organizations[pkg.Default].Launchables()
	if len(l) != 1 {
		t.Fatalf("launchables %+v", l)
	}
	it := l[0]
	if it.Launch != "index.html?lang=ko" || !it.SCO || it.External || it.Hidden || it.DataFromLMS != "village=Ganghwa" {
		t.Errorf("item %+v", it)
	}
	if it.MasteryScore == nil || *it.MasteryScore != 80 {
		t.Errorf("mastery score %v", it.MasteryScore)
	}
}

func TestReadSCORM2004MultiSCO(t *testing.T) {
	pkg, err := read(t, zipOf(t,
		entry{"imsmanifest.xml", scorm2004Manifest},
		entry{"content/pages/one.html", "1"},
		entry{"content/pages/two/start here.html", "2"},
		entry{"content/pages/glossary.html", "g"},
	))
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Standard != SCORM2004 || pkg.Version != "2004 4th Edition" || pkg.Default != 1 || pkg.Title != "E-Government Basics" {
		t.Fatalf("package %+v", pkg)
	}
	if pkg.Sequencing {
		t.Error("control modes alone reported as sequencing Baeum does not apply")
	}
	org := pkg.Organizations[1]
	if !org.Choice || !org.Flow || len(org.Items) != 2 || len(org.Items[0].Children) != 2 || org.Items[0].Launch != "" {
		t.Fatalf("organisation %+v", org)
	}
	l := org.Launchables()
	want := []string{"content/pages/one.html?x=1#start", "content/pages/two/start%20here.html", "content/pages/glossary.html"}
	if len(l) != len(want) {
		t.Fatalf("launchables %+v", l)
	}
	for i, w := range want {
		if l[i].Launch != w {
			t.Errorf("launch %d = %q, want %q", i, l[i].Launch, w)
		}
	}
	if !l[0].SCO || !l[1].SCO || l[2].SCO || !l[2].Hidden {
		t.Errorf("kinds %+v", l)
	}
	if th := l[0].CompletionThreshold; th == nil || *th != 0.75 {
		t.Errorf("completion threshold %v", th)
	}
}

func TestReadSCORMVersions(t *testing.T) {
	for _, tc := range []struct {
		metadata, ns string
		std          Standard
		version      string
	}{
		{"<schemaversion>CAM 1.3</schemaversion>", "", SCORM2004, "2004 2nd Edition"},
		{"<schemaversion>2004 3rd Edition</schemaversion>", "", SCORM2004, "2004 3rd Edition"},
		{"", ` xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"`, SCORM2004, "2004"},
		{"", ` xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"`, SCORM12, "1.2"},
		{"", "", SCORM12, "1.2"},
	} {
		m := `<manifest identifier="M"` + tc.ns + `><metadata>` + tc.metadata + `</metadata><organizations/>
<resources><resource identifier="R" href="a.html" scormType="sco"/></resources></manifest>`
		pkg, err := read(t, zipOf(t, entry{"imsmanifest.xml", m}, entry{"a.html", ""}))
		if err != nil {
			t.Fatalf("%q: %v", tc.metadata, err)
		}
		if pkg.Standard != tc.std || pkg.Version != tc.version {
			t.Errorf("%q%s: %s %q", tc.metadata, tc.ns, pkg.Standard, pkg.Version)
		}
		// No organisation: each resource with an href becomes an item.
		if l := pkg.Organizations[0].Launchables(); len(l) != 1 || l[0].Launch != "a.html" {
			t.Errorf("resource package items %+v", l)
		}
	}
}

func TestReadSequencingRulesReported(t *testing.T) {
	m := strings.Replace(scorm2004Manifest, `<imsss:controlMode choice="true" flow="true"/>`,
		`<imsss:controlMode choice="false" flow="true"/><imsss:sequencingRules><imsss:preConditionRule/></imsss:sequencingRules>`, 1)
	pkg, err := read(t, zipOf(t, entry{"imsmanifest.xml", m}, entry{"content/pages/one.html", "1"},
		entry{"content/pages/two/start here.html", "2"}, entry{"content/pages/glossary.html", "g"}))
	if err != nil {
		t.Fatal(err)
	}
	if !pkg.Sequencing || pkg.Organizations[1].Choice {
		t.Errorf("sequencing %v, choice %v", pkg.Sequencing, pkg.Organizations[1].Choice)
	}
}

func TestReadCMI5(t *testing.T) {
	pkg, err := read(t, zipOf(t, entry{"cmi5.xml", cmi5Structure}, entry{"au1/index.html", "1"}, entry{"au2.html", "2"},
		entry{"imsmanifest.xml", "not read: cmi5.xml wins"}))
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Standard != CMI5 || pkg.Identifier != "https://example.org/course/smu" || pkg.Title != "Saemaul Undong" ||
		pkg.Titles["lo"] != "ແຊມາອຶລ" || pkg.Descriptions["en-US"] != "Village development" {
		t.Fatalf("package %+v", pkg)
	}
	org := pkg.Organizations[0]
	if len(org.Items) != 2 || org.Items[1].Title != "Part two" || org.Items[1].Launch != "" {
		t.Fatalf("structure %+v", org.Items)
	}
	l := org.Launchables()
	if len(l) != 2 {
		t.Fatalf("AUs %+v", l)
	}
	a, b := l[0], l[1]
	if a.Identifier != "https://example.org/au/1" || a.Launch != "au1/index.html?mode=x" || a.MoveOn != "CompletedOrPassed" ||
		a.MasteryScore == nil || *a.MasteryScore != 0.8 || a.LaunchMethod != "AnyWindow" || a.DataFromLMS != `{"level":1}` || !a.SCO {
		t.Errorf("AU 1 %+v", a)
	}
	if b.MoveOn != "NotApplicable" || b.LaunchMethod != "OwnWindow" || b.MasteryScore != nil || b.Launch != "au2.html" {
		t.Errorf("AU 2 %+v", b)
	}
}

func TestReadCMI5ExternalAU(t *testing.T) {
	s := strings.Replace(cmi5Structure, "<url>au2.html</url>", "<url>https://content.example.org/au2</url>", 1)
	pkg, err := read(t, zipOf(t, entry{"cmi5.xml", s}, entry{"au1/index.html", "1"}))
	if err != nil {
		t.Fatal(err)
	}
	if au := pkg.Organizations[0].Launchables()[1]; !au.External || au.Launch != "https://content.example.org/au2" {
		t.Errorf("external AU %+v", au)
	}
}

// A package zipped inside the folder the authoring tool published is read
// from that folder; macOS's __MACOSX folder beside it does not count.
func TestReadWrappedFolder(t *testing.T) {
	pkg, err := read(t, zipOf(t, entry{"course/imsmanifest.xml", scorm12Manifest}, entry{"course/index.html", "x"},
		entry{"__MACOSX/course/._index.html", "junk"}))
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Root != "course/" || pkg.Files != 2 || pkg.Organizations[0].Launchables()[0].Launch != "index.html?lang=ko" {
		t.Errorf("root %q files %d", pkg.Root, pkg.Files)
	}
}

func TestReadRefuses(t *testing.T) {
	ok := entry{"index.html", "x"}
	cases := []struct {
		name    string
		data    []byte
		want    *i18n.Error
		context map[string]any
	}{
		{"not a zip", []byte("<html>not a zip</html>"), ErrNotZip, nil},
		{"no manifest", zipOf(t, ok), ErrNoManifest, nil},
		{"manifest two folders down", zipOf(t, entry{"a/imsmanifest.xml", scorm12Manifest}, entry{"b/index.html", "x"}), ErrNoManifest, nil},
		{"parent path", zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}, ok, entry{"../../etc/cron.d/x", "x"}), ErrUnsafePath, map[string]any{"File": "../../etc/cron.d/x"}},
		{"windows parent path", zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}, ok, entry{`js\..\..\x.js`, "x"}), ErrUnsafePath, map[string]any{"File": `js\..\..\x.js`}},
		{"absolute path", zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}, ok, entry{"/etc/passwd", "x"}), ErrUnsafePath, map[string]any{"File": "/etc/passwd"}},
		{"drive path", zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}, ok, entry{"C:/x.js", "x"}), ErrUnsafePath, nil},
		{"twice", zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}, ok, entry{"index.html", "y"}), ErrDuplicateEntry, map[string]any{"File": "index.html"}},
		{"not well-formed", zipOf(t, entry{"imsmanifest.xml", "<manifest>\n<organizations>\n</manifest>"}, ok), ErrManifestXML, map[string]any{"File": "imsmanifest.xml", "Line": 3}},
		{"empty manifest", zipOf(t, entry{"imsmanifest.xml", ""}, ok), ErrManifestXML, nil},
		{"launch file missing", zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}), ErrLaunchMissing, map[string]any{"File": "imsmanifest.xml", "Launch": "index.html"}},
		{"launch file missing in folder", zipOf(t, entry{"pkg/imsmanifest.xml", scorm12Manifest}, entry{"pkg/other.html", ""}), ErrLaunchMissing, map[string]any{"File": "pkg/imsmanifest.xml"}},
		{"missing resource", zipOf(t, entry{"imsmanifest.xml", strings.Replace(scorm12Manifest, `identifierref="R1"`, `identifierref="R9"`, 1)}, ok), ErrResourceMissing, map[string]any{"Item": "I1", "Ref": "R9"}},
		{"resource without href", zipOf(t, entry{"imsmanifest.xml", strings.Replace(scorm12Manifest, ` href="index.html">`, `>`, 1)}, ok), ErrResourceNoHref, map[string]any{"Ref": "R1"}},
		{"unknown default organisation", zipOf(t, entry{"imsmanifest.xml", strings.Replace(scorm12Manifest, `default="ORG"`, `default="NONE"`, 1)}, ok), ErrDefaultOrg, map[string]any{"Ref": "NONE"}},
		{"nothing to launch", zipOf(t, entry{"imsmanifest.xml", `<manifest><organizations><organization identifier="O"><title>x</title><item identifier="I"><title>folder</title></item></organization></organizations><resources/></manifest>`}), ErrNothingToLaunch, nil},
		{"duplicate item id", zipOf(t, entry{"imsmanifest.xml", strings.Replace(scorm2004Manifest, `identifier="S2"`, `identifier="S1"`, 1)}, entry{"content/pages/one.html", "1"}, entry{"content/pages/two/start here.html", "2"}, entry{"content/pages/glossary.html", "g"}), ErrDuplicateID, map[string]any{"ID": "S1"}},
		{"javascript launch", zipOf(t, entry{"imsmanifest.xml", strings.Replace(scorm12Manifest, `href="index.html">`, `href="javascript:alert(1)">`, 1)}, ok), ErrLaunchMissing, nil},
		{"cmi5 bad moveOn", zipOf(t, entry{"cmi5.xml", strings.Replace(cmi5Structure, "CompletedOrPassed", "Whenever", 1)}, entry{"au1/index.html", ""}, entry{"au2.html", ""}), ErrBadValue, map[string]any{"Field": "moveOn", "Value": "Whenever"}},
		{"cmi5 mastery over 1", zipOf(t, entry{"cmi5.xml", strings.Replace(cmi5Structure, `masteryScore="0.8"`, `masteryScore="80"`, 1)}, entry{"au1/index.html", ""}, entry{"au2.html", ""}), ErrBadValue, map[string]any{"Field": "masteryScore"}},
		{"cmi5 bad launchMethod", zipOf(t, entry{"cmi5.xml", strings.Replace(cmi5Structure, `"OwnWindow"`, `"Popup"`, 1)}, entry{"au1/index.html", ""}, entry{"au2.html", ""}), ErrBadValue, map[string]any{"Field": "launchMethod"}},
		{"cmi5 AU without url", zipOf(t, entry{"cmi5.xml", strings.Replace(cmi5Structure, "<url>au2.html</url>", "", 1)}, entry{"au1/index.html", ""}), ErrMissingField, map[string]any{"Element": "au", "ID": "https://example.org/au/2", "Field": "url"}},
		{"cmi5 AU without title", zipOf(t, entry{"cmi5.xml", strings.Replace(cmi5Structure, `<title><langstring lang="en-US">Self-help</langstring></title>`, "", 1)}, entry{"au1/index.html", ""}, entry{"au2.html", ""}), ErrMissingField, map[string]any{"Field": "title"}},
		{"cmi5 without course", zipOf(t, entry{"cmi5.xml", `<courseStructure><au id="a"><title><langstring>a</langstring></title><url>a.html</url></au></courseStructure>`}, entry{"a.html", ""}), ErrMissingField, map[string]any{"Field": "course"}},
		{"cmi5 duplicate AU id", zipOf(t, entry{"cmi5.xml", strings.Replace(cmi5Structure, "https://example.org/au/2", "https://example.org/au/1", 1)}, entry{"au1/index.html", ""}, entry{"au2.html", ""}), ErrDuplicateID, nil},
		{"cmi5 launch file missing", zipOf(t, entry{"cmi5.xml", cmi5Structure}, entry{"au1/index.html", ""}), ErrLaunchMissing, map[string]any{"File": "cmi5.xml", "Launch": "au2.html"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pkg, err := read(t, tc.data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v (%+v), want %s", err, pkg, tc.want.Msg.ID)
			}
			var e *i18n.Error
			if !errors.As(err, &e) {
				t.Fatalf("%v is not an i18n.Error", err)
			}
			for k, v := range tc.context {
				if e.Msg.Data[k] != v {
					t.Errorf("%s = %v, want %v (%v)", k, e.Msg.Data[k], v, e.Msg.Data)
				}
			}
		})
	}
}

// TestReadLimits: a package over its limits is refused before a byte of it
// is unpacked: too many files, too many bytes unpacked, a manifest too
// large, too many items.
func TestReadLimits(t *testing.T) {
	many := []entry{{"imsmanifest.xml", scorm12Manifest}, {"index.html", "x"}}
	for i := 0; i < 20; i++ {
		many = append(many, entry{"f" + strings.Repeat("x", i) + ".js", "x"})
	}
	data := zipOf(t, many...)
	lim := DefaultLimits
	lim.Zip.Entries = 10
	if _, err := Read(bytes.NewReader(data), int64(len(data)), lim); !errors.Is(err, files.ErrZipEntries) {
		t.Errorf("21 files under a limit of 10: %v", err)
	}

	bomb := zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}, entry{"index.html", strings.Repeat("0", 8<<20)})
	lim = DefaultLimits
	lim.Zip.TotalBytes = 4 << 20
	if _, err := Read(bytes.NewReader(bomb), int64(len(bomb)), lim); !errors.Is(err, files.ErrZipSize) {
		t.Errorf("8 MB unpacked under a limit of 4 MB: %v", err)
	}
	if _, err := read(t, bomb); !errors.Is(err, files.ErrZipRatio) {
		t.Errorf("8 MB of zeros packed to a few KB: %v", err)
	}

	lim = DefaultLimits
	lim.ManifestBytes = 512
	data = zipOf(t, entry{"imsmanifest.xml", scorm12Manifest}, entry{"index.html", "x"})
	if _, err := Read(bytes.NewReader(data), int64(len(data)), lim); !errors.Is(err, ErrManifestLarge) {
		t.Errorf("manifest over 512 bytes: %v", err)
	}

	lim = DefaultLimits
	lim.Items = 2
	data = zipOf(t, entry{"imsmanifest.xml", scorm2004Manifest}, entry{"content/pages/one.html", "1"},
		entry{"content/pages/two/start here.html", "2"}, entry{"content/pages/glossary.html", "g"})
	if _, err := Read(bytes.NewReader(data), int64(len(data)), lim); !errors.Is(err, ErrTooManyItems) {
		t.Errorf("5 items under a limit of 2: %v", err)
	}
}

// A manifest in another encoding than UTF-8, as some older tools write.
func TestReadLatin1Manifest(t *testing.T) {
	m := strings.Replace(scorm12Manifest, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
	m = strings.Replace(m, "새마을운동 입문", "Coop\xe9ration", 1)
	pkg, err := read(t, zipOf(t, entry{"imsmanifest.xml", m}, entry{"index.html", "x"}))
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Title != "Coopération" {
		t.Errorf("title %q", pkg.Title)
	}
}

func TestWithParameters(t *testing.T) {
	for _, tc := range []struct{ launch, params, want string }{
		{"a.html", "", "a.html"},
		{"a.html", "?x=1", "a.html?x=1"},
		{"a.html", "&x=1", "a.html?x=1"},
		{"a.html?y=2", "x=1", "a.html?y=2&x=1"},
		{"a.html", "#p2", "a.html#p2"},
		{"a.html#p1", "#p2", "a.html#p1"},
	} {
		if got := withParameters(tc.launch, tc.params); got != tc.want {
			t.Errorf("withParameters(%q, %q) = %q, want %q", tc.launch, tc.params, got, tc.want)
		}
	}
}

// FuzzRead: whatever the bytes, Read answers a package or an error, never
// panics, and a package it answers launches only files it holds.
func FuzzRead(f *testing.F) {
	f.Add(zipOf(f, entry{"imsmanifest.xml", scorm12Manifest}, entry{"index.html", "x"}))
	f.Add(zipOf(f, entry{"imsmanifest.xml", scorm2004Manifest}, entry{"content/pages/one.html", "1"}))
	f.Add(zipOf(f, entry{"cmi5.xml", cmi5Structure}, entry{"au1/index.html", ""}, entry{"au2.html", ""}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkg, err := Read(bytes.NewReader(data), int64(len(data)), DefaultLimits)
		if err != nil {
			return
		}
		zr, zerr := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if zerr != nil {
			t.Fatalf("read a package from a broken zip: %v", zerr)
		}
		held := map[string]bool{}
		for _, f := range zr.File {
			held[strings.ReplaceAll(f.Name, `\`, "/")] = true
		}
		for _, o := range pkg.Organizations {
			for _, it := range o.Launchables() {
				if it.External {
					continue
				}
				p, _, _ := strings.Cut(it.Launch, "?")
				p, _, _ = strings.Cut(p, "#")
				if !held[pkg.Root+strings.ReplaceAll(p, "%20", " ")] {
					t.Fatalf("launches %q, not in the archive", it.Launch)
				}
			}
		}
	})
}

// Every refusal reads as a sentence in every UI language, with its data
// filled in (the file it names among them).
func TestRefusalsTranslated(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	data := zipOf(t, entry{"imsmanifest.xml", strings.Replace(scorm12Manifest, `identifierref="R1"`, `identifierref="R9"`, 1)}, entry{"index.html", ""})
	_, refusal := read(t, data)
	var e *i18n.Error
	if !errors.As(refusal, &e) {
		t.Fatal(refusal)
	}
	for _, code := range i18n.Supported {
		l := b.Localizer(code)
		for _, s := range []*i18n.Error{ErrNotZip, ErrNoManifest, ErrUnsafePath, ErrDuplicateEntry, ErrManifestXML, ErrManifestLarge,
			ErrLaunchMissing, ErrNothingToLaunch, ErrTooManyItems, ErrResourceMissing, ErrResourceNoHref, ErrDefaultOrg,
			ErrDuplicateID, ErrMissingField, ErrBadValue} {
			if !b.Has(code, s.Msg.ID) {
				t.Errorf("%s: no %s", code, s.Msg.ID)
			}
		}
		if got := l.Message(e.Msg); !strings.Contains(got, "imsmanifest.xml") || !strings.Contains(got, "R9") || strings.Contains(got, "no value") {
			t.Errorf("%s: %q", code, got)
		}
	}
	en := b.Localizer("en").Message(i18n.Msg(ErrMissingField.Msg.ID, "File", "cmi5.xml", "Element", "courseStructure", "ID", "", "Field", "course"))
	if en != "cmi5.xml: courseStructure has no course." {
		t.Errorf("missing field without id: %q", en)
	}
}
