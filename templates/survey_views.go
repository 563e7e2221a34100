package templates

// The evaluation pages (package surveys).
const (
	CohortTests = "cohort_tests"
)

var surveyViews = []string{CohortTests}
