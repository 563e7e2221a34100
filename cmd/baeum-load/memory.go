package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// memory is a process's resident set: its peak and now.
type memory struct {
	PeakMB, NowMB float64
}

// readMemory reads VmHWM and VmRSS of process pid from /proc (Linux).
func readMemory(pid int) (memory, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return memory{}, fmt.Errorf("read memory of pid %d: %w", pid, err)
	}
	defer func() { _ = f.Close() }()
	return parseStatus(bufio.NewScanner(f))
}

func parseStatus(sc *bufio.Scanner) (memory, error) {
	var m memory
	var seen int
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmHWM" && key != "VmRSS") {
			continue
		}
		fields := strings.Fields(val) // "123456 kB"
		if len(fields) != 2 || fields[1] != "kB" {
			return m, fmt.Errorf("unexpected %s line %q", key, sc.Text())
		}
		kb, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return m, fmt.Errorf("%s: %w", key, err)
		}
		if key == "VmHWM" {
			m.PeakMB = kb / 1024
		} else {
			m.NowMB = kb / 1024
		}
		seen++
	}
	if err := sc.Err(); err != nil {
		return m, err
	}
	if seen != 2 {
		return m, fmt.Errorf("no VmHWM and VmRSS in the status")
	}
	return m, nil
}

// rssSampler reads a process's VmRSS now and then and keeps the highest.
type rssSampler struct {
	done chan struct{}
	peak chan float64
}

// sampleRSS samples pid's RSS every interval until stop.
func sampleRSS(pid int, interval time.Duration) *rssSampler {
	s := &rssSampler{done: make(chan struct{}), peak: make(chan float64, 1)}
	go func() {
		var peak float64
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if m, err := readMemory(pid); err == nil {
				peak = max(peak, m.NowMB)
			}
			select {
			case <-s.done:
				s.peak <- peak
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// stop ends the sampling and returns the highest RSS seen, in MB.
func (s *rssSampler) stop() float64 {
	close(s.done)
	return <-s.peak
}
