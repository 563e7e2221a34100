package enrollment_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

const goodCSV = "email,name,native_name,position,organisation,country,gender,language\n" +
	"souk@example.la,Souksavanh Phommachanh,ສຸກສະຫວັນ,Deputy director,Ministry of Home Affairs,LA,male,en\n" +
	"ama@example.gh,Ama Owusu,,Planning officer,Local Government Service,GH,female,\n" +
	"huong@example.vn,Nguyen Thi Huong,Nguyễn Thị Hương,Officer,Ministry of Home Affairs,VN,female,vi\n"

func problems(t *testing.T, err error) []enrollment.RowError {
	t.Helper()
	var ie *enrollment.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an ImportError", err)
	}
	return ie.Problems
}

func hasProblem(ps []enrollment.RowError, line int, col, id string) bool {
	for _, p := range ps {
		if p.Line == line && p.Column == col && p.Msg.ID == id {
			return true
		}
	}
	return false
}

func TestParseTraineesAcceptsEncodingsAndSeparators(t *testing.T) {
	t.Parallel()
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(strings.ReplaceAll(goodCSV, ",", "\t")))
	cases := map[string][]byte{
		"utf8":          []byte(goodCSV),
		"utf8 with BOM": append([]byte{0xEF, 0xBB, 0xBF}, goodCSV...),
		"semicolons":    []byte(strings.ReplaceAll(goodCSV, ",", ";")),
		"utf16 tabs":    utf16,
		"CRLF":          []byte(strings.ReplaceAll(goodCSV, "\n", "\r\n")),
	}
	for name, data := range cases {
		rows, err := enrollment.ParseTrainees(context.Background(), "list.csv", data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(rows) != 3 || rows[2].NativeName != "Nguyễn Thị Hương" || rows[0].Country != "LA" {
			t.Errorf("%s: %+v", name, rows)
		}
	}
}

func TestParseTraineesListsEveryProblem(t *testing.T) {
	t.Parallel()
	bad := "email,name,country,gender\n" +
		"ok@example.org,Okay,LA,\n" +
		"not-an-email,Someone,LA,\n" +
		"ok@example.org,Twice,GH,\n" +
		"x@example.org,,XX,robot\n" +
		"y@example.org,=HYPERLINK(\"http://evil\"),LA,\n"
	ps := problems(t, func() error {
		_, err := enrollment.ParseTrainees(context.Background(), "l.csv", []byte(bad))
		return err
	}())
	for _, want := range []struct {
		line    int
		col, id string
	}{
		{3, "email", "error.field.email"},
		{4, "email", "error.import.duplicate_email"},
		{5, "name", "error.field.required"},
		{5, "country", "error.field.country"},
		{5, "gender", "error.import.gender"},
		{6, "name", "error.import.formula"},
	} {
		if !hasProblem(ps, want.line, want.col, want.id) {
			t.Errorf("no %s at line %d, column %s (got %+v)", want.id, want.line, want.col, ps)
		}
	}
	// Wrong headers.
	ps = problems(t, func() error {
		_, err := enrollment.ParseTrainees(context.Background(), "l.csv", []byte("mail,full name,country\na@b.org,A,LA\n"))
		return err
	}())
	if !hasProblem(ps, 1, "mail", "error.import.unknown_column") || !hasProblem(ps, 1, "email", "error.import.missing_column") {
		t.Errorf("header problems: %+v", ps)
	}
	// Encodings other than UTF-8/UTF-16 are refused.
	latin1 := []byte("email,name,country\nj@example.org,Jos\xe9,ES\n")
	ps = problems(t, func() error { _, err := enrollment.ParseTrainees(context.Background(), "l.csv", latin1); return err }())
	if !hasProblem(ps, 0, "", "error.import.encoding") {
		t.Errorf("latin-1: %+v", ps)
	}
	if _, err := enrollment.ParseTrainees(context.Background(), "list.pdf", []byte(goodCSV)); err == nil {
		t.Error("a .pdf list was accepted")
	}
}

func TestParseTraineesXLSX(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	rows := [][]any{{"Email", "Name", "Country", "Native_Name"}, {"bat@example.mn", "Bat-Erdene Ganbold", "MN", "Бат-Эрдэнэ"}, {"o@example.mn", "Oyun", "MN", ""}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := enrollment.ParseTrainees(context.Background(), "list.xlsx", buf.Bytes())
	if err != nil || len(got) != 2 || got[0].NativeName != "Бат-Эрдэнэ" {
		t.Fatalf("xlsx: %+v %v", got, err)
	}
	if err := f.SetCellFormula("Sheet1", "B3", `CONCATENATE("O","yun")`); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	_ = f.Write(&buf)
	ps := problems(t, func() error {
		_, err := enrollment.ParseTrainees(context.Background(), "list.xlsx", buf.Bytes())
		return err
	}())
	if !hasProblem(ps, 3, "name", "error.import.formula") {
		t.Fatalf("formula cell: %+v", ps)
	}
}

func bigCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("email,name,country,position,organisation\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "official%05d@example.org,Official %d,%s,Officer,Ministry of Home Affairs\n", i, i, []string{"LA", "GH", "MN", "VN", "ET"}[i%5])
	}
	return []byte(b.String())
}

func TestImportIsAllOrNothingAndIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCohortEnv(t, db)
		c := e.cohort(t, "VN-2026-01", 3)
		actor := accounts.Actor{UserID: e.coord.ID}
		rows, err := enrollment.ParseTrainees(context.Background(), "l.csv", []byte(goodCSV))
		if err != nil {
			t.Fatal(err)
		}
		// One trainee already has an account; it is reused, not duplicated.
		if _, err := e.acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: "ama@example.gh", Name: "Ama", Password: "long-enough-pw", Role: accounts.RoleLearner}); err != nil {
			t.Fatal(err)
		}
		users := storetest.Count(t, db, "users")
		sum, err := e.svc.ImportTrainees(ctx, actor, c.ID, rows)
		if err != nil || sum.ToSeat != 3 || sum.NewAccounts != 2 {
			t.Fatalf("import: %+v %v", sum, err)
		}
		if n := storetest.Count(t, db, "users"); n != users+2 {
			t.Fatalf("users %d → %d, want +2", users, n)
		}
		again, err := e.svc.ImportTrainees(ctx, actor, c.ID, rows)
		if err != nil || again.ToSeat != 0 || again.Already != 3 {
			t.Fatalf("second import: %+v %v", again, err)
		}
		if n := storetest.Count(t, db, "enrolments", "cohort_id = ?", c.ID); n != 3 {
			t.Fatalf("%d enrolments after importing twice", n)
		}
		// A fourth trainee does not fit: nothing of the list is written.
		more, _ := enrollment.ParseTrainees(context.Background(), "l.csv", []byte(goodCSV+"new@example.et,Abebe Kebede,ET,,,,,\n"))
		more = append(more, enrollment.TraineeRow{Line: 9, Email: "other@example.et", Name: "Other", Country: "ET"})
		before := storetest.Count(t, db, "users")
		if _, err := e.svc.ImportTrainees(ctx, actor, c.ID, more); !hasProblem(problems(t, err), 0, "", "error.import.seats") {
			t.Fatalf("over capacity: %v", err)
		}
		if n := storetest.Count(t, db, "users"); n != before {
			t.Fatal("a refused import created accounts")
		}
		// Imported people cannot sign in with any password until they set one.
		if _, err := e.acc.Authenticate(ctx, "souk@example.la", "", ""); !errors.Is(err, accounts.ErrBadCredentials) {
			t.Fatalf("imported account signs in: %v", err)
		}
	})
}

func TestImportTenThousandRows(t *testing.T) {
	if testing.Short() {
		t.Skip("large import")
	}
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newCohortEnv(t, db)
		c := e.cohort(t, "BIG-2026", 10000)
		rows, err := enrollment.ParseTrainees(context.Background(), "big.csv", bigCSV(10000))
		if err != nil {
			t.Fatal(err)
		}
		sum, err := e.svc.ImportTrainees(context.Background(), accounts.Actor{UserID: e.coord.ID}, c.ID, rows)
		if err != nil || sum.ToSeat != 10000 {
			t.Fatalf("import: %+v %v", sum, err)
		}
		if n := storetest.Count(t, db, "enrolments", "cohort_id = ?", c.ID); n != 10000 {
			t.Fatalf("%d enrolments", n)
		}
		if n := storetest.Count(t, db, "mail_outbox"); n < 10000 {
			t.Fatalf("%d mails queued", n)
		}
		if _, err := enrollment.ParseTrainees(context.Background(), "huge.csv", bigCSV(enrollment.MaxImportRows+1)); err == nil {
			t.Fatal("a list over the row limit was accepted")
		}
	})
}

func FuzzParseTraineesCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("email,name,country\n\"unterminated,x,LA\n"))
	f.Add([]byte{0xFF, 0xFE, 0x41, 0x00})
	f.Add([]byte("email;name;country\r\na@b.org;=1+1;LA\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := enrollment.ParseTrainees(context.Background(), "f.csv", data)
		if err != nil {
			var ie *enrollment.ImportError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if r.Email == "" || r.Name == "" || seen[r.Email] {
				t.Fatalf("invalid row accepted: %+v", r)
			}
			seen[r.Email] = true
		}
	})
}

func BenchmarkImport10k(b *testing.B) {
	data := bigCSV(10000)
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := storetest.New(b, d)
				e := newCohortEnvTB(b, db)
				c := e.cohortTB(b, "BENCH", 10000)
				b.StartTimer()
				rows, err := enrollment.ParseTrainees(context.Background(), "big.csv", data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.svc.ImportTrainees(context.Background(), accounts.Actor{UserID: e.coord.ID}, c.ID, rows); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestParseTraineesRefusesFormulas: every cell a spreadsheet would run is
// refused where it stands (OWASP CSV injection, "-" and a digit included);
// a plain number such as -12.5 is an ordinary value.
func TestParseTraineesRefusesFormulas(t *testing.T) {
	t.Parallel()
	list := "email,name,position,country\n" +
		"a@example.la,\"-1+1+cmd|' /C calc'!A0\",,LA\n" +
		"b@example.la,＝1+1,,LA\n" +
		"c@example.la,Ama,@SUM(A1),LA\n" +
		"d@example.la,\"+1-2\",,LA\n"
	ps := problems(t, func() error { _, err := enrollment.ParseTrainees(t.Context(), "l.csv", []byte(list)); return err }())
	for _, want := range []struct {
		line int
		col  string
	}{{2, "name"}, {3, "name"}, {4, "position"}, {5, "name"}} {
		if !hasProblem(ps, want.line, want.col, "error.import.formula") {
			t.Errorf("line %d %s: no formula problem in %+v", want.line, want.col, ps)
		}
	}
	rows, err := enrollment.ParseTrainees(t.Context(), "l.csv", []byte("email,name,position,country\ne@example.la,Ama,-12.5,LA\n"))
	if err != nil || len(rows) != 1 || rows[0].Position != "-12.5" {
		t.Fatalf("a plain negative number: %+v %v", rows, err)
	}
}
