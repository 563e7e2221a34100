-- +goose Up
-- A cohort's pre-test and post-test: two quizzes of its course whose
-- first attempts measure what each trainee learned (package surveys).
CREATE TABLE cohort_tests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id     INTEGER NOT NULL UNIQUE REFERENCES cohorts (id) ON DELETE CASCADE,
    pre_lesson_id INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    post_lesson_id INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    CHECK (pre_lesson_id <> post_lesson_id)
);

-- +goose Down
DROP TABLE cohort_tests;
