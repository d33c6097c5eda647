-- Issue 17: the secret a call's AI engine presents on /api/ai/sessions/{key}, handed over in the channel variable
-- AAVA_AI_SESSION_KEY. Kept on the attempt so a call adopted after a restart is still found by the key its AI engine
-- holds. Unique: a key names one call. NULL on attempts made before keys existed (SQLite allows many NULLs).
ALTER TABLE outbound_attempts ADD COLUMN ai_session_key TEXT;
CREATE UNIQUE INDEX idx_outbound_attempts_ai_session_key ON outbound_attempts (ai_session_key);
