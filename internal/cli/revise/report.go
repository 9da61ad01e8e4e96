package revise

import (
	"fmt"
	"io"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/remap"
)

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
			fmt.Fprintf(w, "touched:   %s → %s\n", p(cli.Passage(c.OldText)), p(cli.Passage(c.NewText)))
		case remap.Deleted:
			fmt.Fprintf(w, "deleted:   %s (%d %s dropped)\n", p(cli.Passage(c.OldText)), c.Codings, cli.Plural(c.Codings, "coding"))
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
