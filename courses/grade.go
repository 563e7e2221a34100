package courses

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/baeum-lms/baeum/i18n"
)

// Answer is a learner's answer to one question. Which field counts depends
// on the question's kind.
type Answer struct {
	Choices []int64  `json:"choices,omitempty"` // single and multiple choice
	Bool    *bool    `json:"bool,omitempty"`    // true/false
	Text    string   `json:"text,omitempty"`    // short answer
	Number  *float64 `json:"number,omitempty"`  // numeric
}

// QuestionResult is the grading of one question.
type QuestionResult struct {
	QuestionID int64   `json:"question_id"`
	Correct    bool    `json:"correct"`
	Points     float64 `json:"points"`
	MaxPoints  float64 `json:"max_points"`
}

// Result is a graded attempt.
type Result struct {
	Score     float64          `json:"score"` // percent, 0–100
	Points    float64          `json:"points"`
	MaxPoints float64          `json:"max_points"`
	Passed    bool             `json:"passed"`
	PassMark  int              `json:"pass_mark"`
	Questions []QuestionResult `json:"questions"`
}

// Grading errors: answers that do not fit the quiz change nothing.
var (
	ErrForeignQuestion = i18n.NewError(i18n.KindInvalid, "error.quiz.foreign_question")
	ErrForeignChoice   = i18n.NewError(i18n.KindInvalid, "error.quiz.foreign_choice")
)

// PassMarkFor is the pass mark of a quiz lesson: its own, or the course's.
func PassMarkFor(l *Lesson, coursePassMark int) int {
	if l.PassMark > 0 {
		return l.PassMark
	}
	return coursePassMark
}

// Grade scores answers (by question id) against a quiz lesson loaded with
// its questions, choices and translations. Every answer must be for a
// question of this quiz and name only that question's choices; unanswered
// questions score nothing. Short answers are matched, after normalising,
// against the accepted answers of every language of the question. Multiple
// choice earns its points only when exactly the right choices are picked.
func Grade(l *Lesson, answers map[int64]Answer, coursePassMark int) (Result, error) {
	byID := make(map[int64]*Question, len(l.Questions))
	for i := range l.Questions {
		byID[l.Questions[i].ID] = &l.Questions[i]
	}
	for qid, a := range answers {
		q, ok := byID[qid]
		if !ok {
			return Result{}, ErrForeignQuestion
		}
		for _, cid := range a.Choices {
			if !hasChoice(q, cid) {
				return Result{}, ErrForeignChoice
			}
		}
	}
	res := Result{PassMark: PassMarkFor(l, coursePassMark), Questions: make([]QuestionResult, 0, len(l.Questions))}
	for i := range l.Questions {
		q := &l.Questions[i]
		a, answered := answers[q.ID]
		correct := answered && isCorrect(q, a)
		qr := QuestionResult{QuestionID: q.ID, Correct: correct, MaxPoints: float64(q.Points)}
		if correct {
			qr.Points = float64(q.Points)
		}
		res.Points += qr.Points
		res.MaxPoints += qr.MaxPoints
		res.Questions = append(res.Questions, qr)
	}
	if res.MaxPoints > 0 {
		res.Score = math.Floor(1000*res.Points/res.MaxPoints) / 10
	}
	res.Passed = res.MaxPoints > 0 && res.Score >= float64(res.PassMark)
	return res, nil
}

func hasChoice(q *Question, id int64) bool {
	for _, c := range q.Choices {
		if c.ID == id {
			return true
		}
	}
	return false
}

func isCorrect(q *Question, a Answer) bool {
	switch q.Kind {
	case SingleChoice, MultipleChoice:
		picked := map[int64]bool{}
		for _, id := range a.Choices {
			picked[id] = true
		}
		if q.Kind == SingleChoice && len(picked) != 1 {
			return false
		}
		for _, c := range q.Choices {
			if c.Correct != picked[c.ID] {
				return false
			}
		}
		return len(picked) > 0
	case TrueFalse:
		return a.Bool != nil && *a.Bool == q.AnswerBool
	case ShortAnswer:
		return shortAnswerMatches(q, a.Text)
	case Numeric:
		return a.Number != nil && !math.IsNaN(*a.Number) && math.Abs(*a.Number-q.AnswerNumber) <= q.Tolerance+1e-9
	}
	return false
}

// shortAnswerMatches compares a short answer with the accepted answers of
// every language of the question. A difference in punctuation never makes
// an answer wrong: a mark may stand between words ("new-community", read
// as a space) or inside one ("don't", "U.N.", read as nothing), so the two
// readings are compared with the same readings of each accepted answer.
func shortAnswerMatches(q *Question, text string) bool {
	spaced, joined := normalise(text, true), normalise(text, false)
	if spaced == "" {
		return false
	}
	for _, t := range q.Translations {
		for _, accepted := range strings.Split(t.Answers, "\n") {
			if normalise(accepted, true) == spaced || normalise(accepted, false) == joined {
				return true
			}
		}
	}
	return false
}

// Normalise prepares a short answer for comparison: Unicode NFKC, full
// case folding by Unicode's rules ("Straße" and "STRASSE", "ΣΟΦΊΑΣ" and
// "σοφίας" match), every punctuation mark and dash read as a space —
// ASCII or not: hyphens, en and em dashes, the minus sign, 、 。 · ، ؟ ।
// «» — runs of spaces folded, ends trimmed, and invisible marks that only
// affect layout (soft hyphen, zero-width space, word joiner, Arabic
// tatweel) dropped. "Saemaul-Undong!" and "  saemaul   undong" match;
// 새마을 운동 matches itself in either normal form.
func Normalise(s string) string { return normalise(s, true) }

// normalise is Normalise, with punctuation read as a space (spaced) or as
// nothing.
func normalise(s string, spaced bool) string {
	s = norm.NFKC.String(cases.Fold().String(norm.NFKC.String(s)))
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case ignorable(r):
		case unicode.IsSpace(r), spaced && isPunct(r):
			space = true
		case isPunct(r):
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPunct reports punctuation (every Unicode P category: connectors,
// dashes, brackets, quotes, other) and the dashes Unicode files as symbols
// or letters (the minus sign, superscript and subscript minus).
func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.Is(unicode.Dash, r) }

// ignorable reports the marks that change how text is laid out but not
// what it says.
func ignorable(r rune) bool {
	switch r {
	case '\u00ad', // soft hyphen
		'\u0640', // Arabic tatweel (kashida)
		'\u200b', // zero-width space (between words of Khmer, Lao, Thai)
		'\u2060', // word joiner
		'\ufeff': // zero-width no-break space, byte order mark
		return true
	}
	return false
}

// Order returns the questions of a quiz, and each question's choices, in
// the order a learner sees them: as authored, or — when the quiz shuffles —
// in an order fixed by seed (the enrolment and attempt number), so a reload
// shows the same order and the next attempt another.
func Order(l *Lesson, seed uint64) []Question {
	qs := make([]Question, len(l.Questions))
	copy(qs, l.Questions)
	if !l.Shuffle {
		return qs
	}
	r := rand.New(rand.NewPCG(seed, uint64(l.ID)))
	r.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	for i := range qs {
		cs := make([]Choice, len(qs[i].Choices))
		copy(cs, qs[i].Choices)
		r.Shuffle(len(cs), func(a, b int) { cs[a], cs[b] = cs[b], cs[a] })
		qs[i].Choices = cs
	}
	return qs
}

// Seed derives a shuffle seed from an enrolment and an attempt number.
func Seed(enrolmentID int64, attempt int) uint64 {
	h := fnv.New64a()
	var b [16]byte
	for i := 0; i < 8; i++ {
		b[i] = byte(enrolmentID >> (8 * i))
		b[8+i] = byte(uint64(attempt) >> (8 * i))
	}
	_, _ = h.Write(b[:])
	return h.Sum64()
}
