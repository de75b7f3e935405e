// Package builtin holds the detection rules that ship inside quarry and run
// when no --rules path is given.
package builtin

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/quarry-kql/quarry/rules"
)

//go:embed *.yaml
var files embed.FS

// Rules returns the built-in rules, sorted by file name. Each call returns
// fresh copies.
func Rules() ([]*rules.Rule, error) {
	names, err := fs.Glob(files, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*rules.Rule
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		r, err := rules.Parse(data, "builtin/"+name)
		if err != nil {
			return nil, fmt.Errorf("built-in rule: %w", err)
		}
		r.Path = ""
		out = append(out, r)
	}
	return out, nil
}
