package org.aava.dialer.store;

import org.aava.dialer.core.phone.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Migration V6's Java step: re-normalises every lead and DNC entry with libphonenumber, numbers without a country
 * code read in the node's {@code dial.default_region} (campaigns had no region of their own then). Nothing is dropped:
 * <ul>
 *   <li>a lead whose number becomes the same E.164 number as another lead of its campaign keeps its old
 *       stored form, is canceled if it was still pending, and is reported (log and audit {@code lead.duplicate_number});</li>
 *   <li>a pending lead whose number is invalid or one nobody should autodial becomes {@code failed} with
 *       the reason as its last outcome and is reported (audit {@code lead.invalid_number});</li>
 *   <li>DNC entries that become the same number in the same scope merge into the oldest (the number stays blocked).</li>
 * </ul>
 */
final class PhoneMigration {
    private static final Logger log = LoggerFactory.getLogger(PhoneMigration.class);

    private PhoneMigration() {
    }

    record Report(int leadsChanged, int duplicates, int invalid, int dncChanged, int dncMerged) {
    }

    static Report run(Connection c) throws SQLException {
        return run(c, PhoneNumbers.defaults());
    }

    static Report run(Connection c, PhoneNumbers phones) throws SQLException {
        String now = Timestamps.format(Instant.now());
        int changed = 0, duplicates = 0, invalid = 0;
        Map<String, Long> taken = new HashMap<>();
        List<Object[]> leads = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, campaign_id, phone_number, phone_normalized, state FROM outbound_leads ORDER BY id")) {
            while (rs.next()) {
                leads.add(new Object[]{rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                taken.put(rs.getLong(2) + "|" + rs.getString(4), rs.getLong(1));
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE outbound_leads SET phone_normalized = ?, updated_at_utc = ? WHERE id = ?");
             PreparedStatement fail = c.prepareStatement("UPDATE outbound_leads SET state = ?, last_outcome = ?, updated_at_utc = ? WHERE id = ?");
             PreparedStatement audit = c.prepareStatement("INSERT INTO audit_log (at_utc, actor, action, subject, details) VALUES (?, 'system', ?, ?, ?)")) {
            for (Object[] l : leads) {
                long id = (Long) l[0], campaign = (Long) l[1];
                String raw = (String) l[2], old = (String) l[3], state = (String) l[4];
                String e164;
                try {
                    e164 = phones.parse(raw).normalized();
                } catch (IllegalArgumentException e) {
                    try {
                        e164 = phones.parse(old).normalized();
                    } catch (IllegalArgumentException e2) {
                        invalid++;
                        log.warn("migration V6: lead {} of campaign {} has a number that cannot be dialed: {}", id, campaign, e.getMessage());
                        audit(audit, now, "lead.invalid_number", "lead:" + id, e.getMessage());
                        if ("pending".equals(state)) failed(fail, "failed", reason(e.getMessage()), now, id);
                        continue;
                    }
                }
                if (e164.equals(old)) continue;
                Long other = taken.get(campaign + "|" + e164);
                if (other != null && other != id) {
                    duplicates++;
                    log.warn("migration V6: lead {} of campaign {} ({}) is the same number as lead {} ({})", id, campaign, raw, other, e164);
                    audit(audit, now, "lead.duplicate_number", "lead:" + id, "same number " + e164 + " as lead " + other + " of campaign " + campaign);
                    if ("pending".equals(state)) failed(fail, "canceled", "duplicate_number", now, id);
                    continue;
                }
                taken.remove(campaign + "|" + old);
                taken.put(campaign + "|" + e164, id);
                update.setString(1, e164);
                update.setString(2, now);
                update.setLong(3, id);
                update.executeUpdate();
                changed++;
            }
        }
        int dncChanged = 0, dncMerged = 0;
        Map<String, Long> dncTaken = new HashMap<>();
        List<Object[]> entries = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, phone_normalized, IFNULL(campaign_id, 0) FROM outbound_dnc ORDER BY id")) {
            while (rs.next()) {
                entries.add(new Object[]{rs.getLong(1), rs.getString(2), rs.getLong(3)});
                dncTaken.put(rs.getLong(3) + "|" + rs.getString(2), rs.getLong(1));
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE outbound_dnc SET phone_normalized = ? WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM outbound_dnc WHERE id = ?")) {
            for (Object[] e : entries) {
                long id = (Long) e[0], scope = (Long) e[2];
                String old = (String) e[1];
                String e164;
                try {
                    e164 = phones.parse(old).normalized();
                } catch (IllegalArgumentException ex) {
                    continue; // an entry that matches no dialable number blocks nothing, and removing it would lose the operator's intent
                }
                if (e164.equals(old)) continue;
                Long other = dncTaken.get(scope + "|" + e164);
                if (other != null) {
                    delete.setLong(1, id);
                    delete.executeUpdate();
                    dncMerged++;
                } else {
                    update.setString(1, e164);
                    update.setLong(2, id);
                    update.executeUpdate();
                    dncTaken.put(scope + "|" + e164, id);
                    dncChanged++;
                }
            }
        }
        // leads whose number is now on a DNC list are caught by the lease, as for any number added after import
        Report r = new Report(changed, duplicates, invalid, dncChanged, dncMerged);
        log.info("migration V6: {} leads and {} DNC entries re-normalised to E.164, {} duplicate leads, {} invalid numbers, {} DNC entries merged",
                changed, dncChanged, duplicates, invalid, dncMerged);
        return r;
    }

    private static String reason(String message) {
        int colon = message.indexOf(':');
        return colon > 0 ? message.substring(0, colon) : "invalid_number";
    }

    private static void failed(PreparedStatement fail, String state, String outcome, String now, long id) throws SQLException {
        fail.setString(1, state);
        fail.setString(2, outcome);
        fail.setString(3, now);
        fail.setLong(4, id);
        fail.executeUpdate();
    }

    private static void audit(PreparedStatement audit, String now, String action, String subject, String details) throws SQLException {
        audit.setString(1, now);
        audit.setString(2, action);
        audit.setString(3, subject);
        audit.setString(4, details);
        audit.executeUpdate();
    }
}
