package store

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
)

type txKey struct{}

// txState is the open transaction a context carries, with the cache
// versions bumped in it (expired in this process once it commits).
type txState struct {
	tx     *gorm.DB
	bumped []string
}

// InTx runs fn inside a transaction. The transaction travels in the context
// handed to fn, and a nested InTx (or Conn) on that context reuses it, so a
// service can compose other services' writes into one atomic unit.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	st := &txState{}
	err := d.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st.tx = tx
		return fn(context.WithValue(ctx, txKey{}, st))
	})
	if err == nil {
		// Committed: this process's watchers of what was bumped read
		// the new versions on their next use instead of up to a period
		// later, so whoever made the change sees it on the next page.
		d.watchers.expire(st.bumped...)
	}
	return err
}

// Conn returns the gorm handle for ctx: the open transaction if there is one,
// otherwise the pool, bound to ctx either way.
func (d *DB) Conn(ctx context.Context) *gorm.DB {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx.WithContext(ctx)
	}
	return d.Gorm.WithContext(ctx)
}

// SQLTx returns the database/sql transaction open in ctx, for a library
// that must join it (River inserting a job), and false outside one. It
// sees through gorm's prepared-statement wrapper.
func (d *DB) SQLTx(ctx context.Context) (*sql.Tx, bool) {
	st, ok := ctx.Value(txKey{}).(*txState)
	if !ok {
		return nil, false
	}
	pool := st.tx.Statement.ConnPool
	if p, ok := pool.(*gorm.PreparedStmtTX); ok {
		pool = p.Tx
	}
	tx, ok := pool.(*sql.Tx)
	return tx, ok
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

// Serialise makes the transaction in ctx wait for every other transaction
// that serialises on the same key, until it ends (PostgreSQL's
// pg_advisory_xact_lock). It is for rules that read rows other than the
// ones they write, where row locks would deadlock, such as "never demote
// the last administrator". SQLite needs none: its IMMEDIATE transactions
// already run one at a time.
func (d *DB) Serialise(ctx context.Context, key int64) error {
	if d.Dialect != Postgres {
		return nil
	}
	if err := d.Conn(ctx).Exec("SELECT pg_advisory_xact_lock(?)", key).Error; err != nil {
		return fmt.Errorf("store: serialise on %d: %w", key, err)
	}
	return nil
}
