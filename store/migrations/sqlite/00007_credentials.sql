-- +goose Up
-- The institute's Ed25519 signing keys, shared by every app process: the
-- private key sealed with AES-256-GCM under the key secret (--key-secret),
-- never stored in the clear. The newest generation not retired signs; the
-- others stay published so the credentials they signed still verify.
CREATE TABLE signing_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    generation  INTEGER NOT NULL UNIQUE,
    public_key  BLOB NOT NULL,
    private_key BLOB NOT NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    retired_at  DATETIME
);

-- Status list positions are numbered by one counter, so none is ever
-- given twice (a failed issue leaves a gap, never a repeat).
CREATE TABLE credential_status_counter (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    next INTEGER NOT NULL
);
INSERT INTO credential_status_counter (id, next) VALUES (1, 0);

-- Each certificate's signed Open Badges 3.0 credential, as issued (empty
-- for certificates issued before signing, until signed), and its position
-- in the revocation status lists.
ALTER TABLE certificates ADD COLUMN credential TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN status_list INTEGER;
ALTER TABLE certificates ADD COLUMN status_index INTEGER;
CREATE UNIQUE INDEX certificates_status_entry_key ON certificates (status_list, status_index);

-- +goose Down
DROP INDEX certificates_status_entry_key;
ALTER TABLE certificates DROP COLUMN status_index;
ALTER TABLE certificates DROP COLUMN status_list;
ALTER TABLE certificates DROP COLUMN credential;
DROP TABLE credential_status_counter;
DROP TABLE signing_keys;
