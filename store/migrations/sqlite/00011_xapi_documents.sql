-- +goose Up
-- The documents of the xAPI document resources: State (kind state, by
-- activity, agent, registration and state id), Activity Profile (kind
-- activity_profile, by activity and profile id) and Agent Profile (kind
-- agent_profile, by agent and profile id). Columns a kind does not use
-- are ''. etag is the quoted SHA-1 of the content, for If-Match and
-- If-None-Match.
CREATE TABLE xapi_documents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    activity_id  TEXT NOT NULL,
    agent        TEXT NOT NULL,
    registration TEXT NOT NULL,
    document_id  TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content      BLOB NOT NULL,
    etag         TEXT NOT NULL,
    updated      DATETIME NOT NULL,
    UNIQUE (kind, activity_id, agent, registration, document_id)
);

-- +goose Down
DROP TABLE xapi_documents;
