// Command i18n-check prints how much of the UI each locale translates, and
// with -missing the ids each one lacks.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/baeum-lms/baeum/i18n"
)

func main() {
	missing := flag.Bool("missing", false, "list the untranslated ids of each locale")
	flag.Parse()
	b, err := i18n.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "i18n-check:", err)
		os.Exit(1)
	}
	fmt.Printf("%-8s %-14s %10s %8s\n", "locale", "language", "translated", "share")
	for _, c := range b.Coverage() {
		fmt.Printf("%-8s %-14s %4d / %-4d %7.1f%%\n", c.Locale, i18n.LanguageName(c.Locale), c.Translated, c.Total, c.Percent())
		if *missing {
			for _, id := range c.Missing {
				fmt.Printf("         missing %s\n", id)
			}
		}
	}
}
