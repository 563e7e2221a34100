package filestest

import (
	"os"
	"regexp"
	"testing"
)

// tempPrefixes name what uploads (net/http's multipart-*) and workbooks
// (excelize-*, and the folder files.OpenXLSX makes for them) leave in the
// temporary folder; the test's own folders are there too.
var tempPrefixes = regexp.MustCompile(`^(multipart-|excelize-|baeum-xlsx-)`)

// TempLeftovers points the temporary folder at a fresh one for the whole
// test (so the test cannot run in parallel) and returns a check that no
// upload or workbook left a file in it.
func TempLeftovers(t *testing.T) func(what string) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return func(what string) {
		t.Helper()
		left, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range left {
			if tempPrefixes.MatchString(e.Name()) {
				t.Errorf("%s: %s left in the temporary folder", what, e.Name())
			}
		}
	}
}
