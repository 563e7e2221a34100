package mail

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"

	"github.com/baeum-lms/baeum/store"
)

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// LogSender writes messages to the log instead of sending them: the
// development default when no SMTP server is configured.
type LogSender struct{ Log *slog.Logger }

// Send logs the message.
func (s LogSender) Send(ctx context.Context, m Message) error {
	s.Log.InfoContext(ctx, "mail (not sent: no SMTP server configured)", "to", m.ToAddress, "subject", m.Subject, "body", m.Body)
	return nil
}

// SMTPConfig is an SMTP server to send through.
type SMTPConfig struct {
	Addr     string // host:port
	Username string
	Password string
	From     string
}

// SMTPSender sends through an SMTP server, with STARTTLS when the server
// offers it (net/smtp.SendMail does) and PLAIN auth when a user is set.
type SMTPSender struct{ Config SMTPConfig }

// Send sends one message as UTF-8 text.
func (s SMTPSender) Send(_ context.Context, m Message) error {
	host, _, err := net.SplitHostPort(s.Config.Addr)
	if err != nil {
		return fmt.Errorf("mail: SMTP address %q: %w", s.Config.Addr, err)
	}
	var auth smtp.Auth
	if s.Config.Username != "" {
		auth = smtp.PlainAuth("", s.Config.Username, s.Config.Password, host)
	}
	if strings.ContainsAny(m.ToAddress, "\r\n") || strings.ContainsAny(s.Config.From, "\r\n") {
		return fmt.Errorf("mail: header injection refused")
	}
	msg := "From: " + s.Config.From + "\r\n" +
		"To: " + m.ToAddress + "\r\n" +
		"Subject: " + mime.QEncoding.Encode("utf-8", m.Subject) + "\r\n" +
		"Date: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(m.Body, "\n", "\r\n")
	return smtp.SendMail(s.Config.Addr, auth, s.Config.From, []string{m.ToAddress}, []byte(msg))
}

// Deliver sends up to limit pending messages and records each outcome; it
// returns how many were sent. A failed message is retried on a later run,
// up to ten attempts.
func Deliver(ctx context.Context, db *store.DB, sender Sender, limit int) (int, error) {
	pending, err := Pending(ctx, db, limit)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range pending {
		// Claim this attempt first: of two workers that read the same
		// row, only the one whose update lands sends it.
		claim := db.Conn(ctx).Model(&Message{}).Where("id = ? AND attempts = ? AND sent_at IS NULL", m.ID, m.Attempts).
			Updates(map[string]any{"attempts": m.Attempts + 1, "updated_at": time.Now().UTC()})
		if claim.Error != nil {
			return sent, fmt.Errorf("mail: claim message %d: %w", m.ID, claim.Error)
		}
		if claim.RowsAffected != 1 {
			continue
		}
		updates := map[string]any{"updated_at": time.Now().UTC()}
		if err := sender.Send(ctx, m); err != nil {
			updates["last_error"] = err.Error()
		} else {
			updates["sent_at"] = time.Now().UTC()
			updates["last_error"] = ""
			sent++
		}
		if err := db.Conn(ctx).Model(&Message{}).Where("id = ?", m.ID).Updates(updates).Error; err != nil {
			return sent, fmt.Errorf("mail: record delivery of %d: %w", m.ID, err)
		}
	}
	return sent, nil
}
