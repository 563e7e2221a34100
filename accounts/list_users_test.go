package accounts

import (
	"context"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestListUsersSearch: every word must appear in the name, native name or
// e-mail, whatever its case and script; typed wildcards match only
// themselves; pages and totals count what the search keeps.
func TestListUsersSearch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ctx := context.Background()
		for _, u := range []NewUser{
			{Email: "bold@example.mn", Name: "Bold Bat", NativeName: "БОЛД Бат", Country: "MN"},
			{Email: "an@example.vn", Name: "Nguyen Van An", NativeName: "NGUYỄN Văn An", Country: "VN"},
			{Email: "ama_50@example.gh", Name: "Ama Owusu", Country: "GH"},
			{Email: "amara@example.gh", Name: "Amara Mensah", Country: "GH"},
		} {
			u.Password, u.Role = "long-enough-pw", RoleLearner
			if _, err := s.CreateUser(ctx, Actor{}, u); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			query string
			want  []string // e-mails, newest first
		}{
			{"болд", []string{"bold@example.mn"}},
			{"nguyễn AN", []string{"an@example.vn"}},
			{"AMA", []string{"amara@example.gh", "ama_50@example.gh"}},
			{"ama_", []string{"ama_50@example.gh"}},
			{"%", nil},
			{"ama gh", []string{"amara@example.gh", "ama_50@example.gh"}},
			{"ama mn", nil},
		} {
			got, total, err := s.ListUsers(ctx, UserFilter{Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			var emails []string
			for _, u := range got {
				emails = append(emails, u.Email)
			}
			if int(total) != len(tc.want) || len(emails) != len(tc.want) {
				t.Errorf("%q: %v (total %d), want %v", tc.query, emails, total, tc.want)
				continue
			}
			for i := range emails {
				if emails[i] != tc.want[i] {
					t.Errorf("%q: %v, want %v", tc.query, emails, tc.want)
				}
			}
		}
		// A search SQL cannot fold pages in Go: page 2 of one.
		got, total, err := s.ListUsers(ctx, UserFilter{Query: "Ă", Page: 2, PerPage: 1})
		if err != nil || total != 1 || len(got) != 0 {
			t.Errorf("page 2 of a one-user search: %d users, total %d, %v", len(got), total, err)
		}
	})
}
