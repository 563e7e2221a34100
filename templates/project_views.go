package templates

// The project pages (package projects).
const ()

var projectViews = []string{}
