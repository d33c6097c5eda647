-- Issue 16: a campaign's calling rules (compliance_profile: us_telemarketing applies the US state rules, none does
-- not), its opt-out key during the consent gate, whether leads need a consent record, and the caller ID number the
-- callee sees when a lead has none. Leads carry the operator's consent record (basis, source, time) as imported.
ALTER TABLE outbound_campaigns ADD COLUMN compliance_profile TEXT NOT NULL DEFAULT 'us_telemarketing';
ALTER TABLE outbound_campaigns ADD COLUMN opt_out_digit TEXT NOT NULL DEFAULT '9';
ALTER TABLE outbound_campaigns ADD COLUMN require_consent_record INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbound_campaigns ADD COLUMN caller_id_number TEXT;
ALTER TABLE outbound_leads ADD COLUMN consent_basis TEXT;
ALTER TABLE outbound_leads ADD COLUMN consent_source TEXT;
ALTER TABLE outbound_leads ADD COLUMN consent_at_utc TEXT;
