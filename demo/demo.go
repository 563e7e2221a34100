// Package demo seeds the demonstration data that `baeum --demo` shows a
// newcomer: accounts for every role and learners from partner countries named
// in the institute's own documents. Seeding is idempotent.
package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
)

// Password is the demo accounts' password. It exists only in demo mode.
const Password = "baeum-demo"

// Login is one seeded account, for the start-up banner.
type Login struct {
	Email   string
	Role    accounts.Role
	Name    string
	Country string
}

// People are the demo accounts: staff of the institute and officials from
// the partner countries of SMU training and consulting (Laos, Ghana,
// Mongolia, Vietnam, Ethiopia, Cambodia).
var People = []accounts.NewUser{
	{Email: "admin@example.org", Name: "Kim Min-jun", NativeName: "김민준", Role: accounts.RoleAdmin, Locale: "ko", Country: "KR"},
	{Email: "coordinator@example.org", Name: "Lee Seo-yeon", NativeName: "이서연", Role: accounts.RoleCoordinator, Locale: "ko", Country: "KR"},
	{Email: "staff@example.org", Name: "Park Ji-ho", NativeName: "박지호", Role: accounts.RoleStaff, Locale: "ko", Country: "KR"},
	{Email: "learner@example.org", Name: "Souksavanh Phommachanh", NativeName: "ສຸກສະຫວັນ ພົມມະຈັນ", Role: accounts.RoleLearner, Country: "LA"},
	{Email: "learner.gh@example.org", Name: "Ama Owusu", Role: accounts.RoleLearner, Locale: "en", Country: "GH"},
	{Email: "learner.mn@example.org", Name: "Bat-Erdene Ganbold", NativeName: "Бат-Эрдэнэ Ганболд", Role: accounts.RoleLearner, Locale: "ru", Country: "MN"},
	{Email: "learner.vn@example.org", Name: "Nguyen Thi Huong", NativeName: "Nguyễn Thị Hương", Role: accounts.RoleLearner, Locale: "vi", Country: "VN"},
	{Email: "learner.et@example.org", Name: "Abebe Kebede", NativeName: "አበበ ከበደ", Role: accounts.RoleLearner, Locale: "en", Country: "ET"},
	{Email: "learner.kh@example.org", Name: "Sok Dara", NativeName: "សុខ ដារ៉ា", Role: accounts.RoleLearner, Locale: "fr", Country: "KH"},
}

// Seed creates the demo accounts that do not exist yet and returns all of
// them. Running it again changes nothing.
func Seed(ctx context.Context, acc *accounts.Service) ([]Login, error) {
	logins := make([]Login, 0, len(People))
	for _, p := range People {
		_, err := acc.UserByEmail(ctx, p.Email)
		switch {
		case errors.Is(err, accounts.ErrUserNotFound):
			p.Password = Password
			if _, err := acc.CreateUser(ctx, accounts.Actor{}, p); err != nil {
				return nil, fmt.Errorf("demo: create %s: %w", p.Email, err)
			}
		case err != nil:
			return nil, fmt.Errorf("demo: look up %s: %w", p.Email, err)
		}
		logins = append(logins, Login{Email: p.Email, Role: p.Role, Name: p.Name, Country: p.Country})
	}
	return logins, nil
}
