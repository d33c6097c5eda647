-- A state rule's "at most N calls per number per 24 h" counts the person's number in every campaign (issue 16),
-- so the lease looks leads up by number alone; the UNIQUE (campaign_id, phone_normalized) index cannot serve that.
CREATE INDEX idx_leads_phone ON outbound_leads (phone_normalized);
