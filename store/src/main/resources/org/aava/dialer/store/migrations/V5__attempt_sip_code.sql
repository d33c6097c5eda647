-- The SIP final response of an attempt's call (Asterisk's tech_cause on PJSIP channels: 486, 480, 503, ...), which
-- tells apart what the Q.850 cause lumps together. NULL for calls that had none (answered, Local/ channels).
ALTER TABLE outbound_attempts ADD COLUMN sip_code INTEGER;
