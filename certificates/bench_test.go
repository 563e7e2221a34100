package certificates_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/baeum-lms/baeum/store/storetest"
)

// BenchmarkCohortZip1000 issues a cohort of 1,000 completed trainees and
// writes their ZIP, as the bulk job does, on each database (PostgreSQL when
// BAEUM_TEST_DATABASE_URL is set). The issue asks for under 10 s.
func BenchmarkCohortZip1000(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			ctx := context.Background()
			e := newEnv(b, storetest.New(b, d))
			people := make([]trainee, 1000)
			for i := range people {
				people[i] = trainee{fmt.Sprintf("Trainee %04d", i), []string{"김민준", "Nguyễn Thị Ánh", "Батбаяр", ""}[i%4], "VN"}
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
		})
	}
}
