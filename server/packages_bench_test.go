package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/packages/packagetest"
	"github.com/baeum-lms/baeum/store/storetest"
)

// BenchmarkPackageCommit is a SCO's commit round trip on the server, as
// the player page posts it: a SCORM 2004 data model with 4 KB of
// suspend_data and 20 interactions, over HTTP to a running Baeum, saved
// and checked against the package's completion rule.
func BenchmarkPackageCommit(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			a := newApp(b, storetest.New(b, d))
			c, lessons := packageCourse(b, a, "BENCH-"+strings.ToUpper(string(d)), packagetest.SCORM2004())
			_, e := enrolLearner(b, a, c)
			lc := a.client()
			lc.login("learner@example.org")
			var inter []any
			for i := range 20 {
				inter = append(inter, map[string]any{"id": fmt.Sprintf("q%d", i), "type": "choice", "learner_response": "b", "result": "correct"})
			}
			cmi := map[string]any{"cmi": map[string]any{"completion_status": "incomplete", "exit": "suspend", "location": "slide12",
				"suspend_data": strings.Repeat("x", 4096), "interactions": inter, "session_time": "PT5M"}}
			for b.Loop() {
				if st, out := commit(b, lc, e.ID, lessons[0].ID, "PART1", cmi, false); st != http.StatusOK {
					b.Fatalf("commit: %d %v", st, out)
				}
			}
		})
	}
}
