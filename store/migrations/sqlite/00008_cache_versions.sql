-- +goose Up
-- One counter per kind of cached data. A change to that data bumps its
-- counter in the change's own transaction; every app process re-reads the
-- counters a few times a second and drops what it cached under an older
-- value, so a change is seen by every process within a second, and a change
-- that is rolled back invalidates nothing.
CREATE TABLE cache_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('identity', 1), ('catalogue', 1);

-- +goose Down
DROP TABLE cache_versions;
