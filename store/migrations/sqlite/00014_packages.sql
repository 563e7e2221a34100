-- +goose Up
-- E-learning packages (SCORM 1.2, SCORM 2004, cmi5) as lessons.
--
-- Lessons get a fifth kind. SQLite cannot alter a CHECK constraint, and
-- rebuilding lessons would need foreign keys off, which a transaction
-- cannot do; SQLite documents this edit of the stored schema for a
-- constraint that only gets looser (lang_altertable.html, section 7).
-- RESET reloads this connection's schema; the CREATE TABLE below bumps the
-- schema version, so every other connection reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (''text'', ''video'', ''file'', ''quiz''))',
    'CHECK (kind IN (''text'', ''video'', ''file'', ''quiz'', ''package''))')
 WHERE type = 'table' AND name = 'lessons';
PRAGMA writable_schema = RESET;

-- A package lesson's package: what its manifest says (manifest, JSON of
-- packages.Package) and where its files are (prefix in the file store).
-- secret signs the content origin's addresses of its files.
CREATE TABLE packages (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson_id      INTEGER NOT NULL UNIQUE REFERENCES lessons (id) ON DELETE CASCADE,
    standard       TEXT NOT NULL CHECK (standard IN ('scorm12', 'scorm2004', 'cmi5')),
    version        TEXT NOT NULL,
    title          TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    manifest       TEXT NOT NULL,
    prefix         TEXT NOT NULL,
    files          INTEGER NOT NULL,
    unpacked_bytes INTEGER NOT NULL,
    secret         TEXT NOT NULL,
    uploaded_by    INTEGER NOT NULL REFERENCES users (id),
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);

-- What a learner's SCO or AU keeps between sessions: the SCORM data
-- model as the package last committed it (data, JSON), and what Baeum
-- reads off it. satisfied is the item counting as done in the lesson.
CREATE TABLE package_runtimes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id  INTEGER NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    lesson_id     INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    data          TEXT NOT NULL DEFAULT '',
    completion    TEXT NOT NULL DEFAULT '',
    success       TEXT NOT NULL DEFAULT '',
    score         REAL,
    satisfied     BOOLEAN NOT NULL DEFAULT FALSE,
    terminated    BOOLEAN NOT NULL DEFAULT FALSE,
    total_seconds REAL NOT NULL DEFAULT 0,
    sessions      INTEGER NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX package_runtimes_key ON package_runtimes (enrolment_id, lesson_id, item);

-- cmi5 launches: the one-time fetch code an AU trades for its LRS
-- credential (only hashes kept), and the session it starts: the cmi5
-- verbs the AU sent in it (verbs, comma-separated), when it was
-- initialized and terminated, or abandoned by Baeum.
CREATE TABLE cmi5_launches (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    code_hash    TEXT NOT NULL UNIQUE,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    lesson_id    INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    item         TEXT NOT NULL,
    session_id   TEXT NOT NULL,
    verbs        TEXT NOT NULL DEFAULT '',
    fetched_at   DATETIME,
    initialized_at DATETIME,
    terminated_at  DATETIME,
    abandoned_at   DATETIME,
    expires_at   DATETIME NOT NULL,
    created_at   DATETIME NOT NULL
);
CREATE INDEX cmi5_launches_enrolment_idx ON cmi5_launches (enrolment_id, lesson_id);

-- LRS credentials of a launched cmi5 AU: made at the fetch, valid until
-- expires_at, for one actor, registration and activity. subject tells
-- package packages which launch the statements signed with it belong to.
CREATE TABLE lrs_launch_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    key          TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    actor        TEXT NOT NULL,
    registration TEXT NOT NULL,
    activity_id  TEXT NOT NULL,
    expires_at   DATETIME NOT NULL,
    created_at   DATETIME NOT NULL
);

-- +goose Down
DROP TABLE lrs_launch_keys;
DROP TABLE cmi5_launches;
DROP TABLE package_runtimes;
DROP TABLE packages;
