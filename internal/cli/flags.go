package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/exec"
)

// listFlag collects every value of a repeatable flag such as --input.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// timeFlag is an instant given on the command line.
type timeFlag struct {
	t   time.Time
	set bool
}

func (f *timeFlag) String() string {
	if !f.set {
		return ""
	}
	return f.t.Format(time.RFC3339Nano)
}

func (f *timeFlag) Set(v string) error {
	t, err := parseInstant(v)
	if err != nil {
		return err
	}
	f.t, f.set = t, true
	return nil
}

// instantLayouts are the forms --now accepts; times without a zone are UTC.
var instantLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.9999999",
	"2006-01-02 15:04:05.9999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseInstant(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	for _, layout := range instantLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid time %q: expected ISO 8601, such as 2026-03-01T12:00:00Z or 2026-03-01", v)
}

// cmdFlags is a subcommand's flag set and its synopsis.
type cmdFlags struct {
	*flag.FlagSet
	synopsis string
	env      Env
}

// newFlagSet returns the flag set of a subcommand. Its errors go to
// standard error; -h prints the usage to standard output.
func newFlagSet(name, synopsis string, env Env) *cmdFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {}
	return &cmdFlags{FlagSet: fs, synopsis: synopsis, env: env}
}

// usage writes the synopsis and the options to w.
func (c *cmdFlags) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\nOptions:\n", c.synopsis)
	c.SetOutput(w)
	c.PrintDefaults()
	c.SetOutput(c.env.Stderr)
}

// errHelp reports that -h was given and the usage printed; the command
// exits with status 0.
var errHelp = errors.New("help requested")

// exitStatus is the status a command returns for a parseInterleaved error.
func exitStatus(err error) int {
	if errors.Is(err, errHelp) {
		return exitOK
	}
	return exitUsage
}

// parseInterleaved parses flags that may come before, between or after
// positional arguments, as in `quarry query "T | take 5" --input x.evtx`.
// It returns the positional arguments in order. A lone "--" ends flag
// parsing. On -h it prints the usage to standard output and returns
// errHelp. After a bad flag, the flag package's message and the usage go
// to standard error.
func parseInterleaved(c *cmdFlags, args []string) ([]string, error) {
	var positional []string
	for {
		if err := c.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.usage(c.env.Stdout)
				return nil, errHelp
			}
			fmt.Fprintln(c.env.Stderr)
			c.usage(c.env.Stderr)
			return nil, err
		}
		rest := c.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// flag stops at "--" and consumes it; whatever follows is positional.
		if len(args) >= len(rest)+1 && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// checkFormat checks a --format value against the allowed ones.
func checkFormat(format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return fmt.Errorf("invalid --format %q: expected %s", format, strings.Join(allowed, ", "))
}

// engineLimits are the --max-rows and --max-memory flags, which bound what
// one query may produce.
type engineLimits struct {
	maxRows   int64
	maxMemory int64 // MiB
}

func (l *engineLimits) register(c *cmdFlags) {
	c.Int64Var(&l.maxRows, "max-rows", exec.DefaultMaxRows, "the most rows any step of a query may produce")
	c.Int64Var(&l.maxMemory, "max-memory", exec.DefaultMaxMemory>>20, "the most memory, in MiB, a query's intermediate results may take")
}

// options returns engine options with the limits and the clock.
func (l *engineLimits) options(now time.Time) kql.Options {
	return kql.Options{Now: now, MaxRows: l.maxRows, MaxMemory: l.maxMemory << 20}
}
