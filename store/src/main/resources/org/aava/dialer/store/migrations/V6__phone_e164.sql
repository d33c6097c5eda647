-- Phone numbers become one identity (issue 16): external numbers are stored in E.164, extensions as digits.
-- SQL cannot run libphonenumber, so the re-normalisation of existing leads and DNC entries is the Java step
-- PhoneMigration, run right after this script in the same transaction. A campaign may override the
-- node's dial.default_region for numbers written without a country code.
ALTER TABLE outbound_campaigns ADD COLUMN default_region TEXT;
