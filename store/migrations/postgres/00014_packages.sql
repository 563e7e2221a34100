-- +goose Up
-- E-learning packages (SCORM 1.2, SCORM 2004, cmi5) as lessons.
--
-- Lessons get a fifth kind.
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check;
ALTER TABLE lessons ADD CONSTRAINT lessons_kind_check CHECK (kind IN ('text', 'video', 'file', 'quiz', 'package'));

-- A package lesson's package: what its manifest says (manifest, JSON of
-- packages.Package) and where its files are (prefix in the file store).
-- secret signs the content origin's addresses of its files.
CREATE TABLE packages (
    id             BIGSERIAL PRIMARY KEY,
    lesson_id      BIGINT NOT NULL UNIQUE REFERENCES lessons (id) ON DELETE CASCADE,
    standard       TEXT NOT NULL CHECK (standard IN ('scorm12', 'scorm2004', 'cmi5')),
    version        TEXT NOT NULL,
    title          TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    manifest       TEXT NOT NULL,
    prefix         TEXT NOT NULL,
    files          INTEGER NOT NULL,
    unpacked_bytes BIGINT NOT NULL,
    secret         TEXT NOT NULL,
    uploaded_by    BIGINT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- What a learner's SCO or AU keeps between sessions: the SCORM data
-- model as the package last committed it (data, JSON), and what Baeum
-- reads off it. satisfied is the item counting as done in the lesson.
CREATE TABLE package_runtimes (
    id            BIGSERIAL PRIMARY KEY,
    enrolment_id  BIGINT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    lesson_id     BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    data          TEXT NOT NULL DEFAULT '',
    completion    TEXT NOT NULL DEFAULT '',
    success       TEXT NOT NULL DEFAULT '',
    score         DOUBLE PRECISION,
    satisfied     BOOLEAN NOT NULL DEFAULT FALSE,
    terminated    BOOLEAN NOT NULL DEFAULT FALSE,
    total_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
    sessions      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX package_runtimes_key ON package_runtimes (enrolment_id, lesson_id, item);

-- cmi5 launches: the one-time fetch code an AU trades for its LRS
-- credential (only hashes kept), and the session it starts: the cmi5
-- verbs the AU sent in it (verbs, comma-separated), when it was
-- initialized and terminated, or abandoned by Baeum.
CREATE TABLE cmi5_launches (
    id           BIGSERIAL PRIMARY KEY,
    code_hash    TEXT NOT NULL UNIQUE,
    enrolment_id BIGINT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    lesson_id    BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    item         TEXT NOT NULL,
    session_id   TEXT NOT NULL,
    verbs        TEXT NOT NULL DEFAULT '',
    fetched_at   TIMESTAMPTZ,
    initialized_at TIMESTAMPTZ,
    terminated_at  TIMESTAMPTZ,
    abandoned_at   TIMESTAMPTZ,
    expires_at   TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX cmi5_launches_enrolment_idx ON cmi5_launches (enrolment_id, lesson_id);

-- LRS credentials of a launched cmi5 AU: made at the fetch, valid until
-- expires_at, for one actor, registration and activity. subject tells
-- package packages which launch the statements signed with it belong to.
CREATE TABLE lrs_launch_keys (
    id           BIGSERIAL PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    actor        TEXT NOT NULL,
    registration TEXT NOT NULL,
    activity_id  TEXT NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE lrs_launch_keys;
DROP TABLE cmi5_launches;
DROP TABLE package_runtimes;
DROP TABLE packages;
DELETE FROM lessons WHERE kind = 'package';
ALTER TABLE lessons DROP CONSTRAINT lessons_kind_check;
ALTER TABLE lessons ADD CONSTRAINT lessons_kind_check CHECK (kind IN ('text', 'video', 'file', 'quiz'));
