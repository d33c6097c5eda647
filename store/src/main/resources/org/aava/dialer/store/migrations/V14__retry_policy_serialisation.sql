-- Issue 19: a campaign's retry policy is stored in the API's form (RetryPolicyCodec), so one class reads and
-- writes both: the outcome delays move from "delays" to "delay_seconds" (same values, whole seconds).
-- json() keeps the delays an object rather than a quoted string; rows without "delays" ('{}') stay as they are.
UPDATE outbound_campaigns
   SET retry_policy_json = json_remove(json_set(retry_policy_json, '$.delay_seconds',
                                                json(json_extract(retry_policy_json, '$.delays'))), '$.delays')
 WHERE json_valid(retry_policy_json) AND json_type(retry_policy_json, '$.delays') IS NOT NULL;
