package courses

import (
	"context"
	"slices"
	"sync"
)

// courseEntries bounds how many course trees are kept (a 130-lesson course
// is a few hundred kilobytes); when full, the stale go first, then all.
const courseEntries = 512

// courseCache keeps whole course trees (Course) by id under the catalogue
// version, which every change to a course — settings, status, texts,
// modules, lessons, questions, files, imports — bumps in its transaction.
// It hands out deep copies, so a caller may change what it got. A read
// inside a transaction never uses it: the transaction may have changed
// the course, and must see its own writes.
type courseCache struct {
	mu      sync.RWMutex
	entries map[int64]courseEntry
}

type courseEntry struct {
	version int64
	course  *Course
}

func (c *courseCache) get(id, version int64) (*Course, bool) {
	c.mu.RLock()
	e, ok := c.entries[id]
	c.mu.RUnlock()
	if !ok || e.version != version {
		return nil, false
	}
	return e.course.clone(), true
}

func (c *courseCache) put(id, version int64, course *Course) {
	kept := course.clone()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[int64]courseEntry{}
	}
	if len(c.entries) >= courseEntries {
		for k, e := range c.entries {
			if e.version != version {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= courseEntries {
			clear(c.entries)
		}
	}
	c.entries[id] = courseEntry{version: version, course: kept}
}

// cachedCourse is Course through the cache.
func (s *Service) cachedCourse(ctx context.Context, id int64) (*Course, error) {
	if _, inTx := s.db.SQLTx(ctx); inTx {
		return s.loadCourse(ctx, id)
	}
	version, cacheable := s.catalogue.current(ctx)
	if cacheable {
		if c, ok := s.courses.get(id, version); ok {
			return c, nil
		}
	}
	c, err := s.loadCourse(ctx, id)
	if err == nil && cacheable {
		s.courses.put(id, version, c)
	}
	return c, err
}

// clone copies the whole tree: no slice, map or pointer is shared.
func (c *Course) clone() *Course {
	out := *c
	if c.PublishedAt != nil {
		t := *c.PublishedAt
		out.PublishedAt = &t
	}
	out.Translations = slices.Clone(c.Translations)
	out.Modules = slices.Clone(c.Modules)
	for mi := range out.Modules {
		m := &out.Modules[mi]
		m.Translations = slices.Clone(m.Translations)
		m.Lessons = slices.Clone(m.Lessons)
		for li := range m.Lessons {
			l := &m.Lessons[li]
			l.Translations = slices.Clone(l.Translations)
			l.Questions = slices.Clone(l.Questions)
			for qi := range l.Questions {
				q := &l.Questions[qi]
				q.Translations = slices.Clone(q.Translations)
				q.Choices = slices.Clone(q.Choices)
				for ci := range q.Choices {
					q.Choices[ci].Translations = slices.Clone(q.Choices[ci].Translations)
				}
			}
		}
	}
	return &out
}
