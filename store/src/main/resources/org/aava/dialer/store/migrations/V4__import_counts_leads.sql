-- New leads are counted by the import itself, once per slice of rows (LeadImportTransaction), in the same
-- transaction as the rows: the per-row trigger cost about a sixth of an import's time. The import is the
-- only code that inserts leads; any other insert must add its rows to lead_state_counts the same way.
-- Updates and deletes are still counted by the triggers of V2.
DROP TRIGGER lead_counts_insert;
