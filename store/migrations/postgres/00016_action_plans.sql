-- +goose Up
-- A trainee's action plan, written at the end of training: what they will
-- apply at home, by when, with whom (package surveys). One per enrolment.
CREATE TABLE action_plans (
    id           BIGSERIAL PRIMARY KEY,
    enrolment_id BIGINT NOT NULL UNIQUE REFERENCES enrolments (id) ON DELETE CASCADE,
    what         TEXT NOT NULL,
    by_when      DATE NOT NULL,
    with_whom    TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE action_plans;
