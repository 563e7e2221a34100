-- +goose Up
-- The content of statement attachments sent with their statements
-- (multipart/mixed), kept once by their SHA-2 as the statements name them.
CREATE TABLE xapi_attachments (
    sha2         TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    length       INTEGER NOT NULL,
    content      BLOB NOT NULL,
    created_at   DATETIME NOT NULL
);

-- +goose Down
DROP TABLE xapi_attachments;
