-- An optional absolute run window per campaign, as UTC instants in the same ISO-8601 text as every other
-- timestamp: before run_start_at_utc a running campaign does not dial; from run_end_at_utc on it completes.
ALTER TABLE outbound_campaigns ADD COLUMN run_start_at_utc TEXT;
ALTER TABLE outbound_campaigns ADD COLUMN run_end_at_utc TEXT;
