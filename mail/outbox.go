// Package mail queues e-mail in the database, in the same transaction as
// the change it reports, so a message is sent exactly when its change
// commits; a background worker delivers the queue.
package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/baeum-lms/baeum/store"
)

// Message is one queued e-mail.
type Message struct {
	ID        int64
	ToAddress string
	Subject   string
	Body      string
	SentAt    *time.Time
	Attempts  int
	LastError string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName keeps gorm on the migrated table name.
func (Message) TableName() string { return "mail_outbox" }

// Enqueue adds a message to the outbox inside the caller's transaction.
func Enqueue(ctx context.Context, db *store.DB, to, subject, body string) error {
	m := Message{ToAddress: to, Subject: subject, Body: body}
	if err := db.Conn(ctx).Create(&m).Error; err != nil {
		return fmt.Errorf("mail: queue message to %s: %w", to, err)
	}
	return nil
}

// Pending lists up to limit unsent messages, oldest first.
func Pending(ctx context.Context, db *store.DB, limit int) ([]Message, error) {
	var out []Message
	if err := db.Conn(ctx).Where("sent_at IS NULL AND attempts < ?", 10).Order("id").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("mail: pending messages: %w", err)
	}
	return out, nil
}

// EnqueueAll adds many messages to the outbox inside the caller's
// transaction, in batches.
func EnqueueAll(ctx context.Context, db *store.DB, msgs []Message) error {
	if len(msgs) == 0 {
		return nil
	}
	if err := db.Conn(ctx).CreateInBatches(&msgs, 500).Error; err != nil {
		return fmt.Errorf("mail: queue %d messages: %w", len(msgs), err)
	}
	return nil
}
