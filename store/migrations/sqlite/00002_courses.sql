-- +goose Up
CREATE TABLE programmes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    code           TEXT NOT NULL,
    type           TEXT NOT NULL,
    default_locale TEXT NOT NULL DEFAULT 'en',
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX programmes_code_key ON programmes (code);

CREATE TABLE programme_translations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    locale       TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX programme_translations_key ON programme_translations (programme_id, locale);

CREATE TABLE courses (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id   INTEGER NOT NULL REFERENCES programmes (id),
    code           TEXT NOT NULL,
    delivery       TEXT NOT NULL CHECK (delivery IN ('online', 'in_person', 'blended')),
    duration_hours INTEGER NOT NULL DEFAULT 0,
    default_locale TEXT NOT NULL DEFAULT 'en',
    pass_mark      INTEGER NOT NULL DEFAULT 60,
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    self_enrol     BOOLEAN NOT NULL DEFAULT FALSE,
    published_at   DATETIME,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX courses_code_key ON courses (code);
CREATE INDEX courses_status_idx ON courses (status, id);
CREATE INDEX courses_programme_idx ON courses (programme_id);

CREATE TABLE course_translations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id  INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX course_translations_key ON course_translations (course_id, locale);
CREATE INDEX course_translations_locale_idx ON course_translations (locale, course_id);

CREATE TABLE modules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id  INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX modules_course_idx ON modules (course_id, position);

CREATE TABLE module_translations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    module_id  INTEGER NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX module_translations_key ON module_translations (module_id, locale);

CREATE TABLE lessons (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    module_id     INTEGER NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    course_id     INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('text', 'video', 'file', 'quiz')),
    required      BOOLEAN NOT NULL DEFAULT TRUE,
    video_url     TEXT NOT NULL DEFAULT '',
    file_key      TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL DEFAULT '',
    file_type     TEXT NOT NULL DEFAULT '',
    file_size     INTEGER NOT NULL DEFAULT 0,
    pass_mark     INTEGER NOT NULL DEFAULT 0,
    attempt_limit INTEGER NOT NULL DEFAULT 0,
    shuffle       BOOLEAN NOT NULL DEFAULT FALSE,
    show_feedback BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX lessons_module_idx ON lessons (module_id, position);
CREATE INDEX lessons_course_idx ON lessons (course_id);

CREATE TABLE lesson_translations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson_id  INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX lesson_translations_key ON lesson_translations (lesson_id, locale);

CREATE TABLE questions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson_id      INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'true_false', 'short', 'numeric')),
    points         INTEGER NOT NULL DEFAULT 1,
    answer_bool    BOOLEAN NOT NULL DEFAULT FALSE,
    answer_number  REAL NOT NULL DEFAULT 0,
    tolerance      REAL NOT NULL DEFAULT 0,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX questions_lesson_idx ON questions (lesson_id, position);

CREATE TABLE question_translations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    prompt      TEXT NOT NULL DEFAULT '',
    feedback    TEXT NOT NULL DEFAULT '',
    answers     TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX question_translations_key ON question_translations (question_id, locale);

CREATE TABLE choices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    correct     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE INDEX choices_question_idx ON choices (question_id, position);

CREATE TABLE choice_translations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    choice_id  INTEGER NOT NULL REFERENCES choices (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX choice_translations_key ON choice_translations (choice_id, locale);

CREATE TABLE enrolments (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id        INTEGER NOT NULL REFERENCES courses (id),
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'withdrawn')),
    lessons_done     INTEGER NOT NULL DEFAULT 0,
    lessons_required INTEGER NOT NULL DEFAULT 0,
    percent          INTEGER NOT NULL DEFAULT 0,
    best_score       REAL,
    last_activity_at DATETIME,
    completed_at     DATETIME,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
-- One self-paced enrolment per person and course; cohort enrolments come later.
CREATE UNIQUE INDEX enrolments_user_course_key ON enrolments (user_id, course_id);
CREATE INDEX enrolments_course_idx ON enrolments (course_id);

CREATE TABLE lesson_progress (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    lesson_id    INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    completed_at DATETIME NOT NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX lesson_progress_key ON lesson_progress (enrolment_id, lesson_id);

CREATE TABLE quiz_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    lesson_id    INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    score        REAL NOT NULL,
    points       REAL NOT NULL,
    max_points   REAL NOT NULL,
    passed       BOOLEAN NOT NULL,
    answers      TEXT NOT NULL,
    locale       TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX quiz_attempts_key ON quiz_attempts (enrolment_id, lesson_id, number);

-- +goose Down
DROP TABLE quiz_attempts;
DROP TABLE lesson_progress;
DROP TABLE enrolments;
DROP TABLE choice_translations;
DROP TABLE choices;
DROP TABLE question_translations;
DROP TABLE questions;
DROP TABLE lesson_translations;
DROP TABLE lessons;
DROP TABLE module_translations;
DROP TABLE modules;
DROP TABLE course_translations;
DROP TABLE courses;
DROP TABLE programme_translations;
DROP TABLE programmes;
