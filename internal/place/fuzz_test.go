package place_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/internal/place"
)

// fuzzCount counts the inputs the fuzz target runs (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

// addFindSeeds adds the seeds of the fuzz targets: a text and a passage
// in it, with CR LF, no-break spaces, overlaps, invalid UTF-8, passages
// that start inside a character, and emoji.
func addFindSeeds(f *testing.F) {
	for _, s := range [][2]string{
		{"Interviewer: And did you?\r\n\r\nP01: Not the first week.", "you?\nP01"},
		{"a\u00a0b a b", "a b"},
		{"a\u00a0b a  b\tb", "a b"},
		{"aaaa", "aa"},
		{"\xffone\xfe", "one"},
		{"\xffone\xfe\xe2\x82", "\x82one"},
		{"Ünïcödé 👍🏽 — x", "👍🏽"},
		{"Ünïcödé 👍🏽 — x", "\x9f\x91"},
	} {
		f.Add(s[0], s[1])
	}
}

// FuzzFind checks what Find promises on any text and passage: occurrences
// in order and in range, exact ones equal to the passage, tolerant ones
// equal to it once white space is ignored, and nothing for a blank
// passage. Placing with a hint must not panic either.
func FuzzFind(f *testing.F) {
	addFindSeeds(f)
	f.Fuzz(func(t *testing.T, text, passage string) {
		fuzzCount.Add()
		fd := place.NewFinder(text)
		spans, tolerant := fd.Find(passage)
		if strings.TrimSpace(passage) == "" && (spans != nil || tolerant) {
			t.Fatalf("blank passage found: %v %v", spans, tolerant)
		}
		if tolerant != (len(spans) > 0 && !strings.Contains(text, passage)) {
			t.Fatalf("tolerant %v with %d spans, exact occurrence %v", tolerant, len(spans), strings.Contains(text, passage))
		}
		norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		prev := -1
		for _, s := range spans {
			if s.Start <= prev || s.Start < 0 || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("span %v out of order or range (previous start %d, text %d bytes)", s, prev, len(text))
			}
			prev = s.Start
			got := text[s.Start:s.End]
			if !tolerant && got != passage {
				t.Fatalf("exact span %v is %q, not %q", s, got, passage)
			}
			if tolerant && norm(got) != norm(passage) {
				t.Fatalf("tolerant span %v is %q, not %q once white space is ignored", s, got, passage)
			}
		}
		p := place.Choose(spans, tolerant, fd.AtChar(len(passage)))
		if p.Placed() != (len(spans) > 0 && p.Left == 1) {
			t.Fatalf("placement %+v of %d spans", p, len(spans))
		}
		fd.Paragraph(len(passage))
	})
}

// FuzzFinderIndexed: once a Finder has indexed its text, it finds what a
// scan of the text finds, exactly or tolerantly.
func FuzzFinderIndexed(f *testing.F) {
	addFindSeeds(f)
	f.Fuzz(func(t *testing.T, text, passage string) {
		fuzzCount.Add()
		text = longText(text)
		indexed := place.NewFinder(text)
		warmUp(indexed)
		gotSpans, gotTolerant := indexed.Find(passage)
		wantSpans, wantTolerant := place.Find(text, passage) // a fresh Finder scans
		if gotTolerant != wantTolerant || !slices.Equal(gotSpans, wantSpans) {
			t.Fatalf("indexed: %v %v; scanned: %v %v", gotSpans, gotTolerant, wantSpans, wantTolerant)
		}
	})
}

// longText repeats s, separated by new lines, into a text long enough to
// be indexed.
func longText(s string) string {
	if s == "" {
		s = "x"
	}
	var b strings.Builder
	for b.Len() < 8<<10 {
		b.WriteString(s)
		b.WriteString("\n")
	}
	return b.String()
}

// warmUp looks for passages that are in no text until f has indexed both
// its text and its tolerant form.
func warmUp(f *place.Finder) {
	for range 40 {
		f.Find("\x00\x01 no such passage \x02")
	}
}
