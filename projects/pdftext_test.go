package projects_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needPDFToText is the path of pdftotext, or skips the test that reads PDF
// reports back where it is missing.
func needPDFToText(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils to check the PDF reports")
	}
	return path
}

// pdfText is a PDF's text as pdftotext reads it, white space folded.
func pdfText(t *testing.T, pdftotext string, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
