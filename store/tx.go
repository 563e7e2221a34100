package store

import (
	"context"

	"gorm.io/gorm"
)

type txKey struct{}

// InTx runs fn inside a transaction. The transaction travels in the context
// handed to fn, and a nested InTx (or Conn) on that context reuses it, so a
// service can compose other services' writes into one atomic unit.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	return d.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// Conn returns the gorm handle for ctx: the open transaction if there is one,
// otherwise the pool, bound to ctx either way.
func (d *DB) Conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx.WithContext(ctx)
	}
	return d.Gorm.WithContext(ctx)
}

// ForUpdate adds a row lock to q where the dialect has one (PostgreSQL's
// SELECT … FOR UPDATE). SQLite needs none: its IMMEDIATE transactions already
// serialise writers.
func (d *DB) ForUpdate(q *gorm.DB) *gorm.DB {
	if d.Dialect == Postgres {
		return q.Clauses(forUpdate)
	}
	return q
}
