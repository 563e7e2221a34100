package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// result is one measured run: its routes' figures over elapsed.
type result struct {
	name    string
	elapsed time.Duration
	routes  []*tally
}

// nextFunc picks a worker's next request: the index of its route and the
// request.
type nextFunc func(rng *rand.Rand) (int, *http.Request, error)

// measure loads routes (by weight) with c.Clients learners' clients: a
// warm-up that is not counted, then c.Duration that is.
func measure(ctx context.Context, client *http.Client, c config, name string, rs []route, fx *fixture) (result, error) {
	total := 0
	for _, r := range rs {
		total += r.Weight
	}
	next := func(rng *rand.Rand) (int, *http.Request, error) {
		w := rng.IntN(total)
		i := 0
		for w >= rs[i].Weight {
			w -= rs[i].Weight
			i++
		}
		l := fx.learners[rng.IntN(len(fx.learners))]
		req, err := rs[i].Build(fx, l)
		return i, req, err
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return warmAndMeasure(ctx, client, c, name, names, next)
}

func warmAndMeasure(ctx context.Context, client *http.Client, c config, name string, names []string, next nextFunc) (result, error) {
	if c.Warmup > 0 {
		if _, err := load(ctx, client, c.Clients, c.Warmup, names, next); err != nil {
			return result{}, err
		}
	}
	fmt.Printf("measuring %s ...\n", name)
	res, err := load(ctx, client, c.Clients, c.Duration, names, next)
	res.name = name
	return res, err
}

// load runs clients workers for d, each sending its next request when the
// last one's answer has been read, and tallies what came back.
func load(ctx context.Context, client *http.Client, clients int, d time.Duration, names []string, next nextFunc) (result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	per := make([][]*tally, clients)
	errs := make([]error, clients)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for w := range clients {
		per[w] = newTallies(names)
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), uint64(start.UnixNano())))
			for time.Now().Before(deadline) && ctx.Err() == nil {
				i, req, err := next(rng)
				if err != nil {
					errs[w] = err
					cancel()
					return
				}
				per[w][i].add(send(ctx, client, req))
			}
		}()
	}
	wg.Wait()
	res := result{elapsed: time.Since(start), routes: newTallies(names)}
	for _, ts := range per {
		for i, t := range ts {
			res.routes[i].merge(t)
		}
	}
	for _, err := range errs {
		if err != nil {
			return res, err
		}
	}
	return res, ctx.Err()
}

// outcome is one request's answer as the tally counts it.
type outcome struct {
	took   time.Duration
	status int
	bytes  int64
	err    error
}

// send makes one request and reads the whole answer as it came over the
// wire (compressed when the server compressed it).
func send(ctx context.Context, client *http.Client, req *http.Request) outcome {
	req = req.WithContext(ctx)
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return outcome{took: time.Since(t0), err: err}
	}
	n, err := io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return outcome{took: time.Since(t0), status: resp.StatusCode, bytes: n, err: err}
}
