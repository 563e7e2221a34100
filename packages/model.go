// Package packages takes in e-learning packages made by authoring tools:
// SCORM 1.2, SCORM 2004 (2nd to 4th edition) and cmi5 ZIP files. This
// file holds what a package is once read; read.go checks the archive and
// finds its manifest, scorm.go and cmi5.go read the two kinds of manifest.
package packages

// Standard is the specification a package follows.
type Standard string

// The standards Baeum plays.
const (
	SCORM12   Standard = "scorm12"
	SCORM2004 Standard = "scorm2004"
	CMI5      Standard = "cmi5"
)

// Package is what a package's manifest says, checked against the files the
// archive holds: every launch path names a file that is there.
type Package struct {
	Standard Standard
	// Version as the manifest names it: "1.2", "2004 2nd Edition" (CAM
	// 1.3), "2004 3rd Edition", "2004 4th Edition", "2004" when a 2004
	// manifest does not say which, or "cmi5".
	Version    string
	Identifier string // the manifest's or the cmi5 course's id
	// Title is the default organisation's title (SCORM) or the course's
	// title in its first language (cmi5); Titles has a cmi5 title in every
	// language it gives (lang → text), nil for SCORM.
	Title        string
	Titles       map[string]string
	Descriptions map[string]string // cmi5 only
	// Organizations in manifest order; Default is the index of the one a
	// learner is given (SCORM's default attribute, else the first). A cmi5
	// package has one, its course structure, with blocks as folders.
	Organizations []Organization
	Default       int
	// Root is the folder of the archive holding the manifest: "" when it
	// is at the top, "name/" when the whole package was zipped inside one
	// folder. Launch paths are relative to it.
	Root string
	// Files and UnpackedBytes count the archive's files under Root.
	Files         int
	UnpackedBytes int64
	// Sequencing reports a SCORM 2004 manifest with sequencing rules,
	// rollup rules or objectives mapped to globals: Baeum lets a learner
	// choose any SCO and rolls completion up as a set, and says so.
	Sequencing bool
}

// Organization is one tree of items a learner may be given.
type Organization struct {
	Identifier string
	Title      string
	Items      []Item
	// Choice and Flow are SCORM 2004's control modes of the organisation:
	// the learner may pick any SCO from the list (Choice), and Previous and
	// Next follow the tree (Flow). Each is true unless the manifest's
	// controlMode says "false": Baeum gives SCORM 1.2 packages, which have
	// no sequencing, both, as every LMS does.
	Choice, Flow bool
}

// Item is a node of an organisation: a folder of items (Launch empty) or a
// launchable SCO, asset or cmi5 AU.
type Item struct {
	Identifier string // an IRI for a cmi5 AU (its activity id)
	Title      string
	Titles     map[string]string // cmi5 only
	// Launch is the path of the launch file relative to Root with the
	// item's parameters appended (SCORM CAM's rules), or an absolute
	// http(s) URL for content outside the package (External).
	Launch   string
	External bool
	// SCO reports content that talks to the LMS (a SCORM SCO or a cmi5
	// AU); a SCORM asset is shown and counted as seen.
	SCO    bool
	Hidden bool // isvisible="false": launched by sequencing, not listed
	// MasteryScore is SCORM 1.2's adlcp:masteryscore (0–100) or cmi5's
	// masteryScore (0–1), nil when absent.
	MasteryScore *float64
	// CompletionThreshold is SCORM 2004's adlcp:completionThreshold
	// (0–1), nil when absent.
	CompletionThreshold *float64
	DataFromLMS         string // adlcp:datafromlms / dataFromLMS, or cmi5 launchParameters
	MaxTimeAllowed      string
	TimeLimitAction     string
	// cmi5 only.
	MoveOn         string // Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable
	LaunchMethod   string // AnyWindow or OwnWindow
	EntitlementKey string
	ActivityType   string
	Children       []Item
}

// Launchables lists an organisation's launchable items in tree order (the
// order Previous and Next follow), hidden ones included.
func (o Organization) Launchables() []Item {
	var out []Item
	var walk func([]Item)
	walk = func(items []Item) {
		for _, it := range items {
			if it.Launch != "" {
				out = append(out, it)
			}
			walk(it.Children)
		}
	}
	walk(o.Items)
	return out
}
