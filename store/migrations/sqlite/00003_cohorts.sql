-- +goose Up
ALTER TABLE users ADD COLUMN position TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN gender TEXT NOT NULL DEFAULT '';

CREATE TABLE cohorts (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id             INTEGER NOT NULL REFERENCES courses (id),
    code                  TEXT NOT NULL,
    country               TEXT NOT NULL,
    partner_org           TEXT NOT NULL DEFAULT '',
    starts_on             DATE NOT NULL,
    ends_on               DATE NOT NULL,
    capacity              INTEGER NOT NULL CHECK (capacity > 0),
    seats_taken           INTEGER NOT NULL DEFAULT 0,
    applications_open_on  DATE,
    applications_close_on DATE,
    delivery              TEXT NOT NULL CHECK (delivery IN ('online', 'in_person', 'blended')),
    venue                 TEXT NOT NULL DEFAULT '',
    languages             TEXT NOT NULL DEFAULT '',
    attendance_threshold  INTEGER NOT NULL DEFAULT 80 CHECK (attendance_threshold BETWEEN 0 AND 100),
    created_at            DATETIME NOT NULL,
    updated_at            DATETIME NOT NULL,
    -- The seat count can never pass the capacity, whatever the code does.
    CHECK (seats_taken >= 0 AND seats_taken <= capacity),
    CHECK (ends_on >= starts_on)
);
CREATE UNIQUE INDEX cohorts_code_key ON cohorts (code);
CREATE INDEX cohorts_course_idx ON cohorts (course_id);

CREATE TABLE cohort_coordinators (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX cohort_coordinators_key ON cohort_coordinators (cohort_id, user_id);
CREATE INDEX cohort_coordinators_user_idx ON cohort_coordinators (user_id);

CREATE TABLE applications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id     INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('applied', 'waitlisted', 'accepted', 'rejected', 'withdrawn')),
    reason        TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    nominated_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    waitlisted_at DATETIME,
    decided_at    DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX applications_key ON applications (cohort_id, user_id);
CREATE INDEX applications_user_idx ON applications (user_id);
CREATE INDEX applications_waitlist_idx ON applications (cohort_id, status, waitlisted_at);

ALTER TABLE enrolments ADD COLUMN cohort_id INTEGER REFERENCES cohorts (id);
ALTER TABLE enrolments ADD COLUMN attendance_rate INTEGER;
DROP INDEX enrolments_user_course_key;
-- One self-paced enrolment per person and course, one per person and cohort.
CREATE UNIQUE INDEX enrolments_self_paced_key ON enrolments (user_id, course_id) WHERE cohort_id IS NULL;
CREATE UNIQUE INDEX enrolments_cohort_key ON enrolments (user_id, cohort_id) WHERE cohort_id IS NOT NULL;
CREATE INDEX enrolments_cohort_idx ON enrolments (cohort_id);

CREATE TABLE class_sessions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    starts_at  DATETIME NOT NULL,
    topic      TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX class_sessions_cohort_idx ON class_sessions (cohort_id, starts_at);

CREATE TABLE attendance (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id   INTEGER NOT NULL REFERENCES class_sessions (id) ON DELETE CASCADE,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    mark         TEXT NOT NULL CHECK (mark IN ('present', 'late', 'absent', 'excused')),
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX attendance_key ON attendance (session_id, enrolment_id);
CREATE INDEX attendance_enrolment_idx ON attendance (enrolment_id);

CREATE TABLE mail_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    to_address TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    sent_at    DATETIME,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (sent_at, id);

-- +goose Down
DROP TABLE mail_outbox;
DROP TABLE attendance;
DROP TABLE class_sessions;
DROP INDEX enrolments_cohort_idx;
DROP INDEX enrolments_cohort_key;
DROP INDEX enrolments_self_paced_key;
CREATE UNIQUE INDEX enrolments_user_course_key ON enrolments (user_id, course_id);
ALTER TABLE enrolments DROP COLUMN attendance_rate;
ALTER TABLE enrolments DROP COLUMN cohort_id;
DROP TABLE applications;
DROP TABLE cohort_coordinators;
DROP TABLE cohorts;
ALTER TABLE users DROP COLUMN gender;
ALTER TABLE users DROP COLUMN organisation;
ALTER TABLE users DROP COLUMN position;
