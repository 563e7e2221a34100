package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// tally is what one route's requests came to.
type tally struct {
	name      string
	latencies []time.Duration
	errors    int
	bytes     int64
	why       map[string]int // errors by status or transport error, for the footnote
}

func newTallies(names []string) []*tally {
	ts := make([]*tally, len(names))
	for i, n := range names {
		ts[i] = &tally{name: n, why: map[string]int{}}
	}
	return ts
}

// add counts one answer: an error is a transport error or a status other
// than 2xx and 3xx.
func (t *tally) add(o outcome) {
	t.latencies = append(t.latencies, o.took)
	t.bytes += o.bytes
	switch {
	case o.err != nil:
		t.errors++
		t.why[shortErr(o.err)]++
	case o.status < 200 || o.status >= 400:
		t.errors++
		t.why[fmt.Sprintf("HTTP %d", o.status)]++
	}
}

func (t *tally) merge(o *tally) {
	t.latencies = append(t.latencies, o.latencies...)
	t.errors += o.errors
	t.bytes += o.bytes
	for k, v := range o.why {
		t.why[k] += v
	}
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

// percentile is the nearest-rank p-th percentile of sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// summary is a tally's figures.
type summary struct {
	n                  int
	rate               float64
	p50, p90, p99, max time.Duration
	errors             int
	bytesPerAnswer     int64
	totalBytes         int64
}

func summarise(t *tally, elapsed time.Duration) summary {
	lat := slices.Clone(t.latencies)
	slices.Sort(lat)
	s := summary{n: len(lat), errors: t.errors, totalBytes: t.bytes,
		p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99)}
	if len(lat) > 0 {
		s.max = lat[len(lat)-1]
		s.bytesPerAnswer = t.bytes / int64(len(lat))
	}
	if elapsed > 0 {
		s.rate = float64(len(lat)) / elapsed.Seconds()
	}
	return s
}

// report prints every run's routes; with a bare run, each route's req/s
// over the bare handler's (for the mix, the mix's total over it).
func report(w io.Writer, results []result, bare *result) {
	var bareRate float64
	if bare != nil {
		bareRate = summarise(bare.routes[0], bare.elapsed).rate
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "run\troute\trequests\treq/s\tp50\tp90\tp99\tmax\terrors\tB/answer\tMB total\t"
	if bare != nil {
		head += "×bare\t"
	}
	fmt.Fprintln(tw, head)
	line := func(run string, t *tally, elapsed time.Duration, ratio bool) {
		s := summarise(t, elapsed)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%d\t%d\t%.1f\t", run, t.name, s.n, s.rate,
			ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), s.errors, s.bytesPerAnswer, float64(s.totalBytes)/1e6)
		if bare != nil {
			if ratio && bareRate > 0 {
				fmt.Fprintf(tw, "%.2f\t", s.rate/bareRate)
			} else {
				fmt.Fprint(tw, "\t")
			}
		}
		fmt.Fprintln(tw)
	}
	for _, r := range results {
		if len(r.routes) == 1 {
			line(r.name, r.routes[0], r.elapsed, true)
			continue
		}
		all := newTallies([]string{"(all)"})[0]
		for _, t := range r.routes {
			line(r.name, t, r.elapsed, false)
			all.merge(t)
		}
		line(r.name, all, r.elapsed, true)
	}
	if bare != nil {
		line("bare gin", bare.routes[0], bare.elapsed, false)
	}
	_ = tw.Flush()
	for _, r := range results {
		for _, t := range r.routes {
			if len(t.why) == 0 {
				continue
			}
			keys := make([]string, 0, len(t.why))
			for k := range t.why {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			parts := make([]string, len(keys))
			for i, k := range keys {
				parts[i] = fmt.Sprintf("%s ×%d", k, t.why[k])
			}
			fmt.Fprintf(w, "errors of %s/%s: %s\n", r.name, t.name, strings.Join(parts, ", "))
		}
	}
}

// ms prints a latency in milliseconds with a precision that suits it.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	if f < 10 {
		return fmt.Sprintf("%.2fms", f)
	}
	return fmt.Sprintf("%.0fms", f)
}
