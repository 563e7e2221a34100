-- +goose Up
-- A trainee's action plan, written at the end of training: what they will
-- apply at home, by when, with whom (package surveys). One per enrolment.
CREATE TABLE action_plans (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id INTEGER NOT NULL UNIQUE REFERENCES enrolments (id) ON DELETE CASCADE,
    what         TEXT NOT NULL,
    by_when      DATE NOT NULL,
    with_whom    TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);

-- +goose Down
DROP TABLE action_plans;
