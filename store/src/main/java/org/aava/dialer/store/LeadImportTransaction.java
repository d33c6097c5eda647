package org.aava.dialer.store;

import org.aava.dialer.core.model.ConsentRecord;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.InsertResult;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.aava.dialer.store.jooq.Tables.IMPORT_JOBS;
import static org.aava.dialer.store.jooq.Tables.LEAD_STATE_COUNTS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_CAMPAIGNS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_DNC;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

/**
 * One import transaction's writes: the checks (campaign exists, whether any DNC list applies) run once per
 * transaction, then each slice of leads is inserted. Statements are prepared once per connection
 * ({@link ConnectionStatements}): a lease beside an import makes every slice a transaction of its own. The SQL
 * is plain JDBC, rendered once from the generated classes: per slice, jOOQ rendering cost more than the
 * insert. A duplicate number is found by the insert itself (ON CONFLICT DO NOTHING changes no row).
 * The new leads of each slice are added to {@code lead_state_counts} here, in the same transaction: the
 * import is the only code that inserts leads, and a per-row trigger cost about a sixth of its time (V4).
 */
final class LeadImportTransaction {
    private static final Sql SQLITE_SQL = new Sql(StoreDialect.SQLITE);
    private static final Sql POSTGRES_SQL = new Sql(StoreDialect.POSTGRES);

    /** The import's statements, rendered once for one database. */
    private static final class Sql {
        final String campaignExists;
        /** Whether any DNC entry applies to the campaign: if none, the numbers need no DNC lookup at all. */
        final String campaignHasDnc;
        final String dncLookup;
        final String insert;
        /** The consent columns left NULL: most files carry no consent record, and every bind a row costs the writer time. */
        final String insertWithoutConsent;
        final String update;
        final String count;
        final String jobCount;

        Sql(StoreDialect dialect) {
            DSLContext render = dialect.render();
            campaignExists = render.select(DSL.inline(1)).from(OUTBOUND_CAMPAIGNS)
                    .where(OUTBOUND_CAMPAIGNS.ID.eq(0L)).getSQL();
            campaignHasDnc = render.select(DSL.inline(1)).from(OUTBOUND_DNC)
                    .where(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(0L))).limit(DSL.inline(1)).getSQL();
            dncLookup = render.select(OUTBOUND_DNC.REASON).from(OUTBOUND_DNC)
                    .where(OUTBOUND_DNC.PHONE_NORMALIZED.eq("")).and(OUTBOUND_DNC.CAMPAIGN_ID.isNull().or(OUTBOUND_DNC.CAMPAIGN_ID.eq(0L)))
                    .limit(DSL.inline(1)).getSQL();
            insert = insertSql(render, true);
            insertWithoutConsent = insertSql(render, false);
            update = render.update(OUTBOUND_LEADS)
                    .set(OUTBOUND_LEADS.NAME, DSL.coalesce(DSL.val(""), OUTBOUND_LEADS.NAME))
                    .set(OUTBOUND_LEADS.CUSTOM_VARS_JSON, "")
                    .set(OUTBOUND_LEADS.CONTEXT_OVERRIDE, DSL.coalesce(DSL.val(""), OUTBOUND_LEADS.CONTEXT_OVERRIDE))
                    .set(OUTBOUND_LEADS.TIMEZONE, DSL.coalesce(DSL.val(""), OUTBOUND_LEADS.TIMEZONE))
                    .set(OUTBOUND_LEADS.CALLER_ID, DSL.coalesce(DSL.val(""), OUTBOUND_LEADS.CALLER_ID))
                    .set(OUTBOUND_LEADS.UPDATED_AT_UTC, "")
                    // a re-import with a consent record replaces the whole record; one without keeps the stored one
                    .set(OUTBOUND_LEADS.CONSENT_BASIS, DSL.coalesce(DSL.val(""), OUTBOUND_LEADS.CONSENT_BASIS))
                    .set(OUTBOUND_LEADS.CONSENT_SOURCE, DSL.when(DSL.val("").isNull(), OUTBOUND_LEADS.CONSENT_SOURCE).otherwise(DSL.val("")))
                    .set(OUTBOUND_LEADS.CONSENT_AT_UTC, DSL.when(DSL.val("").isNull(), OUTBOUND_LEADS.CONSENT_AT_UTC).otherwise(DSL.val("")))
                    .where(OUTBOUND_LEADS.CAMPAIGN_ID.eq(0L)).and(OUTBOUND_LEADS.PHONE_NORMALIZED.eq("")).getSQL();
            count = render.insertInto(LEAD_STATE_COUNTS, LEAD_STATE_COUNTS.CAMPAIGN_ID,
                        LEAD_STATE_COUNTS.STATE, LEAD_STATE_COUNTS.N).values(0L, "", 0L)
                    .onConflict(LEAD_STATE_COUNTS.CAMPAIGN_ID, LEAD_STATE_COUNTS.STATE)
                    .doUpdate().set(LEAD_STATE_COUNTS.N, LEAD_STATE_COUNTS.N.plus(DSL.excluded(LEAD_STATE_COUNTS.N))).getSQL();
            jobCount = render.update(IMPORT_JOBS)
                    .set(IMPORT_JOBS.ACCEPTED, IMPORT_JOBS.ACCEPTED.plus(0L)).set(IMPORT_JOBS.DUPLICATES, IMPORT_JOBS.DUPLICATES.plus(0L))
                    .set(IMPORT_JOBS.DNC, IMPORT_JOBS.DNC.plus(0L)).set(IMPORT_JOBS.UPDATED_AT_UTC, "")
                    .where(IMPORT_JOBS.ID.eq(0L)).getSQL();
        }
    }

    private static final String PENDING = LeadState.PENDING.wire();

    private static String insertSql(DSLContext render, boolean consent) {
        List<Field<?>> columns = new ArrayList<>(List.of(OUTBOUND_LEADS.CAMPAIGN_ID, OUTBOUND_LEADS.PHONE_NUMBER,
                OUTBOUND_LEADS.PHONE_NORMALIZED, OUTBOUND_LEADS.NAME, OUTBOUND_LEADS.CUSTOM_VARS_JSON,
                OUTBOUND_LEADS.CONTEXT_OVERRIDE, OUTBOUND_LEADS.TIMEZONE, OUTBOUND_LEADS.CALLER_ID, OUTBOUND_LEADS.STATE,
                OUTBOUND_LEADS.DNC_REASON, OUTBOUND_LEADS.PRIORITY, OUTBOUND_LEADS.CREATED_AT_UTC, OUTBOUND_LEADS.UPDATED_AT_UTC));
        List<Object> values = new ArrayList<>(List.of(0L, "", "", "", "", "", "", "", "", "", 0, "", ""));
        if (consent) {
            columns.addAll(List.of(OUTBOUND_LEADS.CONSENT_BASIS, OUTBOUND_LEADS.CONSENT_SOURCE, OUTBOUND_LEADS.CONSENT_AT_UTC));
            values.addAll(List.of("", "", ""));
        }
        return render.insertInto(OUTBOUND_LEADS, columns).values(values).onConflictDoNothing().getSQL();
    }

    private final long campaignId;
    private final boolean skipExisting;
    private final String now = Timestamps.format(Instant.now());
    private final ConnectionStatements statements;
    private final Sql sql;
    /** PostgreSQL: slices go in by COPY ({@link PostgresLeadCopy}). */
    private final boolean postgres;
    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement insertWithoutConsent;
    private final PreparedStatement count;
    /** Null when existing leads are skipped. */
    private final PreparedStatement update;
    /** Null when no DNC list applies to the campaign. */
    private final PreparedStatement dncLookup;

    private LeadImportTransaction(Connection c, Sql sql, long campaignId, boolean skipExisting) throws SQLException {
        this.campaignId = campaignId;
        this.skipExisting = skipExisting;
        this.statements = ConnectionStatements.of(c);
        this.sql = sql;
        this.postgres = sql == POSTGRES_SQL;
        this.connection = c;
        if (!exists(statements, sql.campaignExists, campaignId)) throw new IllegalArgumentException("campaign " + campaignId + " not found");
        this.insert = statements.prepared(sql.insert);
        this.insertWithoutConsent = statements.prepared(sql.insertWithoutConsent);
        this.count = statements.prepared(sql.count);
        this.update = skipExisting ? null : statements.prepared(sql.update);
        this.dncLookup = exists(statements, sql.campaignHasDnc, campaignId) ? statements.prepared(sql.dncLookup) : null;
        // a transaction that failed half-way may have left rows in a kept statement's batch
        insert.clearBatch();
        insertWithoutConsent.clearBatch();
        if (update != null) update.clearBatch();
    }

    static LeadImportTransaction begin(DSLContext dsl, long campaignId, boolean skipExisting) {
        return dsl.connectionResult(c -> {
            try {
                return new LeadImportTransaction(c, StoreDialect.of(dsl) == StoreDialect.POSTGRES ? POSTGRES_SQL : SQLITE_SQL, campaignId, skipExisting);
            } catch (SQLException e) {
                throw new org.jooq.exception.DataAccessException("lead import failed: " + e.getMessage(), e);
            }
        });
    }

    /** Inserts one slice; indexes in the result are positions in {@code leads}. */
    InsertResult insert(List<Lead> leads) {
        for (int i = 0; i < leads.size(); i++) {
            String number = leads.get(i).phoneNormalized();
            if (number == null || number.isBlank()) throw new IllegalArgumentException("lead " + i + " has no normalised number");
        }
        try {
            if (postgres) return insertByCopy(leads);
            String[] blockedBy = dncReasons(leads);
            boolean consent = leads.stream().anyMatch(l -> l.consent() != null);
            PreparedStatement s = consent ? insert : insertWithoutConsent;
            for (int i = 0; i < leads.size(); i++) {
                Lead l = leads.get(i);
                String number = l.phoneNormalized();
                s.setLong(1, campaignId);
                s.setString(2, l.phoneNumber() == null ? number : l.phoneNumber());
                s.setString(3, number);
                s.setString(4, l.name());
                s.setString(5, l.customVarsJson());
                s.setString(6, l.contextOverride());
                s.setString(7, l.timezone());
                s.setString(8, l.callerId());
                s.setString(9, blockedBy[i] != null ? LeadState.DNC.wire() : PENDING);
                s.setString(10, blockedBy[i]);
                s.setInt(11, l.priority());
                s.setString(12, now);
                s.setString(13, now);
                if (consent) {
                    ConsentRecord record = l.consent();
                    s.setString(14, record == null ? null : record.basis());
                    s.setString(15, record == null ? null : record.source());
                    s.setString(16, record == null ? null : Timestamps.format(record.at()));
                }
                s.addBatch();
            }
            int[] changed = s.executeBatch();
            // a number the campaign had, or one repeated earlier in the import: the insert changed nothing
            List<Integer> duplicates = new ArrayList<>();
            List<Integer> dncIndexes = new ArrayList<>();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] == 0) duplicates.add(i);
                else if (blockedBy[i] != null) dncIndexes.add(i);
            }
            addToCounts(PENDING, changed.length - duplicates.size() - dncIndexes.size());
            addToCounts(LeadState.DNC.wire(), dncIndexes.size());
            if (!skipExisting && !duplicates.isEmpty()) updateExisting(leads, duplicates);
            return new InsertResult(leads.size() - duplicates.size(), duplicates, dncIndexes);
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("lead insert failed: " + e.getMessage(), e);
        }
    }

    private InsertResult insertByCopy(List<Lead> leads) throws SQLException {
        PostgresLeadCopy.Fate[] fates = PostgresLeadCopy.insert(connection, campaignId, leads, now);
        List<Integer> duplicates = new ArrayList<>();
        List<Integer> dncIndexes = new ArrayList<>();
        for (int i = 0; i < fates.length; i++) {
            if (fates[i] == PostgresLeadCopy.Fate.DUPLICATE) duplicates.add(i);
            else if (fates[i] == PostgresLeadCopy.Fate.INSERTED_AS_DNC) dncIndexes.add(i);
        }
        addToCounts(PENDING, fates.length - duplicates.size() - dncIndexes.size());
        addToCounts(LeadState.DNC.wire(), dncIndexes.size());
        if (!skipExisting && !duplicates.isEmpty()) updateExisting(leads, duplicates);
        return new InsertResult(leads.size() - duplicates.size(), duplicates, dncIndexes);
    }

    /** Adds what this transaction wrote to its import job, in the same transaction: the job's counts are what was committed. */
    void countForJob(long jobId, InsertResult written) {
        try {
            PreparedStatement s = statements.prepared(sql.jobCount);
            s.setLong(1, written.accepted());
            s.setLong(2, written.duplicateIndexes().size());
            s.setLong(3, written.dncIndexes().size());
            s.setString(4, Timestamps.format(Instant.now()));
            s.setLong(5, jobId);
            ConnectionStatements.update(s);
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("import job count failed: " + e.getMessage(), e);
        }
    }

    private void addToCounts(String state, int added) throws SQLException {
        if (added == 0) return;
        count.setLong(1, campaignId);
        count.setString(2, state);
        count.setLong(3, added);
        ConnectionStatements.update(count);
    }

    private void updateExisting(List<Lead> leads, List<Integer> duplicates) throws SQLException {
        for (int i : duplicates) {
            Lead l = leads.get(i);
            update.setString(1, l.name());
            update.setString(2, l.customVarsJson());
            update.setString(3, l.contextOverride());
            update.setString(4, l.timezone());
            update.setString(5, l.callerId());
            update.setString(6, now);
            ConsentRecord consent = l.consent();
            String basis = consent == null ? null : consent.basis();
            update.setString(7, basis);
            update.setString(8, basis);
            update.setString(9, consent == null ? null : consent.source());
            update.setString(10, basis);
            update.setString(11, consent == null ? null : Timestamps.format(consent.at()));
            update.setLong(12, campaignId);
            update.setString(13, l.phoneNormalized());
            update.addBatch();
        }
        update.executeBatch();
    }

    /** For each lead, the reason its number is on a DNC list that applies to the campaign, or null. */
    private String[] dncReasons(List<Lead> leads) throws SQLException {
        String[] reasons = new String[leads.size()];
        if (dncLookup == null) return reasons;
        for (int i = 0; i < leads.size(); i++) {
            dncLookup.setString(1, leads.get(i).phoneNormalized());
            dncLookup.setLong(2, campaignId);
            try (ResultSet rs = dncLookup.executeQuery()) {
                if (rs.next()) reasons[i] = rs.getString(1) == null ? LeadRules.DEFAULT_DNC_REASON : rs.getString(1);
            }
        }
        return reasons;
    }

    private static boolean exists(ConnectionStatements statements, String sql, long campaignId) throws SQLException {
        PreparedStatement s = statements.prepared(sql);
        s.setLong(1, campaignId);
        try (ResultSet rs = s.executeQuery()) {
            return rs.next();
        }
    }
}
