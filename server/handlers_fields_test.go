package server_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/projects"
)

// TestHandlersKeepOutOfTheServices: in every feature, no handler reads an
// unexported field of its service (its database, the other services it
// uses); everything a page or the API needs is a service method that takes
// the actor, so both faces ask the same one.
func TestHandlersKeepOutOfTheServices(t *testing.T) {
	t.Parallel()
	features := map[string]reflect.Type{
		"accounts":     reflect.TypeFor[accounts.Service](),
		"courses":      reflect.TypeFor[courses.Service](),
		"enrollment":   reflect.TypeFor[enrollment.Service](),
		"certificates": reflect.TypeFor[certificates.Service](),
		"projects":     reflect.TypeFor[projects.Service](),
	}
	for dir, st := range features {
		fields := map[string]bool{}
		for i := range st.NumField() {
			fields[st.Field(i).Name] = true
		}
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", dir, err)
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
				if _, ok := inner.X.(*ast.Ident); ok && !ast.IsExported(sel.Sel.Name) {
					t.Errorf("%s: a handler reads the service's field %s", fset.Position(sel.Pos()), sel.Sel.Name)
				}
				return true
			})
		}
	}
}
