package pdfdoc

import (
	"strings"

	"github.com/go-text/typesetting/segmenter"
	"golang.org/x/text/unicode/norm"
)

// wrap breaks text (one paragraph, in NFC) into lines at most maxEm wide,
// at the break opportunities of UAX #14 (spaces, after hyphens, between
// Han or Hangul syllables). go-text has no dictionary for Thai, Lao, Khmer
// and Myanmar, which write words without spaces between them, so a phrase
// in those scripts breaks at a space or, when it is wider than the line by
// itself, between graphemes like any other over-long word.
func wrap(text string, maxEm float32) []string {
	var seg segmenter.Segmenter
	if err := seg.InitWithString(text); err != nil {
		return []string{text}
	}
	var words []string
	it := seg.LineIterator()
	for it.Next() {
		w := it.Line()
		words = append(words, text[w.OffsetInBytes:w.OffsetInBytes+w.LengthInBytes])
	}
	var lines []string
	line := ""
	for _, w := range words {
		if line != "" && shape(strings.TrimRight(line+w, " ")).width <= maxEm {
			line += w
			continue
		}
		if line != "" {
			lines = append(lines, strings.TrimRight(line, " "))
		}
		line = w
		// A word wider than the line by itself is cut between graphemes.
		for shape(strings.TrimRight(line, " ")).width > maxEm {
			head := longestPrefix(line, "", maxEm)
			if head == "" { // not even one grapheme fits: it goes alone
				head = line[:graphemes(line)[0]]
			}
			lines = append(lines, head)
			line = strings.TrimLeft(line[len(head):], " ")
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// paragraphShaped is Paragraph for text that goes through the shaper. Like
// fpdf's MultiCell it starts at the current position, keeps the cell
// margin on both sides, puts each baseline where MultiCell would and
// leaves the position under the last line; a line whose marks or stacks
// reach further than lineHeight allows gets the room it needs, and a new
// page is started where automatic page breaks are on. A right-to-left
// paragraph is aligned to the right.
func (d *Doc) paragraphShaped(text string, size, width, lineHeight float64) {
	k := d.GetConversionRatio()
	em := size / k
	margin := d.GetCellMargin()
	x, y := d.GetX(), d.GetY()
	_, top, _, _ := d.GetMargins()
	auto, bottomMargin := d.GetAutoPageBreak()
	_, ph := d.GetPageSize()
	pad := 0.1 * em
	for _, para := range strings.Split(norm.NFC.String(text), "\n") {
		for _, line := range wrap(strings.TrimRight(para, "\r"), float32((width-2*margin)/em)) {
			l := shape(line)
			above := max(0.5*lineHeight+0.3*em, float64(l.top)*em+pad)
			below := max(lineHeight-0.5*lineHeight-0.3*em, float64(l.bottom)*em+pad)
			if auto && y+above+below > ph-bottomMargin && y > top {
				d.AddPage()
				y = top
			}
			lx := x + margin
			if l.rtl {
				lx = x + width - margin - float64(l.width)*em
			}
			d.drawLayout(lx, y+above, l, size, false)
			y += above + below
		}
	}
	d.SetY(y)
}
