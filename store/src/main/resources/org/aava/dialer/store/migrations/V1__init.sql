-- aava-dialer schema, version 1. Timestamps are UTC text in a fixed-width ISO-8601 form
-- (yyyy-MM-ddTHH:mm:ss.SSSZ) so that string order is time order. Attempts are append-only.

CREATE TABLE schema_version (
    version       INTEGER PRIMARY KEY,
    applied_at_utc TEXT NOT NULL
);

CREATE TABLE outbound_campaigns (
    id                             INTEGER PRIMARY KEY AUTOINCREMENT,
    name                           TEXT    NOT NULL,
    status                         TEXT    NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft','running','paused','stopped','completed','archived')),
    timezone                       TEXT    NOT NULL DEFAULT 'UTC',
    daily_window_start_local       TEXT    NOT NULL DEFAULT '09:00',
    daily_window_end_local         TEXT    NOT NULL DEFAULT '17:00',
    days_of_week                   TEXT    NOT NULL DEFAULT 'mon,tue,wed,thu,fri,sat,sun',
    max_concurrent                 INTEGER NOT NULL DEFAULT 1,
    min_interval_seconds           INTEGER NOT NULL DEFAULT 5,
    default_context                TEXT    NOT NULL DEFAULT 'default',
    provider_override              TEXT,
    consent_enabled                INTEGER NOT NULL DEFAULT 0,
    consent_media_uri              TEXT,
    consent_timeout_seconds        INTEGER NOT NULL DEFAULT 5,
    voicemail_drop_enabled         INTEGER NOT NULL DEFAULT 0,
    voicemail_drop_media_uri       TEXT,
    amd_options_json               TEXT    NOT NULL DEFAULT '{}',
    dial_timeout_seconds           INTEGER NOT NULL DEFAULT 30,
    retry_policy_json              TEXT    NOT NULL DEFAULT '{}',
    respect_lead_timezone          INTEGER NOT NULL DEFAULT 0,
    local_hours_enabled            INTEGER NOT NULL DEFAULT 1,
    local_hours_earliest           TEXT    NOT NULL DEFAULT '08:00',
    local_hours_latest             TEXT    NOT NULL DEFAULT '21:00',
    max_attempts_per_24h           INTEGER NOT NULL DEFAULT 0,
    paused_reason                  TEXT,
    created_at_utc                 TEXT    NOT NULL,
    updated_at_utc                 TEXT    NOT NULL
);
CREATE INDEX idx_campaigns_status ON outbound_campaigns (status);

CREATE TABLE outbound_leads (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id         INTEGER NOT NULL REFERENCES outbound_campaigns (id) ON DELETE CASCADE,
    phone_number        TEXT    NOT NULL,
    phone_normalized    TEXT    NOT NULL,
    name                TEXT,
    custom_vars_json    TEXT    NOT NULL DEFAULT '{}',
    context_override    TEXT,
    timezone            TEXT,
    caller_id           TEXT,
    state               TEXT    NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending','leased','dialing','amd_pending','in_progress','completed','failed','canceled','dnc')),
    attempt_count       INTEGER NOT NULL DEFAULT 0,
    last_outcome        TEXT,
    last_attempt_at_utc TEXT,
    leased_until_utc    TEXT,
    next_attempt_at_utc TEXT,
    priority            INTEGER NOT NULL DEFAULT 0,
    dnc_reason          TEXT,
    created_at_utc      TEXT    NOT NULL,
    updated_at_utc      TEXT    NOT NULL,
    UNIQUE (campaign_id, phone_normalized)
);
-- Lease, arm 1: due pending leads without a retry time, already in lease order (priority, then id).
CREATE INDEX idx_leads_due_now ON outbound_leads (campaign_id, priority DESC, id)
    WHERE state = 'pending' AND next_attempt_at_utc IS NULL;
-- Lease, arm 2, and nextDueAt: pending leads with a retry/callback time, by that time (covering the
-- priority, so the due ones are ranked without reading the table). Leads waiting for a retry never sit
-- in arm 1's path, so a backlog of not-yet-due retries costs the lease nothing.
CREATE INDEX idx_leads_due_later ON outbound_leads (campaign_id, next_attempt_at_utc, priority)
    WHERE state = 'pending' AND next_attempt_at_utc IS NOT NULL;
-- Lease, arm 2 when thousands of retries are due at once: the same leads in lease order.
CREATE INDEX idx_leads_retry_order ON outbound_leads (campaign_id, priority DESC, id, next_attempt_at_utc)
    WHERE state = 'pending' AND next_attempt_at_utc IS NOT NULL;
-- Expired leases: live leads are few, so requeueExpired reads a small partial index.
CREATE INDEX idx_leads_live ON outbound_leads (leased_until_utc) WHERE state IN ('leased', 'dialing');
-- Lead table: newest first within a campaign (the rowid ends every index entry), with or without a state filter.
CREATE INDEX idx_leads_campaign ON outbound_leads (campaign_id);
CREATE INDEX idx_leads_campaign_state ON outbound_leads (campaign_id, state);
-- Number search and DNC matching use the UNIQUE (campaign_id, phone_normalized) index.

CREATE TABLE outbound_attempts (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id        INTEGER NOT NULL REFERENCES outbound_campaigns (id) ON DELETE CASCADE,
    lead_id            INTEGER NOT NULL REFERENCES outbound_leads (id) ON DELETE CASCADE,
    phone_number       TEXT    NOT NULL,
    started_at_utc     TEXT    NOT NULL,
    answered_at_utc    TEXT,
    ended_at_utc       TEXT,
    outcome            TEXT,
    amd_status         TEXT,
    amd_cause          TEXT,
    consent_enabled    INTEGER NOT NULL DEFAULT 0,
    consent_dtmf       TEXT,
    consent_result     TEXT,
    consent_at_utc     TEXT,
    hangup_cause       INTEGER,
    hangup_cause_text  TEXT,
    ari_channel_id     TEXT,
    error_message      TEXT,
    context            TEXT,
    provider           TEXT,
    call_history_id    INTEGER,
    disposition        TEXT,
    disposition_notes  TEXT,
    effective_prompt   TEXT
);
-- Attempts table (newest first), outcome filter and counts, a lead's attempts (last attempt, 24 h cap),
-- and the open attempts a restarted server reconciles.
CREATE INDEX idx_attempts_campaign ON outbound_attempts (campaign_id, id);
CREATE INDEX idx_attempts_outcome ON outbound_attempts (campaign_id, outcome);
CREATE INDEX idx_attempts_lead ON outbound_attempts (lead_id, started_at_utc);
CREATE INDEX idx_attempts_open ON outbound_attempts (id) WHERE ended_at_utc IS NULL;

CREATE TABLE outbound_dnc (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    phone_normalized TEXT    NOT NULL,
    campaign_id      INTEGER REFERENCES outbound_campaigns (id) ON DELETE CASCADE,
    reason           TEXT,
    source           TEXT,
    created_at_utc   TEXT    NOT NULL
);
-- One entry per number and scope (NULL campaign = the global list).
CREATE UNIQUE INDEX idx_dnc_unique ON outbound_dnc (phone_normalized, IFNULL(campaign_id, 0));
CREATE INDEX idx_dnc_campaign ON outbound_dnc (campaign_id, id);

CREATE TABLE call_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_id     INTEGER NOT NULL,
    campaign_id    INTEGER NOT NULL REFERENCES outbound_campaigns (id) ON DELETE CASCADE,
    lead_id        INTEGER NOT NULL,
    phone_number   TEXT    NOT NULL,
    context        TEXT,
    provider       TEXT,
    started_at_utc TEXT    NOT NULL,
    ended_at_utc   TEXT,
    outcome        TEXT,
    transcript     TEXT
);
CREATE INDEX idx_call_history_attempt ON call_history (attempt_id);
CREATE INDEX idx_call_history_campaign ON call_history (campaign_id);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at_utc  TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT
);
CREATE INDEX idx_audit_subject ON audit_log (subject, id);
