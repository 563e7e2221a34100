package courses_test

import (
	"errors"
	"math"
	"testing"

	"github.com/baeum-lms/baeum/courses"
)

func quiz(n int) (*courses.Lesson, map[int64]courses.Answer) {
	l := &courses.Lesson{ID: 1, Kind: courses.KindQuiz, PassMark: 60}
	answers := map[int64]courses.Answer{}
	yes := true
	for i := 0; i < n; i++ {
		id := int64(100 + i)
		q := courses.Question{ID: id, Points: 1, Kind: courses.QuestionKinds[i%len(courses.QuestionKinds)],
			AnswerBool: true, AnswerNumber: 41, Tolerance: 0.5,
			Translations: []courses.QuestionTranslation{{Locale: "en", Answers: "Saemaul Undong\nNew Village Movement"}, {Locale: "ko", Answers: "새마을운동"}}}
		for c := 0; c < 4; c++ {
			q.Choices = append(q.Choices, courses.Choice{ID: id*10 + int64(c), Correct: c == 0 || (q.Kind == courses.MultipleChoice && c == 1)})
		}
		n := 41.2
		switch q.Kind {
		case courses.SingleChoice:
			answers[id] = courses.Answer{Choices: []int64{id * 10}}
		case courses.MultipleChoice:
			answers[id] = courses.Answer{Choices: []int64{id * 10, id*10 + 1}}
		case courses.TrueFalse:
			answers[id] = courses.Answer{Bool: &yes}
		case courses.ShortAnswer:
			answers[id] = courses.Answer{Text: " 새마을운동 "}
		case courses.Numeric:
			answers[id] = courses.Answer{Number: &n}
		}
		if q.Kind != courses.SingleChoice && q.Kind != courses.MultipleChoice {
			q.Choices = nil
		}
		l.Questions = append(l.Questions, q)
	}
	return l, answers
}

func TestGradeRules(t *testing.T) {
	t.Parallel()
	l, right := quiz(10)
	res, err := courses.Grade(l, right, 60)
	if err != nil || res.Score != 100 || !res.Passed {
		t.Fatalf("all right: %+v %v", res, err)
	}
	res, _ = courses.Grade(l, map[int64]courses.Answer{}, 60)
	if res.Score != 0 || res.Passed {
		t.Fatalf("nothing answered: %+v", res)
	}
	// Multiple choice: a superset of the right choices earns nothing.
	part := map[int64]courses.Answer{}
	for k, v := range right {
		part[k] = v
	}
	part[101] = courses.Answer{Choices: []int64{1010, 1011, 1012}}
	res, _ = courses.Grade(l, part, 60)
	if res.Score != 90 {
		t.Fatalf("one superset answer: score %v, want 90", res.Score)
	}
	// Numeric tolerance: 41.5 is at the edge (passes), 41.6 beyond.
	for v, want := range map[float64]bool{41.5: true, 41.6: false, math.NaN(): false} {
		x := v
		res, _ = courses.Grade(&courses.Lesson{Questions: []courses.Question{l.Questions[4]}}, map[int64]courses.Answer{104: {Number: &x}}, 60)
		if res.Questions[0].Correct != want {
			t.Errorf("numeric %v: correct=%v", v, res.Questions[0].Correct)
		}
	}
	if _, err := courses.Grade(l, map[int64]courses.Answer{999: {}}, 60); !errors.Is(err, courses.ErrForeignQuestion) {
		t.Errorf("foreign question: %v", err)
	}
	if _, err := courses.Grade(l, map[int64]courses.Answer{100: {Choices: []int64{1010}}}, 60); !errors.Is(err, courses.ErrForeignChoice) {
		t.Errorf("foreign choice: %v", err)
	}
	if n := courses.Normalise("  Saemaul   UNDONG! "); n != "saemaul undong" {
		t.Errorf("Normalise = %q", n)
	}
}

// BenchmarkGradeQuiz50 grades a 50-question quiz of every kind, all
// answered.
func BenchmarkGradeQuiz50(b *testing.B) {
	l, answers := quiz(50)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := courses.Grade(l, answers, 60); err != nil {
			b.Fatal(err)
		}
	}
}
