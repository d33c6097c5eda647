-- An import is a recorded job: started, rows committed so far (counted in the same transaction as the rows,
-- so after a kill -9 the job says exactly what was kept), finished or failed and why. A job left 'running'
-- by a process that is gone is marked 'interrupted' at the next start. owner_pid tells a live CLI import
-- from a dead one.
CREATE TABLE import_jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id     INTEGER NOT NULL REFERENCES outbound_campaigns (id) ON DELETE CASCADE,
    source_name     TEXT,
    format          TEXT    NOT NULL DEFAULT 'csv' CHECK (format IN ('csv', 'xlsx')),
    status          TEXT    NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
    rows_read       BIGINT  NOT NULL DEFAULT 0,
    accepted        BIGINT  NOT NULL DEFAULT 0,
    duplicates      BIGINT  NOT NULL DEFAULT 0,
    rejected        BIGINT  NOT NULL DEFAULT 0,
    dnc             BIGINT  NOT NULL DEFAULT 0,
    error           TEXT,
    error_csv       TEXT,
    actor           TEXT,
    owner_pid       BIGINT ,
    started_at_utc  TEXT    NOT NULL,
    updated_at_utc  TEXT    NOT NULL,
    finished_at_utc TEXT
);
CREATE INDEX idx_import_jobs_campaign ON import_jobs (campaign_id, id);
CREATE INDEX idx_import_jobs_running ON import_jobs (status) WHERE status = 'running';

-- What the operator knows a recording by: the file keeps its generated name (campaigns refer to it by URI),
-- the label is the original file name until renamed.
CREATE TABLE recordings (
    name            TEXT    PRIMARY KEY,
    label           TEXT    NOT NULL,
    original_name   TEXT,
    source          TEXT    NOT NULL DEFAULT 'upload',
    created_at_utc  TEXT    NOT NULL
);
