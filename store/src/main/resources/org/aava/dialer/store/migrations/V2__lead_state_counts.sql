-- Lead counts per campaign and state, kept exact by triggers inside the transaction that changes a lead:
-- campaign stats, the lead table's totals and the pacer's completion check read a few rows here instead
-- of counting a million index entries.
-- Each trigger body is one statement whose ';' shares its last line with END: the build's SQL runner
-- (sql-maven-plugin, which makes the jOOQ codegen database) cuts a statement at any ';' that is not there.
CREATE TABLE lead_state_counts (
    campaign_id INTEGER NOT NULL REFERENCES outbound_campaigns (id) ON DELETE CASCADE,
    state       TEXT    NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, state)
) WITHOUT ROWID;

INSERT INTO lead_state_counts (campaign_id, state, n)
SELECT campaign_id, state, COUNT(*) FROM outbound_leads GROUP BY campaign_id, state;

CREATE TRIGGER lead_counts_insert AFTER INSERT ON outbound_leads BEGIN
    INSERT INTO lead_state_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
        ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER lead_counts_update_from AFTER UPDATE OF state, campaign_id ON outbound_leads
    WHEN OLD.state IS NOT NEW.state OR OLD.campaign_id IS NOT NEW.campaign_id BEGIN
    UPDATE lead_state_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state; END;

CREATE TRIGGER lead_counts_update_to AFTER UPDATE OF state, campaign_id ON outbound_leads
    WHEN OLD.state IS NOT NEW.state OR OLD.campaign_id IS NOT NEW.campaign_id BEGIN
    INSERT INTO lead_state_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
        ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER lead_counts_delete AFTER DELETE ON outbound_leads BEGIN
    UPDATE lead_state_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state; END;
