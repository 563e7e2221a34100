package packages

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// xmlCMI5Node is any element of a cmi5 course structure (cmi5.xml, cmi5
// section 13): the root, the course, a block or an AU. Blocks and AUs
// interleave in the order the learner meets them, so they are read as
// Children in document order and told apart by name.
type xmlCMI5Node struct {
	XMLName          xml.Name
	ID               string        `xml:"id,attr"`
	MoveOn           string        `xml:"moveOn,attr"`
	MasteryScore     string        `xml:"masteryScore,attr"`
	LaunchMethod     string        `xml:"launchMethod,attr"`
	ActivityType     string        `xml:"activityType,attr"`
	Title            []xmlLangText `xml:"title>langstring"`
	Description      []xmlLangText `xml:"description>langstring"`
	URL              string        `xml:"url"`
	LaunchParameters string        `xml:"launchParameters"`
	EntitlementKey   string        `xml:"entitlementKey"`
	Children         []xmlCMI5Node `xml:",any"`
}

type xmlLangText struct {
	Lang string `xml:"lang,attr"`
	Text string `xml:",chardata"`
}

// The moveOn values of cmi5 (section 13.1.4).
var moveOns = map[string]bool{
	"Passed": true, "Completed": true, "CompletedAndPassed": true,
	"CompletedOrPassed": true, "NotApplicable": true,
}

// readCMI5 reads a cmi5.xml into pkg: the course's id, titles and
// descriptions, and one organisation whose folders are the blocks and
// whose launchable items are the AUs.
func (m *manifest) readCMI5(data []byte, pkg *Package) error {
	var root xmlCMI5Node
	if err := m.decode(data, &root); err != nil {
		return err
	}
	pkg.Standard, pkg.Version = CMI5, "cmi5"
	m.ids = map[string]bool{}
	var course *xmlCMI5Node
	for i := range root.Children {
		if root.Children[i].XMLName.Local == "course" {
			course = &root.Children[i]
			break
		}
	}
	if course == nil {
		return fail(ErrMissingField, "File", m.file, "Element", "courseStructure", "ID", "", "Field", "course")
	}
	if err := m.need("course", course.ID, "id", course.ID); err != nil {
		return err
	}
	titles := langMap(course.Title)
	if len(titles) == 0 {
		return fail(ErrMissingField, "File", m.file, "Element", "course", "ID", course.ID, "Field", "title")
	}
	m.ids[course.ID] = true
	pkg.Identifier, pkg.Titles, pkg.Descriptions = course.ID, titles, langMap(course.Description)
	pkg.Title = firstText(course.Title)
	items, err := m.cmi5Items(root.Children)
	if err != nil {
		return err
	}
	org := Organization{Identifier: course.ID, Title: pkg.Title, Items: items, Choice: true, Flow: true}
	pkg.Organizations = []Organization{org}
	if len(org.Launchables()) == 0 {
		return fail(ErrNothingToLaunch, "File", m.file)
	}
	return nil
}

func (m *manifest) cmi5Items(nodes []xmlCMI5Node) ([]Item, error) {
	var out []Item
	for _, n := range nodes {
		kind := n.XMLName.Local
		if kind != "au" && kind != "block" {
			continue // course, objectives and extensions
		}
		if m.items--; m.items < 0 {
			return nil, fail(ErrTooManyItems, "File", m.file, "Max", m.max)
		}
		if err := m.need(kind, n.ID, "id", n.ID); err != nil {
			return nil, err
		}
		if m.ids[n.ID] {
			return nil, fail(ErrDuplicateID, "File", m.file, "ID", n.ID)
		}
		m.ids[n.ID] = true
		it := Item{Identifier: n.ID, Title: firstText(n.Title), Titles: langMap(n.Title)}
		if len(it.Titles) == 0 {
			return nil, fail(ErrMissingField, "File", m.file, "Element", kind, "ID", n.ID, "Field", "title")
		}
		if kind == "block" {
			children, err := m.cmi5Items(n.Children)
			if err != nil {
				return nil, err
			}
			it.Children = children
			out = append(out, it)
			continue
		}
		if err := m.auAttributes(n, &it); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// auAttributes reads an AU's launch URL and attributes, with cmi5's
// defaults (moveOn NotApplicable, launchMethod AnyWindow).
func (m *manifest) auAttributes(n xmlCMI5Node, it *Item) error {
	u := strings.TrimSpace(n.URL)
	if err := m.need("au", n.ID, "url", u); err != nil {
		return err
	}
	launch, external, err := m.resolve(nil, u)
	if err != nil {
		return err
	}
	it.Launch, it.External, it.SCO = launch, external, true
	it.MoveOn = firstNonEmpty(n.MoveOn, "NotApplicable")
	if !moveOns[it.MoveOn] {
		return fail(ErrBadValue, "File", m.file, "ID", n.ID, "Field", "moveOn", "Value", n.MoveOn)
	}
	it.LaunchMethod = firstNonEmpty(n.LaunchMethod, "AnyWindow")
	if it.LaunchMethod != "AnyWindow" && it.LaunchMethod != "OwnWindow" {
		return fail(ErrBadValue, "File", m.file, "ID", n.ID, "Field", "launchMethod", "Value", n.LaunchMethod)
	}
	if s := strings.TrimSpace(n.MasteryScore); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 || v > 1 {
			return fail(ErrBadValue, "File", m.file, "ID", n.ID, "Field", "masteryScore", "Value", n.MasteryScore)
		}
		it.MasteryScore = &v
	}
	it.DataFromLMS = strings.TrimSpace(n.LaunchParameters)
	it.EntitlementKey = strings.TrimSpace(n.EntitlementKey)
	it.ActivityType = strings.TrimSpace(n.ActivityType)
	return nil
}

// need refuses an element whose required field is empty.
func (m *manifest) need(element, id, field, value string) error {
	if strings.TrimSpace(value) == "" {
		return fail(ErrMissingField, "File", m.file, "Element", element, "ID", id, "Field", field)
	}
	return nil
}

func langMap(ls []xmlLangText) map[string]string {
	if len(ls) == 0 {
		return nil
	}
	out := make(map[string]string, len(ls))
	for _, l := range ls {
		if t := strings.TrimSpace(l.Text); t != "" {
			if _, seen := out[l.Lang]; !seen {
				out[l.Lang] = t
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func firstText(ls []xmlLangText) string {
	for _, l := range ls {
		if t := strings.TrimSpace(l.Text); t != "" {
			return t
		}
	}
	return ""
}
