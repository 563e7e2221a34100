package templates

// The project pages (package projects).
const (
	ProjectList      = "project_list"
	ProjectPage      = "project"
	ProjectEntry     = "project_entry"
	ProjectIndicator = "project_indicator"
	ProjectReport    = "project_report"
	ProjectDashboard = "project_dashboard"
)

var projectViews = []string{ProjectList, ProjectPage, ProjectEntry, ProjectIndicator, ProjectReport, ProjectDashboard}
