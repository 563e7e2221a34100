package packages

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// manifest reads one manifest file against the files of its package.
type manifest struct {
	file    string          // its path in the archive, for messages
	content map[string]bool // the package's files, relative to its root
	items   int             // items still allowed
	max     int             // items allowed in all
	ids     map[string]bool // identifiers seen
}

// The parts of an IMS content package manifest (imsmanifest.xml) SCORM
// uses. Tags name elements and attributes by local name only, so the same
// structs read SCORM 1.2's imscp_rootv1p1p2/adlcp_rootv1p2 and SCORM
// 2004's imscp_v1p1/adlcp_v1p3/imsss namespaces.
type xmlManifest struct {
	Identifier string `xml:"identifier,attr"`
	Base       string `xml:"base,attr"`
	Metadata   struct {
		Schema        string `xml:"schema"`
		SchemaVersion string `xml:"schemaversion"`
	} `xml:"metadata"`
	Organizations struct {
		Default string            `xml:"default,attr"`
		List    []xmlOrganization `xml:"organization"`
	} `xml:"organizations"`
	Resources struct {
		Base string        `xml:"base,attr"`
		List []xmlResource `xml:"resource"`
	} `xml:"resources"`
}

type xmlOrganization struct {
	Identifier string         `xml:"identifier,attr"`
	Title      string         `xml:"title"`
	Items      []xmlItem      `xml:"item"`
	Sequencing *xmlSequencing `xml:"sequencing"`
}

type xmlItem struct {
	Identifier    string         `xml:"identifier,attr"`
	IdentifierRef string         `xml:"identifierref,attr"`
	Parameters    string         `xml:"parameters,attr"`
	IsVisible     string         `xml:"isvisible,attr"`
	Title         string         `xml:"title"`
	Items         []xmlItem      `xml:"item"`
	MasteryScore  string         `xml:"masteryscore"`
	MaxTime12     string         `xml:"maxtimeallowed"`
	TimeLimit     string         `xml:"timelimitaction"`
	DataFromLMS12 string         `xml:"datafromlms"`
	DataFromLMS   string         `xml:"dataFromLMS"`
	Threshold     *xmlThreshold  `xml:"completionThreshold"`
	Sequencing    *xmlSequencing `xml:"sequencing"`
}

// xmlThreshold is adlcp:completionThreshold: a decimal as its text (3rd
// edition) or as minProgressMeasure (4th edition).
type xmlThreshold struct {
	CompletedByMeasure string `xml:"completedByMeasure,attr"`
	MinProgressMeasure string `xml:"minProgressMeasure,attr"`
	Text               string `xml:",chardata"`
}

type xmlSequencing struct {
	ControlMode *struct {
		Choice string `xml:"choice,attr"`
		Flow   string `xml:"flow,attr"`
	} `xml:"controlMode"`
	Rules      *struct{} `xml:"sequencingRules"`
	Rollup     *struct{} `xml:"rollupRules"`
	Objectives *struct {
		Maps []struct{} `xml:"primaryObjective>mapInfo"`
	} `xml:"objectives"`
	Limits *struct {
		AttemptLimit string `xml:"attemptLimit,attr"`
	} `xml:"limitConditions"`
}

type xmlResource struct {
	Identifier    string `xml:"identifier,attr"`
	Href          string `xml:"href,attr"`
	Base          string `xml:"base,attr"`
	ScormType12   string `xml:"scormtype,attr"`
	ScormType2004 string `xml:"scormType,attr"`
}

// The namespaces that tell a manifest's SCORM version when its metadata
// does not.
const (
	adlcp12   = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
	adlcp2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
)

// readSCORM reads an imsmanifest.xml into pkg.
func (m *manifest) readSCORM(data []byte, pkg *Package) error {
	var x xmlManifest
	if err := m.decode(data, &x); err != nil {
		return err
	}
	pkg.Standard, pkg.Version = scormVersion(x.Metadata.SchemaVersion, namespaces(data))
	pkg.Identifier = x.Identifier

	resources := make(map[string]xmlResource, len(x.Resources.List))
	for _, r := range x.Resources.List {
		resources[r.Identifier] = r
	}
	bases := []string{x.Base, x.Resources.Base}
	if len(x.Organizations.List) == 0 {
		// A resource package: no organisation says what to launch, so each
		// resource with an href is an item of its own, as Moodle does.
		org := xmlOrganization{Identifier: "resources"}
		for _, r := range x.Resources.List {
			if r.Href != "" {
				org.Items = append(org.Items, xmlItem{Identifier: r.Identifier, IdentifierRef: r.Identifier, Title: r.Identifier})
			}
		}
		x.Organizations.List = []xmlOrganization{org}
	}
	m.ids = map[string]bool{}
	for i, o := range x.Organizations.List {
		org := Organization{Identifier: o.Identifier, Title: strings.TrimSpace(o.Title), Choice: true, Flow: true}
		if s := o.Sequencing; s != nil {
			if s.ControlMode != nil {
				org.Choice = s.ControlMode.Choice != "false"
				org.Flow = s.ControlMode.Flow != "false"
			}
			pkg.Sequencing = pkg.Sequencing || s.advanced()
		}
		items, err := m.scormItems(o.Items, resources, bases, pkg)
		if err != nil {
			return err
		}
		org.Items = items
		pkg.Organizations = append(pkg.Organizations, org)
		if o.Identifier == x.Organizations.Default {
			pkg.Default = i
		}
	}
	if d := x.Organizations.Default; d != "" && pkg.Organizations[pkg.Default].Identifier != d {
		return fail(ErrDefaultOrg, "File", m.file, "Ref", d)
	}
	def := pkg.Organizations[pkg.Default]
	pkg.Title = def.Title
	if len(def.Launchables()) == 0 {
		return fail(ErrNothingToLaunch, "File", m.file)
	}
	return nil
}

func (m *manifest) scormItems(in []xmlItem, resources map[string]xmlResource, bases []string, pkg *Package) ([]Item, error) {
	out := make([]Item, 0, len(in))
	for _, x := range in {
		if m.items--; m.items < 0 {
			return nil, fail(ErrTooManyItems, "File", m.file, "Max", m.max)
		}
		if m.ids[x.Identifier] && x.Identifier != "" {
			return nil, fail(ErrDuplicateID, "File", m.file, "ID", x.Identifier)
		}
		m.ids[x.Identifier] = true
		it := Item{
			Identifier:      x.Identifier,
			Title:           strings.TrimSpace(x.Title),
			Hidden:          x.IsVisible == "false",
			MaxTimeAllowed:  strings.TrimSpace(x.MaxTime12),
			TimeLimitAction: strings.TrimSpace(x.TimeLimit),
			DataFromLMS:     firstNonEmpty(x.DataFromLMS, x.DataFromLMS12),
		}
		if v, err := strconv.ParseFloat(strings.TrimSpace(x.MasteryScore), 64); err == nil {
			it.MasteryScore = &v
		}
		if t := x.Threshold; t != nil {
			if v, err := strconv.ParseFloat(strings.TrimSpace(firstNonEmpty(t.MinProgressMeasure, t.Text)), 64); err == nil && t.CompletedByMeasure != "false" {
				it.CompletionThreshold = &v
			}
		}
		if x.Sequencing != nil {
			pkg.Sequencing = pkg.Sequencing || x.Sequencing.advanced()
		}
		if x.IdentifierRef != "" {
			r, ok := resources[x.IdentifierRef]
			if !ok {
				return nil, fail(ErrResourceMissing, "File", m.file, "Item", x.Identifier, "Ref", x.IdentifierRef)
			}
			if r.Href == "" {
				return nil, fail(ErrResourceNoHref, "File", m.file, "Ref", r.Identifier)
			}
			launch, external, err := m.resolve(append(bases, r.Base), r.Href)
			if err != nil {
				return nil, err
			}
			it.Launch, it.External = withParameters(launch, x.Parameters), external
			it.SCO = strings.EqualFold(firstNonEmpty(r.ScormType2004, r.ScormType12), "sco")
		}
		children, err := m.scormItems(x.Items, resources, bases, pkg)
		if err != nil {
			return nil, err
		}
		it.Children = children
		out = append(out, it)
	}
	return out, nil
}

// advanced reports sequencing Baeum does not apply.
func (s *xmlSequencing) advanced() bool {
	return s.Rules != nil || s.Rollup != nil || (s.Objectives != nil && len(s.Objectives.Maps) > 0) ||
		(s.Limits != nil && s.Limits.AttemptLimit != "")
}

// resolve applies the xml:base values in order, then href, and answers
// the launch path relative to the package root (checked to be one of its
// files) or, for an absolute http(s) URL, the URL itself.
func (m *manifest) resolve(bases []string, href string) (string, bool, error) {
	u := &url.URL{Path: "/"}
	for _, ref := range append(bases, href) {
		if ref == "" {
			continue
		}
		r, err := url.Parse(strings.TrimSpace(ref))
		if err != nil {
			return "", false, fail(ErrLaunchMissing, "File", m.file, "Launch", href)
		}
		u = u.ResolveReference(r)
	}
	switch u.Scheme {
	case "http", "https":
		return u.String(), true, nil
	case "":
	default:
		return "", false, fail(ErrLaunchMissing, "File", m.file, "Launch", href)
	}
	p := strings.TrimPrefix(u.Path, "/")
	if !m.content[p] {
		return "", false, fail(ErrLaunchMissing, "File", m.file, "Launch", p)
	}
	launch := (&url.URL{Path: p, RawQuery: u.RawQuery, Fragment: u.Fragment}).String()
	return launch, false, nil
}

// withParameters appends an item's parameters attribute to its launch URL
// as SCORM CAM (4th edition, 3.4.1.11) says: leading '?' and '&' are
// dropped; a fragment is added only when there is none; then '&' or '?'.
func withParameters(launch, params string) string {
	params = strings.TrimLeft(strings.TrimSpace(params), "?&")
	switch {
	case params == "":
		return launch
	case params[0] == '#':
		if strings.Contains(launch, "#") {
			return launch
		}
		return launch + params
	case strings.Contains(launch, "?"):
		return launch + "&" + params
	default:
		return launch + "?" + params
	}
}

// scormVersion tells the version from the metadata's schemaversion or,
// without one, from the ADL namespace the manifest declares; a manifest
// with neither is taken as SCORM 1.2, as Moodle does.
func scormVersion(schema string, ns map[string]bool) (Standard, string) {
	switch v := strings.TrimSpace(schema); {
	case v == "1.2":
		return SCORM12, "1.2"
	case v == "CAM 1.3":
		return SCORM2004, "2004 2nd Edition"
	case strings.HasPrefix(v, "2004"):
		return SCORM2004, v
	}
	if ns[adlcp2004] {
		return SCORM2004, "2004"
	}
	return SCORM12, "1.2"
}

// namespaces lists the namespace URIs the manifest's root element declares.
func namespaces(data []byte) map[string]bool {
	out := map[string]bool{}
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					out[strings.TrimSpace(a.Value)] = true
				}
			}
			return out
		}
	}
}

// decode unmarshals a manifest, answering a syntax error with its line.
func (m *manifest) decode(data []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = charset.NewReaderLabel // ISO-8859-1, UTF-16, Windows-1252…
	if err := d.Decode(v); err != nil {
		line := 0
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			line = se.Line
		}
		if errors.Is(err, io.EOF) {
			line = 1
		}
		return fail(ErrManifestXML, "File", m.file, "Line", line)
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
