// Package revise is the revise subcommand of qdabridge: replace the text
// of one source of a project with a revised transcript, keeping its
// codings on their passages.
package revise

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/transcript"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/remap"
)

// maxText is the largest revised text read (the library's default text
// size limit).
const maxText = 16 << 20

type options struct {
	source, text, out string
	asJSON, force     bool
	lowSimilarity     bool
}

// Command returns the revise subcommand.
func Command() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "revise --source NAME --text NEW.txt|NEW.docx -o OUT IN",
		Short: "Replace the text of a coded source with a revised one, keeping its codings",
		Long: `Replace the text of the source NAME of the project IN with the revised
transcript NEW (a .txt in UTF-8 or UTF-16 with a byte-order mark, or a .docx,
whose text is taken), and write the project to OUT (.qdpx or .qde). The two
texts are compared (lines first, then the characters of the lines that
differ) and every coded passage of the source follows its text:

  exact    every character of it is still there, in one piece
  touched  some of it was changed or removed: it now covers what is left,
           from its first surviving character to its last
  deleted  all of it was removed: the passage and its codings are dropped

It prints on standard error how many passages were kept exactly, touched and
deleted, and each touched or deleted one with its old and new text; with
--json it prints the same as one JSON object on standard output.

A text less than 50% similar to the old one (twice the characters kept, over
the characters of both texts) is not a revision of it:
revise refuses it unless --force-low-similarity is given. IN is never
written to; an existing OUT is replaced only with --force.

Exit status: 0 when the project was written, 1 when it could not be (or the
text was refused), 2 on a usage error.`,
		Example: `  qdabridge revise --source "Interview 3" --text interview3-corrected.docx -o study-revised.qdpx study.qdpx
  qdabridge revise --source anna --text anna.txt -o out.qdpx --json study.qdpx`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cli.Usage("one project is needed, IN (got %d)", len(args))
			}
			switch {
			case o.source == "":
				return cli.Usage("--source NAME is needed: the source whose text is revised")
			case o.text == "":
				return cli.Usage("--text NEW.txt or NEW.docx is needed: the revised text")
			case o.out == "":
				return cli.Usage("-o OUT is needed: where the revised project is written")
			}
			if _, err := cli.ProjectFormat(o.out); err != nil {
				return err
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := run(cmd, args[0], o); err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", cmd.CommandPath(), cmdutil.Printable(cli.Message(err)))
				return cli.Exit(cli.ExitFailed)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.source, "source", "", "name of the text source to revise")
	f.StringVar(&o.text, "text", "", "the revised text: a .txt or .docx file")
	f.StringVarP(&o.out, "output", "o", "", "the project to write: OUT.qdpx or OUT.qde")
	f.BoolVar(&o.asJSON, "json", false, "print the report as one JSON object on standard output")
	f.BoolVar(&o.force, "force", false, "replace OUT if it exists")
	f.BoolVar(&o.lowSimilarity, "force-low-similarity", false, "revise even when the new text is less than 50% similar to the old one")
	return cmd
}

// report is what revise did, as --json prints it.
type report struct {
	Input           string       `json:"input"`
	Text            string       `json:"text"`
	Output          string       `json:"output"`
	Bytes           int64        `json:"bytes"`
	Write           *refi.Ledger `json:"ledger,omitempty"`
	*remap.Revision `json:"revision"`
}

func run(cmd *cobra.Command, in string, o options) error {
	doc, err := toolinput.Open(in)
	if err != nil {
		return err
	}
	defer doc.Close()
	src, err := findSource(doc.Project, o.source)
	if err != nil {
		return err
	}
	newText, err := readText(o.text)
	if err != nil {
		return err
	}
	opt := remap.ReviseOptions{}
	if o.lowSimilarity {
		opt.MinSimilarity = -1
	}
	rev, err := remap.ReviseSource(doc, src, newText, opt)
	if errors.Is(err, remap.ErrDissimilar) {
		return fmt.Errorf("%w; is %s a revision of %q? (--force-low-similarity revises it all the same)", err, o.text, src.Name)
	}
	if err != nil {
		return err
	}
	rep := &report{Input: in, Text: o.text, Output: o.out, Revision: rev}
	rep.Bytes, rep.Write, err = cli.WriteProject(o.out, o.force, []string{in, o.text}, doc)
	if err != nil {
		return err
	}
	if o.asJSON {
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printReport(cmd.ErrOrStderr(), rep)
	return nil
}

// findSource returns the text source called name (or with GUID name).
func findSource(p *refi.Project, name string) (*refi.TextSource, error) {
	var found []*refi.TextSource
	var names []string
	for _, s := range p.Sources {
		t, ok := s.(*refi.TextSource)
		if !ok {
			continue
		}
		names = append(names, fmt.Sprintf("%q", t.Name))
		if t.Name == name || t.GUID.Same(refi.GUID(name)) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		if len(names) > 8 {
			names = append(names[:8], "...")
		}
		return nil, fmt.Errorf("the project has no text source called %q (it has %s)", name, strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("%d text sources are called %q: give the GUID of one instead", len(found), name)
}

// readText reads the revised text: a .txt (UTF-8, or UTF-16 with a
// byte-order mark) or the text of a .docx.
func readText(path string) (string, error) {
	if err := cli.NotRegular(path); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	t, err := transcript.Read(os.DirFS(filepath.Dir(path)), filepath.Base(path), maxText)
	if err != nil {
		return "", err
	}
	if t.NotUTF8 {
		return "", fmt.Errorf("%s is neither UTF-8 nor UTF-16 with a byte-order mark: save it as UTF-8", path)
	}
	return t.Text.String(), nil
}
