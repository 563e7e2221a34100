-- +goose Up
-- The xAPI statements of the learning record store, each as the LRS hands
-- it back (its id, stored, authority, version and timestamp filled in),
-- with the columns the Statement resource's queries filter and order on.
-- id is the storage order: newest first is id descending. A statement
-- whose object is a StatementRef keeps the id it targets: it meets a
-- query's filters when the statement it targets does (xAPI 1.0.3,
-- 2.1.4.2), and a voiding statement voids its target.
CREATE TABLE xapi_statements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    statement_id TEXT NOT NULL UNIQUE,        -- the statement's UUID, lower case
    verb_id      TEXT NOT NULL,
    registration TEXT,                        -- context.registration, lower case
    target       TEXT,                        -- the statement id a StatementRef object names
    voided       BOOLEAN NOT NULL DEFAULT FALSE,
    timestamp    DATETIME NOT NULL,
    stored       DATETIME NOT NULL,
    content_hash TEXT NOT NULL,               -- of the statement as compared for a repeated id
    document     TEXT NOT NULL
);
CREATE INDEX xapi_statements_verb ON xapi_statements (verb_id, id);
CREATE INDEX xapi_statements_registration ON xapi_statements (registration, id);
CREATE INDEX xapi_statements_stored ON xapi_statements (stored, id);
CREATE INDEX xapi_statements_target ON xapi_statements (target);

-- Every agent a statement names, by its identifier ("mbox:mailto:…",
-- "mbox_sha1sum:…", "openid:…", "account:…") and where: actor, object,
-- member (of an actor or object Group), instructor, team, authority, or
-- sub (inside a SubStatement). The agent filter reads actor, object and
-- member; related_agents reads them all.
CREATE TABLE xapi_statement_agents (
    statement INTEGER NOT NULL REFERENCES xapi_statements (id),
    agent     TEXT NOT NULL,
    relation  TEXT NOT NULL,
    PRIMARY KEY (agent, statement, relation)
);

-- Every activity a statement names: its object (relation object), its
-- context activities (parent, grouping, category, other) and a
-- SubStatement's (sub). The activity filter reads object; related_activities
-- reads them all.
CREATE TABLE xapi_statement_activities (
    statement INTEGER NOT NULL REFERENCES xapi_statements (id),
    activity  TEXT NOT NULL,
    relation  TEXT NOT NULL,
    PRIMARY KEY (activity, statement, relation)
);

-- +goose Down
DROP TABLE xapi_statement_activities;
DROP TABLE xapi_statement_agents;
DROP TABLE xapi_statements;
