// Command baeum-load puts a running Baeum under the load of many signed-in
// learners and prints, per route, requests, req/s, latency percentiles,
// errors and bytes on the wire. It is the load command of issue 13 and is
// never part of the unit suite.
//
//	go run ./cmd/baeum --demo --addr :18080 --data-dir /tmp/baeum-load &
//	go run ./cmd/baeum-load --target http://localhost:18080 --yardstick --route each
//
// Before the load it prepares, through the site's own API and forms: an
// admin token (the demo admin), --learners learner accounts, a copy of the
// demo course (LOAD-<code>, unlimited quiz attempts, published) that they
// enrol in, a browser session and an API token for each. See the README's
// "Load test" section.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"
)

// config is what the flags say.
type config struct {
	Target        string
	Clients       int
	Duration      time.Duration
	Warmup        time.Duration
	Learners      int
	Routes        string
	Yardstick     bool
	PID           int
	AdminEmail    string
	AdminPassword string
	Course        string
	Timeout       time.Duration
}

func main() {
	var c config
	fs := flag.NewFlagSet("baeum-load", flag.ExitOnError)
	fs.StringVar(&c.Target, "target", "http://localhost:8080", "base URL of the running Baeum")
	fs.IntVar(&c.Clients, "clients", 64, "concurrent clients (each waits for its answer before the next request)")
	fs.DurationVar(&c.Duration, "duration", 20*time.Second, "how long each run measures")
	fs.DurationVar(&c.Warmup, "warmup", 2*time.Second, "load before each run that is not counted")
	fs.IntVar(&c.Learners, "learners", 50, "learner accounts to sign in (load-NNN@example.org, created when missing)")
	fs.StringVar(&c.Routes, "route", "", "load routes alone, one run each: a comma-separated list of "+strings.Join(routeNames(), ", ")+
		"; \"each\" stands for every route of the mix; empty runs the weighted mix")
	fs.BoolVar(&c.Yardstick, "yardstick", false, "also load a bare gin handler in this process the same way and print Baeum/bare")
	fs.IntVar(&c.PID, "pid", 0, "process id of the target: print its peak and current RSS at the end")
	fs.StringVar(&c.AdminEmail, "admin-email", "admin@example.org", "administrator who creates the learners and the load course")
	fs.StringVar(&c.AdminPassword, "admin-password", "baeum-demo", "the administrator's password (the demo's by default)")
	fs.StringVar(&c.Course, "course", "SMU-E01", "published course with a quiz to copy as LOAD-<code>")
	fs.DurationVar(&c.Timeout, "timeout", 10*time.Second, "timeout of one request (a timeout counts as an error)")
	_ = fs.Parse(os.Args[1:])

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, c)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "baeum-load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config) error {
	if c.Clients < 1 || c.Learners < 1 || c.Duration <= 0 {
		return fmt.Errorf("--clients, --learners and --duration must be positive")
	}
	c.Target = strings.TrimRight(c.Target, "/")
	runs, err := pickRuns(c.Routes)
	if err != nil {
		return err
	}
	client := newClient(c.Clients, c.Timeout)

	start := time.Now()
	fx, err := prepare(ctx, client, c)
	if err != nil {
		return err
	}
	fmt.Printf("prepared %d learners, course %s (id %d) in %s\n", len(fx.learners), fx.courseCode, fx.courseID, time.Since(start).Round(time.Millisecond))
	fmt.Printf("load: %d clients, %s per run after %s warm-up, target %s\n\n", c.Clients, c.Duration, c.Warmup, c.Target)

	var sampler *rssSampler
	var atStart memory
	if c.PID > 0 {
		if atStart, err = readMemory(c.PID); err != nil {
			return err
		}
		sampler = sampleRSS(c.PID, 200*time.Millisecond)
	}
	var results []result
	for _, r := range runs {
		res, err := measure(ctx, client, c, r.name, r.routes, fx)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	var loadPeak float64
	if sampler != nil {
		loadPeak = sampler.stop()
	}
	var bare *result
	if c.Yardstick {
		b, err := measureBare(ctx, c, fx.firstItem)
		if err != nil {
			return err
		}
		bare = &b
	}
	report(os.Stdout, results, bare)
	if c.PID > 0 {
		m, err := readMemory(c.PID)
		if err != nil {
			return err
		}
		fmt.Printf("\ntarget pid %d RSS: %.1f MB when the load began, highest sampled during the runs %.1f MB, now %.1f MB; "+
			"peak since the process started (VmHWM) %.1f MB\n", c.PID, atStart.NowMB, loadPeak, m.NowMB, m.PeakMB)
	}
	return nil
}

// aRun is one measured run: the mix, or one route alone.
type aRun struct {
	name   string
	routes []route
}

func pickRuns(spec string) ([]aRun, error) {
	if spec == "" {
		return []aRun{{name: "mix", routes: mixRoutes()}}, nil
	}
	var names []string
	for _, n := range strings.Split(spec, ",") {
		if n = strings.TrimSpace(n); n != "each" {
			names = append(names, n)
			continue
		}
		for _, r := range mixRoutes() {
			names = append(names, r.Name)
		}
	}
	var runs []aRun
	for _, n := range names {
		r, ok := routeByName(n)
		if !ok {
			return nil, fmt.Errorf("unknown route %q (known: %s)", n, strings.Join(routeNames(), ", "))
		}
		r.Weight = 1
		runs = append(runs, aRun{name: r.Name, routes: []route{r}})
	}
	return runs, nil
}
