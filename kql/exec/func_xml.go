package exec

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds parse_xml, which turns XML into a dynamic value the way
// Kusto does: {"root": ...}, where an element without attributes or child
// elements is its text, attributes are keys "@name", repeated child
// elements become arrays and text beside children is "#text".

type xmlNode struct {
	name     string
	attrs    []xml.Attr
	children []*xmlNode
	text     strings.Builder
}

// maxXMLDepth caps element nesting, so that hostile input cannot
// exhaust the stack.
const maxXMLDepth = 1000

func parseXML(text string) (any, bool) {
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.Strict = false
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxXMLDepth {
				return nil, false
			}
			n := &xmlNode{name: t.Name.Local, attrs: t.Attr}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil {
		return nil, false
	}
	return map[string]any{root.name: xmlValue(root)}, true
}

func xmlValue(n *xmlNode) any {
	text := strings.TrimSpace(n.text.String())
	if len(n.attrs) == 0 && len(n.children) == 0 {
		if text == "" {
			return nil
		}
		return text
	}
	out := map[string]any{}
	for _, a := range n.attrs {
		out["@"+a.Name.Local] = a.Value
	}
	counts := map[string]int{}
	for _, c := range n.children {
		counts[c.name]++
	}
	for _, c := range n.children {
		v := xmlValue(c)
		if counts[c.name] == 1 {
			out[c.name] = v
			continue
		}
		list, _ := out[c.name].([]any)
		out[c.name] = append(list, v)
	}
	if text != "" {
		out["#text"] = text
	}
	return out
}

func init() {
	register(def("parse_xml", 1, 1, fixed(types.Dynamic), func(c *callEval, a []types.Value) types.Value {
		v, ok := parseXML(str(a, 0))
		if !ok {
			return nil
		}
		return v
	}))
}
