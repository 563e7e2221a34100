package courses_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/baeum-lms/baeum/courses"
)

// Question and choice ids of gradeLesson.
const (
	qSingle   = 11 // choices 111 (right), 112, 113
	qMultiple = 12 // choices 121 (right), 122 (right), 123, 124
	qTrue     = 13 // the answer is false
	qShort    = 14
	qNumeric  = 15 // 41 ± 0.5
)

func boolPtr(b bool) *bool        { return &b }
func floatPtr(f float64) *float64 { return &f }
func picks(ids ...int64) []int64  { return ids }
func choiceOf(id int64, correct bool) courses.Choice {
	return courses.Choice{ID: id, Correct: correct}
}

// gradeLesson is a quiz of every question kind, built in memory, worth 10
// points: single 1, multiple 2, true/false 1, short 3, numeric 3. Its own
// pass mark is 0, so the course's applies.
func gradeLesson() *courses.Lesson {
	return &courses.Lesson{ID: 7, Kind: courses.KindQuiz, Questions: []courses.Question{
		{ID: qSingle, Kind: courses.SingleChoice, Points: 1,
			Choices: []courses.Choice{choiceOf(111, true), choiceOf(112, false), choiceOf(113, false)}},
		{ID: qMultiple, Kind: courses.MultipleChoice, Points: 2,
			Choices: []courses.Choice{choiceOf(121, true), choiceOf(122, true), choiceOf(123, false), choiceOf(124, false)}},
		{ID: qTrue, Kind: courses.TrueFalse, Points: 1, AnswerBool: false},
		{ID: qShort, Kind: courses.ShortAnswer, Points: 3, Translations: []courses.QuestionTranslation{
			{QuestionID: qShort, Locale: "en", Prompt: "Name the movement.", Answers: "Saemaul Undong\nNew Village Movement"},
			{QuestionID: qShort, Locale: "ko", Prompt: "운동의 이름은?", Answers: "새마을 운동\n새마을운동"},
		}},
		{ID: qNumeric, Kind: courses.Numeric, Points: 3, AnswerNumber: 41, Tolerance: 0.5},
	}}
}

// rightAnswers answers every question of gradeLesson correctly.
func rightAnswers() map[int64]courses.Answer {
	return map[int64]courses.Answer{
		qSingle:   {Choices: picks(111)},
		qMultiple: {Choices: picks(122, 121)},
		qTrue:     {Bool: boolPtr(false)},
		qShort:    {Text: "  saemaul   UNDONG! "},
		qNumeric:  {Number: floatPtr(41.3)},
	}
}

// wrongAnswers answers every question of gradeLesson, all wrongly.
func wrongAnswers() map[int64]courses.Answer {
	return map[int64]courses.Answer{
		qSingle:   {Choices: picks(112)},
		qMultiple: {Choices: picks(121)},
		qTrue:     {Bool: boolPtr(true)},
		qShort:    {Text: "Green Revolution"},
		qNumeric:  {Number: floatPtr(50)},
	}
}

// mix starts from the wrong answers and puts the given answers over them.
func mix(over map[int64]courses.Answer) map[int64]courses.Answer {
	a := wrongAnswers()
	for k, v := range over {
		a[k] = v
	}
	return a
}

// only answers the given questions right and leaves the others unanswered.
func only(ids ...int64) map[int64]courses.Answer {
	right := rightAnswers()
	a := map[int64]courses.Answer{}
	for _, id := range ids {
		a[id] = right[id]
	}
	return a
}

func TestGrade(t *testing.T) {
	t.Parallel()
	type want struct {
		score, points float64
		passed        bool
		correct       []int64 // ids of the questions graded right
	}
	all := []int64{qSingle, qMultiple, qTrue, qShort, qNumeric}
	cases := []struct {
		name     string
		answers  map[int64]courses.Answer
		passMark int // the course's
		want     want
	}{
		{"all right", rightAnswers(), 60, want{100, 10, true, all}},
		{"all right, pass mark 100", rightAnswers(), 100, want{100, 10, true, all}},
		{"all wrong", wrongAnswers(), 60, want{0, 0, false, nil}},
		{"nothing answered", map[int64]courses.Answer{}, 60, want{0, 0, false, nil}},
		{"nil answers", nil, 60, want{0, 0, false, nil}},
		{"empty answers to every question", map[int64]courses.Answer{qSingle: {}, qMultiple: {}, qTrue: {}, qShort: {}, qNumeric: {}}, 60,
			want{0, 0, false, nil}},

		// Points weighting.
		{"single only (1 of 10)", mix(only(qSingle)), 60, want{10, 1, false, []int64{qSingle}}},
		{"multiple only (2 of 10)", mix(only(qMultiple)), 60, want{20, 2, false, []int64{qMultiple}}},
		{"short and numeric (6 of 10) is exactly the pass mark", mix(only(qShort, qNumeric)), 60,
			want{60, 6, true, []int64{qShort, qNumeric}}},
		{"multiple and short (5 of 10) is below the pass mark", only(qMultiple, qShort), 60,
			want{50, 5, false, []int64{qMultiple, qShort}}},
		{"all but true/false (9 of 10), rest unanswered", only(qSingle, qMultiple, qShort, qNumeric), 90,
			want{90, 9, true, []int64{qSingle, qMultiple, qShort, qNumeric}}},
		{"one point short of the pass mark", only(qSingle, qMultiple, qShort, qNumeric), 91,
			want{90, 9, false, []int64{qSingle, qMultiple, qShort, qNumeric}}},
		{"pass mark 0 passes anything with points", wrongAnswers(), 0, want{0, 0, true, nil}},

		// Multiple choice needs exactly the right set.
		{"multiple: superset", mix(map[int64]courses.Answer{qMultiple: {Choices: picks(121, 122, 123)}}), 60, want{0, 0, false, nil}},
		{"multiple: all choices", mix(map[int64]courses.Answer{qMultiple: {Choices: picks(121, 122, 123, 124)}}), 60, want{0, 0, false, nil}},
		{"multiple: subset", mix(map[int64]courses.Answer{qMultiple: {Choices: picks(122)}}), 60, want{0, 0, false, nil}},
		{"multiple: only wrong ones", mix(map[int64]courses.Answer{qMultiple: {Choices: picks(123, 124)}}), 60, want{0, 0, false, nil}},
		{"multiple: none picked", mix(map[int64]courses.Answer{qMultiple: {Choices: []int64{}}}), 60, want{0, 0, false, nil}},
		{"multiple: right set, any order", only(qMultiple), 60, want{20, 2, false, []int64{qMultiple}}},
		{"multiple: right set with a repeat", map[int64]courses.Answer{qMultiple: {Choices: picks(121, 122, 121)}}, 60,
			want{20, 2, false, []int64{qMultiple}}},

		// Single choice takes exactly one pick.
		{"single: right and wrong picked", mix(map[int64]courses.Answer{qSingle: {Choices: picks(111, 112)}}), 60, want{0, 0, false, nil}},
		{"single: every choice picked", mix(map[int64]courses.Answer{qSingle: {Choices: picks(111, 112, 113)}}), 60, want{0, 0, false, nil}},
		{"single: nothing picked", mix(map[int64]courses.Answer{qSingle: {}}), 60, want{0, 0, false, nil}},

		// True/false: the answer is false, so a missing Bool must not count
		// as false.
		{"true/false: nil Bool", map[int64]courses.Answer{qTrue: {}}, 60, want{0, 0, false, nil}},
		{"true/false: false", map[int64]courses.Answer{qTrue: {Bool: boolPtr(false)}}, 60, want{10, 1, false, []int64{qTrue}}},
		{"true/false: true", map[int64]courses.Answer{qTrue: {Bool: boolPtr(true)}}, 60, want{0, 0, false, nil}},

		// Short answers: normalised, in any language of the question.
		{"short: second English answer", map[int64]courses.Answer{qShort: {Text: "new village movement."}}, 60,
			want{30, 3, false, []int64{qShort}}},
		{"short: Korean answer", map[int64]courses.Answer{qShort: {Text: "새마을 운동"}}, 60, want{30, 3, false, []int64{qShort}}},
		{"short: Korean answer without space", map[int64]courses.Answer{qShort: {Text: " 새마을운동! "}}, 60, want{30, 3, false, []int64{qShort}}},
		{"short: Korean answer decomposed (NFD)", map[int64]courses.Answer{qShort: {Text: norm.NFD.String("새마을 운동")}}, 60,
			want{30, 3, false, []int64{qShort}}},
		{"short: full-width letters", map[int64]courses.Answer{qShort: {Text: "ＳＡＥＭＡＵＬ　ＵＮＤＯＮＧ"}}, 60, want{30, 3, false, []int64{qShort}}},
		{"short: empty", map[int64]courses.Answer{qShort: {Text: ""}}, 60, want{0, 0, false, nil}},
		{"short: only punctuation", map[int64]courses.Answer{qShort: {Text: " ?! "}}, 60, want{0, 0, false, nil}},
		{"short: part of an answer", map[int64]courses.Answer{qShort: {Text: "Saemaul"}}, 60, want{0, 0, false, nil}},
		{"short: both answers at once", map[int64]courses.Answer{qShort: {Text: "Saemaul Undong\nNew Village Movement"}}, 60, want{0, 0, false, nil}},

		// Numeric: 41 ± 0.5.
		{"numeric: exact", map[int64]courses.Answer{qNumeric: {Number: floatPtr(41)}}, 60, want{30, 3, false, []int64{qNumeric}}},
		{"numeric: nil", map[int64]courses.Answer{qNumeric: {}}, 60, want{0, 0, false, nil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := gradeLesson()
			res, err := courses.Grade(l, tc.answers, tc.passMark)
			if err != nil {
				t.Fatalf("Grade: %v", err)
			}
			if res.Score != tc.want.score || res.Points != tc.want.points || res.MaxPoints != 10 || res.Passed != tc.want.passed {
				t.Errorf("score %v points %v/%v passed %v; want score %v points %v/10 passed %v",
					res.Score, res.Points, res.MaxPoints, res.Passed, tc.want.score, tc.want.points, tc.want.passed)
			}
			if res.PassMark != tc.passMark {
				t.Errorf("pass mark %d, want the course's %d", res.PassMark, tc.passMark)
			}
			checkQuestionResults(t, l, res, tc.want.correct)
		})
	}
}

// checkQuestionResults checks that res has one result per question of l, in
// the lesson's order, with full points exactly for the correct ones.
func checkQuestionResults(t *testing.T, l *courses.Lesson, res courses.Result, correct []int64) {
	t.Helper()
	if len(res.Questions) != len(l.Questions) {
		t.Fatalf("%d question results for %d questions", len(res.Questions), len(l.Questions))
	}
	for i, qr := range res.Questions {
		q := l.Questions[i]
		want := slices.Contains(correct, q.ID)
		if qr.QuestionID != q.ID || qr.Correct != want || qr.MaxPoints != float64(q.Points) {
			t.Errorf("question %d: %+v, want id %d correct %v max %d", i, qr, q.ID, want, q.Points)
		}
		if wantPts := map[bool]float64{true: float64(q.Points)}[want]; qr.Points != wantPts {
			t.Errorf("question %d: %v points, want %v", q.ID, qr.Points, wantPts)
		}
	}
}

// TestGradeScoreIsFlooredToOneDecimal checks the percentage is cut, not
// rounded, to one decimal, with points weighting.
func TestGradeScoreIsFlooredToOneDecimal(t *testing.T) {
	t.Parallel()
	yes := boolPtr(true)
	// Questions worth 1, 2 and 4 points: every subset gives a score in
	// sevenths.
	l := &courses.Lesson{ID: 3, Kind: courses.KindQuiz, Questions: []courses.Question{
		{ID: 1, Kind: courses.TrueFalse, Points: 1, AnswerBool: true},
		{ID: 2, Kind: courses.TrueFalse, Points: 2, AnswerBool: true},
		{ID: 4, Kind: courses.TrueFalse, Points: 4, AnswerBool: true},
	}}
	cases := []struct {
		right  []int64
		points float64
		score  float64
	}{
		{nil, 0, 0},
		{[]int64{1}, 1, 14.2},       // 14.285…
		{[]int64{2}, 2, 28.5},       // 28.571…, rounding would give 28.6
		{[]int64{1, 2}, 3, 42.8},    // 42.857…, rounding would give 42.9
		{[]int64{4}, 4, 57.1},       // 57.142…
		{[]int64{1, 4}, 5, 71.4},    // 71.428…
		{[]int64{2, 4}, 6, 85.7},    // 85.714…
		{[]int64{1, 2, 4}, 7, 100},  // all
		{[]int64{4, 2, 1}, 7, 100},  // order of answers does not matter
		{[]int64{2, 2, 2}, 2, 28.5}, // the same question thrice is one answer
	}
	for _, tc := range cases {
		answers := map[int64]courses.Answer{}
		for _, id := range tc.right {
			answers[id] = courses.Answer{Bool: yes}
		}
		res, err := courses.Grade(l, answers, 50)
		if err != nil {
			t.Fatalf("%v: %v", tc.right, err)
		}
		if res.Points != tc.points || res.MaxPoints != 7 || res.Score != tc.score {
			t.Errorf("right %v: %v/%v points, score %v; want %v/7, score %v", tc.right, res.Points, res.MaxPoints, res.Score, tc.points, tc.score)
		}
		if res.Passed != (tc.score >= 50) {
			t.Errorf("right %v: score %v passed=%v at pass mark 50", tc.right, res.Score, res.Passed)
		}
	}

	// Two of three equal questions is 66.6 (not 66.7): it fails a pass mark
	// of 67 and passes 66.
	thirds := &courses.Lesson{ID: 4, Kind: courses.KindQuiz, Questions: []courses.Question{
		{ID: 1, Kind: courses.TrueFalse, Points: 1, AnswerBool: true},
		{ID: 2, Kind: courses.TrueFalse, Points: 1, AnswerBool: true},
		{ID: 3, Kind: courses.TrueFalse, Points: 1, AnswerBool: true},
	}}
	two := map[int64]courses.Answer{1: {Bool: yes}, 3: {Bool: yes}}
	for pm, pass := range map[int]bool{66: true, 67: false} {
		res, err := courses.Grade(thirds, two, pm)
		if err != nil {
			t.Fatal(err)
		}
		if res.Score != 66.6 || res.Passed != pass {
			t.Errorf("2 of 3 at pass mark %d: score %v passed %v; want 66.6 passed %v", pm, res.Score, res.Passed, pass)
		}
	}
	res, _ := courses.Grade(thirds, map[int64]courses.Answer{2: {Bool: yes}}, 33)
	if res.Score != 33.3 || !res.Passed {
		t.Errorf("1 of 3 at pass mark 33: score %v passed %v; want 33.3 passed", res.Score, res.Passed)
	}
}

func TestGradeNumericTolerance(t *testing.T) {
	t.Parallel()
	numeric := func(answer, tolerance float64) *courses.Lesson {
		return &courses.Lesson{ID: 5, Kind: courses.KindQuiz, Questions: []courses.Question{
			{ID: 1, Kind: courses.Numeric, Points: 1, AnswerNumber: answer, Tolerance: tolerance},
		}}
	}
	cases := []struct {
		answer, tolerance float64
		given             float64
		want              bool
	}{
		{41, 0.5, 41, true},
		{41, 0.5, 41.5, true},  // exactly at the tolerance, above
		{41, 0.5, 40.5, true},  // exactly at the tolerance, below
		{41, 0.5, 41.25, true}, // inside
		{41, 0.5, 41.501, false},
		{41, 0.5, 40.499, false},
		{41, 0.5, 41.5 + 1e-6, false}, // just beyond
		{41, 0.5, 40.5 - 1e-6, false},
		{41, 0.5, -41, false},
		{41, 0.5, math.NaN(), false},
		{41, 0.5, math.Inf(1), false},
		{41, 0.5, math.Inf(-1), false},
		{41, 0, 41, true}, // no tolerance: exact only
		{41, 0, 41.001, false},
		{41, 0, 40.999, false},
		{0.3, 0, 0.1 + 0.2, true}, // binary rounding is not a wrong answer
		{-2.5, 0.1, -2.4, true},
		{-2.5, 0.1, -2.6, true},
		{-2.5, 0.1, -2.61, false},
		{1e6, 1000, 1001000, true},
		{1e6, 1000, 1001000.01, false},
	}
	for _, tc := range cases {
		given := tc.given
		res, err := courses.Grade(numeric(tc.answer, tc.tolerance), map[int64]courses.Answer{1: {Number: &given}}, 50)
		if err != nil {
			t.Fatal(err)
		}
		if res.Questions[0].Correct != tc.want {
			t.Errorf("answer %v ± %v, given %v: correct=%v, want %v", tc.answer, tc.tolerance, tc.given, res.Questions[0].Correct, tc.want)
		}
		if res.Passed != tc.want {
			t.Errorf("answer %v ± %v, given %v: passed=%v, want %v", tc.answer, tc.tolerance, tc.given, res.Passed, tc.want)
		}
	}
}

func TestPassMark(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ lesson, course, want int }{
		{0, 60, 60},  // the course's
		{80, 60, 80}, // the lesson's own
		{40, 60, 40}, // lower than the course's is still the lesson's
		{100, 0, 100},
		{0, 0, 0},
	} {
		l := &courses.Lesson{PassMark: tc.lesson}
		if got := courses.PassMarkFor(l, tc.course); got != tc.want {
			t.Errorf("PassMarkFor(lesson %d, course %d) = %d, want %d", tc.lesson, tc.course, got, tc.want)
		}
	}

	// 6 of 10 points is 60%.
	six := mix(only(qShort, qNumeric))
	for _, tc := range []struct {
		lessonMark, courseMark int
		wantMark               int
		passed                 bool
	}{
		{0, 60, 60, true},  // course's pass mark, score == pass mark passes
		{0, 61, 61, false}, // course's pass mark, just above the score
		{60, 90, 60, true}, // lesson's pass mark wins over a stricter course
		{61, 50, 61, false},
		{80, 50, 80, false}, // lesson's pass mark wins over a laxer course
		{59, 100, 59, true},
	} {
		l := gradeLesson()
		l.PassMark = tc.lessonMark
		res, err := courses.Grade(l, six, tc.courseMark)
		if err != nil {
			t.Fatal(err)
		}
		if res.Score != 60 || res.PassMark != tc.wantMark || res.Passed != tc.passed {
			t.Errorf("lesson %d course %d: score %v, pass mark %d, passed %v; want 60, %d, %v",
				tc.lessonMark, tc.courseMark, res.Score, res.PassMark, res.Passed, tc.wantMark, tc.passed)
		}
	}
}

func TestGradeRejectsForeignAnswers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		answers map[int64]courses.Answer
		want    error
	}{
		{"question of another quiz", map[int64]courses.Answer{999: {Bool: boolPtr(true)}}, courses.ErrForeignQuestion},
		{"question of another quiz among right answers", func() map[int64]courses.Answer {
			a := rightAnswers()
			a[16] = courses.Answer{Text: "x"}
			return a
		}(), courses.ErrForeignQuestion},
		{"empty answer to another quiz's question", map[int64]courses.Answer{0: {}}, courses.ErrForeignQuestion},
		{"choice of another question", map[int64]courses.Answer{qSingle: {Choices: picks(121)}}, courses.ErrForeignChoice},
		{"right choice plus one of another question", mix(map[int64]courses.Answer{qMultiple: {Choices: picks(121, 122, 111)}}), courses.ErrForeignChoice},
		{"unknown choice", map[int64]courses.Answer{qMultiple: {Choices: picks(121, 9999)}}, courses.ErrForeignChoice},
		{"choice on a true/false question", map[int64]courses.Answer{qTrue: {Bool: boolPtr(false), Choices: picks(111)}}, courses.ErrForeignChoice},
		{"choice on a short answer question", map[int64]courses.Answer{qShort: {Text: "Saemaul Undong", Choices: picks(0)}}, courses.ErrForeignChoice},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := gradeLesson()
			res, err := courses.Grade(l, tc.answers, 60)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			other := courses.ErrForeignChoice
			if tc.want == courses.ErrForeignChoice {
				other = courses.ErrForeignQuestion
			}
			if errors.Is(err, other) {
				t.Errorf("err %v also matches %v", err, other)
			}
			if !reflect.DeepEqual(res, courses.Result{}) {
				t.Errorf("a rejected attempt still has a result: %+v", res)
			}
			if !reflect.DeepEqual(l, gradeLesson()) {
				t.Errorf("Grade changed the lesson")
			}
		})
	}
}

func TestGradeEmptyQuizNeverPasses(t *testing.T) {
	t.Parallel()
	for _, l := range []*courses.Lesson{
		{ID: 1, Kind: courses.KindQuiz},
		{ID: 2, Kind: courses.KindQuiz, Questions: []courses.Question{}},
		{ID: 3, Kind: courses.KindQuiz, PassMark: 1},
		// Questions worth nothing are no better than none.
		{ID: 4, Kind: courses.KindQuiz, Questions: []courses.Question{{ID: 1, Kind: courses.TrueFalse, Points: 0, AnswerBool: true}}},
	} {
		for _, pm := range []int{0, 1, 60, 100} {
			var answers map[int64]courses.Answer
			if len(l.Questions) > 0 {
				answers = map[int64]courses.Answer{1: {Bool: boolPtr(true)}}
			}
			res, err := courses.Grade(l, answers, pm)
			if err != nil {
				t.Fatalf("lesson %d: %v", l.ID, err)
			}
			if res.Passed || res.Score != 0 || res.MaxPoints != 0 {
				t.Errorf("lesson %d, course pass mark %d: %+v, want score 0 and not passed", l.ID, pm, res)
			}
		}
		if _, err := courses.Grade(l, map[int64]courses.Answer{42: {}}, 60); !errors.Is(err, courses.ErrForeignQuestion) {
			t.Errorf("lesson %d: an answer to an empty quiz: %v", l.ID, err)
		}
	}
}

func TestGradeLeavesLessonAndAnswersAlone(t *testing.T) {
	t.Parallel()
	l := gradeLesson()
	answers := rightAnswers()
	if _, err := courses.Grade(l, answers, 60); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l, gradeLesson()) {
		t.Error("Grade changed the lesson")
	}
	if !reflect.DeepEqual(answers, rightAnswers()) {
		t.Error("Grade changed the answers")
	}
}

func TestNormalise(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"  Saemaul   UNDONG! ", "saemaul undong"},
		{"Saemaul Undong", "saemaul undong"},
		{"saemaul undong", "saemaul undong"},
		{"\tSaemaul\n\r Undong\u00a0", "saemaul undong"},
		{"ＳＡＥＭＡＵＬ　ＵＮＤＯＮＧ", "saemaul undong"}, // full-width letters and ideographic space
		{"Ｓａｅｍａｕｌ", "saemaul"},
		{"ﬁve", "five"}, // ligature
		{"Ⅻ", "xii"},    // Roman numeral
		{"새마을 운동", "새마을 운동"},
		{"  새마을   운동.  ", "새마을 운동"},
		{norm.NFD.String("새마을 운동"), "새마을 운동"}, // conjoining jamo compose
		{"새마을운동", "새마을운동"},
		{"Cần cù, tự lực, hợp tác.", "cần cù tự lực hợp tác"},
		{"CẦN CÙ", "cần cù"},
		{norm.NFD.String("Hợp tác"), "hợp tác"}, // decomposed diacritics compose
		{"Phong trào Làng mới", "phong trào làng mới"},
		{"Hello, World!!!", "hello world"},
		{"(Saemaul) \"Undong\"", "saemaul undong"},
		{"¿Qué? ¡Sí!", "qué sí"},
		{"«Новая деревня»", "новая деревня"},
		{"41", "41"},
		{"", ""},
		{"   ", ""},
		{"!!!", ""},
		{" . , ; ", ""},

		// Hyphens and dashes are punctuation like the others: read as a
		// space between words.
		{"new-community movement", "new community movement"},
		{"New Community Movement!!", "new community movement"},
		{"new\u2010community", "new community"},       // hyphen
		{"new\u2011community", "new community"},       // non-breaking hyphen
		{"new\u2012community", "new community"},       // figure dash
		{"new \u2013 community", "new community"},     // en dash
		{"new\u2014community\u2014", "new community"}, // em dash
		{"new\u2015community", "new community"},       // horizontal bar
		{"new\u2212community", "new community"},       // minus sign (a symbol, but a dash)
		{"new\u2e3acommunity", "new community"},       // two-em dash
		{"new\ufe58community", "new community"},       // small em dash
		{"new\uff0dcommunity", "new community"},       // full-width hyphen-minus
		{"新しい\u301c村", "新しい 村"},                       // wave dash
		{"Sae\u00admaul", "saemaul"},                  // a soft hyphen is invisible: dropped
		{"new_community/movement", "new community movement"},
		{"don't", "don t"},

		// Case folding by Unicode's rules, not only ASCII.
		{"STRASSE", "strasse"},
		{"Straße", "strasse"},
		{"ΣΟΦΊΑΣ", "σοφίασ"},
		{"σοφίας", "σοφίασ"}, // final sigma folds like sigma
		{"ǅemal", "džemal"},  // title-case digraph
		{"İstanbul", "i\u0307stanbul"},

		// Punctuation of other scripts.
		{"새마을·운동", "새마을 운동"},                             // middle dot
		{"新しい・村。", "新しい 村"},                              // katakana middle dot, ideographic full stop
		{"新村，运动", "新村 运动"},                               // full-width comma
		{"حركة، القرية الجديدة؟", "حركة القرية الجديدة"}, // Arabic comma and question mark
		{"حركـــة", "حركة"},                              // tatweel only stretches the word
		{"ग्राम विकास।", "ग्राम विकास"},                  // Devanagari danda
		{"ພັດທະນາ\u200bຊົນນະບົດ", "ພັດທະນາຊົນນະບົດ"},     // Lao with a zero-width space
		{"Новая—деревня", "новая деревня"},
		{"ሰላም።", "ሰላም"}, // Ethiopic full stop
	}
	for _, tc := range cases {
		got := courses.Normalise(tc.in)
		if got != tc.want {
			t.Errorf("Normalise(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := courses.Normalise(got); again != got {
			t.Errorf("Normalise is not idempotent on %q: %q then %q", tc.in, got, again)
		}
	}
}

// orderLesson is a quiz of n choice questions with four choices each.
func orderLesson(n int, shuffle bool) *courses.Lesson {
	l := &courses.Lesson{ID: 77, Kind: courses.KindQuiz, Shuffle: shuffle}
	for i := range n {
		id := int64(1000 + i)
		q := courses.Question{ID: id, Position: i + 1, Kind: courses.SingleChoice, Points: 1}
		for c := range 4 {
			q.Choices = append(q.Choices, courses.Choice{ID: id*10 + int64(c), QuestionID: id, Position: c + 1, Correct: c == 0})
		}
		l.Questions = append(l.Questions, q)
	}
	return l
}

// layout lists question ids, each followed by its choice ids.
func layout(qs []courses.Question) []int64 {
	var out []int64
	for _, q := range qs {
		out = append(out, q.ID)
		for _, c := range q.Choices {
			out = append(out, c.ID)
		}
	}
	return out
}

func TestOrderAsAuthored(t *testing.T) {
	t.Parallel()
	l := orderLesson(10, false)
	want := layout(l.Questions)
	for _, seed := range []uint64{0, 1, 42, courses.Seed(7, 1), math.MaxUint64} {
		got := courses.Order(l, seed)
		if !slices.Equal(layout(got), want) {
			t.Fatalf("seed %d without shuffle: %v, want %v", seed, layout(got), want)
		}
		// The result is a copy: changing it leaves the lesson alone.
		got[0], got[1] = got[1], got[0]
		if !slices.Equal(layout(l.Questions), want) {
			t.Fatalf("changing Order's result reordered the lesson")
		}
	}
	if got := courses.Order(&courses.Lesson{Shuffle: true}, 1); len(got) != 0 {
		t.Errorf("empty quiz: %v", got)
	}
}

func TestOrderShuffled(t *testing.T) {
	t.Parallel()
	l := orderLesson(10, true)
	seen := map[string]bool{}
	for seed := range uint64(50) {
		first := courses.Order(l, seed)
		second := courses.Order(l, seed)
		if !slices.Equal(layout(first), layout(second)) {
			t.Fatalf("seed %d: two orders differ:\n%v\n%v", seed, layout(first), layout(second))
		}
		checkSameQuestions(t, l, first)
		seen[fmt.Sprint(layout(first))] = true
		if !reflect.DeepEqual(l, orderLesson(10, true)) {
			t.Fatalf("seed %d: Order changed the lesson", seed)
		}
	}
	if len(seen) < 2 {
		t.Fatalf("50 seeds gave only %d order(s) of 10 questions", len(seen))
	}

	// The seed of a reload is the seed of the first load; another attempt
	// gets another order (for some attempt: a clash is possible but not
	// for all of them).
	a1 := layout(courses.Order(l, courses.Seed(5, 1)))
	if !slices.Equal(a1, layout(courses.Order(l, courses.Seed(5, 1)))) {
		t.Fatal("reload of attempt 1 changed the order")
	}
	differs := false
	for attempt := 2; attempt <= 10 && !differs; attempt++ {
		differs = !slices.Equal(a1, layout(courses.Order(l, courses.Seed(5, attempt))))
	}
	if !differs {
		t.Error("attempts 2–10 all have the order of attempt 1")
	}
}

// checkSameQuestions checks that got holds every question of l once, each
// with exactly its own choices.
func checkSameQuestions(t *testing.T, l *courses.Lesson, got []courses.Question) {
	t.Helper()
	if len(got) != len(l.Questions) {
		t.Fatalf("%d questions, want %d", len(got), len(l.Questions))
	}
	byID := map[int64]courses.Question{}
	for _, q := range l.Questions {
		byID[q.ID] = q
	}
	for _, q := range got {
		orig, ok := byID[q.ID]
		if !ok {
			t.Fatalf("question %d twice or unknown", q.ID)
		}
		delete(byID, q.ID)
		ids := func(cs []courses.Choice) []int64 {
			var out []int64
			for _, c := range cs {
				out = append(out, c.ID)
			}
			slices.Sort(out)
			return out
		}
		if !slices.Equal(ids(q.Choices), ids(orig.Choices)) {
			t.Fatalf("question %d has choices %v, want %v", q.ID, ids(q.Choices), ids(orig.Choices))
		}
		for _, c := range q.Choices {
			for _, oc := range orig.Choices {
				if oc.ID == c.ID && !reflect.DeepEqual(oc, c) {
					t.Fatalf("choice %d changed: %+v, was %+v", c.ID, c, oc)
				}
			}
		}
		q.Choices, orig.Choices = nil, nil
		if !reflect.DeepEqual(q, orig) {
			t.Fatalf("question %d changed: %+v, was %+v", q.ID, q, orig)
		}
	}
}

func TestSeed(t *testing.T) {
	t.Parallel()
	// Pinned: an attempt's question order is derived again from its seed
	// whenever the attempt is shown, so the seed of a stored attempt must
	// never change between releases.
	if s := courses.Seed(5, 1); s != 2027879709643453761 {
		t.Fatalf("Seed(5, 1) = %d, it was 2027879709643453761", s)
	}
	seen := map[uint64]string{}
	for e := int64(1); e <= 20; e++ {
		for a := 1; a <= 20; a++ {
			s := courses.Seed(e, a)
			key := fmt.Sprintf("enrolment %d attempt %d", e, a)
			if prev, dup := seen[s]; dup {
				t.Fatalf("%s and %s share seed %d", key, prev, s)
			}
			seen[s] = key
		}
	}
}

// BenchmarkGrade50 grades a 50-question quiz of mixed kinds (choice
// questions with four choices), every question answered.
func BenchmarkGrade50(b *testing.B) {
	l := &courses.Lesson{ID: 9, Kind: courses.KindQuiz, PassMark: 60}
	answers := map[int64]courses.Answer{}
	for i := range 50 {
		id := int64(500 + i)
		q := courses.Question{ID: id, Points: 1 + i%3, Kind: courses.QuestionKinds[i%len(courses.QuestionKinds)]}
		switch q.Kind {
		case courses.SingleChoice, courses.MultipleChoice:
			for c := range 4 {
				q.Choices = append(q.Choices, courses.Choice{ID: id*10 + int64(c), Correct: c == 0 || (q.Kind == courses.MultipleChoice && c == 2)})
			}
			if q.Kind == courses.SingleChoice {
				answers[id] = courses.Answer{Choices: []int64{id * 10}}
			} else {
				answers[id] = courses.Answer{Choices: []int64{id*10 + 2, id * 10}}
			}
		case courses.TrueFalse:
			q.AnswerBool = i%2 == 0
			answers[id] = courses.Answer{Bool: boolPtr(q.AnswerBool)}
		case courses.ShortAnswer:
			q.Translations = []courses.QuestionTranslation{
				{Locale: "en", Answers: "Saemaul Undong\nNew Village Movement"},
				{Locale: "ko", Answers: "새마을 운동\n새마을운동"},
			}
			answers[id] = courses.Answer{Text: " 새마을 운동! "}
		case courses.Numeric:
			q.AnswerNumber, q.Tolerance = 41, 0.5
			answers[id] = courses.Answer{Number: floatPtr(41.2)}
		}
		l.Questions = append(l.Questions, q)
	}
	if res, err := courses.Grade(l, answers, 60); err != nil || res.Score != 100 {
		b.Fatalf("set-up: %+v %v", res, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := courses.Grade(l, answers, 60); err != nil {
			b.Fatal(err)
		}
	}
}

// TestShortAnswerMatching grades one short-answer question against the
// answers a learner may type: a difference in punctuation, case, width or
// dashes never makes an answer wrong, other differences do.
func TestShortAnswerMatching(t *testing.T) {
	t.Parallel()
	l := &courses.Lesson{ID: 8, Kind: courses.KindQuiz, Questions: []courses.Question{{ID: 1, Kind: courses.ShortAnswer, Points: 1,
		Translations: []courses.QuestionTranslation{
			{QuestionID: 1, Locale: "en", Answers: "New Community Movement\nU.N.\ndont\nStraße"},
			{QuestionID: 1, Locale: "ko", Answers: "새마을 운동"},
			{QuestionID: 1, Locale: "ru", Answers: "Новая деревня"},
			{QuestionID: 1, Locale: "ar", Answers: "القرية الجديدة"},
		}}}}
	cases := []struct {
		text  string
		right bool
	}{
		{"new-community movement", true},
		{"New Community Movement!!", true},
		{"NEW\u2014COMMUNITY\u2013MOVEMENT", true},
		{"new community-movement.", true},
		{"newcommunity movement", false}, // a missing space is not punctuation
		{"new community", false},
		{"UN", true},    // "U.N." read without its points
		{"u n", true},   // or with them as spaces
		{"don't", true}, // an apostrophe inside a word
		{"do not", false},
		{"STRASSE", true},
		{"strasse", true},
		{"새마을-운동", true},
		{"새마을·운동", true},
		{"НОВАЯ ДЕРЕВНЯ", true},
		{"новая—деревня", true},
		{"القرية، الجديدة", true},
		{"القريـــة الجديدة", true},
		{"-", false},
		{"", false},
	}
	for _, tc := range cases {
		res, err := courses.Grade(l, map[int64]courses.Answer{1: {Text: tc.text}}, 60)
		if err != nil {
			t.Fatal(err)
		}
		if res.Questions[0].Correct != tc.right {
			t.Errorf("%q: correct=%v, want %v", tc.text, res.Questions[0].Correct, tc.right)
		}
	}
}
