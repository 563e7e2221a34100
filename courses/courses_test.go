package courses_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestBuildPublishAndFallback(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := coursetest.Service(t, db)
		f := coursetest.Build(t, svc, "SMU-101", true)
		c := f.Course
		if c.Status != courses.Published || c.PublishedAt == nil {
			t.Fatalf("status %s", c.Status)
		}
		if got := c.Title("ko"); got.Text != "[ko] Saemaul Undong basics" || got.Fallback {
			t.Errorf("ko title: %+v", got)
		}
		if got := c.Title("vi"); got.Text != "Saemaul Undong basics" || got.Lang != "en" || !got.Fallback {
			t.Errorf("vi falls back to the default: %+v", got)
		}
		for _, st := range courses.Completeness(c) {
			if !st.Complete() {
				t.Errorf("%s incomplete: %d/%d", st.Locale, st.Filled, st.Required)
			}
		}
		if n := len(c.OrderedLessons()); n != 3 || c.RequiredLessons() != 2 {
			t.Errorf("lessons %d, required %d", n, c.RequiredLessons())
		}
	})
}

func TestPublishNeedsCompleteDefaultLanguage(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite)
	svc := coursetest.Service(t, db)
	ctx := context.Background()
	f := coursetest.Build(t, svc, "SMU-102", false)
	// Empty a required text in the default language: publishing must fail.
	if err := svc.SaveTexts(ctx, accounts.Actor{}, f.Course.ID, "en", map[string]string{"module." + itoa(f.Course.Modules[0].ID) + ".title": ""}); err != nil {
		t.Fatal(err)
	}
	_, err := svc.SetStatus(ctx, accounts.Actor{}, f.Course.ID, courses.Published)
	if !errors.Is(err, courses.ErrIncomplete) {
		t.Fatalf("publish incomplete: %v", err)
	}
	c, _ := svc.Course(ctx, f.Course.ID)
	if c.Status != courses.Draft {
		t.Fatalf("status after refused publish: %s", c.Status)
	}
}

func TestSaveTextsRejectsForeignKeysAndLocales(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite)
	svc := coursetest.Service(t, db)
	ctx := context.Background()
	a := coursetest.Build(t, svc, "A-1", false)
	b := coursetest.Build(t, svc, "B-1", false)
	before := storetest.Count(t, db, "lesson_translations")
	err := svc.SaveTexts(ctx, accounts.Actor{}, a.Course.ID, "vi", map[string]string{
		"lesson." + itoa(a.Text.ID) + ".title": "Chương trình làng năm 1970",
		"lesson." + itoa(b.Text.ID) + ".title": "a lesson of another course",
	})
	var v *i18n.ValidationError
	if !errors.As(err, &v) || len(v.Fields) != 1 || v.Fields[0].Msg.ID != "error.text.unknown" {
		t.Fatalf("foreign key: %v", err)
	}
	if n := storetest.Count(t, db, "lesson_translations"); n != before {
		t.Fatal("a refused save wrote translations")
	}
	if err := svc.SaveTexts(ctx, accounts.Actor{}, a.Course.ID, "xx", nil); !errors.As(err, &v) {
		t.Fatalf("unknown locale: %v", err)
	}
	if err := svc.SaveTexts(ctx, accounts.Actor{}, a.Course.ID, "vi", map[string]string{"lesson." + itoa(a.Text.ID) + ".title": "Chương trình làng năm 1970"}); err != nil {
		t.Fatal(err)
	}
	c, _ := svc.Course(ctx, a.Course.ID)
	l, _, _ := c.Lesson(a.Text.ID)
	var got string
	for _, tr := range l.Translations {
		if tr.Locale == "vi" {
			got = tr.Title
		}
	}
	if got != "Chương trình làng năm 1970" {
		t.Fatalf("vi title = %q", got)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := coursetest.Service(t, db)
		ctx := context.Background()
		f := coursetest.Build(t, svc, "SMU-201", false)
		doc, err := svc.Export(ctx, f.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		// A translator adds Vietnamese to every text and sends it back.
		doc.Course.Texts["vi"] = courses.DocCourseText{Title: "Cơ bản về Saemaul Undong", Summary: "Cần cù, tự lực, hợp tác."}
		for mi := range doc.Course.Modules {
			doc.Course.Modules[mi].Texts["vi"] = courses.DocTitle{Title: "Nguồn gốc"}
			for li := range doc.Course.Modules[mi].Lessons {
				doc.Course.Modules[mi].Lessons[li].Texts["vi"] = courses.DocLessonText{Title: "Bài " + itoa(int64(li+1)), Body: "Nội dung"}
			}
		}
		data, _ := json.Marshal(doc)
		c, created, err := svc.Import(ctx, accounts.Actor{}, data)
		if err != nil || created {
			t.Fatalf("import translation: created=%v err=%v", created, err)
		}
		if got := c.Title("vi"); got.Text != "Cơ bản về Saemaul Undong" || got.Fallback {
			t.Fatalf("vi title after import: %+v", got)
		}
		// The same file under a new code creates a new course, texts included.
		doc.Course.Code = "SMU-201-COPY"
		data, _ = json.Marshal(doc)
		c2, created, err := svc.Import(ctx, accounts.Actor{}, data)
		if err != nil || !created {
			t.Fatalf("import new: created=%v err=%v", created, err)
		}
		if len(c2.OrderedLessons()) != 3 {
			t.Fatalf("copy has %d lessons", len(c2.OrderedLessons()))
		}
		full, _ := svc.Course(ctx, c2.ID)
		if len(full.Modules[0].Lessons[2].Questions) != 5 || full.Title("ko").Fallback {
			t.Fatalf("copy lost questions or Korean")
		}
	})
}

func TestImportListsEveryProblemAndWritesNothing(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite)
	svc := coursetest.Service(t, db)
	ctx := context.Background()
	f := coursetest.Build(t, svc, "SMU-301", false)
	doc, _ := svc.Export(ctx, f.Course.ID)
	doc.Course.Code = "NEW-1"
	doc.Course.Delivery = "carrier-pigeon"
	doc.Course.Texts["xx"] = courses.DocCourseText{Title: "?"}
	doc.Course.Modules[0].Lessons[0].Texts["en"] = courses.DocLessonText{}
	doc.Course.Modules[0].Lessons[2].Questions[0].Choices[0].Correct = false
	data, _ := json.Marshal(doc)
	before := storetest.Count(t, db, "courses")
	_, _, err := svc.Import(ctx, accounts.Actor{}, data)
	var v *i18n.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("err = %v", err)
	}
	want := []string{"course.delivery", "course.texts.xx", "course.modules[0].lessons[0].texts.en.title", "course.modules[0].lessons[2].questions[0].choices"}
	for _, w := range want {
		if !v.Has(w) {
			t.Errorf("no problem reported at %s (got %v)", w, v)
		}
	}
	if n := storetest.Count(t, db, "courses"); n != before {
		t.Fatal("a refused import wrote a course")
	}
	for _, bad := range []string{`{`, `{"format":"baeum-course/1","course":{"code":"X","surprise":1}}`, `{"format":"x"} {}`, `[]`} {
		if _, _, err := svc.Import(ctx, accounts.Actor{}, []byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestCatalogueSearchAndFilters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := coursetest.Service(t, db)
		ctx := context.Background()
		coursetest.Build(t, svc, "SMU-401", true)
		coursetest.Build(t, svc, "SMU-402", false)
		doc, err := svc.Export(ctx, coursetest.Build(t, svc, "SMU-403", false).Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		doc.Course.Code = "SMU-403-RU"
		doc.Course.Texts["ru"] = courses.DocCourseText{Title: "Управление развитием села", Summary: "Основы"}
		doc.Course.Texts["vi"] = courses.DocCourseText{Title: "Đổi mới nông thôn"}
		data, _ := json.Marshal(doc)
		if _, _, err := svc.Import(ctx, accounts.Actor{}, data); err != nil {
			t.Fatal(err)
		}
		items, total, err := svc.Catalogue(ctx, courses.CatalogueFilter{Locale: "ko"})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(items) != 1 || items[0].Code != "SMU-401" {
			t.Fatalf("learner catalogue: %d %+v", total, items)
		}
		it := items[0]
		if it.Title.Text != "[ko] Saemaul Undong basics" || it.ProgrammeTitle.Text != "SMU invitational training" || !it.ProgrammeTitle.Fallback {
			t.Errorf("item texts: %+v", it)
		}
		if strings.Join(it.Languages, ",") != "en,ko" {
			t.Errorf("languages: %v", it.Languages)
		}
		for _, tc := range []struct {
			f    courses.CatalogueFilter
			want int64
		}{
			{courses.CatalogueFilter{Query: "[KO] saemaul"}, 1},
			{courses.CatalogueFilter{Query: "nothing-like-this"}, 0},
			{courses.CatalogueFilter{Language: "vi"}, 0},
			{courses.CatalogueFilter{Language: "ko"}, 1},
			{courses.CatalogueFilter{Delivery: courses.InPerson}, 0},
			{courses.CatalogueFilter{AllStatuses: true}, 4},
			{courses.CatalogueFilter{Query: "100%_"}, 0},
			// Capitals SQLite's LOWER cannot fold, in a course's Russian
			// and Vietnamese texts, and a word of each language at once.
			{courses.CatalogueFilter{AllStatuses: true, Query: "УПРАВЛЕНИЕ"}, 1},
			{courses.CatalogueFilter{AllStatuses: true, Query: "управление ĐỔI"}, 1},
			{courses.CatalogueFilter{AllStatuses: true, Query: "Управление Москва"}, 0},
			{courses.CatalogueFilter{AllStatuses: true, Query: "Ё"}, 0},
		} {
			_, n, err := svc.Catalogue(ctx, tc.f)
			if err != nil || n != tc.want {
				t.Errorf("%+v: %d (%v), want %d", tc.f, n, err, tc.want)
			}
		}
	})
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
