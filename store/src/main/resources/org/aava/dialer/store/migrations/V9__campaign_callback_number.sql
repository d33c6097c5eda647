-- The number a prerecorded message gives to call back and to opt out (E.164); it goes into the default voicemail text.
ALTER TABLE outbound_campaigns ADD COLUMN callback_number TEXT;
