-- +goose Up
-- A cohort's pre-test and post-test: two quizzes of its course whose
-- first attempts measure what each trainee learned (package surveys).
CREATE TABLE cohort_tests (
    id            BIGSERIAL PRIMARY KEY,
    cohort_id     BIGINT NOT NULL UNIQUE REFERENCES cohorts (id) ON DELETE CASCADE,
    pre_lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    post_lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    CHECK (pre_lesson_id <> post_lesson_id)
);

-- +goose Down
DROP TABLE cohort_tests;
