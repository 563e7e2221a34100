// Package coursetest builds realistic courses for tests of the packages
// that use courses: an SMU course in English and Korean with a text lesson,
// a video lesson and a quiz of every question kind.
package coursetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/store"
)

// Service returns a courses service over db with files in a temp dir.
func Service(tb testing.TB, db *store.DB) *courses.Service {
	tb.Helper()
	fs, err := files.OpenDir(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = fs.Close() })
	return courses.NewService(db, accounts.NewService(db), fs)
}

// Fixture is a built course and the ids a test needs.
type Fixture struct {
	Programme *courses.Programme
	Course    *courses.Course
	Text      *courses.Lesson
	Video     *courses.Lesson
	Quiz      *courses.Lesson
	// Questions of the quiz, in order: single, multiple, true/false,
	// short, numeric.
	Questions []*courses.Question
}

// must panics on a fixture-building error: the test fails with the error
// and where it happened.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Build creates a programme (if code is new) and a self-enrol online
// course with code, in English with Korean texts for everything, and
// publishes it when publish is true.
func Build(tb testing.TB, svc *courses.Service, code string, publish bool) *Fixture {
	tb.Helper()
	ctx := context.Background()
	actor := accounts.Actor{}
	f := &Fixture{}
	f.Programme = must(svc.CreateProgramme(ctx, actor, courses.ProgrammeInput{
		Code: "P-" + code, Type: courses.TypeSMUInvitational, DefaultLocale: "en",
		Title: "SMU invitational training", Summary: "Saemaul Undong for partner countries",
	}))
	c := must(svc.CreateCourse(ctx, actor, courses.CourseInput{
		ProgrammeID: f.Programme.ID, Code: code, Delivery: courses.Online, DurationHours: 12, DefaultLocale: "en",
		PassMark: 60, SelfEnrol: true, Title: "Saemaul Undong basics", Summary: "Diligence, self-help and cooperation in village development.",
	}))
	m := must(svc.AddModule(ctx, actor, c.ID, "Origins of Saemaul Undong"))
	f.Text = must(svc.AddLesson(ctx, actor, m.ID, courses.LessonInput{
		Kind: courses.KindText, Title: "The 1970 village programme", Body: "## Three spirits\n\nDiligence, **self-help**, cooperation.", Required: true,
	}))
	f.Video = must(svc.AddLesson(ctx, actor, m.ID, courses.LessonInput{
		Kind: courses.KindVideo, Title: "A pilot village today", VideoURL: "https://video.example.org/smu.mp4", Body: "Transcript.", Required: false,
	}))
	f.Quiz = must(svc.AddLesson(ctx, actor, m.ID, courses.LessonInput{
		Kind: courses.KindQuiz, Title: "Check your understanding", Required: true, PassMark: 60, AttemptLimit: 3, ShowFeedback: true,
	}))
	qs := []courses.QuestionInput{
		{Kind: courses.SingleChoice, Points: 1, Prompt: "When did Saemaul Undong start?", Choices: []courses.ChoiceInput{{Text: "1970", Correct: true}, {Text: "1990"}}},
		{Kind: courses.MultipleChoice, Points: 2, Prompt: "Which are the three spirits?", Choices: []courses.ChoiceInput{
			{Text: "Diligence", Correct: true}, {Text: "Self-help", Correct: true}, {Text: "Cooperation", Correct: true}, {Text: "Competition"}}},
		{Kind: courses.TrueFalse, Points: 1, Prompt: "Villagers chose their own projects.", AnswerBool: true},
		{Kind: courses.ShortAnswer, Points: 1, Prompt: "Name the movement.", Answers: []string{"Saemaul Undong", "New Village Movement"}},
		{Kind: courses.Numeric, Points: 1, Prompt: "How many pilot villages in 10 countries (2018)?", AnswerNumber: 41, Tolerance: 0},
	}
	for _, in := range qs {
		f.Questions = append(f.Questions, must(svc.AddQuestion(ctx, actor, f.Quiz.ID, in)))
	}
	full := must(svc.Course(ctx, c.ID))
	ko := map[string]string{}
	for _, t := range full.Texts() {
		if v := t.Values["en"]; v != "" {
			ko[t.Key] = "[ko] " + v
		}
	}
	if err := svc.SaveTexts(ctx, actor, c.ID, "ko", ko); err != nil {
		tb.Fatal(err)
	}
	if publish {
		must(svc.SetStatus(ctx, actor, c.ID, courses.Published))
	}
	f.Course = must(svc.Course(ctx, c.ID))
	return f
}

// RightAnswers answers every question of the fixture's quiz correctly.
func (f *Fixture) RightAnswers() map[int64]courses.Answer {
	yes := true
	n := 41.0
	q := f.Questions
	var multi []int64
	for _, c := range q[1].Choices {
		if c.Correct {
			multi = append(multi, c.ID)
		}
	}
	return map[int64]courses.Answer{
		q[0].ID: {Choices: []int64{q[0].Choices[0].ID}},
		q[1].ID: {Choices: multi},
		q[2].ID: {Bool: &yes},
		q[3].ID: {Text: "  saemaul   UNDONG! "},
		q[4].ID: {Number: &n},
	}
}

// Locales4 are the four languages of the catalogue at test scale.
var Locales4 = []string{"en", "ko", "vi", "ru"}

// SeedCatalogue bulk-inserts n published courses with titles and summaries
// in locales under one programme, for catalogue tests and benchmarks.
func SeedCatalogue(tb testing.TB, db *store.DB, n int, locales []string) {
	tb.Helper()
	p := courses.Programme{Code: "BULK", Type: courses.TypeELearning, DefaultLocale: "en",
		Translations: []courses.ProgrammeTranslation{{Locale: "en", Title: "Bulk programme"}, {Locale: "ko", Title: "대량 과정"}}}
	if err := db.Gorm.Create(&p).Error; err != nil {
		tb.Fatal(err)
	}
	now := time.Now().UTC()
	batch := make([]courses.Course, 0, 200)
	flush := func() {
		if len(batch) == 0 {
			return
		}
		if err := db.Gorm.Omit("Modules").CreateInBatches(&batch, 100).Error; err != nil {
			tb.Fatal(err)
		}
		batch = batch[:0]
	}
	for i := 0; i < n; i++ {
		c := courses.Course{ProgrammeID: p.ID, Code: fmt.Sprintf("BULK-%05d", i), Delivery: courses.Online, DurationHours: 1 + i%40,
			DefaultLocale: "en", PassMark: 60, Status: courses.Published, SelfEnrol: i%2 == 0, PublishedAt: &now}
		for _, loc := range locales {
			c.Translations = append(c.Translations, courses.CourseTranslation{Locale: loc,
				Title: fmt.Sprintf("[%s] Local administration course %d", loc, i), Summary: fmt.Sprintf("[%s] Summary of course %d", loc, i)})
		}
		batch = append(batch, c)
		if len(batch) == cap(batch) {
			flush()
		}
	}
	flush()
	// Straight into the tables, past the service: tell the catalogue cache.
	if err := db.Bump(context.Background(), store.VersionCatalogue); err != nil {
		tb.Fatal(err)
	}
}
