package certificates_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/baeum-lms/baeum/certificates"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// BenchmarkRenderScript renders one certificate per script of the native
// name ("Latin" has no native name, for comparison): the name is shaped and
// its outlines made once per process, then taken from pdfdoc's caches.
func BenchmarkRenderScript(b *testing.B) {
	scripts := slices.Sorted(func(yield func(string) bool) {
		for s := range nativeNames {
			if !yield(s) {
				return
			}
		}
	})
	for _, script := range append([]string{"Latin"}, scripts...) {
		b.Run(script, func(b *testing.B) {
			d := sample("Somsak Phommachan", nativeNames[script])
			b.ReportAllocs()
			for b.Loop() {
				var buf bytes.Buffer
				if err := certificates.Render(&buf, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCohortZip1000Scripts is BenchmarkCohortZip1000 with the
// trainees' native names in every script the certificates print, in turn,
// on SQLite.
func BenchmarkCohortZip1000Scripts(b *testing.B) {
	ctx := context.Background()
	e := newEnv(b, storetest.New(b, store.SQLite))
	var natives []string
	for _, n := range nativeNames {
		natives = append(natives, n)
	}
	people := make([]trainee, 1000)
	for i := range people {
		people[i] = trainee{fmt.Sprintf("Trainee %04d", i), natives[i%len(natives)], "LA"}
	}
	e.enrol(b, true, people...)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if err := e.db.Gorm.Exec("DELETE FROM certificates").Error; err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		batch, err := e.svc.StartBatch(ctx, e.actor(), e.cohort.ID)
		if err != nil {
			b.Fatal(err)
		}
		if err := e.svc.RunBatch(ctx, batch.ID); err != nil {
			b.Fatal(err)
		}
		if batch, _ = e.svc.Batch(ctx, batch.ID); batch.Issued != 1000 {
			b.Fatalf("issued %d", batch.Issued)
		}
	}
}
