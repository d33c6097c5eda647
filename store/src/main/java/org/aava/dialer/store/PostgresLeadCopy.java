package org.aava.dialer.store;

import org.aava.dialer.core.model.ConsentRecord;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An import slice on PostgreSQL: the rows go to a session-local staging table with {@code COPY} (one stream instead
 * of a statement per row), then one {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} moves them into
 * {@code outbound_leads}, marking numbers on a DNC list that applies as it goes. A number the campaign has, or one
 * repeated earlier in the slice, is not inserted; which rows went in is read back from {@code RETURNING}.
 */
final class PostgresLeadCopy {
    private static final String STAGE = "lead_import_stage";
    private static final String COLUMNS = "ord, phone_number, phone_normalized, name, custom_vars_json, context_override, "
            + "timezone, caller_id, priority, consent_basis, consent_source, consent_at_utc";
    private static final String CREATE_STAGE = "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (ord INTEGER, phone_number TEXT, "
            + "phone_normalized TEXT COLLATE \"C\", name TEXT, custom_vars_json TEXT, context_override TEXT, timezone TEXT, "
            + "caller_id TEXT, priority INTEGER, consent_basis TEXT, consent_source TEXT, consent_at_utc TEXT) ON COMMIT DELETE ROWS";
    private static final String INSERT_FROM_STAGE = "INSERT INTO outbound_leads (campaign_id, phone_number, phone_normalized, name, "
            + "custom_vars_json, context_override, timezone, caller_id, state, dnc_reason, priority, created_at_utc, updated_at_utc, "
            + "consent_basis, consent_source, consent_at_utc) "
            + "SELECT ?, s.phone_number, s.phone_normalized, s.name, s.custom_vars_json, s.context_override, s.timezone, s.caller_id, "
            + "CASE WHEN d.blocked THEN '" + LeadState.DNC.wire() + "' ELSE '" + LeadState.PENDING.wire() + "' END, d.reason, "
            + "s.priority, ?, ?, s.consent_basis, s.consent_source, s.consent_at_utc "
            + "FROM " + STAGE + " s LEFT JOIN LATERAL (SELECT true AS blocked, COALESCE(dnc.reason, ?) AS reason FROM outbound_dnc dnc "
            + "WHERE dnc.phone_normalized = s.phone_normalized AND (dnc.campaign_id IS NULL OR dnc.campaign_id = ?) LIMIT 1) d ON true "
            + "ORDER BY s.ord ON CONFLICT DO NOTHING RETURNING phone_normalized, state";

    /** What happened to each row of a slice. */
    enum Fate { INSERTED, INSERTED_AS_DNC, DUPLICATE }

    private PostgresLeadCopy() {
    }

    static Fate[] insert(Connection pooled, long campaignId, List<Lead> leads, String now) throws SQLException {
        Connection c = pooled.unwrap(Connection.class);
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_STAGE);
            s.execute("DELETE FROM " + STAGE);
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        try {
            copy.copyIn("COPY " + STAGE + " (" + COLUMNS + ") FROM STDIN (FORMAT csv)", new StringReader(csv(leads)));
        } catch (IOException e) {
            throw new SQLException("COPY of the import slice failed: " + e.getMessage(), e);
        }
        Map<String, List<String>> inserted = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(INSERT_FROM_STAGE)) {
            s.setLong(1, campaignId);
            s.setString(2, now);
            s.setString(3, now);
            s.setString(4, LeadRules.DEFAULT_DNC_REASON);
            s.setLong(5, campaignId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) inserted.computeIfAbsent(rs.getString(1), k -> new ArrayList<>(1)).add(rs.getString(2));
            }
        }
        Fate[] fates = new Fate[leads.size()];
        for (int i = 0; i < leads.size(); i++) {
            List<String> states = inserted.get(leads.get(i).phoneNormalized());
            // the first row of a number in the slice is the one inserted (the SELECT runs in row order)
            if (states == null || states.isEmpty()) fates[i] = Fate.DUPLICATE;
            else fates[i] = LeadState.DNC.wire().equals(states.remove(0)) ? Fate.INSERTED_AS_DNC : Fate.INSERTED;
        }
        return fates;
    }

    /** The slice as COPY's CSV: every value quoted (so an empty string stays one), NULL as an unquoted empty field. */
    static String csv(List<Lead> leads) {
        StringBuilder b = new StringBuilder(leads.size() * 160);
        for (int i = 0; i < leads.size(); i++) {
            Lead l = leads.get(i);
            ConsentRecord consent = l.consent();
            b.append(i);
            field(b, l.phoneNumber() == null ? l.phoneNormalized() : l.phoneNumber());
            field(b, l.phoneNormalized());
            field(b, l.name());
            field(b, l.customVarsJson());
            field(b, l.contextOverride());
            field(b, l.timezone());
            field(b, l.callerId());
            b.append(',').append(l.priority());
            field(b, consent == null ? null : consent.basis());
            field(b, consent == null ? null : consent.source());
            field(b, consent == null ? null : Timestamps.format(consent.at()));
            b.append('\n');
        }
        return b.toString();
    }

    private static void field(StringBuilder b, String value) {
        b.append(',');
        if (value == null) return;
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') b.append('"');
            b.append(ch);
        }
        b.append('"');
    }
}
