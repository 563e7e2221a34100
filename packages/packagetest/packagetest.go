// Package packagetest builds the e-learning packages the tests play: a
// SCORM 1.2 course, a SCORM 2004 course of two SCOs, a cmi5 course of two
// AUs, and a hostile SCORM package that tries to act as its viewer. Each
// is a few files of HTML and JavaScript written here, zipped in memory.
package packagetest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
)

// Zip makes a ZIP archive of name → content, in the order given.
func Zip(files ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			panic(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// page is a SCO's or AU's HTML page running script.
func page(title, script string) string {
	return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>` + title + `</title></head>
<body><h1>` + title + `</h1><p id="state">loading</p>
<button id="next" type="button">Next step</button> <button id="finish" type="button">Finish</button>
<script src="` + script + `"></script></body></html>`
}

// scoJS drives a SCORM SCO: it shows where the learner was (entry and
// suspend_data), steps on with #next (suspend_data "step=N", committed,
// exit suspend) and ends with #finish (score, completion, success).
const scoJS = `(function () {
  function find(w, name) { for (var i = 0; w && i < 10; i++) { try { if (w[name]) { return w[name]; } } catch (e) {} if (w === w.parent) { break; } w = w.parent; } return null; }
  var v12 = !!find(window, "API") && !find(window, "API_1484_11");
  var api = v12 ? find(window, "API") : find(window, "API_1484_11");
  var state = document.getElementById("state");
  if (!api) { state.textContent = "no API"; return; }
  var get = function (k) { return v12 ? api.LMSGetValue(k) : api.GetValue(k); };
  var set = function (k, v) { return v12 ? api.LMSSetValue(k, v) : api.SetValue(k, v); };
  var commit = function () { return v12 ? api.LMSCommit("") : api.Commit(""); };
  (v12 ? api.LMSInitialize("") : api.Initialize(""));
  var sco = document.body.getAttribute("data-sco") || document.title;
  var suspend = get("cmi.suspend_data");
  var step = suspend && suspend.indexOf("step=") === 0 ? parseInt(suspend.slice(5), 10) : 0;
  var show = function () { state.textContent = sco + " entry=" + get(v12 ? "cmi.core.entry" : "cmi.entry") + " step=" + step + " learner=" + get(v12 ? "cmi.core.student_name" : "cmi.learner_name"); };
  show();
  document.getElementById("next").onclick = function () {
    step++;
    set("cmi.suspend_data", "step=" + step);
    set(v12 ? "cmi.core.lesson_location" : "cmi.location", "page" + step);
    set(v12 ? "cmi.core.exit" : "cmi.exit", "suspend");
    if (v12) { set("cmi.core.lesson_status", "incomplete"); } else { set("cmi.completion_status", "incomplete"); }
    commit();
    show();
    state.setAttribute("data-committed", String(step));
  };
  document.getElementById("finish").onclick = function () {
    if (v12) {
      set("cmi.core.score.raw", "85"); set("cmi.core.score.min", "0"); set("cmi.core.score.max", "100");
      set("cmi.core.lesson_status", "passed"); set("cmi.core.exit", ""); set("cmi.core.session_time", "00:02:30");
      api.LMSFinish("");
    } else {
      set("cmi.score.scaled", "0.9"); set("cmi.score.raw", "90"); set("cmi.completion_status", "completed");
      set("cmi.success_status", "passed"); set("cmi.exit", "normal"); set("cmi.session_time", "PT2M30S");
      set("adl.nav.request", "continue");
      api.Terminate("");
    }
    state.textContent = sco + " finished";
  };
})();
`

// SCORM12 is a one-SCO SCORM 1.2 package with a mastery score of 80.
func SCORM12() []byte {
	return Zip("imsmanifest.xml", `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="TEST-SCORM12" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>Village planning (SCORM 1.2)</title>
    <item identifier="SCO1" identifierref="R1"><title>Planning basics</title><adlcp:masteryscore>80</adlcp:masteryscore></item>
  </organization></organizations>
  <resources><resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="sco.html"><file href="sco.html"/><file href="sco.js"/></resource></resources>
</manifest>`, "sco.html", page("Planning basics", "sco.js"), "sco.js", scoJS)
}

// SCORM2004 is a SCORM 2004 4th edition package of two SCOs in one
// organisation, the first with a scaled passing score.
func SCORM2004() []byte {
	return Zip("imsmanifest.xml", `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="TEST-SCORM2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>Public administration (SCORM 2004)</title>
    <item identifier="PART1" identifierref="R1"><title>Part one</title>
      <imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="p1" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing>
    </item>
    <item identifier="PART2" identifierref="R2"><title>Part two</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="one/sco.html"><file href="one/sco.html"/></resource>
    <resource identifier="R2" type="webcontent" adlcp:scormType="sco" href="two/sco.html"><file href="two/sco.html"/></resource>
  </resources>
</manifest>`, "one/sco.html", strings.Replace(page("Part one", "../sco.js"), "<body>", `<body data-sco="Part one">`, 1),
		"two/sco.html", strings.Replace(page("Part two", "../sco.js"), "<body>", `<body data-sco="Part two">`, 1), "sco.js", scoJS)
}

// auJS is a cmi5 AU: it fetches its token, reads LMS.LaunchData, sends
// initialized, then on #finish completed, passed (scaled 0.9) and
// terminated, and goes to the returnURL.
const auJS = `(function () {
  var q = new URLSearchParams(location.search);
  var state = document.getElementById("state");
  var endpoint = q.get("endpoint"), reg = q.get("registration"), activity = q.get("activityId"), actor = JSON.parse(q.get("actor"));
  var auth = "", launchData = null;
  var headers = function () { return { "Authorization": "Basic " + auth, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" }; };
  var uuid = function () { return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) { var r = Math.random() * 16 | 0; return (c === "x" ? r : (r & 3 | 8)).toString(16); }); };
  var send = function (verb, result) {
    var ctx = JSON.parse(JSON.stringify(launchData.contextTemplate));
    ctx.registration = reg;
    ctx.contextActivities.category = [{ id: "https://w3id.org/xapi/cmi5/context/categories/moveon" }, { id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" }];
    if (verb === "initialized" || verb === "terminated") { ctx.contextActivities.category = [{ id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" }]; }
    var st = { id: uuid(), actor: actor, verb: { id: "http://adlnet.gov/expapi/verbs/" + verb, display: { "en-US": verb } },
      object: { objectType: "Activity", id: activity }, context: ctx, timestamp: new Date().toISOString() };
    if (result) { st.result = result; }
    return fetch(endpoint + "statements", { method: "POST", headers: headers(), body: JSON.stringify(st) }).then(function (r) { if (!r.ok) { throw new Error(verb + " " + r.status); } });
  };
  fetch(q.get("fetch"), { method: "POST" }).then(function (r) { return r.json(); }).then(function (j) {
    if (!j["auth-token"]) { throw new Error("fetch " + JSON.stringify(j)); }
    auth = j["auth-token"];
    var u = endpoint + "activities/state?stateId=LMS.LaunchData&activityId=" + encodeURIComponent(activity) + "&agent=" + encodeURIComponent(JSON.stringify(actor)) + "&registration=" + reg;
    return fetch(u, { headers: headers() });
  }).then(function (r) { return r.json(); }).then(function (ld) {
    launchData = ld;
    return send("initialized");
  }).then(function () {
    state.textContent = document.title + " ready moveOn=" + launchData.moveOn;
  }).catch(function (e) { state.textContent = "error " + e.message; });
  document.getElementById("finish").onclick = function () {
    send("completed", { completion: true, duration: "PT1M" }).then(function () {
      return send("passed", { success: true, score: { scaled: 0.9 }, duration: "PT1M" });
    }).then(function () { return send("terminated", { duration: "PT1M" }); }).then(function () {
      state.textContent = document.title + " finished";
      location.assign(launchData.returnURL);
    }).catch(function (e) { state.textContent = "error " + e.message; });
  };
})();
`

// CMI5 is a cmi5 course of two AUs, the first moving on when completed
// and passed, the second when completed.
func CMI5() []byte {
	return Zip("cmi5.xml", `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://baeum.example.org/test/cmi5-course">
    <title><langstring lang="en-US">Saemaul leadership (cmi5)</langstring><langstring lang="ko-KR">새마을 지도력</langstring></title>
    <description><langstring lang="en-US">Two activities</langstring></description>
  </course>
  <au id="https://baeum.example.org/test/au1" moveOn="CompletedAndPassed" masteryScore="0.8">
    <title><langstring lang="en-US">Activity one</langstring></title><description><langstring lang="en-US">One</langstring></description>
    <url>au.html?n=1</url>
  </au>
  <au id="https://baeum.example.org/test/au2" moveOn="Completed">
    <title><langstring lang="en-US">Activity two</langstring></title><description><langstring lang="en-US">Two</langstring></description>
    <url>au.html?n=2</url>
  </au>
</courseStructure>`, "au.html", page("cmi5 activity", "au.js"), "au.js", auJS)
}

// hostileJS tries, as a package may, to act as the person viewing it, and
// writes what it got into cmi.suspend_data for the test to read:
// the parent pages' DOM (a CSRF token), a same-site fetch of a Baeum page
// with the viewer's cookies, the API, and a form post without a token.
func hostileJS(app string) string {
	return fmt.Sprintf(`(function () {
  var app = %q;
  var api = null; try { api = window.parent.API; } catch (e) {}
  var report = {};
  function done() {
    var s = JSON.stringify(report);
    document.getElementById("state").textContent = "hostile " + s;
    if (api) { api.LMSInitialize(""); api.LMSSetValue("cmi.suspend_data", s.slice(0, 4000)); api.LMSCommit(""); }
  }
  try { report.top = String(window.top.document.querySelector("input[name=csrf_token]").value); } catch (e) { report.top = "blocked"; }
  try { report.parentCookie = String(window.parent.parent.document.cookie); } catch (e) { report.parentCookie = "blocked"; }
  try { report.cookie = document.cookie; } catch (e) { report.cookie = "blocked"; }
  var f = document.createElement("form"); f.method = "post"; f.action = app + "/account/profile"; f.target = "sink";
  var i = document.createElement("input"); i.name = "name"; i.value = "Hacked by package"; f.appendChild(i);
  var sink = document.createElement("iframe"); sink.name = "sink"; document.body.appendChild(sink); document.body.appendChild(f);
  try { f.submit(); report.form = "sent"; } catch (e) { report.form = "blocked"; }
  Promise.all([
    fetch(app + "/my", { credentials: "include" }).then(function (r) { return r.text(); }).then(function (t) { report.page = t.indexOf("csrf_token") >= 0 ? "READ" : "empty"; }, function () { report.page = "blocked"; }),
    fetch(app + "/api/v1/me", { credentials: "include" }).then(function (r) { report.api = r.status; }, function () { report.api = "blocked"; }),
    fetch(app + "/account/profile", { method: "POST", credentials: "include", mode: "no-cors", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "name=Hacked+by+fetch" }).then(function () { report.post = "sent"; }, function () { report.post = "blocked"; })
  ]).then(function () { setTimeout(done, 500); });
})();
`, app)
}

// Hostile is a SCORM 1.2 package whose SCO attacks Baeum at app.
func Hostile(app string) []byte {
	return Zip("imsmanifest.xml", `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="HOSTILE" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <organizations default="ORG"><organization identifier="ORG"><title>Free certificate</title>
    <item identifier="EVIL" identifierref="R1"><title>Free certificate</title></item>
  </organization></organizations>
  <resources><resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>`, "index.html", page("Free certificate", "evil.js"), "evil.js", hostileJS(app))
}
