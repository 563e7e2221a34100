package i18n_test

import (
	"testing"

	"github.com/baeum-lms/baeum/i18n"
)

func TestPrintable(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"김민준": true, "Nguyễn Thị Ánh": true, "Батбаяр": true, "Αλέξανδρος": true, "José Müller": true, "": true,
		"ສຸກສະຫວັນ": false, "សុខ ដារ៉ា": false, "አበበ ከበደ": false, "محمد": false, "မောင်": false, "অমিত": false, "李明": false,
	} {
		if got := i18n.Printable(s); got != want {
			t.Errorf("Printable(%q) = %v, want %v", s, got, want)
		}
	}
}
