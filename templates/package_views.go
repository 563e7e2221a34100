package templates

// The e-learning package pages (package packages).
const (
	CoordPackage = "coord_package"
)

var packageViews = []string{CoordPackage}
