package revise

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/remap"
)

// clipAt is how many characters of a passage the report shows.
const clipAt = 60

// printReport prints the report for a person, in the layout of convert's.
// Names and texts come from the inputs and are printed through
// cmdutil.Printable.
func printReport(w io.Writer, rep *report) {
	p := cmdutil.Printable
	rev := rep.Revision
	fmt.Fprintf(w, "read:      %s\n", p(rep.Input))
	fmt.Fprintf(w, "revised:   %q with %s (%.0f%% similar)\n", p(rev.Source), p(rep.Text), 100*rev.Similarity)
	fmt.Fprintf(w, "passages:  %d exact, %d touched, %d deleted\n", rev.Exact, rev.Touched, rev.Deleted)
	for _, c := range rev.Changes {
		switch c.Status {
		case remap.Touched:
			fmt.Fprintf(w, "touched:   %s → %s\n", p(clip(c.OldText)), p(clip(c.NewText)))
		case remap.Deleted:
			fmt.Fprintf(w, "deleted:   %s (%d %s dropped)\n", p(clip(c.OldText)), c.Codings, plural(c.Codings, "coding"))
		}
	}
	if rev.LineEndsCRLF {
		fmt.Fprintf(w, "note:      the new text's line ends were made CR LF, as the old text has them\n")
	}
	if rev.RichText != "" {
		fmt.Fprintf(w, "note:      the source no longer names its rich text (%s): it held the old text\n", p(rev.RichText))
	}
	fmt.Fprintf(w, "wrote:     %s (%d bytes)\n", p(rep.Output), rep.Bytes)
}

// clip quotes s, cut to clipAt characters with an ellipsis in the middle,
// line ends shown as spaces.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if n := utf8.RuneCountInString(s); n > clipAt {
		r := []rune(s)
		s = string(r[:clipAt/2-1]) + " … " + string(r[n-clipAt/2+2:])
	}
	return fmt.Sprintf("%q", s)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
