package store

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date without time or zone, stored as SQL DATE and
// written as "2006-01-02" everywhere (forms, JSON, CSV).
type Date string

// DateLayout is the one text form of a Date.
const DateLayout = "2006-01-02"

// ParseDate reads "2006-01-02" into a Date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return "", err
	}
	return Date(t.Format(DateLayout)), nil
}

// DateOf is the calendar date of t in UTC.
func DateOf(t time.Time) Date { return Date(t.UTC().Format(DateLayout)) }

// Time is the date at midnight UTC.
func (d Date) Time() time.Time {
	t, _ := time.Parse(DateLayout, string(d))
	return t
}

// Scan reads a DATE from either driver: PostgreSQL hands a time.Time, SQLite
// a string or a time.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = ""
	case time.Time:
		*d = DateOf(v)
	case string:
		if len(v) < 10 {
			return fmt.Errorf("store: bad date %q", v)
		}
		*d = Date(v[:10])
	case []byte:
		return d.Scan(string(v))
	default:
		return fmt.Errorf("store: cannot scan %T into a date", src)
	}
	return nil
}

// Value writes the date as text, which both databases cast to DATE.
func (d Date) Value() (driver.Value, error) {
	if d == "" {
		return nil, nil
	}
	return string(d), nil
}
