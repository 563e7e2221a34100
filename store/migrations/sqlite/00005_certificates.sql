-- +goose Up
-- Certificate templates: one per programme (programme_id NULL is the
-- institute's default), with the second language, paper, colour, logo and
-- wording; blank wording means the translated default.
CREATE TABLE certificate_templates (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id    INTEGER REFERENCES programmes (id),
    second_locale   TEXT NOT NULL DEFAULT 'ko',
    paper           TEXT NOT NULL DEFAULT 'A4' CHECK (paper IN ('A4', 'Letter')),
    colour          TEXT NOT NULL DEFAULT '#063A74',
    logo_key        TEXT NOT NULL DEFAULT '',
    institute       TEXT NOT NULL DEFAULT '',
    institute_local TEXT NOT NULL DEFAULT '',
    heading         TEXT NOT NULL DEFAULT '',
    heading_local   TEXT NOT NULL DEFAULT '',
    statement       TEXT NOT NULL DEFAULT '',
    statement_local TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX certificate_templates_programme_key ON certificate_templates (COALESCE(programme_id, 0));

CREATE TABLE certificate_signatories (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    template_id INTEGER NOT NULL REFERENCES certificate_templates (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    image_key   TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE INDEX certificate_signatories_template_idx ON certificate_signatories (template_id, position);

-- Issued certificates. What a certificate says is kept as issued, with the
-- SHA-256 of the stored PDF; a re-issue after a name correction marks the
-- old one superseded and points it to the new one.
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
    programme_title    TEXT NOT NULL DEFAULT '',
    second_locale      TEXT NOT NULL DEFAULT 'ko',
    hours              INTEGER NOT NULL DEFAULT 0,
    cohort_code        TEXT NOT NULL DEFAULT '',
    country            TEXT NOT NULL DEFAULT '',
    starts_on          DATE,
    ends_on            DATE,
    issued_at          DATETIME NOT NULL,
    status             TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'superseded')),
    revoked_at         DATETIME,
    revoke_reason      TEXT NOT NULL DEFAULT '',
    superseded_by      INTEGER REFERENCES certificates (id),
    file_key           TEXT NOT NULL,
    sha256             TEXT NOT NULL,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
-- One current certificate per enrolment (superseded ones stay for their
-- verification pages), and serials are unique.
CREATE UNIQUE INDEX certificates_enrolment_key ON certificates (enrolment_id) WHERE status <> 'superseded';
CREATE UNIQUE INDEX certificates_serial_key ON certificates (serial);
CREATE INDEX certificates_user_idx ON certificates (user_id);
CREATE INDEX certificates_cohort_idx ON certificates (cohort_id);

-- Bulk issues of a cohort: progress for the page, the ZIP when done.
CREATE TABLE certificate_batches (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id    INTEGER NOT NULL REFERENCES cohorts (id),
    requested_by INTEGER REFERENCES users (id),
    status       TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total        INTEGER NOT NULL DEFAULT 0,
    done         INTEGER NOT NULL DEFAULT 0,
    issued       INTEGER NOT NULL DEFAULT 0,
    zip_key      TEXT NOT NULL DEFAULT '',
    error        TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX certificate_batches_cohort_idx ON certificate_batches (cohort_id, id);

-- Cohorts whose completed trainees get their certificate without a click.
CREATE TABLE certificate_auto_cohorts (
    cohort_id  INTEGER PRIMARY KEY REFERENCES cohorts (id),
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE certificate_auto_cohorts;
DROP TABLE certificate_batches;
DROP TABLE certificates;
DROP TABLE certificate_signatories;
DROP TABLE certificate_templates;
