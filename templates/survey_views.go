package templates

// The evaluation pages (package surveys).
const (
	CohortTests = "cohort_tests"
	ActionPlan  = "action_plan"
	CohortPlans = "cohort_plans"
)

var surveyViews = []string{CohortTests, ActionPlan, CohortPlans}
