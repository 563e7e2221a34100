package projects_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/projects/projecttest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// The test's own reading of an IATI file, written from the standard, not
// from the exporter's types.
type (
	iatiDoc struct {
		XMLName    xml.Name       `xml:"iati-activities"`
		Version    string         `xml:"version,attr"`
		Generated  string         `xml:"generated-datetime,attr"`
		Lang       string         `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Activities []iatiActivity `xml:"iati-activity"`
	}
	iatiNarr struct {
		Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Text string `xml:",chardata"`
	}
	iatiOrg struct {
		Ref   string     `xml:"ref,attr"`
		Type  string     `xml:"type,attr"`
		Role  string     `xml:"role,attr"`
		Names []iatiNarr `xml:"narrative"`
	}
	iatiISO struct {
		Date string `xml:"iso-date,attr"`
	}
	iatiMoney struct {
		Currency string `xml:"currency,attr"`
		Date     string `xml:"value-date,attr"`
		Amount   string `xml:",chardata"`
	}
	iatiActivity struct {
		Lang        string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Currency    string     `xml:"default-currency,attr"`
		Updated     string     `xml:"last-updated-datetime,attr"`
		ID          string     `xml:"iati-identifier"`
		Reporting   iatiOrg    `xml:"reporting-org"`
		Title       []iatiNarr `xml:"title>narrative"`
		Description []iatiNarr `xml:"description>narrative"`
		Orgs        []iatiOrg  `xml:"participating-org"`
		Status      struct {
			Code string `xml:"code,attr"`
		} `xml:"activity-status"`
		Dates []struct {
			Type string `xml:"type,attr"`
			Date string `xml:"iso-date,attr"`
		} `xml:"activity-date"`
		Country struct {
			Code string `xml:"code,attr"`
		} `xml:"recipient-country"`
		Sector struct {
			Vocabulary string `xml:"vocabulary,attr"`
			Code       string `xml:"code,attr"`
		} `xml:"sector"`
		Budgets []struct {
			Type   string    `xml:"type,attr"`
			Status string    `xml:"status,attr"`
			Start  iatiISO   `xml:"period-start"`
			End    iatiISO   `xml:"period-end"`
			Value  iatiMoney `xml:"value"`
		} `xml:"budget"`
		Transactions []struct {
			Type struct {
				Code string `xml:"code,attr"`
			} `xml:"transaction-type"`
			Date     iatiISO    `xml:"transaction-date"`
			Value    iatiMoney  `xml:"value"`
			Note     []iatiNarr `xml:"description>narrative"`
			Provider iatiOrg    `xml:"provider-org"`
		} `xml:"transaction"`
		Results []struct {
			Type       string     `xml:"type,attr"`
			Title      []iatiNarr `xml:"title>narrative"`
			Indicators []struct {
				Measure   string     `xml:"measure,attr"`
				Ascending string     `xml:"ascending,attr"`
				Title     []iatiNarr `xml:"title>narrative"`
				Unit      []iatiNarr `xml:"description>narrative"`
				Baseline  struct {
					Year  string `xml:"year,attr"`
					Date  string `xml:"iso-date,attr"`
					Value string `xml:"value,attr"`
				} `xml:"baseline"`
				Periods []iatiPeriod `xml:"period"`
			} `xml:"indicator"`
		} `xml:"result"`
	}
)

func texts(ns []iatiNarr) map[string]string {
	m := map[string]string{}
	for _, n := range ns {
		m[n.Lang] = n.Text
	}
	return m
}

type iatiPeriod = struct {
	Start  iatiISO `xml:"period-start"`
	End    iatiISO `xml:"period-end"`
	Target *struct {
		Value string `xml:"value,attr"`
	} `xml:"target"`
	Actual *struct {
		Value   string     `xml:"value,attr"`
		Comment []iatiNarr `xml:"comment>narrative"`
	} `xml:"actual"`
}

// periodsOf writes indicator periods as "start..end actual a (comment) target t".
func periodsOf(ps []iatiPeriod) []string {
	var out []string
	for _, per := range ps {
		s := per.Start.Date + ".." + per.End.Date
		if per.Actual != nil {
			s += " actual " + per.Actual.Value
			if len(per.Actual.Comment) > 0 {
				s += " (" + per.Actual.Comment[0].Text + ")"
			}
		}
		if per.Target != nil {
			s += " target " + per.Target.Value
		}
		out = append(out, s)
	}
	return out
}

func parseIATI(t testing.TB, data []byte) iatiDoc {
	t.Helper()
	var d iatiDoc
	if err := xml.Unmarshal(data, &d); err != nil {
		t.Fatalf("parse IATI: %v\n%.500s", err, data)
	}
	return d
}

func (d iatiDoc) activity(t testing.TB, code string) iatiActivity {
	t.Helper()
	for _, a := range d.Activities {
		if a.ID == projects.ReportingOrgRef+"-"+code {
			return a
		}
	}
	t.Fatalf("no activity %s", code)
	return iatiActivity{}
}

// validateIATI checks a document against the IATI 2.03 schema with
// xmllint, or skips the test where xmllint is absent.
func validateIATI(t testing.TB, data []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not found: install Debian's libxml2-utils to check the export against the IATI 2.03 schema")
	}
	file := filepath.Join(t.TempDir(), "iati.xml")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", filepath.Join("testdata", "iati", "iati-activities-schema.xsd"), file).CombinedOutput()
	if err != nil {
		t.Fatalf("the export does not validate against the IATI 2.03 schema: %v\n%.3000s", err, out)
	}
}

type demoEnv struct {
	acc   *accounts.Service
	svc   *projects.Service
	staff *accounts.User
}

// newDemo seeds the demo people and projects: eight completed consulting
// projects and four pilot villages (one on hold) in English and Korean,
// with budget lines, disbursements and indicators with yearly values.
func newDemo(t *testing.T, db *store.DB) demoEnv {
	t.Helper()
	ctx := context.Background()
	fs, err := files.OpenDir(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	acc := accounts.NewService(db)
	if _, err := demo.Seed(ctx, acc); err != nil {
		t.Fatal(err)
	}
	enr := enrollment.NewService(db, courses.NewService(db, acc, fs), acc)
	svc := projects.NewService(db, acc, enr, fs)
	if _, err := demo.SeedProjects(ctx, acc, enr, svc); err != nil {
		t.Fatal(err)
	}
	staff, err := acc.UserByEmail(ctx, "staff@example.org")
	if err != nil {
		t.Fatal(err)
	}
	return demoEnv{acc: acc, svc: svc, staff: staff}
}

// TestIATIExportValidates exports the demo projects and a planned Korean
// project with markup in its title, checks what the file says, and
// validates it against the IATI schema.
func TestIATIExportValidates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newDemo(t, db)
		ctx := context.Background()
		actor := accounts.Actor{UserID: e.staff.ID}
		p, err := e.svc.Create(ctx, actor, projects.Input{Code: "PAC-2030-LA", Kind: projects.Consulting, DefaultLocale: "ko",
			Title: "지방행정 <역량> & \"강화\"", Country: "LA", PartnerOrg: "Ministry of Home Affairs", StartsOn: "2030-03-01",
			EndsOn: "2031-06-30", Status: projects.Planned, BudgetText: "1500000", Currency: "KRW"})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Translate(ctx, actor, p.ID, "en", "Local administration <capacity> & \"building\"", "Training & advice"); err != nil {
			t.Fatal(err)
		}
		for _, y := range []int{2030, 2031} {
			if _, err := e.svc.AddBudgetLine(ctx, actor, p.ID, projects.BudgetLineInput{Year: y, Category: "Seminar", PlannedText: "500000"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.AddIndicator(ctx, actor, p.ID, projects.IndicatorInput{Title: "민원 처리 일수", Unit: "days", Baseline: "30",
			BaselineOn: "2030-03-01", Target: "12.5", TargetOn: "2031-06-30"}); err != nil {
			t.Fatal(err)
		}
		laProject, err := e.svc.ByCode(ctx, "SMU-LA-2019")
		if err != nil {
			t.Fatal(err)
		}
		laInds, err := e.svc.Indicators(ctx, laProject.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.RecordValue(ctx, actor, laProject.ID, laInds[0].ID, projects.ValueInput{On: "2024-12-31", Value: "1500.5", Note: "Household survey <2024>"}); err != nil {
			t.Fatal(err)
		}
		// A consulting indicator whose target falls between two measurements,
		// one of them before the baseline date.
		do, err := e.svc.ByCode(ctx, "PAC-2013-DO")
		if err != nil {
			t.Fatal(err)
		}
		doInd, err := e.svc.AddIndicator(ctx, actor, do.ID, projects.IndicatorInput{Title: "Ministries reorganised", Baseline: "0",
			BaselineOn: "2013-02-01", Target: "3", TargetOn: "2013-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		for on, v := range map[string]string{"2013-01-31": "0", "2013-03-31": "1", "2013-09-30": "4"} {
			if _, err := e.svc.RecordValue(ctx, actor, do.ID, doInd.ID, projects.ValueInput{On: on, Value: v}); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := e.svc.WriteIATI(ctx, &buf, e.staff, projects.Filter{}); err != nil {
			t.Fatal(err)
		}
		doc := parseIATI(t, buf.Bytes())
		if doc.Version != "2.03" || doc.Lang != "en" || doc.Generated == "" || len(doc.Activities) != 13 {
			t.Fatalf("document: version %q lang %q generated %q, %d activities", doc.Version, doc.Lang, doc.Generated, len(doc.Activities))
		}

		la := doc.activity(t, "SMU-LA-2019")
		if la.Lang != "en" || la.Currency != "USD" || la.Reporting.Ref != projects.ReportingOrgRef || la.Reporting.Type != "10" ||
			la.Status.Code != "2" || la.Country.Code != "LA" || la.Sector.Code != "43040" || la.Updated == "" {
			t.Errorf("Laos village: %+v", la)
		}
		if tt := texts(la.Title); len(la.Title) != 2 || la.Title[0].Lang != "en" || tt["en"] != "Saemaul pilot village, Vientiane Province" ||
			tt["ko"] != "라오스 비엔티안주 새마을 시범마을" {
			t.Errorf("Laos titles %+v", la.Title)
		}
		if d := texts(la.Description); !strings.HasPrefix(d["en"], "Better living conditions") {
			t.Errorf("Laos description %+v", la.Description)
		}
		var roles []string
		for _, o := range la.Orgs {
			roles = append(roles, o.Role+":"+o.Ref+":"+texts(o.Names)[""]+texts(o.Names)["en"])
		}
		if want := []string{"1:KR-GOV-LOGODI:Local Government Officials Development Institute",
			"4:KR-GOV-LOGODI:Local Government Officials Development Institute", "4::Ministry of Home Affairs"}; !slices.Equal(roles, want) {
			t.Errorf("Laos organisations %q, want %q", roles, want)
		}
		var dates []string
		for _, d := range la.Dates {
			dates = append(dates, d.Type+"="+d.Date)
		}
		if want := []string{"1=2019-03-01", "2=2019-03-01", "3=2027-12-31"}; !slices.Equal(dates, want) {
			t.Errorf("Laos dates %v, want %v", dates, want)
		}
		var budgets []string
		for _, b := range la.Budgets {
			budgets = append(budgets, fmt.Sprintf("%s/%s %s..%s %s %s@%s", b.Type, b.Status, b.Start.Date, b.End.Date, b.Value.Amount, b.Value.Currency, b.Value.Date))
		}
		if want := []string{"1/2 2020-01-01..2020-12-31 120000.00 USD@2020-01-01", "1/2 2021-01-01..2021-12-31 80000.00 USD@2021-01-01",
			"1/2 2022-01-01..2022-12-31 40000.00 USD@2022-01-01"}; !slices.Equal(budgets, want) {
			t.Errorf("Laos budgets %q, want %q", budgets, want)
		}
		var txs []string
		for _, tx := range la.Transactions {
			txs = append(txs, fmt.Sprintf("%s %s %s %s %s", tx.Type.Code, tx.Date.Date, tx.Value.Amount, tx.Value.Date, tx.Provider.Ref))
		}
		if want := []string{"3 2020-03-15 70000.00 2020-03-15 KR-GOV-LOGODI", "3 2020-08-15 45000.00 2020-08-15 KR-GOV-LOGODI",
			"3 2021-03-15 60000.00 2021-03-15 KR-GOV-LOGODI", "3 2022-03-15 25000.00 2022-03-15 KR-GOV-LOGODI"}; !slices.Equal(txs, want) {
			t.Errorf("Laos transactions %q, want %q", txs, want)
		}
		if len(la.Transactions) > 0 && texts(la.Transactions[0].Note)[""] != "2020 · Infrastructure" {
			t.Errorf("transaction description %+v", la.Transactions[0].Note)
		}
		if len(la.Results) != 3 {
			t.Fatalf("Laos results: %d", len(la.Results))
		}
		r := la.Results[0]
		ind := r.Indicators[0]
		if r.Type != "2" || texts(r.Title)["ko"] != "가구당 평균 소득" || len(ind.Title) != 2 || texts(ind.Title)["en"] != "Average household income" ||
			ind.Measure != "1" || ind.Ascending != "true" || texts(ind.Unit)[""] != "USD a year" ||
			ind.Baseline.Year != "2019" || ind.Baseline.Date != "2019-03-01" || ind.Baseline.Value != "850" {
			t.Errorf("income indicator %+v", ind)
		}
		if want := []string{"2019-03-01..2019-12-31 actual 930", "2020-01-01..2020-12-31 actual 1080", "2021-01-01..2021-12-31 actual 1210",
			"2022-01-01..2022-12-31 actual 1330", "2023-01-01..2023-12-31 actual 1420", "2024-01-01..2024-12-31 actual 1500.5 (Household survey <2024>)",
			"2025-01-01..2027-12-31 target 1700"}; !slices.Equal(periodsOf(ind.Periods), want) {
			t.Errorf("income periods %q, want %q", periodsOf(ind.Periods), want)
		}
		dr := doc.activity(t, "PAC-2013-DO").Results
		if len(dr) != 1 || dr[0].Type != "1" || !slices.Equal(periodsOf(dr[0].Indicators[0].Periods),
			[]string{"2013-01-31..2013-01-31 actual 0", "2013-02-01..2013-03-31 actual 1", "2013-04-01..2013-09-30 actual 4 target 3"}) {
			t.Errorf("consulting result %+v", dr)
		}

		if mm := doc.activity(t, "SMU-MM-2017"); mm.Status.Code != "6" {
			t.Errorf("Myanmar on hold: status %s", mm.Status.Code)
		}
		mn := doc.activity(t, "PAC-2012-MN")
		var mnDates []string
		for _, d := range mn.Dates {
			mnDates = append(mnDates, d.Type+"="+d.Date)
		}
		if mn.Status.Code != "4" || mn.Sector.Code != "15110" || !slices.Equal(mnDates, []string{"1=2012-01-15", "2=2012-01-15", "3=2012-12-31", "4=2012-12-31"}) ||
			len(mn.Budgets) != 1 || mn.Budgets[0].Value.Amount != "200000.00" || mn.Budgets[0].Start.Date != "2012-01-15" || len(mn.Transactions) != 3 {
			t.Errorf("Mongolia 2012 (completed, two lines in one year): %+v", mn)
		}
		if o := mn.Orgs[len(mn.Orgs)-1]; o.Role != "4" || texts(o.Names)[""] != "National Information Society Agency" {
			t.Errorf("Mongolia implementer %+v", o)
		}

		ko := doc.activity(t, "PAC-2030-LA")
		if ko.Lang != "ko" || ko.Currency != "KRW" || ko.Status.Code != "1" || len(ko.Dates) != 2 || len(ko.Title) != 2 ||
			ko.Title[0].Lang != "ko" || ko.Title[0].Text != "지방행정 <역량> & \"강화\"" || texts(ko.Title)["en"] != "Local administration <capacity> & \"building\"" {
			t.Errorf("planned Korean project: %+v", ko)
		}
		// No Korean summary: only the English one is described.
		if len(ko.Description) != 1 || ko.Description[0].Lang != "en" || ko.Description[0].Text != "Training & advice" {
			t.Errorf("planned Korean project description %+v", ko.Description)
		}
		if len(ko.Budgets) != 2 || ko.Budgets[0].Status != "1" || ko.Budgets[0].Start.Date != "2030-03-01" || ko.Budgets[1].End.Date != "2031-06-30" ||
			ko.Budgets[0].Value.Amount != "500000" || len(ko.Transactions) != 0 {
			t.Errorf("planned Korean project budget %+v", ko.Budgets)
		}
		if ind := ko.Results[0].Indicators[0]; ko.Results[0].Type != "1" || ind.Ascending != "false" || len(ind.Periods) != 1 ||
			ind.Periods[0].Start.Date != "2030-03-01" || ind.Periods[0].End.Date != "2031-06-30" || ind.Periods[0].Target.Value != "12.5" || ind.Periods[0].Actual != nil {
			t.Errorf("unmeasured falling indicator %+v", ind)
		}

		one := &bytes.Buffer{}
		if err := e.svc.WriteIATIActivity(ctx, one, p); err != nil {
			t.Fatal(err)
		}
		if d := parseIATI(t, one.Bytes()); d.Lang != "ko" || len(d.Activities) != 1 || d.Activities[0].ID != "KR-GOV-LOGODI-PAC-2030-LA" {
			t.Errorf("one project: %+v", d)
		}
		validateIATI(t, one.Bytes())
		validateIATI(t, buf.Bytes())
	})
}

// TestIATIExportVisibility: the export holds what the list shows the
// reader, with the list's filters.
func TestIATIExportVisibility(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newDemo(t, db)
		ctx := context.Background()
		count := func(u *accounts.User, f projects.Filter) []string {
			t.Helper()
			var buf bytes.Buffer
			if err := e.svc.WriteIATI(ctx, &buf, u, f); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range parseIATI(t, buf.Bytes()).Activities {
				ids = append(ids, a.ID)
			}
			return ids
		}
		user := func(email string) *accounts.User {
			u, err := e.acc.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		if ids := count(user("learner.gh@example.org"), projects.Filter{}); len(ids) != 0 {
			t.Errorf("a learner who is in no project sees %v", ids)
		}
		if ids := count(nil, projects.Filter{}); len(ids) != 0 {
			t.Errorf("nobody sees %v", ids)
		}
		if ids := count(user("learner@example.org"), projects.Filter{}); !slices.Equal(ids, []string{"KR-GOV-LOGODI-SMU-LA-2019"}) {
			t.Errorf("the Lao village leader sees %v", ids)
		}
		if ids := count(user("coordinator@example.org"), projects.Filter{}); len(ids) != 12 {
			t.Errorf("a coordinator sees %d projects", len(ids))
		}
		if ids := count(e.staff, projects.Filter{Kind: projects.Consulting, Year: 2013}); len(ids) != 2 {
			t.Errorf("consulting projects of 2013: %v", ids)
		}
	})
}

// recorder notes how many queries had run at each write it receives.
type recorder struct {
	qc     *storetest.QueryCounter
	at     []int64
	n      int
	cancel func()
}

func (r *recorder) Write(b []byte) (int, error) {
	r.at = append(r.at, r.qc.Count())
	r.n += len(b)
	if r.cancel != nil {
		r.cancel()
	}
	return len(b), nil
}

// TestIATIExportStreams: the export loads projects in chunks with a fixed
// number of queries each, writes while it loads, stops when the context
// ends, and stays valid for projects with one language and no summary.
func TestIATIExportStreams(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		projecttest.Seed(t, db, projecttest.Size{Projects: 450, Indicators: 2, Periods: 3, Prefix: "S-"})
		svc := projects.NewService(db, nil, nil, nil)
		staff := &accounts.User{ID: 1, Role: accounts.RoleStaff, Active: true}
		ctx := context.Background()
		qc := storetest.CountQueries(t, db)
		var small bytes.Buffer
		if err := svc.WriteIATI(ctx, &small, staff, projects.Filter{Search: "S-00001"}); err != nil {
			t.Fatal(err)
		}
		perChunk := qc.Count()
		if n := len(parseIATI(t, small.Bytes()).Activities); n != 1 || perChunk > 7 {
			t.Errorf("one project: %d activities in %d queries, want 1 in at most 7", n, perChunk)
		}
		qc.Reset()
		var buf bytes.Buffer
		rec := &recorder{qc: qc}
		if err := svc.WriteIATI(ctx, io.MultiWriter(&buf, rec), staff, projects.Filter{}); err != nil {
			t.Fatal(err)
		}
		total := qc.Count()
		if n := len(parseIATI(t, buf.Bytes()).Activities); n != 450 || total > 3*perChunk {
			t.Errorf("450 projects: %d activities in %d queries, want 450 in at most %d (three chunks)", n, total, 3*perChunk)
		}
		if len(rec.at) == 0 || rec.at[0] > perChunk || slices.Max(rec.at) <= 2*perChunk || len(slices.Compact(slices.Clone(rec.at))) < 3 {
			t.Errorf("writes after %v queries: want the first within the first chunk and more during each later one", rec.at)
		}
		gone, stop := context.WithCancel(ctx)
		stop()
		var none bytes.Buffer
		if err := svc.WriteIATI(gone, &none, staff, projects.Filter{}); !errors.Is(err, context.Canceled) || none.Len() != 0 {
			t.Errorf("export for a request already gone: %v, %d bytes written", err, none.Len())
		}
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var cut bytes.Buffer
		err := svc.WriteIATI(cctx, io.MultiWriter(&cut, &recorder{qc: qc, cancel: cancel}), staff, projects.Filter{})
		if !errors.Is(err, context.Canceled) || bytes.Count(cut.Bytes(), []byte("<iati-activity ")) >= 450 {
			t.Errorf("cancelled export: %v after %d activities", err, bytes.Count(cut.Bytes(), []byte("<iati-activity ")))
		}
		validateIATI(t, buf.Bytes())
	})
}

// BenchmarkIATIExport streams 2,000 activities (five indicators with
// eight values each) to io.Discard. B/op is everything allocated on the
// way; beside it are the document's size and the largest heap seen while
// writing (sampled every MiB written), which stays well under what holding
// the document would take.
func BenchmarkIATIExport(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.New(b, d)
			projecttest.Seed(b, db, projecttest.Size{Projects: 2000, Indicators: 5, Periods: 8, Prefix: "B-"})
			svc := projects.NewService(db, nil, nil, nil)
			staff := &accounts.User{ID: 1, Role: accounts.RoleStaff, Active: true}
			runtime.GC()
			w := &heapWatch{}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := svc.WriteIATI(context.Background(), w, staff, projects.Filter{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(w.n)/float64(b.N), "xml-bytes/op")
			b.ReportMetric(float64(w.peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// heapWatch counts what is written and samples the heap every MiB.
type heapWatch struct {
	n, next int64
	peak    uint64
}

func (h *heapWatch) Write(b []byte) (int, error) {
	h.n += int64(len(b))
	if h.n >= h.next {
		h.next = h.n + 1<<20
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		h.peak = max(h.peak, m.HeapAlloc)
	}
	return len(b), nil
}
