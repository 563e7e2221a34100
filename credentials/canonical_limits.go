package credentials

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// ErrTooComplex is returned (wrapped) by Canonicalize for a document whose RDF graph is
// too large, or whose blank nodes are so alike that RDFC-1.0 would have to try a
// factorial number of orderings of them (a "poison" graph: two identical subjects with
// nine identical identifiers each take json-gold 18 s, and it has no work limit of its
// own). Verifiers bound this too (rdf-canonize's maxWorkFactor); no credential Baeum
// issues comes near either limit.
var ErrTooComplex = errors.New("document too complex to canonicalize")

const (
	// maxQuads bounds the RDF statements of one document (a credential has about 30).
	maxQuads = 10000
	// maxPermutations bounds the sum, over the groups of blank nodes that RDFC-1.0
	// cannot tell apart by their own statements and that are linked to each other, of
	// (group size)!: the orderings the algorithm may have to try. 720 = 6! (a complete
	// graph of six alike blank nodes canonicalises in about 0.15 s).
	maxPermutations = 720
)

// checkComplexity refuses a dataset that would make the canonicalisation algorithm
// expensive. Its measure follows RDFC-1.0: blank nodes whose first-degree hashes are
// equal ("non-unique") are the only ones for which it runs the N-degree hash, whose cost
// grows with the factorial of how many such nodes are linked together (through blank
// nodes, unique ones included). Each component of the blank-node graph that has k ≥ 2
// non-unique nodes counts k!.
func checkComplexity(ds *ld.RDFDataset) error {
	total := 0
	for _, quads := range ds.Graphs {
		total += len(quads)
	}
	if total > maxQuads {
		return fmt.Errorf("%w: %d statements, more than %d", ErrTooComplex, total, maxQuads)
	}
	// The first-degree hash of a blank node is a hash of its statements with itself
	// written _:a and every other blank node _:z; equal signatures mean equal hashes.
	statements := make(map[string][]string)
	parent := make(map[string]string)
	find := func(b string) string {
		for parent[b] != b {
			parent[b] = parent[parent[b]]
			b = parent[b]
		}
		return b
	}
	for graphName, quads := range ds.Graphs {
		var graph ld.Node
		if graphName != "@default" {
			graph = ld.NewIRI(graphName)
			if strings.HasPrefix(graphName, "_:") {
				graph = ld.NewBlankNode(graphName)
			}
		}
		for _, q := range quads {
			terms := [4]ld.Node{q.Subject, q.Predicate, q.Object, graph}
			var blanks []string
			for _, n := range terms {
				if n != nil && ld.IsBlankNode(n) {
					blanks = append(blanks, n.GetValue())
				}
			}
			for _, b := range blanks {
				if _, ok := parent[b]; !ok {
					parent[b] = b
				}
				statements[b] = append(statements[b], statementSignature(terms, b))
			}
			for _, b := range blanks[min(1, len(blanks)):] {
				parent[find(b)] = find(blanks[0])
			}
		}
	}
	bySignature := make(map[string][]string, len(statements))
	for b, s := range statements {
		sort.Strings(s)
		sig := strings.Join(s, "\n")
		bySignature[sig] = append(bySignature[sig], b)
	}
	nonUnique := make(map[string]int) // component root → non-unique blank nodes in it
	for _, nodes := range bySignature {
		if len(nodes) > 1 {
			for _, b := range nodes {
				nonUnique[find(b)]++
			}
		}
	}
	work := 0
	for _, k := range nonUnique {
		if k < 2 {
			continue
		}
		f := 1
		for i := 2; i <= k && f <= maxPermutations; i++ {
			f *= i
		}
		work += f
		if work > maxPermutations {
			return fmt.Errorf("%w: %d linked blank nodes that only their position tells apart", ErrTooComplex, k)
		}
	}
	return nil
}

// statementSignature writes a statement for the first-degree hash of blank node self.
func statementSignature(terms [4]ld.Node, self string) string {
	var b strings.Builder
	for _, n := range terms {
		switch {
		case n == nil:
			b.WriteString("-")
		case ld.IsBlankNode(n):
			if n.GetValue() == self {
				b.WriteString("_:a")
			} else {
				b.WriteString("_:z")
			}
		case ld.IsLiteral(n):
			l, _ := n.(ld.Literal)
			fmt.Fprintf(&b, "%q^^%s@%s", l.Value, l.Datatype, l.Language)
		default:
			b.WriteString("<" + n.GetValue() + ">")
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// normalize runs RDFC-1.0 on a checked dataset and writes the canonical N-Quads, sorted,
// one line each (json-gold's own output concatenates strings, which is quadratic).
func normalize(ds *ld.RDFDataset) (string, error) {
	na := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015)
	na.Normalize(ds)
	var b strings.Builder
	serializer := &ld.NQuadRDFSerializer{}
	one := &ld.RDFDataset{Graphs: map[string][]*ld.Quad{}}
	for _, q := range na.Quads() {
		name := "@default"
		if q.Graph != nil {
			name = q.Graph.GetValue()
		}
		clear(one.Graphs)
		one.Graphs[name] = []*ld.Quad{q}
		if err := serializer.SerializeTo(&b, one); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}
