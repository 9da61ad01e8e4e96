// Package cli is what the subcommands of the qdabridge command share: how a
// command runs and ends (exit status 0 done, 1 failed, 2 usage), how
// errors and names from files are printed, and how flags are declared (on
// cobra commands, so that they may come before or after the inputs).
package cli

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
)

// The exit statuses of every subcommand.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
)

// Exit is the error a command's RunE returns to end with a status other
// than 0, after it has said why on standard error.
type Exit int

func (e Exit) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// Usage is the error a command returns for a usage mistake: the message
// is printed with a pointer to --help, and the status is 2.
func Usage(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Execute runs cmd (the root command or a subcommand on its own, in tests)
// with args, writing to stdout and stderr, and returns the exit status.
// Usage mistakes, whether cobra's (an unknown flag, a missing argument) or
// a command's own [Usage], are printed as "NAME: message" with a hint to
// run --help, and give status 2.
func Execute(cmd *cobra.Command, args []string, stdout, stderr io.Writer) int {
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.SilenceErrors = true
	cmd.SilenceUsage = true
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err.Error()} })
	ran, err := cmd.ExecuteC()
	if err == nil {
		return ExitOK
	}
	var exit Exit
	if errors.As(err, &exit) {
		return int(exit)
	}
	name := "qdabridge"
	if ran != nil {
		name = ran.CommandPath()
	}
	msg := cmdutil.Printable(Message(err))
	var ue *usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintf(stderr, "%s: %s\nRun '%s --help' for how to use it.\n", name, msg, name)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "%s: %s\n", name, msg)
	return ExitFailed
}

// isCobraUsage reports whether err is one of cobra's own usage errors
// (unknown command, wrong number of arguments), which it returns as plain
// errors.
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "requires at most", "invalid argument", "unknown flag", "unknown shorthand", "flag needs an argument"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// internalPrefix matches the package names the library puts before its
// messages ("refi: ", "safefile: "), which mean nothing to a researcher.
var internalPrefix = regexp.MustCompile(`(^|: )(refi|nvivo|xlsx|workbook|safefile|cmdutil|zip|flate|agreement|remap|merge|rqda|qualcoder|taguette|maxqda|atlasti|segments|sqlitedb|transcript|pseudonym): `)

// Message is err's message as a user reads it: without the names of the
// packages it passed through.
func Message(err error) string {
	s := err.Error()
	for {
		t := internalPrefix.ReplaceAllString(s, "$1")
		if t == s {
			return s
		}
		s = t
	}
}
