package demo

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/projects"
)

// demoProject is one seeded project: the record, its phase moves, and the
// figures that make the dashboard live. The consulting projects are the
// seeds' table of 2012–2015; the pilot villages are in the partner
// countries the seeds name (Laos, Uganda, Tanzania, Myanmar). Budgets and
// indicator values are illustrative, not official figures.
type demoProject struct {
	in         projects.Input
	titleKo    string
	moves      []projects.TransitionInput
	hold       string // note: put on hold after the moves
	final      projects.Status
	members    []projects.MemberInput
	milestones []projects.MilestoneInput
	lines      []demoLine
	indicators []demoIndicator
}

type demoLine struct {
	year     int
	category string
	planned  string // major units
	paid     []string
}

type demoIndicator struct {
	title, titleKo, unit string
	baseline, target     string
	values               []string // one a year from the project's first year
}

func consulting(code, country, year, title, titleKo, korean string) demoProject {
	y, _ := strconv.Atoi(year)
	phases := projects.Procedure(projects.Consulting)[1:]
	var moves []projects.TransitionInput
	for i, p := range phases {
		moves = append(moves, projects.TransitionInput{To: p, On: fmt.Sprintf("%d-%02d-01", y, 2+i*1+i/2)})
	}
	return demoProject{
		in: projects.Input{Code: code, Kind: projects.Consulting, Title: title, Country: country, KoreanOrg: korean,
			Sector: "Public administration", StartsOn: year + "-01-15", EndsOn: year + "-12-31", Status: projects.Active,
			BudgetText: "200000", Currency: "USD"},
		titleKo: titleKo, moves: moves, final: projects.Completed,
		lines: []demoLine{{year: y, category: "Consulting", planned: "150000", paid: []string{"60000", "90000"}},
			{year: y, category: "Seminar", planned: "50000", paid: []string{"42000"}}},
	}
}

var demoProjects = []demoProject{
	consulting("PAC-2012-MN", "MN", "2012", "Feasibility study for the legal and institutional foundation of e-Government", "전자정부 법·제도 기반 타당성 조사", "National Information Society Agency"),
	consulting("PAC-2012-KH", "KH", "2012", "Feasibility study for capacity-building of civil servants", "공무원 역량 강화 타당성 조사", "LOGODI"),
	consulting("PAC-2013-DO", "DO", "2013", "Organisational diagnosis and reform of the Ministry of Public Administration", "행정부 조직 진단 및 개편 컨설팅", "Korea Institute of Public Administration"),
	consulting("PAC-2013-GH", "GH", "2013", "Consulting for capacity-building of civil servants", "공무원 역량 강화 컨설팅", "LOGODI"),
	consulting("PAC-2014-BD", "BD", "2014", "Consulting for fire and disaster management", "소방·재난 관리 컨설팅", "National Disaster Management Research Institute"),
	consulting("PAC-2014-VN", "VN", "2014", "Consulting for e-Government development", "전자정부 발전 컨설팅", "National Information Society Agency"),
	consulting("PAC-2015-ET", "ET", "2015", "Master plan for ICT-supported human resource development and capacity building", "ICT 기반 인적자원 개발·역량 강화 기본계획", "LOGODI"),
	consulting("PAC-2015-KH", "KH", "2015", "Developing a human resource management information system", "인사관리 정보시스템 구축", "Korea Institute of Public Administration"),
	{
		in: projects.Input{Code: "SMU-LA-2019", Kind: projects.SMUPilotVillage, Title: "Saemaul pilot village, Vientiane Province",
			Summary: "Better living conditions, higher income and a can-do spirit, led by a village leader trained in Korea.",
			Country: "LA", Region: "Vientiane Province", Village: "Ban Nongboua", PartnerOrg: "Ministry of Home Affairs",
			KoreanOrg: "LOGODI", Sector: "Rural development", StartsOn: "2019-03-01", EndsOn: "2027-12-31", Status: projects.Active,
			BudgetText: "350000", Currency: "USD"},
		titleKo: "라오스 비엔티안주 새마을 시범마을",
		moves: []projects.TransitionInput{{To: "smu_training", On: "2019-09-02", Note: "Village leader and two officials trained in Korea"},
			{To: "pilot_project", On: "2020-04-01", Note: "Village assembly chose a road, a well and a mushroom farm"}},
		members: []projects.MemberInput{{Email: "learner@example.org", Role: "Village leader (SMU training)"},
			{Name: "Khamphan Sisouk", Role: "District official", Organisation: "Phonhong District"}},
		milestones: []projects.MilestoneInput{{Title: "Village road paved", DueOn: "2021-06-30"}, {Title: "Second well dug", DueOn: "2025-10-31"},
			{Title: "Handover to the village committee", DueOn: "2027-06-30"}},
		lines: []demoLine{{year: 2020, category: "Infrastructure", planned: "120000", paid: []string{"70000", "45000"}},
			{year: 2021, category: "Income projects", planned: "80000", paid: []string{"60000"}},
			{year: 2022, category: "Training", planned: "40000", paid: []string{"25000"}}},
		indicators: []demoIndicator{
			{"Average household income", "가구당 평균 소득", "USD a year", "850", "1700", []string{"850", "930", "1080", "1210", "1330", "1420"}},
			{"Households with safe water", "안전한 식수를 쓰는 가구", "% of households", "38", "90", []string{"38", "45", "61", "72", "80", "84"}},
			{"Community projects run by villagers", "주민이 운영하는 공동체 사업", "projects", "0", "6", []string{"0", "1", "2", "3", "4", "4"}},
		},
	},
	{
		in: projects.Input{Code: "SMU-UG-2018", Kind: projects.SMUPilotVillage, Title: "Saemaul pilot village, Mukono District",
			Country: "UG", Region: "Mukono District", Village: "Kasawo", KoreanOrg: "LOGODI", Sector: "Rural development",
			StartsOn: "2018-02-01", EndsOn: "2026-12-31", Status: projects.Active, BudgetText: "300000", Currency: "USD"},
		titleKo: "우간다 무코노 새마을 시범마을",
		moves: []projects.TransitionInput{{To: "smu_training", On: "2018-06-04"}, {To: "pilot_project", On: "2019-01-15"},
			{To: "self_reliant_growth", On: "2023-07-01", Note: "Village cooperative runs the maize mill on its own"}},
		milestones: []projects.MilestoneInput{{Title: "Maize mill running", DueOn: "2020-12-31"}, {Title: "Final evaluation", DueOn: "2026-11-30"}},
		lines: []demoLine{{year: 2019, category: "Infrastructure", planned: "150000", paid: []string{"150000"}},
			{year: 2021, category: "Income projects", planned: "90000", paid: []string{"85000"}}},
		indicators: []demoIndicator{
			{"Average household income", "가구당 평균 소득", "USD a year", "620", "1200", []string{"620", "700", "790", "900", "1010", "1100", "1160"}},
			{"Households with safe water", "안전한 식수를 쓰는 가구", "% of households", "25", "80", []string{"25", "40", "55", "63", "70", "76", "79"}},
		},
	},
	{
		in: projects.Input{Code: "SMU-TZ-2020", Kind: projects.SMUPilotVillage, Title: "Saemaul pilot village, Dodoma Region",
			Country: "TZ", Region: "Dodoma Region", Village: "Chamwino", KoreanOrg: "LOGODI", Sector: "Rural development",
			StartsOn: "2020-01-01", EndsOn: "2028-12-31", Status: projects.Active, BudgetText: "280000", Currency: "USD"},
		titleKo:    "탄자니아 도도마 새마을 시범마을",
		moves:      []projects.TransitionInput{{To: "smu_training", On: "2020-10-05"}, {To: "pilot_project", On: "2022-03-01"}},
		milestones: []projects.MilestoneInput{{Title: "Irrigation channel", DueOn: "2024-05-31"}},
		lines:      []demoLine{{year: 2022, category: "Infrastructure", planned: "100000", paid: []string{"40000"}}},
		indicators: []demoIndicator{
			{"Average household income", "가구당 평균 소득", "USD a year", "540", "1100", []string{"540", "560", "610", "700", "760"}},
			{"Community projects run by villagers", "주민이 운영하는 공동체 사업", "projects", "0", "5", []string{"0", "0", "1", "2", "2"}},
		},
	},
	{
		in: projects.Input{Code: "SMU-MM-2017", Kind: projects.SMUPilotVillage, Title: "Saemaul pilot village, Mandalay Region",
			Country: "MM", Region: "Mandalay Region", Village: "Kyaukse", KoreanOrg: "LOGODI", Sector: "Rural development",
			StartsOn: "2017-01-01", EndsOn: "2026-12-31", Status: projects.Active, BudgetText: "250000", Currency: "USD"},
		titleKo: "미얀마 만달레이 새마을 시범마을",
		moves:   []projects.TransitionInput{{To: "smu_training", On: "2017-05-08"}, {To: "pilot_project", On: "2018-02-01"}},
		hold:    "Field visits suspended",
		lines:   []demoLine{{year: 2018, category: "Infrastructure", planned: "110000", paid: []string{"95000"}}},
		indicators: []demoIndicator{
			{"Average household income", "가구당 평균 소득", "USD a year", "700", "1300", []string{"700", "780", "860", "900"}},
		},
	},
}

// SeedProjects creates the demo projects that do not exist yet and returns
// their codes. Running it again changes nothing.
func SeedProjects(ctx context.Context, acc *accounts.Service, enr *enrollment.Service, prj *projects.Service) ([]string, error) {
	staff, err := acc.UserByEmail(ctx, "staff@example.org")
	if err != nil {
		return nil, fmt.Errorf("demo: staff account: %w", err)
	}
	actor := accounts.Actor{UserID: staff.ID}
	var codes []string
	for _, d := range demoProjects {
		codes = append(codes, d.in.Code)
		_, err := prj.ByCode(ctx, d.in.Code)
		if err == nil {
			continue
		}
		if !errors.Is(err, projects.ErrProjectNotFound) {
			return nil, err
		}
		if err := seedProject(ctx, prj, actor, d); err != nil {
			return nil, fmt.Errorf("demo: project %s: %w", d.in.Code, err)
		}
	}
	return codes, nil
}

func seedProject(ctx context.Context, prj *projects.Service, actor accounts.Actor, d demoProject) error {
	p, err := prj.Create(ctx, actor, d.in)
	if err != nil {
		return err
	}
	if err := prj.Translate(ctx, actor, p.ID, "ko", d.titleKo, ""); err != nil {
		return err
	}
	for _, m := range d.moves {
		if _, err := prj.Transition(ctx, actor, p.ID, m); err != nil {
			return err
		}
	}
	for _, m := range d.members {
		if _, err := prj.AddMember(ctx, actor, p.ID, m); err != nil {
			return err
		}
	}
	for _, m := range d.milestones {
		if _, err := prj.AddMilestone(ctx, actor, p.ID, m); err != nil {
			return err
		}
	}
	for _, l := range d.lines {
		line, err := prj.AddBudgetLine(ctx, actor, p.ID, projects.BudgetLineInput{Year: l.year, Category: l.category, PlannedText: l.planned})
		if err != nil {
			return err
		}
		for i, amount := range l.paid {
			if _, err := prj.AddDisbursement(ctx, actor, p.ID, projects.DisbursementInput{BudgetLineID: line.ID,
				PaidOn: fmt.Sprintf("%d-%02d-15", l.year, 3+i*5), AmountText: amount}); err != nil {
				return err
			}
		}
	}
	first, _ := strconv.Atoi(d.in.StartsOn[:4])
	for _, di := range d.indicators {
		ind, err := prj.AddIndicator(ctx, actor, p.ID, projects.IndicatorInput{Title: di.title, Unit: di.unit, Baseline: di.baseline,
			BaselineOn: d.in.StartsOn, Target: di.target, TargetOn: d.in.EndsOn})
		if err != nil {
			return err
		}
		if err := prj.TranslateIndicator(ctx, actor, p.ID, ind.ID, "ko", di.titleKo); err != nil {
			return err
		}
		for i, v := range di.values[1:] {
			if _, err := prj.RecordValue(ctx, actor, p.ID, ind.ID, projects.ValueInput{On: fmt.Sprintf("%d-12-31", first+i), Value: v}); err != nil {
				return err
			}
		}
	}
	if len(d.indicators) > 0 {
		if _, err := prj.CreateReport(ctx, actor, p.ID, projects.ReportInput{PeriodStart: d.in.StartsOn, PeriodEnd: fmt.Sprintf("%d-12-31", first),
			Narrative: "First year: the village assembly chose its projects and the work began."}); err != nil {
			return err
		}
	}
	if d.hold != "" {
		if _, err := prj.Hold(ctx, actor, p.ID, "2021-03-01", d.hold); err != nil {
			return err
		}
	}
	if d.final != "" {
		in := d.in
		in.Status = d.final
		if _, err := prj.Update(ctx, actor, p.ID, in); err != nil {
			return err
		}
	}
	return nil
}
