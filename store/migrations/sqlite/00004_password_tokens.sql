-- +goose Up
CREATE TABLE password_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX password_tokens_hash_key ON password_tokens (token_hash);
CREATE INDEX password_tokens_user_idx ON password_tokens (user_id, created_at);

-- +goose Down
DROP TABLE password_tokens;
