package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/packages"
	"github.com/baeum-lms/baeum/packages/packagetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// packageCourse is a published self-enrol course of one module whose
// lessons are package lessons, one per zip, uploaded by the coordinator
// (nil leaves a lesson without a package).
func packageCourse(t testing.TB, a *app, code string, zips ...[]byte) (*courses.Course, []*courses.Lesson) {
	t.Helper()
	ctx := context.Background()
	coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
	actor := accounts.Actor{UserID: coord.ID}
	prog, err := a.crs.CreateProgramme(ctx, actor, courses.ProgrammeInput{Code: "P-" + code, Type: courses.TypeSMUInvitational, DefaultLocale: "en", Title: "E-learning"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.crs.CreateCourse(ctx, actor, courses.CourseInput{ProgrammeID: prog.ID, Code: code, Delivery: courses.Online, DurationHours: 2,
		DefaultLocale: "en", PassMark: 60, SelfEnrol: true, Title: "E-learning " + code, Summary: "Packages"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.crs.AddModule(ctx, actor, c.ID, "Module")
	if err != nil {
		t.Fatal(err)
	}
	var lessons []*courses.Lesson
	for i, z := range zips {
		l, err := a.crs.AddLesson(ctx, actor, m.ID, courses.LessonInput{Kind: courses.KindPackage, Title: fmt.Sprintf("Package %d", i+1), Required: true})
		if err != nil {
			t.Fatal(err)
		}
		if z != nil {
			if _, err := a.pkgs.Upload(ctx, actor, coord, l.ID, "course.zip", bytes.NewReader(z), int64(len(z))); err != nil {
				t.Fatal(err)
			}
		}
		lessons = append(lessons, l)
	}
	if _, err := a.crs.SetStatus(ctx, actor, c.ID, courses.Published); err != nil {
		t.Fatal(err)
	}
	return c, lessons
}

// enrolLearner enrols the demo learner in course c.
func enrolLearner(t testing.TB, a *app, c *courses.Course) (*accounts.User, *enrollment.Enrolment) {
	t.Helper()
	u, _ := a.acc.UserByEmail(context.Background(), "learner@example.org")
	e, err := a.enr.Enrol(context.Background(), u, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u, e
}

func uploadPackage(t testing.TB, c *client, lessonID int64, name string, content []byte) resp {
	t.Helper()
	ct, body := multipartBody(t.(*testing.T), map[string]string{web.CSRFField: c.csrf()}, name, content)
	return c.do(http.MethodPost, fmt.Sprintf("/coordinate/lessons/%d/package", lessonID), body, map[string]string{"Content-Type": ct})
}

// damagedZip is a good SCORM 1.2 package but for sco.js, whose stored
// bytes no longer match their checksum: it fails only when unpacked.
func damagedZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	add("imsmanifest.xml", `<manifest identifier="D"><organizations default="O"><organization identifier="O"><title>T</title><item identifier="I" identifierref="R"><title>T</title></item></organization></organizations><resources><resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="sco.html" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"/></resources></manifest>`)
	add("sco.html", "<p>ok</p>")
	add("sco.js", "var intact = 'every byte of this file as written';")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	i := bytes.Index(data, []byte("every byte"))
	data[i] ^= 0x20 // the stored content, not its checksum
	return data
}

// TestPackageUploadRefusals: a coordinator uploads bad packages through
// the page; each is refused with an error naming the file and the
// problem, in the coordinator's language, and nothing is stored.
func TestPackageUploadRefusals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.pkgs.Limits.Zip = files.ZipLimits{Entries: 20, EntryBytes: 1 << 20, TotalBytes: 2 << 20, Ratio: 200}
		_, lessons := packageCourse(t, a, "PKG-BAD", nil)
		lid := lessons[0].ID
		co := a.client()
		co.login("coordinator@example.org")
		many := []string{"imsmanifest.xml", `<manifest identifier="M"><organizations default="O"><organization identifier="O"><title>T</title><item identifier="I" identifierref="R"><title>T</title></item></organization></organizations><resources><resource identifier="R" type="webcontent" href="a.html"/></resources></manifest>`, "a.html", "x"}
		for i := range 30 {
			many = append(many, fmt.Sprintf("f%d.txt", i), "x")
		}
		cases := []struct {
			name, file string
			zip        []byte
			want       string // in the page, HTML-unescaped
		}{
			{"no manifest", "empty.zip", packagetest.Zip("index.html", "<p>hi</p>"), "imsmanifest.xml"},
			{"not a zip", "notes.zip", []byte("just text, not an archive at all"), "ZIP"},
			{"malformed", "broken.zip", packagetest.Zip("imsmanifest.xml", "<manifest><organizations>"), "imsmanifest.xml"},
			{"missing launch", "nolaunch.zip", packagetest.Zip("imsmanifest.xml", `<manifest identifier="M"><organizations default="O"><organization identifier="O"><title>T</title><item identifier="I" identifierref="R"><title>T</title></item></organization></organizations><resources><resource identifier="R" type="webcontent" href="gone.html"/></resources></manifest>`), "gone.html"},
			{"zip slip", "slip.zip", packagetest.Zip("imsmanifest.xml", "<manifest/>", "../../evil.js", "x"), "../../evil.js"},
			{"too many files", "many.zip", packagetest.Zip(many...), "20"},
			{"damaged entry", "damaged.zip", damagedZip(t), "sco.js"},
			{"bomb", "bomb.zip", packagetest.Zip("imsmanifest.xml", "<manifest/>", "zeros.bin", strings.Repeat("\x00", 3<<20)), ""},
		}
		for _, tc := range cases {
			r := uploadPackage(t, co, lid, tc.file, tc.zip)
			if r.status != http.StatusUnprocessableEntity && r.status != http.StatusBadRequest && r.status != http.StatusRequestEntityTooLarge {
				t.Fatalf("%s: status %d: %.500s", tc.name, r.status, r.body)
			}
			page := html.UnescapeString(r.body)
			if !strings.Contains(page, `class="error-message"`) || (tc.want != "" && !strings.Contains(page, tc.want)) {
				t.Errorf("%s: the page does not name %q: %.2000s", tc.name, tc.want, page)
			}
			if n := storetest.Count(t, db, "packages"); n != 0 {
				t.Fatalf("%s: %d packages stored", tc.name, n)
			}
		}
		// Korean for a Korean coordinator.
		ct, body := multipartBody(t, map[string]string{web.CSRFField: co.csrf()}, "empty.zip", packagetest.Zip("index.html", "x"))
		r := co.do(http.MethodPost, fmt.Sprintf("/coordinate/lessons/%d/package", lid), body, map[string]string{"Content-Type": ct, "Accept-Language": "ko"})
		if !strings.Contains(html.UnescapeString(r.body), "imsmanifest.xml") || !strings.Contains(r.body, "lang=\"ko\"") {
			t.Errorf("Korean refusal: %d %.1500s", r.status, r.body)
		}
		// A learner may not upload; the API refuses a bad package alike.
		lc := a.client()
		lc.login("learner@example.org")
		if r := uploadPackage(t, lc, lid, "ok.zip", packagetest.SCORM12()); r.status != http.StatusForbidden {
			t.Errorf("learner upload: %d", r.status)
		}
		if n := storetest.Count(t, db, "packages"); n != 0 {
			t.Fatalf("%d packages stored after refusals", n)
		}
		// A good one through the page, then its facts through the API.
		if r := uploadPackage(t, co, lid, "village.zip", packagetest.SCORM12()); r.status != http.StatusSeeOther {
			t.Fatalf("upload: %d %.800s", r.status, r.body)
		}
		page := co.get(fmt.Sprintf("/coordinate/lessons/%d/package", lid))
		for _, want := range []string{"Village planning (SCORM 1.2)", "SCORM 1.2", "Planning basics", "sco.html", "village.zip", "data-player"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("package page lacks %q", want)
			}
		}
		tok := a.token("coordinator@example.org")
		got := a.api("GET", fmt.Sprintf("/api/v1/lessons/%d/package", lid), tok, nil)
		if got.status != http.StatusOK || !strings.Contains(got.body, `"standard":"scorm12"`) || !strings.Contains(got.body, `"identifier":"SCO1"`) {
			t.Errorf("API package: %d %s", got.status, got.body)
		}
	})
}

// commit posts a SCO's data model as the player page does.
func commit(t testing.TB, c *client, eid, lid int64, item string, cmi map[string]any, terminate bool) (int, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"item": item, "data": cmi, "terminate": terminate})
	r := c.do(http.MethodPost, fmt.Sprintf("/learn/%d/%d/runtime", eid, lid), bytes.NewReader(body),
		map[string]string{"Content-Type": "application/json", web.CSRFHeader: c.csrf()})
	var out map[string]any
	_ = json.Unmarshal([]byte(r.body), &out)
	return r.status, out
}

// playerInit reads the data a lesson page starts its SCO with.
func playerInit(t testing.TB, page string) map[string]any {
	t.Helper()
	raw := html.UnescapeString(regexpFind(t, `data-init="([^"]*)"`, page))
	var init map[string]any
	if err := json.Unmarshal([]byte(raw), &init); err != nil {
		t.Fatalf("init %q: %v", raw, err)
	}
	return init
}

// TestSCORMRuntime: the learner's commits are saved and resumed, the
// server applies the mastery score, the lesson completes only by the
// package, and only the learner commits.
func TestSCORMRuntime(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c, lessons := packageCourse(t, a, "PKG-RT", packagetest.SCORM12(), packagetest.SCORM2004())
		_, e := enrolLearner(t, a, c)
		lc := a.client()
		lc.login("learner@example.org")
		l12, l04 := lessons[0].ID, lessons[1].ID

		page := lc.get(fmt.Sprintf("/learn/%d/%d", e.ID, l12))
		if page.status != http.StatusOK || !strings.Contains(page.body, "frame-src 'self' "+a.content.URL) && !strings.Contains(page.header.Get("Content-Security-Policy"), a.content.URL) {
			t.Fatalf("lesson page: %d, CSP %q", page.status, page.header.Get("Content-Security-Policy"))
		}
		init := playerInit(t, page.body)
		if init["standard"] != "scorm12" || !strings.HasPrefix(init["launch"].(string), a.content.URL+"/c/") {
			t.Fatalf("init %v", init)
		}
		if strings.Contains(page.body, fmt.Sprintf("/learn/%d/%d/complete", e.ID, l12)) {
			t.Error("a package lesson offers the mark-done button")
		}
		// Marking it done by hand is refused.
		if r := lc.post(fmt.Sprintf("/learn/%d/%d/complete", e.ID, l12), url.Values{}); r.status == http.StatusSeeOther {
			t.Error("package lesson completed by hand")
		}
		// Suspend, then resume from suspend_data.
		st, out := commit(t, lc, e.ID, l12, "SCO1", map[string]any{"cmi": map[string]any{"core": map[string]any{"lesson_status": "incomplete", "exit": "suspend",
			"lesson_location": "page2", "session_time": "00:01:00"}, "suspend_data": "step=2"}}, true)
		if st != http.StatusOK || out["saved"] != true || out["lesson_done"] == true {
			t.Fatalf("commit: %d %v", st, out)
		}
		init = playerInit(t, lc.get(fmt.Sprintf("/learn/%d/%d", e.ID, l12)).body)
		cmi := init["cmi"].(map[string]any)["cmi"].(map[string]any)
		core := cmi["core"].(map[string]any)
		if cmi["suspend_data"] != "step=2" || core["entry"] != "resume" || core["lesson_location"] != "page2" || core["student_name"] != "Souksavanh Phommachanh" {
			t.Fatalf("resume data %v", cmi)
		}
		// The mastery score (80) decides: 70 claimed "passed" is failed.
		_, out = commit(t, lc, e.ID, l12, "SCO1", map[string]any{"cmi": map[string]any{"core": map[string]any{"lesson_status": "passed",
			"score": map[string]any{"raw": "70", "min": "0", "max": "100"}}}}, false)
		if out["lesson_done"] == true {
			t.Fatalf("a score under the mastery score completed the lesson: %v", out)
		}
		// An unknown SCO, a malformed body, someone else's commit.
		if st, _ := commit(t, lc, e.ID, l12, "NOPE", map[string]any{"cmi": map[string]any{}}, false); st != http.StatusBadRequest && st != http.StatusUnprocessableEntity {
			t.Errorf("unknown SCO: %d", st)
		}
		co := a.client()
		co.login("coordinator@example.org")
		if st, _ := commit(t, co, e.ID, l12, "SCO1", map[string]any{"cmi": map[string]any{"core": map[string]any{"lesson_status": "passed"}}}, true); st == http.StatusOK {
			t.Error("a coordinator committed for the learner")
		}
		// Without the CSRF header the commit is refused.
		body, _ := json.Marshal(map[string]any{"item": "SCO1", "data": map[string]any{"cmi": map[string]any{}}})
		if r := lc.do(http.MethodPost, fmt.Sprintf("/learn/%d/%d/runtime", e.ID, l12), bytes.NewReader(body), map[string]string{"Content-Type": "application/json"}); r.status != http.StatusForbidden {
			t.Errorf("commit without CSRF: %d", r.status)
		}
		_, out = commit(t, lc, e.ID, l12, "SCO1", map[string]any{"cmi": map[string]any{"core": map[string]any{"lesson_status": "passed", "exit": "",
			"score": map[string]any{"raw": "85", "min": "0", "max": "100"}, "session_time": "00:02:30"}}}, true)
		if out["lesson_done"] != true || out["course_completed"] == true {
			t.Fatalf("passing commit: %v", out)
		}
		var rt packages.Runtime
		db.Gorm.Where("lesson_id = ? AND item = ?", l12, "SCO1").Take(&rt)
		if rt.TotalSeconds != 210 || rt.Sessions != 2 || rt.Score == nil || *rt.Score != 0.85 || !rt.Satisfied {
			t.Errorf("runtime row %+v", rt)
		}

		// SCORM 2004, two SCOs: continue leads to the second; both done
		// completes the course.
		_, out = commit(t, lc, e.ID, l04, "PART1", map[string]any{"cmi": map[string]any{"completion_status": "completed", "success_status": "passed",
			"score": map[string]any{"scaled": "0.9"}, "exit": "normal"}}, true)
		if out["lesson_done"] == true {
			t.Fatalf("one SCO of two completed the lesson: %v", out)
		}
		if st, out := commitNav(t, lc, e.ID, l04, "PART1", "continue"); st != http.StatusOK || !strings.HasSuffix(fmt.Sprint(out["next"]), "item=PART2") {
			t.Errorf("continue: %d %v", st, out)
		}
		// A normal exit starts a new attempt: nothing resumes.
		init = playerInit(t, lc.get(fmt.Sprintf("/learn/%d/%d?item=PART1", e.ID, l04)).body)
		if c := init["cmi"].(map[string]any)["cmi"].(map[string]any); c["entry"] != "" || c["completion_status"] != nil {
			t.Errorf("new attempt data %v", c)
		}
		_, out = commit(t, lc, e.ID, l04, "PART2", map[string]any{"cmi": map[string]any{"completion_status": "completed", "success_status": "unknown"}}, true)
		if out["lesson_done"] != true || out["course_completed"] != true {
			t.Fatalf("second SCO: %v", out)
		}
		after, _ := a.enr.Enrolment(context.Background(), e.ID)
		if after.Status != enrollment.Completed {
			t.Errorf("enrolment %s", after.Status)
		}
	})
}

func commitNav(t testing.TB, c *client, eid, lid int64, item, nav string) (int, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"item": item, "data": map[string]any{"cmi": map[string]any{"completion_status": "completed", "exit": "normal"}}, "terminate": true, "nav": nav})
	r := c.do(http.MethodPost, fmt.Sprintf("/learn/%d/%d/runtime", eid, lid), bytes.NewReader(body),
		map[string]string{"Content-Type": "application/json", web.CSRFHeader: c.csrf()})
	var out map[string]any
	_ = json.Unmarshal([]byte(r.body), &out)
	return r.status, out
}

// TestContentOrigin: package files are served only at signed addresses,
// may be framed only by Baeum, and the origin sets and reads no cookie.
func TestContentOrigin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c, lessons := packageCourse(t, a, "PKG-CO", packagetest.SCORM12())
		_, e := enrolLearner(t, a, c)
		lc := a.client()
		lc.login("learner@example.org")
		init := playerInit(t, lc.get(fmt.Sprintf("/learn/%d/%d", e.ID, lessons[0].ID)).body)
		launch := init["launch"].(string)
		res, err := http.Get(launch)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors "+a.srv.URL) || len(res.Cookies()) != 0 {
			t.Fatalf("launch file: %d %v", res.StatusCode, res.Header)
		}
		// Byte ranges, as phones' video players ask.
		req, _ := http.NewRequest(http.MethodGet, launch, nil)
		req.Header.Set("Range", "bytes=2-9")
		part, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		_, _ = got.ReadFrom(part.Body)
		part.Body.Close()
		if part.StatusCode != http.StatusPartialContent || got.String() != "doctype " || !strings.HasPrefix(part.Header.Get("Content-Range"), "bytes 2-9/") {
			t.Errorf("range: %d %q %v", part.StatusCode, got.String(), part.Header)
		}
		req.Header.Set("Range", "bytes=999999-")
		if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != http.StatusRequestedRangeNotSatisfiable {
			t.Errorf("range past the end: %v %v", r, err)
		} else {
			r.Body.Close()
		}
		// Tampered signature, another package's id, a path out of the package.
		u, _ := url.Parse(launch)
		parts := strings.Split(u.Path, "/") // "", c, id, exp, sig, file
		bad := []string{
			strings.Replace(launch, parts[4], "AAAA"+parts[4][4:], 1),
			strings.Replace(launch, "/c/"+parts[2]+"/", "/c/999/", 1),
			a.content.URL + "/c/" + parts[2] + "/" + parts[3] + "/" + parts[4] + "/../../../etc/passwd",
			a.content.URL + "/c/" + parts[2] + "/1/" + parts[4] + "/sco.html",
		}
		for _, b := range bad {
			r, err := http.Get(b)
			if err != nil {
				t.Fatal(err)
			}
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				t.Errorf("%s answered 200", b)
			}
		}
		// Baeum's pages are not served on the content origin, nor the
		// content on Baeum's.
		for _, p := range []string{"/my", "/login", "/api/v1/me", "/xapi/about"} {
			r, _ := http.Get(a.content.URL + p)
			r.Body.Close()
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("content origin %s: %d", p, r.StatusCode)
			}
		}
		host, _ := http.Get(a.content.URL + "/_baeum/host.html")
		host.Body.Close()
		if !strings.Contains(host.Header.Get("Content-Security-Policy"), "frame-ancestors "+a.srv.URL) {
			t.Errorf("host CSP %q", host.Header.Get("Content-Security-Policy"))
		}
	})
}

// TestCMI5Launch: the AU's launch address has the cmi5 parameters; the
// fetch URL answers a token once; LMS.LaunchData and the launched
// statement are in the LRS; the AU's statements apply moveOn, and the
// course completes with the satisfied statement.
func TestCMI5Launch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c, lessons := packageCourse(t, a, "PKG-CMI5", packagetest.CMI5())
		_, e := enrolLearner(t, a, c)
		lc := a.client()
		lc.login("learner@example.org")
		lid := lessons[0].ID
		launch := func(item string) url.Values {
			page := lc.get(fmt.Sprintf("/learn/%d/%d?item=%s", e.ID, lid, url.QueryEscape(item)))
			src := html.UnescapeString(regexpFind(t, `<iframe src="([^"]+)"`, page.body))
			u, err := url.Parse(src)
			if err != nil || !strings.HasPrefix(src, a.content.URL+"/c/") {
				t.Fatalf("AU address %q", src)
			}
			return u.Query()
		}
		q := launch("https://baeum.example.org/test/au1")
		for _, p := range []string{"endpoint", "fetch", "registration", "activityId", "actor"} {
			if q.Get(p) == "" {
				t.Fatalf("launch lacks %s: %v", p, q)
			}
		}
		if q.Get("endpoint") != a.srv.URL+"/xapi/" || q.Get("n") != "1" {
			t.Errorf("endpoint %q, own parameter %q", q.Get("endpoint"), q.Get("n"))
		}
		fetch := func() (int, map[string]string) {
			r, err := http.Post(q.Get("fetch"), "application/json", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Body.Close()
			var out map[string]string
			_ = json.NewDecoder(r.Body).Decode(&out)
			return r.StatusCode, out
		}
		st, tok := fetch()
		if st != http.StatusOK || tok["auth-token"] == "" {
			t.Fatalf("fetch: %d %v", st, tok)
		}
		if st, again := fetch(); st != http.StatusOK || again["error-code"] != "1" || again["auth-token"] != "" {
			t.Errorf("second fetch: %d %v", st, again)
		}
		xapi := func(method, path string, body any) resp {
			var rd *bytes.Reader
			if body != nil {
				b, _ := json.Marshal(body)
				rd = bytes.NewReader(b)
			} else {
				rd = bytes.NewReader(nil)
			}
			req, _ := http.NewRequest(method, a.srv.URL+"/xapi/"+path, rd)
			req.Header.Set("Authorization", "Basic "+tok["auth-token"])
			req.Header.Set("X-Experience-API-Version", "1.0.3")
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(res.Body)
			return resp{status: res.StatusCode, body: buf.String()}
		}
		actor := q.Get("actor")
		ld := xapi("GET", "activities/state?stateId=LMS.LaunchData&activityId="+url.QueryEscape(q.Get("activityId"))+"&agent="+url.QueryEscape(actor)+"&registration="+q.Get("registration"), nil)
		var launchData map[string]any
		if ld.status != http.StatusOK || json.Unmarshal([]byte(ld.body), &launchData) != nil || launchData["moveOn"] != "CompletedAndPassed" || launchData["launchMode"] != "Normal" {
			t.Fatalf("LMS.LaunchData: %d %s", ld.status, ld.body)
		}
		if r := xapi("GET", "agents/profile?profileId=cmi5LearnerPreferences&agent="+url.QueryEscape(actor), nil); r.status != http.StatusOK || !strings.Contains(r.body, `"languagePreference"`) {
			t.Errorf("cmi5LearnerPreferences: %d %s", r.status, r.body)
		}
		var actorMap map[string]any
		_ = json.Unmarshal([]byte(actor), &actorMap)
		stmt := func(verb string, result map[string]any) map[string]any {
			ctx := launchData["contextTemplate"].(map[string]any)
			ca := map[string]any{"grouping": ctx["contextActivities"].(map[string]any)["grouping"],
				"category": []any{map[string]any{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}}}
			if result != nil {
				ca["category"] = append(ca["category"].([]any), map[string]any{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"})
			}
			s := map[string]any{"actor": actorMap, "verb": map[string]any{"id": "http://adlnet.gov/expapi/verbs/" + verb},
				"object": map[string]any{"id": q.Get("activityId")}, "context": map[string]any{"registration": q.Get("registration"),
					"contextActivities": ca, "extensions": ctx["extensions"]}}
			if result != nil {
				s["result"] = result
			}
			return s
		}
		// Another actor is refused for a launch credential.
		other := stmt("completed", nil)
		other["actor"] = map[string]any{"mbox": "mailto:someone@example.org"}
		if r := xapi("POST", "statements", other); r.status != http.StatusForbidden {
			t.Errorf("other actor: %d %s", r.status, r.body)
		}
		void := stmt("voided", nil)
		void["object"] = map[string]any{"objectType": "StatementRef", "id": "6f1d2c3b-0000-4000-8000-000000000001"}
		if r := xapi("POST", "statements", void); r.status != http.StatusForbidden {
			t.Errorf("voiding with a launch credential: %d %s", r.status, r.body)
		}
		// cmi5's statement rules: refused, and nothing of the batch kept.
		before := storetest.Count(t, db, "xapi_statements")
		noSession := stmt("initialized", nil)
		noSession["context"].(map[string]any)["extensions"] = map[string]any{}
		refused := map[string]any{
			"completed before initialized": stmt("completed", map[string]any{"completion": true}),
			"without the session id":       noSession,
			"an LMS verb":                  stmt("launched", nil),
		}
		for name, body := range refused {
			if r := xapi("POST", "statements", body); r.status != http.StatusForbidden {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
		}
		for name, batch := range map[string][]any{
			"initialized twice":    {stmt("initialized", nil), stmt("initialized", nil)},
			"passed under mastery": {stmt("initialized", nil), stmt("passed", map[string]any{"success": true, "score": map[string]any{"scaled": 0.5}})},
			"failed at mastery":    {stmt("initialized", nil), stmt("failed", map[string]any{"success": false, "score": map[string]any{"scaled": 0.8}})},
			"passed and failed":    {stmt("initialized", nil), stmt("failed", map[string]any{"success": false, "score": map[string]any{"scaled": 0.1}}), stmt("passed", map[string]any{"success": true, "score": map[string]any{"scaled": 0.9}})},
			"after terminated":     {stmt("initialized", nil), stmt("terminated", nil), stmt("completed", map[string]any{"completion": true})},
			"completed twice":      {stmt("initialized", nil), stmt("completed", map[string]any{"completion": true}), stmt("completed", map[string]any{"completion": true})},
			"score on initialized": {stmt("initialized", map[string]any{"score": map[string]any{"scaled": 1}})},
		} {
			if r := xapi("POST", "statements", batch); r.status != http.StatusForbidden {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
		}
		if after := storetest.Count(t, db, "xapi_statements"); after != before {
			t.Fatalf("refused statements stored: %d → %d", before, after)
		}
		if r := xapi("POST", "statements", []any{stmt("initialized", nil), stmt("completed", map[string]any{"completion": true})}); r.status != http.StatusOK {
			t.Fatalf("statements: %d %s", r.status, r.body)
		}
		if lr, _ := a.enr.Learning(context.Background(), mustUser(t, a, "learner@example.org"), e.ID); lr.Progress.Done[lid].IsZero() == false {
			t.Fatal("completed alone satisfied CompletedAndPassed")
		}
		if r := xapi("POST", "statements", stmt("passed", map[string]any{"success": true, "score": map[string]any{"scaled": 0.9}})); r.status != http.StatusOK {
			t.Fatalf("passed: %d %s", r.status, r.body)
		}
		if r := xapi("POST", "statements", stmt("terminated", nil)); r.status != http.StatusOK {
			t.Fatalf("terminated: %d %s", r.status, r.body)
		}
		if r := xapi("POST", "statements", stmt("completed", map[string]any{"completion": true})); r.status != http.StatusForbidden {
			t.Errorf("after terminated: %d", r.status)
		}
		// A session left without terminated is abandoned at the next
		// launch, and its credential stops working.
		q = launch("https://baeum.example.org/test/au2")
		st, tok = fetch()
		if st != http.StatusOK || tok["auth-token"] == "" {
			t.Fatal(st, tok)
		}
		ld = xapi("GET", "activities/state?stateId=LMS.LaunchData&activityId="+url.QueryEscape(q.Get("activityId"))+"&agent="+url.QueryEscape(actor)+"&registration="+q.Get("registration"), nil)
		_ = json.Unmarshal([]byte(ld.body), &launchData)
		if r := xapi("POST", "statements", stmt("initialized", nil)); r.status != http.StatusOK {
			t.Fatalf("au2 initialized: %d %s", r.status, r.body)
		}
		oldToken := tok["auth-token"]
		// The second AU moves on when completed.
		q = launch("https://baeum.example.org/test/au2")
		tok["auth-token"] = oldToken
		if r := xapi("POST", "statements", stmt("completed", map[string]any{"completion": true})); r.status != http.StatusUnauthorized {
			t.Errorf("an abandoned session's credential: %d %s", r.status, r.body)
		}
		st, tok = fetch()
		if st != http.StatusOK {
			t.Fatal(st)
		}
		ld = xapi("GET", "activities/state?stateId=LMS.LaunchData&activityId="+url.QueryEscape(q.Get("activityId"))+"&agent="+url.QueryEscape(actor)+"&registration="+q.Get("registration"), nil)
		_ = json.Unmarshal([]byte(ld.body), &launchData)
		if r := xapi("POST", "statements", []any{stmt("initialized", nil), stmt("completed", map[string]any{"completion": true})}); r.status != http.StatusOK {
			t.Fatalf("au2 completed: %d %s", r.status, r.body)
		}
		after, _ := a.enr.Enrolment(context.Background(), e.ID)
		if after.Status != enrollment.Completed {
			t.Fatalf("enrolment %s after both AUs", after.Status)
		}
		// launched (2) and satisfied (1) are the LMS's statements.
		var launched, satisfied, abandoned int64
		db.Gorm.Table("xapi_statements").Where("verb_id = ?", "http://adlnet.gov/expapi/verbs/launched").Count(&launched)
		db.Gorm.Table("xapi_statements").Where("verb_id = ?", "https://w3id.org/xapi/adl/verbs/satisfied").Count(&satisfied)
		db.Gorm.Table("xapi_statements").Where("verb_id = ?", "https://w3id.org/xapi/adl/verbs/abandoned").Count(&abandoned)
		if launched != 3 || satisfied != 1 || abandoned != 1 {
			t.Errorf("launched %d, satisfied %d, abandoned %d", launched, satisfied, abandoned)
		}
	})
}

func mustUser(t testing.TB, a *app, email string) *accounts.User {
	t.Helper()
	u, err := a.acc.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestSCORMConcurrentCommits: commits racing for a SCO's first row (two
// tabs, a retry) make one row, and the lesson is completed once.
func TestSCORMConcurrentCommits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c, lessons := packageCourse(t, a, "PKG-RACE", packagetest.SCORM12())
		_, e := enrolLearner(t, a, c)
		lc := a.client()
		lc.login("learner@example.org")
		lc.csrf()
		done := make(chan int, 8)
		for range 8 {
			go func() {
				st, _ := commit(t, lc, e.ID, lessons[0].ID, "SCO1", map[string]any{"cmi": map[string]any{"core": map[string]any{"lesson_status": "completed"}}}, true)
				done <- st
			}()
		}
		for range 8 {
			if st := <-done; st != http.StatusOK {
				t.Errorf("commit: %d", st)
			}
		}
		if n := storetest.Count(t, db, "package_runtimes"); n != 1 {
			t.Errorf("%d runtime rows", n)
		}
		if n := storetest.Count(t, db, "lesson_progress", "enrolment_id = ?", e.ID); n != 1 {
			t.Errorf("%d progress rows", n)
		}
		var completed int64
		db.Gorm.Table("xapi_statements").Where("verb_id = ?", "http://adlnet.gov/expapi/verbs/completed").Count(&completed)
		if completed != 2 { // the lesson and the course, once each
			t.Errorf("%d completed statements", completed)
		}
	})
}
