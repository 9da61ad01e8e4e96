package refi

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nested returns an extension element nested n levels deep.
func nested(n int) string {
	return strings.Repeat(`<x:e xmlns:x="urn:x">`, n) + strings.Repeat("</x:e>", n)
}

// TestWriterLeavesOutUnreadableExtensions: the writer never writes what
// its own reader refuses. An extension nested as deep as a reader allows
// where it was read (a codebook's code) cannot be read back where it is
// written (a project's code, three levels deeper): it is left out,
// reported and counted dropped; what fits is written, one processing
// instruction per item, and reads back.
func TestWriterLeavesOutUnreadableExtensions(t *testing.T) {
	limits := Limits{MaxDepth: 40, MaxTextSize: 4096}
	tests := []struct {
		name    string
		ext     *Extensions
		inline  bool
		dropped int
	}{
		{"fits", &Extensions{elems: []string{nested(30)}, attrs: []xmlAttr{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}}, false, 0},
		{"too deep where written", &Extensions{elems: []string{nested(38), nested(2)}}, false, 1},
		{"too deep, inline", &Extensions{elems: []string{nested(38)}}, true, 1},
		{"too large", &Extensions{attrs: []xmlAttr{{Name: "big", Value: strings.Repeat("v", 5000)}, {Name: "small", Value: "s"}}}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Project{Name: "p", Codes: []*Code{{GUID: "00000000-0000-4000-8000-0000000000c1", Name: "A", IsCodable: true, Extensions: tt.ext}}}
			w := &Writer{Limits: limits, InlineExtensions: tt.inline}
			var out bytes.Buffer
			rep := writeDoc(t, w, &out, NewDocument(p, nil), FormatQDE)
			l := rep.Ledger
			require.NoError(t, l.Check())
			assert.Equal(t, tt.dropped, l.Row(ItemExtensions).Counts[Dropped])
			var codes []ChangeCode
			for _, c := range rep.Changes {
				codes = append(codes, c.Code)
			}
			assert.Equal(t, tt.dropped > 0, containsCode(codes, ChangeExtensionDropped), "%v", rep.Changes)
			doc, err := (&Reader{Limits: limits}).ReadQDE(bytes.NewReader(out.Bytes()))
			require.NoError(t, err, "what is written reads back")
			for _, wn := range doc.Warnings {
				assert.NotEqual(t, WarnInvalidValue, wn.Code, "%s", wn)
			}
			got := doc.Project.Codes[0].Extensions
			n := 0
			if got != nil {
				n = len(got.elems) + len(got.attrs)
			}
			assert.Equal(t, len(tt.ext.elems)+len(tt.ext.attrs)-tt.dropped, n, "what was written reads back")
			if !tt.inline {
				assert.Equal(t, len(tt.ext.elems)+len(tt.ext.attrs)-tt.dropped, strings.Count(out.String(), "<?"+piExtensions), "one instruction per item")
			}
		})
	}
}

func containsCode(codes []ChangeCode, c ChangeCode) bool {
	for _, x := range codes {
		if x == c {
			return true
		}
	}
	return false
}
