-- PostgreSQL twin of migrations/V15__dialer_nodes.sql (issue 20); keep the two equivalent. Several dialer nodes
-- may share one database. Each writes a heartbeat every node.heartbeat_seconds; the readers call a node silent for
-- node.expiry_seconds dead (the rule is in code, not here, so it needs no clock of the database's). servers is a
-- JSON array of the Asterisk server names the node dials through ('["pbx:8088/app"]'), replaced whole by every
-- beat; TEXT like the other JSON columns, so both stores read and write it the same way. The timestamps are the
-- fixed-width UTC text of every other *_utc column.
CREATE TABLE dialer_nodes (
    id                  TEXT PRIMARY KEY,
    started_at_utc      TEXT COLLATE "C" NOT NULL,
    last_heartbeat_utc  TEXT COLLATE "C" NOT NULL,
    servers             TEXT NOT NULL DEFAULT '[]'
);

-- Which node and Asterisk server placed each attempt (attempt JSON node_id, asterisk_server). NULL on attempts made
-- before this version. The admin counts a node's live calls from its open attempts (idx_attempts_open).
ALTER TABLE outbound_attempts ADD COLUMN node_id TEXT;
ALTER TABLE outbound_attempts ADD COLUMN asterisk_server TEXT;
