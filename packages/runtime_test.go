package packages

import (
	"testing"

	"github.com/baeum-lms/baeum/accounts"
)

func f(v float64) *float64 { return &v }

func TestReadState(t *testing.T) {
	t.Parallel()
	mastery80 := Item{MasteryScore: f(80)}
	cases := []struct {
		name      string
		std       Standard
		it        Item
		data      map[string]any
		completed string
		success   string
		score     *float64
		satisfied bool
		session   float64
	}{
		{"1.2 completed", SCORM12, Item{}, cmi12(map[string]any{"lesson_status": "completed", "session_time": "00:01:30.5"}), "completed", "", nil, true, 90.5},
		{"1.2 passed by mastery", SCORM12, mastery80, cmi12(map[string]any{"lesson_status": "completed", "score": map[string]any{"raw": "85", "min": "0", "max": "100"}}), "passed", "passed", f(0.85), true, 0},
		{"1.2 failed by mastery", SCORM12, mastery80, cmi12(map[string]any{"lesson_status": "passed", "score": map[string]any{"raw": "70"}}), "failed", "failed", f(0.7), false, 0},
		{"1.2 raw over another range", SCORM12, Item{}, cmi12(map[string]any{"lesson_status": "incomplete", "score": map[string]any{"raw": "15", "min": "10", "max": "20"}}), "incomplete", "", f(0.5), false, 0},
		{"1.2 not attempted keeps mastery off", SCORM12, mastery80, cmi12(map[string]any{"lesson_status": "not attempted", "score": map[string]any{"raw": "99"}}), "not attempted", "", f(0.99), false, 0},
		{"1.2 bad session time", SCORM12, Item{}, cmi12(map[string]any{"lesson_status": "incomplete", "session_time": "1 hour"}), "incomplete", "", nil, false, 0},
		{"2004 completed unknown", SCORM2004, Item{}, cmi04(map[string]any{"completion_status": "completed", "success_status": "unknown", "session_time": "PT1H2M3.5S"}), "completed", "unknown", nil, true, 3723.5},
		{"2004 completed failed", SCORM2004, Item{}, cmi04(map[string]any{"completion_status": "completed", "success_status": "failed"}), "completed", "failed", nil, false, 0},
		{"2004 threshold", SCORM2004, Item{CompletionThreshold: f(0.75)}, cmi04(map[string]any{"completion_status": "incomplete", "progress_measure": "0.8"}), "completed", "", nil, true, 0},
		{"2004 under threshold", SCORM2004, Item{CompletionThreshold: f(0.75)}, cmi04(map[string]any{"completion_status": "completed", "progress_measure": "0.5"}), "incomplete", "", nil, false, 0},
		{"2004 scaled passing score", SCORM2004, Item{MasteryScore: f(0.8)}, cmi04(map[string]any{"completion_status": "completed", "success_status": "passed", "score": map[string]any{"scaled": "0.6"}}), "completed", "failed", f(0.6), false, 0},
		{"2004 scaled out of range", SCORM2004, Item{}, cmi04(map[string]any{"completion_status": "completed", "score": map[string]any{"scaled": "7"}}), "completed", "", nil, true, 0},
		{"2004 days", SCORM2004, Item{}, cmi04(map[string]any{"session_time": "P1DT1S"}), "", "", nil, false, 86401},
	}
	for _, tc := range cases {
		st := readState(tc.std, tc.it, tc.data)
		if st.completion != tc.completed || st.success != tc.success || st.satisfied(tc.std) != tc.satisfied || st.session != tc.session {
			t.Errorf("%s: %+v satisfied=%v", tc.name, st, st.satisfied(tc.std))
		}
		if (st.score == nil) != (tc.score == nil) || (st.score != nil && *st.score != *tc.score) {
			t.Errorf("%s: score %v, want %v", tc.name, st.score, tc.score)
		}
	}
}

func cmi12(core map[string]any) map[string]any {
	return map[string]any{"cmi": map[string]any{"core": core}}
}

func cmi04(m map[string]any) map[string]any { return map[string]any{"cmi": m} }

func twoSCOs() *Stored {
	p := &Stored{pkg: &Package{Standard: SCORM2004, Organizations: []Organization{{Identifier: "O", Items: []Item{
		{Identifier: "A", Launch: "a.html", SCO: true}, {Identifier: "H", Launch: "h.html", SCO: true, Hidden: true},
		{Identifier: "B", Launch: "b.html", SCO: true}}}}}}
	p.Standard = SCORM2004
	return p
}

func TestNavTarget(t *testing.T) {
	t.Parallel()
	p := twoSCOs()
	for _, tc := range []struct{ item, nav, want string }{
		{"A", "continue", "B"}, {"B", "continue", ""}, {"B", "previous", "A"}, {"A", "previous", ""},
		{"A", "{target=B}choice", "B"}, {"B", "{target=H}jump", "H"}, {"A", "{target=Z}choice", ""}, {"A", "exitAll", ""}, {"A", "", ""},
	} {
		if got := navTarget(p, tc.item, tc.nav); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.item, tc.nav, got, tc.want)
		}
	}
	if n := len(p.Items()); n != 2 {
		t.Errorf("hidden items listed: %d", n)
	}
}

func TestMoveOn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		moveOn            string
		completed, passed bool
		want              bool
	}{
		{"Passed", true, false, false}, {"Passed", false, true, true},
		{"Completed", true, false, true}, {"Completed", false, true, false},
		{"CompletedAndPassed", true, false, false}, {"CompletedAndPassed", true, true, true},
		{"CompletedOrPassed", false, true, true}, {"CompletedOrPassed", false, false, false},
		{"NotApplicable", false, false, true}, {"", false, false, true},
	} {
		if got := moveOnMet(tc.moveOn, tc.completed, tc.passed); got != tc.want {
			t.Errorf("%s completed=%v passed=%v: %v", tc.moveOn, tc.completed, tc.passed, got)
		}
	}
}

func TestStartData(t *testing.T) {
	t.Parallel()
	u := &accounts.User{ID: 7, Name: "Khamla Vongsa"}
	p12 := &Stored{Standard: SCORM12}
	it := Item{Identifier: "S", MasteryScore: f(80), DataFromLMS: "village=Ganghwa"}
	first := startData(p12, it, u, nil)["cmi"].(map[string]any)
	if first["core"].(map[string]any)["entry"] != "ab-initio" || first["launch_data"] != "village=Ganghwa" ||
		first["student_data"].(map[string]any)["mastery_score"] != "80" || first["core"].(map[string]any)["student_id"] != "7" {
		t.Errorf("first session %v", first)
	}
	r := &Runtime{Data: `{"cmi":{"core":{"exit":"suspend","lesson_location":"p3","lesson_status":"incomplete","score":{"raw":"40"}},"suspend_data":"x=1"}}`, Terminated: true}
	again := startData(p12, it, u, r)["cmi"].(map[string]any)
	if again["core"].(map[string]any)["entry"] != "resume" || again["suspend_data"] != "x=1" || again["core"].(map[string]any)["lesson_location"] != "p3" {
		t.Errorf("resumed %v", again)
	}
	p04 := &Stored{Standard: SCORM2004}
	// A 2004 session that ended normally starts a new attempt; one closed
	// without Terminate resumes.
	normal := &Runtime{Data: `{"cmi":{"exit":"normal","suspend_data":"old","total_time":"PT5M","completion_status":"completed"}}`, Terminated: true}
	if c := startData(p04, it, u, normal)["cmi"].(map[string]any); c["entry"] != "" || c["suspend_data"] != nil || c["total_time"] != "PT5M" {
		t.Errorf("new attempt %v", c)
	}
	closed := &Runtime{Data: `{"cmi":{"exit":"","suspend_data":"keep","location":"L"}}`}
	if c := startData(p04, it, u, closed)["cmi"].(map[string]any); c["entry"] != "resume" || c["suspend_data"] != "keep" || c["scaled_passing_score"] != "80" {
		t.Errorf("closed tab %v", c)
	}
}

func TestByteRange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		h            string
		from, length int64
		ok           bool
	}{
		{"bytes=0-99", 0, 100, true}, {"bytes=100-", 100, 900, true}, {"bytes=-100", 900, 100, true},
		{"bytes=990-2000", 990, 10, true}, {"bytes=1000-", 0, 0, true}, {"bytes=-5000", 0, 1000, true},
		{"bytes=0-1,5-6", 0, 0, false}, {"items=0-1", 0, 0, false}, {"bytes=5-1", 0, 0, false}, {"bytes=x-", 0, 0, false}, {"bytes=-0", 0, 0, false},
	} {
		from, n, ok := byteRange(tc.h, 1000)
		if from != tc.from || n != tc.length || ok != tc.ok {
			t.Errorf("%s: %d %d %v", tc.h, from, n, ok)
		}
	}
}
