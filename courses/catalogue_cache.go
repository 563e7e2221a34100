package courses

import (
	"context"
	"slices"
	"sync"

	"github.com/baeum-lms/baeum/store"
)

// catalogueEntries bounds what the catalogue cache keeps: pages of
// (locale, filters, page), a few kilobytes each. When full, what was filled
// under an older version goes first, then everything: a dropped page costs
// one query.
const catalogueEntries = 4096

// catalogueCache keeps catalogue pages and programme lists per filter
// until the catalogue version moves: every change to a programme, a course,
// its texts or its status bumps store.VersionCatalogue in its own
// transaction, so every app server drops what it kept within its watcher's
// period (at once on the server that made the change). Nothing in it
// depends on who asks: the catalogue is the same for every reader of a
// locale, and AllStatuses (coordinators) is part of the key.
type catalogueCache struct {
	version *store.Version

	mu     sync.RWMutex
	pages  map[CatalogueFilter]cataloguePage
	choice map[string]programmeChoices
}

type cataloguePage struct {
	version int64
	items   []CatalogueItem
	total   int64
}

type programmeChoices struct {
	version int64
	list    []ProgrammeChoice
}

func newCatalogueCache(db *store.DB) *catalogueCache {
	return &catalogueCache{version: db.Watch(store.VersionCatalogue, 0),
		pages: map[CatalogueFilter]cataloguePage{}, choice: map[string]programmeChoices{}}
}

// current is the catalogue version to read and fill under; ok is false
// when it cannot be read (then nothing is cached).
func (c *catalogueCache) current(ctx context.Context) (int64, bool) {
	v, err := c.version.Current(ctx)
	return v, err == nil
}

// page returns a copy of the page kept for f under version.
func (c *catalogueCache) page(f CatalogueFilter, version int64) ([]CatalogueItem, int64, bool) {
	c.mu.RLock()
	e, ok := c.pages[f]
	c.mu.RUnlock()
	if !ok || e.version != version {
		return nil, 0, false
	}
	return slices.Clone(e.items), e.total, true
}

func (c *catalogueCache) putPage(f CatalogueFilter, version int64, items []CatalogueItem, total int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= catalogueEntries {
		for k, e := range c.pages {
			if e.version != version {
				delete(c.pages, k)
			}
		}
		if len(c.pages) >= catalogueEntries {
			clear(c.pages)
		}
	}
	c.pages[f] = cataloguePage{version: version, items: slices.Clone(items), total: total}
}

func (c *catalogueCache) programmes(locale string, version int64) ([]ProgrammeChoice, bool) {
	c.mu.RLock()
	e, ok := c.choice[locale]
	c.mu.RUnlock()
	if !ok || e.version != version {
		return nil, false
	}
	return slices.Clone(e.list), true
}

func (c *catalogueCache) putProgrammes(locale string, version int64, list []ProgrammeChoice) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.choice[locale] = programmeChoices{version: version, list: slices.Clone(list)}
}

// catalogueChanged is called inside the transaction of every change the
// catalogue shows.
func (s *Service) catalogueChanged(ctx context.Context) error {
	return s.db.Bump(ctx, store.VersionCatalogue)
}
