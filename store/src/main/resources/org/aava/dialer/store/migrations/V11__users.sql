-- The users of the admin UI and API and their roles (issue 18), replacing the one shared admin password. In the
-- database, not a file per node, so that the nodes of a cluster share them. version goes up with every change of
-- role or password: sessions opened before it end.
CREATE TABLE users (
    username        TEXT    PRIMARY KEY,
    role            TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    password_hash   TEXT    NOT NULL,
    version         BIGINT  NOT NULL DEFAULT 1,
    created_at_utc  TEXT    NOT NULL,
    updated_at_utc  TEXT    NOT NULL
);
