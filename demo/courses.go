package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
)

//go:embed courses/*.json
var courseFiles embed.FS

// programmes are LOGODI's programme types and SMU invitational training,
// titled in English and Korean (from the institute's own documents).
var programmes = []struct {
	code    string
	typ     courses.ProgrammeType
	en, ko  string
	summary string
}{
	{"LOGODI-LT", courses.TypeLongTerm, "Long-term training", "장기교육", "Capacity building for senior officials, mid-level managers and female officials."},
	{"LOGODI-FD", courses.TypeFoundation, "Foundation training", "기본교육", "Leadership training for those newly promoted to G5 positions."},
	{"LOGODI-SP", courses.TypeSpecialized, "Specialized training", "전문교육", "Policy support, specialised jobs, international affairs and public companies."},
	{"LOGODI-PF", courses.TypePolicyForum, "National policy forum", "국정과제 교육", "National policy review, field trips and special training."},
	{"LOGODI-EL", courses.TypeELearning, "E-learning", "사이버교육", "Online courses for officials at home and abroad."},
	{"LOGODI-EO", courses.TypeElectedOfficials, "Elected officials training", "선출직 교육", "Forum for mayors and governors, training for local council members."},
	{"LOGODI-FO", courses.TypeForeignOfficials, "Training for foreign officials", "외국공무원 교육", "Capacity-building and post-training programmes for officials of developing countries."},
	{"SMU-INV", courses.TypeSMUInvitational, "SMU invitational training", "새마을 초청연수", "Public officials and community leaders of developing countries learn from Saemaul Undong."},
}

// publish lists the demo courses that are published once imported.
var publish = map[string]bool{"SMU-E01": true, "LOGODI-FO-LG": true}

// SeedCourses creates the programmes and imports the demo courses that do
// not exist yet. Running it again changes nothing.
func SeedCourses(ctx context.Context, crs *courses.Service) ([]string, error) {
	existing, err := crs.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, p := range existing {
		have[p.Code] = true
	}
	for _, p := range programmes {
		if have[p.code] {
			continue
		}
		created, err := crs.CreateProgramme(ctx, accounts.Actor{}, courses.ProgrammeInput{Code: p.code, Type: p.typ, DefaultLocale: "en", Title: p.en, Summary: p.summary})
		if err != nil {
			return nil, fmt.Errorf("demo: programme %s: %w", p.code, err)
		}
		if err := crs.SetProgrammeText(ctx, accounts.Actor{}, created.ID, "ko", p.ko, ""); err != nil {
			return nil, fmt.Errorf("demo: programme %s in Korean: %w", p.code, err)
		}
	}
	names, err := fs.Glob(courseFiles, "courses/*.json")
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, name := range names {
		data, err := courseFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		doc, err := courses.ParseDoc(data)
		if err != nil {
			return nil, fmt.Errorf("demo: %s: %w", name, err)
		}
		codes = append(codes, doc.Course.Code)
		id, err := crs.CourseIDByCode(ctx, doc.Course.Code)
		if err != nil {
			return nil, err
		}
		if id != 0 {
			continue // already there: leave it as people may have changed it
		}
		c, _, err := crs.Import(ctx, accounts.Actor{}, data)
		if err != nil {
			return nil, fmt.Errorf("demo: import %s: %w", name, err)
		}
		if publish[c.Code] {
			if _, err := crs.SetStatus(ctx, accounts.Actor{}, c.ID, courses.Published); err != nil && !errors.Is(err, courses.ErrIncomplete) {
				return nil, fmt.Errorf("demo: publish %s: %w", c.Code, err)
			}
		}
	}
	return codes, nil
}
