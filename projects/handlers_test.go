package projects_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/projects"
)

// TestHandlersKeepOutOfTheService: no handler reads a field of the
// service (its database, the other services it uses); everything a page
// or the API needs is a service method, so both ask the same one.
func TestHandlersKeepOutOfTheService(t *testing.T) {
	fields := map[string]bool{}
	st := reflect.TypeFor[projects.Service]()
	for i := range st.NumField() {
		fields[st.Field(i).Name] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			inner, ok := sel.X.(*ast.SelectorExpr)
			if !ok || inner.Sel.Name != "svc" || !fields[sel.Sel.Name] {
				return true
			}
			// Exported fields (BaseURL) are settings, not the insides.
			if h, ok := inner.X.(*ast.Ident); ok && h.Name == "h" && !ast.IsExported(sel.Sel.Name) {
				t.Errorf("%s: a handler reads the service's field %s", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
