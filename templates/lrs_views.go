package templates

// The learning record store's pages (package lrs).
const (
	LRSKeys = "lrs_keys"
)

var lrsViews = []string{LRSKeys}
