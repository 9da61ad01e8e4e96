// Package pseudonymise is the pseudonymise subcommand of qdabridge:
// replace participants' names and other identifiers everywhere in a
// coded project, keeping its codings on their passages.
package pseudonymise

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/pseudonym"
)

type options struct {
	key, log, out, suggest  string
	caseSensitive, unmarked bool
	asJSON, force           bool
}

// Command returns the pseudonymise subcommand.
func Command() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "pseudonymise --key KEY.csv [--log LOG.csv] -o OUT IN | --suggest KEY.csv IN",
		Short: "Replace names and other identifiers everywhere in a coded project, keeping its codings",
		Long: `Replace every occurrence of the originals listed in KEY.csv with their
replacements everywhere text lives in the project IN, and write it to OUT
(.qdpx or .qde): the texts of sources and notes, and the names, descriptions
and text attribute values of the project, its sources, cases, users, codes,
variables, sets and coded passages. Every coded passage keeps covering its
text, with the replacement in it.

KEY.csv has one line per original: original,replacement[,category]
(a header line original,replacement,... is optional; commas or semicolons;
UTF-8). Originals match as whole words (letters and digits), whatever their
case (--case-sensitive to match the case as written); where one original is
part of another, the longest is replaced. Replacements are written in
brackets, "[P01]", unless --unmarked is given. A key with an empty original,
an original given twice, or a replacement that contains an original is
refused, naming its lines.

--log LOG.csv writes every replacement made (where, position in the new
text, category, original, replacement). The log holds the identifiers: it is
written only where --log says, never into OUT; keep it apart from the
project.

--suggest KEY.csv writes a key to fill in instead: the names of cases and
users, names in text attribute values, and capitalised words found within
five words of those in the texts, each with its number of occurrences and an
empty replacement.

It prints on standard error how many replacements were made per category
and per place, and how many coded passages were kept exactly or widened over
a replacement; with --json it prints the same as one JSON object on standard
output (without the originals). IN is never written to; an existing OUT, LOG
or KEY is replaced only with --force.

Exit status: 0 when the files were written, 1 when they could not be, 2 on a
usage error.`,
		Example: `  qdabridge pseudonymise --suggest key.csv study.qdpx
  qdabridge pseudonymise --key key.csv --log key-log.csv -o study-pseudonymised.qdpx study.qdpx`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cli.Usage("one project is needed, IN (got %d)", len(args))
			}
			if o.suggest != "" {
				if o.key != "" || o.out != "" || o.log != "" {
					return cli.Usage("--suggest writes a key to fill in: give it without --key, --log and -o")
				}
				return nil
			}
			switch {
			case o.key == "":
				return cli.Usage("--key KEY.csv is needed (or --suggest KEY.csv to write one to fill in)")
			case o.out == "":
				return cli.Usage("-o OUT is needed: where the pseudonymised project is written")
			case o.log != "" && samePath(o.log, o.out):
				return cli.Usage("the log holds the identifiers: write it apart from the output, not to %s", o.log)
			case o.log != "" && samePath(o.log, args[0]):
				return cli.Usage("the log cannot be written over the input %s", o.log)
			}
			_, err := cli.ProjectFormat(o.out)
			return err
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			run := run
			if o.suggest != "" {
				run = suggest
			}
			if err := run(cmd, args[0], o); err != nil {
				errs := []error{err}
				if j, ok := err.(interface{ Unwrap() []error }); ok {
					errs = j.Unwrap() // the problems of a key, one a line
				}
				for _, err := range errs {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", cmd.CommandPath(), cmdutil.Printable(cli.Message(err)))
				}
				return cli.Exit(cli.ExitFailed)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.key, "key", "", "the key: a CSV file of original,replacement[,category]")
	f.StringVar(&o.log, "log", "", "write the log of replacements (it holds the identifiers) to this CSV file")
	f.StringVarP(&o.out, "output", "o", "", "the project to write: OUT.qdpx or OUT.qde")
	f.StringVar(&o.suggest, "suggest", "", "write a key to fill in to this CSV file, instead of pseudonymising")
	f.BoolVar(&o.caseSensitive, "case-sensitive", false, "match originals only in the case the key writes them")
	f.BoolVar(&o.unmarked, "unmarked", false, "write replacements as they are, not in [brackets]")
	f.BoolVar(&o.asJSON, "json", false, "print the report as one JSON object on standard output")
	f.BoolVar(&o.force, "force", false, "replace OUT, LOG or the suggested key if it exists")
	return cmd
}

func samePath(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

func run(cmd *cobra.Command, in string, o options) error {
	key, err := pseudonym.ReadKeyFile(o.key, pseudonym.Options{CaseSensitive: o.caseSensitive, Unmarked: o.unmarked})
	if err != nil {
		return err
	}
	doc, err := toolinput.Open(in)
	if err != nil {
		return err
	}
	defer doc.Close()
	res, err := key.Apply(doc)
	if err != nil {
		return err
	}
	format, _ := cli.ProjectFormat(o.out)
	rep := newReport(in, o, res)
	inputs := []string{in, o.key}
	err = cmdutil.WriteOutput(o.out, o.force, inputs, func(w io.Writer) error {
		cw := &cli.ByteCounter{W: w}
		_, err := res.Write(cw, nil, doc, format)
		rep.Bytes = cw.N
		return err
	})
	if err != nil {
		return err
	}
	if o.log != "" {
		if err := cmdutil.WriteOutput(o.log, o.force, append(inputs, o.out), func(w io.Writer) error { return writeLog(w, res.Log) }); err != nil {
			return fmt.Errorf("the project was written to %s, but not the log: %w", o.out, err)
		}
	}
	if o.asJSON {
		return writeJSON(cmd.OutOrStdout(), rep)
	}
	printReport(cmd.ErrOrStderr(), rep)
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// suggest writes a key to fill in.
func suggest(cmd *cobra.Command, in string, o options) error {
	doc, err := toolinput.Open(in)
	if err != nil {
		return err
	}
	defer doc.Close()
	sug, err := pseudonym.Suggest(doc)
	if err != nil {
		return err
	}
	if err := cmdutil.WriteOutput(o.suggest, o.force, []string{in}, func(w io.Writer) error { return pseudonym.WriteTemplate(w, sug) }); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, s := range sug {
		counts[s.Category]++
	}
	if o.asJSON {
		return writeJSON(cmd.OutOrStdout(), map[string]any{"input": in, "key": o.suggest, "entries": len(sug), "categories": counts})
	}
	w := cmd.ErrOrStderr()
	p := cmdutil.Printable
	fmt.Fprintf(w, "read:      %s\n", p(in))
	fmt.Fprintf(w, "suggested: %d %s (%s)\n", len(sug), cli.Plural(len(sug), "original"), perCategory(counts, []string{"case", "user", "value", "nearby"}))
	fmt.Fprintf(w, "wrote:     %s: fill in the replacements, delete the lines not to replace, then give it to --key\n", p(o.suggest))
	fmt.Fprintf(w, "warning:   %s holds the identifiers: keep it apart from the project\n", p(o.suggest))
	return nil
}
