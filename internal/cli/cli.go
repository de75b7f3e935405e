// Package cli implements the quarry command line: one file per subcommand.
// Main is the entry point; it returns the process exit status.
package cli

import (
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"
)

// Env holds a command's standard streams. Tests substitute buffers.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Exit statuses shared by all subcommands.
const (
	exitOK    = 0
	exitFound = 1 // check: a file has an error; test: a test failed
	exitUsage = 2
)

// command is one subcommand.
type command struct {
	summary string
	run     func(args []string, env Env) int
}

// commands is filled by the init function of each subcommand's file.
var commands = map[string]command{}

func register(name, summary string, run func([]string, Env) int) {
	commands[name] = command{summary: summary, run: run}
}

// Main runs the subcommand named by args[0] and returns the exit status.
func Main(args []string, env Env) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			if _, ok := commands[args[1]]; ok {
				return commands[args[1]].run([]string{"-h"}, env)
			}
		}
		usage(env.Stdout)
		return exitOK
	case "-version", "--version", "version":
		fmt.Fprintln(env.Stdout, "quarry", version())
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "quarry: unknown command %q\n\n", args[0])
		usage(env.Stderr)
		return exitUsage
	}
	return cmd.run(args[1:], env)
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("quarry runs KQL detections over Windows event logs and Defender exports.\n\nUsage:\n  quarry COMMAND [options]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "  %-12s %s\n", name, commands[name].summary)
	}
	b.WriteString("\nRun 'quarry help COMMAND' for a command's options, 'quarry version' for the version.\n")
	io.WriteString(w, b.String())
}

// version returns the module version the binary was built from, such as
// v0.1.0, or "(devel)" with the commit for a build from a checkout.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
