-- +goose Up
CREATE TABLE certificates (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id       INTEGER NOT NULL REFERENCES enrolments (id),
    user_id            INTEGER NOT NULL REFERENCES users (id),
    course_id          INTEGER NOT NULL REFERENCES courses (id),
    cohort_id          INTEGER REFERENCES cohorts (id),
    serial             TEXT NOT NULL,
    holder_name        TEXT NOT NULL,
    holder_native_name TEXT NOT NULL DEFAULT '',
    course_title       TEXT NOT NULL,
    course_title_local TEXT NOT NULL DEFAULT '',
    second_locale      TEXT NOT NULL DEFAULT 'ko',
    hours              INTEGER NOT NULL DEFAULT 0,
    cohort_code        TEXT NOT NULL DEFAULT '',
    country            TEXT NOT NULL DEFAULT '',
    starts_on          DATE,
    ends_on            DATE,
    issued_at          DATETIME NOT NULL,
    status             TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
    revoked_at         DATETIME,
    revoke_reason      TEXT NOT NULL DEFAULT '',
    file_key           TEXT NOT NULL,
    sha256             TEXT NOT NULL,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
-- One certificate per enrolment, and serials are unique.
CREATE UNIQUE INDEX certificates_enrolment_key ON certificates (enrolment_id);
CREATE UNIQUE INDEX certificates_serial_key ON certificates (serial);
CREATE INDEX certificates_user_idx ON certificates (user_id);

-- +goose Down
DROP TABLE certificates;
