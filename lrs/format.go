package lrs

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// formatted answers a stored statement in the format a GET asks for:
// exact (as stored), ids (agents, groups, activities and verbs reduced to
// what identifies them) or canonical (every language map cut to the one
// language the reader prefers).
func formatted(doc json.RawMessage, format string, langs []string) json.RawMessage {
	if format == "exact" || format == "" {
		return doc
	}
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var st map[string]any
	if err := d.Decode(&st); err != nil {
		return doc
	}
	if format == "ids" {
		idsOnly(st)
	} else {
		canonical(st, langs)
	}
	out, err := json.Marshal(st)
	if err != nil {
		return doc
	}
	return out
}

// idsOnly reduces a statement's (or SubStatement's) agents, groups,
// activities and verb to their identifiers: an Activity is its id alone
// (the ADL suite counts its keys).
func idsOnly(st map[string]any) {
	st["actor"] = agentIDs(st["actor"])
	if v, ok := st["verb"].(map[string]any); ok {
		st["verb"] = map[string]any{"id": v["id"]}
	}
	if a, ok := st["authority"]; ok {
		st["authority"] = agentIDs(a)
	}
	if obj, ok := st["object"].(map[string]any); ok {
		switch obj["objectType"] {
		case nil, "Activity":
			st["object"] = map[string]any{"id": obj["id"]}
		case "Agent", "Group":
			st["object"] = agentIDs(obj)
		case "SubStatement":
			idsOnly(obj)
		}
	}
	c, ok := st["context"].(map[string]any)
	if !ok {
		return
	}
	for _, k := range []string{"instructor", "team"} {
		if a, ok := c[k]; ok {
			c[k] = agentIDs(a)
		}
	}
	if ca, ok := c["contextActivities"].(map[string]any); ok {
		for k, list := range ca {
			items, _ := list.([]any)
			out := make([]any, len(items))
			for i, it := range items {
				m, _ := it.(map[string]any)
				out[i] = map[string]any{"id": m["id"]}
			}
			ca[k] = out
		}
	}
}

// agentIDs keeps an Agent's or Group's objectType and identifier, and an
// anonymous Group's members reduced the same way.
func agentIDs(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := map[string]any{}
	if ot, ok := m["objectType"]; ok {
		out["objectType"] = ot
	}
	for _, k := range []string{"mbox", "mbox_sha1sum", "openid", "account"} {
		if id, ok := m[k]; ok {
			out[k] = id
			return out
		}
	}
	if members, ok := m["member"].([]any); ok {
		reduced := make([]any, len(members))
		for i, mem := range members {
			reduced[i] = agentIDs(mem)
		}
		out["member"] = reduced
	}
	return out
}

// canonical cuts every language map of the statement to one entry.
func canonical(v any, langs []string) {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			switch k {
			case "display", "name", "description":
				if lm, ok := val.(map[string]any); ok && isLangMap(lm) {
					t[k] = pickLanguage(lm, langs)
					continue
				}
			case "extensions":
				continue
			}
			canonical(val, langs)
		}
	case []any:
		for _, val := range t {
			canonical(val, langs)
		}
	}
}

func isLangMap(m map[string]any) bool {
	for k, v := range m {
		if _, ok := v.(string); !ok || !isLanguageTag(k) {
			return false
		}
	}
	return len(m) > 0
}

// pickLanguage keeps the entry of the first preferred language the map
// has (exactly, then by its primary language), else "und", else the first
// tag in order.
func pickLanguage(m map[string]any, langs []string) map[string]any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, want := range langs {
		for _, k := range keys {
			if strings.EqualFold(k, want) {
				return map[string]any{k: m[k]}
			}
		}
	}
	for _, want := range langs {
		wp, _, _ := strings.Cut(want, "-")
		for _, k := range keys {
			if kp, _, _ := strings.Cut(k, "-"); strings.EqualFold(kp, wp) {
				return map[string]any{k: m[k]}
			}
		}
	}
	if v, ok := m["und"]; ok {
		return map[string]any{"und": v}
	}
	return map[string]any{keys[0]: m[keys[0]]}
}

// acceptLanguages lists the tags of an Accept-Language header, most
// preferred first.
func acceptLanguages(h string) []string {
	type pref struct {
		tag string
		q   float64
	}
	var prefs []pref
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if tag == "" || tag == "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			prefs = append(prefs, pref{tag, q})
		}
	}
	sort.SliceStable(prefs, func(i, j int) bool { return prefs[i].q > prefs[j].q })
	out := make([]string, len(prefs))
	for i, p := range prefs {
		out[i] = p.tag
	}
	return out
}
