-- +goose Up
-- The keys clients of the learning record store sign in with (HTTP Basic:
-- the key as user name, its secret as password), made and revoked by an
-- admin. Only a hash of the secret is kept; the secret is shown once.
CREATE TABLE lrs_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    key          TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    read_only    BOOLEAN NOT NULL DEFAULT FALSE,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at   DATETIME
);

-- +goose Down
DROP TABLE lrs_keys;
