-- +goose Up
-- Other learning record stores every statement is forwarded to, in the
-- order stored: position is the last xapi_statements.id the other LRS
-- took, so a forward that fails (or a process killed while sending)
-- sends the same statements again, and the other LRS keeps each id once.
CREATE TABLE lrs_forwards (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint        TEXT NOT NULL,
    username        TEXT NOT NULL,
    password        TEXT NOT NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    last_attempt_at DATETIME,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    deleted_at      DATETIME
);

-- +goose Down
DROP TABLE lrs_forwards;
