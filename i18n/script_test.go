package i18n_test

import (
	"testing"

	"github.com/baeum-lms/baeum/i18n"
)

func TestPrintable(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]string{
		"김민준": "", "Nguyễn Thị Ánh": "", "Батбаяр": "", "Αλέξανδρος": "", "José Müller": "", "": "",
		// Every script pdfdoc shapes.
		"ສຸກສະຫວັນ": "", "សុខ ដារ៉ា": "", "አበበ ከበደ": "", "محمد 2024": "", "မောင်": "", "অমিত": "", "राम प्रसाद": "",
		"สมชาย": "", "ශ්\u200dරී": "", "முருகன்": "", "გიორგი": "", "Արմեն": "", "דָּוִד": "", "Somsak ສົມສັກ": "",
		// Scripts still without a font: the first one is named.
		"李明": "Hani", "Kim 李明": "Hani", "さくら": "Hira", "ཀུན་": "Tibt", "ᠮᠣᠩᠭᠣᠯ": "Mong", "ગુજરાતી": "Gujr",
		"ສົມ ਪੰਜਾਬ": "Guru", "\U000E0080": "Zzzz",
	} {
		got := i18n.UnprintableScript(s)
		if got != want || i18n.Printable(s) != (want == "") {
			t.Errorf("UnprintableScript(%q) = %q, Printable %v; want %q", s, got, i18n.Printable(s), want)
		}
	}
}

func TestUnprintableScriptName(t *testing.T) {
	t.Parallel()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"en": "Han", "ko": "한자", "fr": "sinogrammes", "ru": "китайская", "ar": "الهان"} {
		if got := b.Localizer(code).UnprintableScript("Wang 王"); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
	if got := b.Localizer("en").UnprintableScript("ສົມສັກ"); got != "" {
		t.Errorf("Lao named unprintable: %q", got)
	}
}
