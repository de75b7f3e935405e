package schema

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// ReadFile reads table schemas from a text file of one column per line:
// table, column and type separated by tabs or commas, as in
//
//	CommonSecurityLog	TimeGenerated	datetime
//	CommonSecurityLog	DeviceVendor	string
//
// A first line whose type field is "type" is a header and skipped, and so
// are blank lines and lines starting with #. Further fields, such as a
// description, are ignored. Column names are kept exactly as written.
func ReadFile(path string) ([]*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path)
}

func read(r io.Reader, name string) ([]*Table, error) {
	var tables []*Table
	byName := map[string]*Table{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		sep := "\t"
		if !strings.Contains(text, "\t") {
			sep = ","
		}
		fields := strings.Split(text, sep)
		if len(fields) < 3 {
			return nil, fmt.Errorf("%s:%d: expected table, column and type, found %q", name, line, text)
		}
		tableName, column, typ := strings.TrimSpace(fields[0]), fields[1], strings.TrimSpace(fields[2])
		if line == 1 && strings.EqualFold(typ, "type") {
			continue
		}
		kind, ok := types.ParseKind(typ)
		if !ok {
			return nil, fmt.Errorf("%s:%d: unknown type %q for column %q: expected a KQL type such as string, long or datetime", name, line, typ, column)
		}
		if tableName == "" || strings.TrimSpace(column) == "" {
			return nil, fmt.Errorf("%s:%d: empty table or column name", name, line)
		}
		t := byName[tableName]
		if t == nil {
			t = &Table{Name: tableName}
			byName[tableName] = t
			tables = append(tables, t)
		}
		if t.Column(column) >= 0 {
			return nil, fmt.Errorf("%s:%d: column %q of table %s is declared twice", name, line, column, tableName)
		}
		t.Columns = append(t.Columns, types.Column{Name: column, Type: kind})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return tables, nil
}

// ReadPath reads the schema files at path: the file itself, or every .tsv
// and .csv file under a folder, in sorted order.
func ReadPath(path string) ([]*Table, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return ReadFile(path)
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(p))
		if !d.IsDir() && (ext == ".tsv" || ext == ".csv") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var all []*Table
	for _, f := range files {
		tables, err := ReadFile(f)
		if err != nil {
			return nil, err
		}
		all = append(all, tables...)
	}
	return all, nil
}

// With returns a set holding the set's tables and the extra ones. A table
// both have keeps its columns, followed by the extra table's columns of
// other names, as Combined merges the two flavours.
func (s *Set) With(extra []*Table) *Set {
	tables := make([]*Table, 0, len(s.tables)+len(extra))
	for _, t := range s.tables {
		tables = append(tables, &Table{Name: t.Name, Columns: append([]types.Column(nil), t.Columns...)})
	}
	out := newSet(tables)
	for _, e := range extra {
		if t, ok := out.byName[e.Name]; ok {
			for _, c := range e.Columns {
				if t.Column(c.Name) < 0 {
					t.Columns = append(t.Columns, c)
				}
			}
			continue
		}
		t := &Table{Name: e.Name, Columns: append([]types.Column(nil), e.Columns...)}
		out.tables = append(out.tables, t)
		out.byName[t.Name] = t
	}
	return out
}
