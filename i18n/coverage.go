package i18n

// Coverage is how much of the English messages a locale translates.
type Coverage struct {
	Locale     string
	Translated int
	Total      int
	Missing    []string
}

// Percent is the translated share, 0–100.
func (c Coverage) Percent() float64 {
	if c.Total == 0 {
		return 100
	}
	return 100 * float64(c.Translated) / float64(c.Total)
}

// Coverage reports, per supported locale, the English ids it translates.
func (b *Bundle) Coverage() []Coverage {
	en := b.IDs(Default)
	out := make([]Coverage, 0, len(Supported))
	for _, loc := range Supported {
		c := Coverage{Locale: loc, Total: len(en)}
		for _, id := range en {
			if b.Has(loc, id) {
				c.Translated++
			} else {
				c.Missing = append(c.Missing, id)
			}
		}
		out = append(out, c)
	}
	return out
}
