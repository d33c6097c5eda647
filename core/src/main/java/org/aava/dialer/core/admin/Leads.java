package org.aava.dialer.core.admin;

import org.aava.dialer.core.admin.imports.ImportResult;
import org.aava.dialer.core.admin.imports.LeadImports;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadBook;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.Page;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator's actions on leads, one at a time or in bulk. A lead with a call in flight is never touched (its
 * stored state may lag the call, so the live calls are asked too), and leads are deleted only while their campaign
 * is not running.
 */
public final class Leads {
    /** A bulk action touches at most this many leads; a larger set is refused so one click never runs for minutes. */
    public static final int MAX_BULK = 100_000;

    /** What a bulk action does to each lead it selects. */
    public enum BulkAction { RECYCLE, CANCEL, DNC, DELETE }

    /** @param done leads changed; {@code skipped} live leads and those the store refused */
    public record BulkResult(int matched, int done, int skipped) {
    }

    private final LeadBook leads;
    private final CampaignRepository campaigns;
    private final DncRepository dnc;
    private final AuditLog audit;
    private final CallEngine engine;
    private final PhoneNumbers phones;
    private final LeadImports imports;

    public Leads(LeadBook leads, CampaignRepository campaigns, DncRepository dnc, AuditLog audit, CallEngine engine, PhoneNumbers phones,
                 LeadImports imports) {
        this.imports = imports;
        this.leads = leads;
        this.campaigns = campaigns;
        this.dnc = dnc;
        this.audit = audit;
        this.engine = engine;
        this.phones = phones;
    }

    public Lead find(long id) {
        return leads.find(id).join().orElseThrow(() -> RuleViolation.notFound("lead " + id));
    }

    /** A page of a campaign's leads; the search is a number in any format, or text as typed. */
    public Page<LeadView> page(long campaignId, LeadState state, String search, int page, int pageSize, LeadQuery.Sort sort) {
        return leads.page(new LeadQuery(campaignId, state, numberSearch(phones, search), page, pageSize, sort)).join();
    }

    /**
     * A lead added by hand: one row through the importer's rules, so it meets exactly those of an imported one.
     * {@code fields} are the import's column names and their values; {@code phone} is what the audit entry names.
     */
    public ImportResult add(Campaign c, Map<String, String> fields, String phone, String actor) {
        ImportResult r = imports.addOne(c.id(), fields, c.defaultRegion());
        audit.record(actor, "leads.add", "campaign:" + c.id(), phone).join();
        return r;
    }

    /** Back to pending; {@code reset} also forgets its attempts. */
    public void recycle(long id, boolean reset, String actor) {
        Lead l = find(id);
        refuseIfLive(l, "recycle");
        if (!leads.recycle(l.id(), reset).join()) {
            throw RuleViolation.conflict(l.state() == LeadState.DNC ? "the number is on a do-not-call list" : "lead cannot be recycled now");
        }
        audit.record(actor, "lead.recycle." + (reset ? "reset" : "redial"), "lead:" + l.id(), l.phoneNormalized()).join();
    }

    public void ignore(long id, String actor) {
        Lead l = find(id);
        refuseIfLive(l, "ignore");
        if (!leads.ignore(l.id()).join()) throw RuleViolation.conflict("lead cannot be ignored now");
        audit.record(actor, "lead.ignore", "lead:" + l.id(), l.phoneNormalized()).join();
    }

    public void delete(long id, String actor) {
        Lead l = find(id);
        Campaign c = campaigns.find(l.campaignId()).join().orElseThrow();
        if (c.running()) throw RuleViolation.conflict("pause or stop the campaign to delete leads");
        refuseIfLive(l, "delete");
        if (!leads.delete(l.id()).join()) throw RuleViolation.conflict("lead cannot be deleted now");
        audit.record(actor, "lead.delete", "lead:" + l.id(), l.phoneNormalized()).join();
    }

    /** How many leads the filter selects now (a dry run of a bulk action). */
    public int countMatching(long campaignId, LeadState state, String q) {
        return matching(campaignId, state, q).size();
    }

    /**
     * Runs {@code action} on every lead the lead list's filters select; live leads are skipped and counted. Everything
     * done is one audit entry.
     */
    public BulkResult bulk(Campaign c, BulkAction action, boolean reset, LeadState state, String q, String actor) {
        List<Lead> matched = matching(c.id(), state, q);
        if (action == BulkAction.DELETE && c.running()) throw RuleViolation.conflict("pause or stop the campaign to delete leads");
        int done = 0, skipped = 0;
        for (Lead l : matched) {
            if (isLive(l)) {
                skipped++;
                continue;
            }
            boolean ok = switch (action) {
                case RECYCLE -> leads.recycle(l.id(), reset).join();
                case CANCEL -> leads.ignore(l.id()).join();
                case DELETE -> leads.delete(l.id()).join();
                case DNC -> {
                    dnc.add(l.phoneNormalized(), null, "operator (bulk)", "admin").join();
                    yield true;
                }
            };
            if (ok) done++;
            else skipped++;
        }
        String wire = action.name().toLowerCase(java.util.Locale.ROOT);
        String name = action == BulkAction.RECYCLE ? "leads.bulk.recycle." + (reset ? "reset" : "redial") : "leads.bulk." + wire;
        audit.record(actor, name, "campaign:" + c.id(), "matched " + matched.size() + ", done " + done + ", skipped " + skipped
                + filterText(state, q)).join();
        engine.dialing().invalidate();
        return new BulkResult(matched.size(), done, skipped);
    }

    private boolean isLive(Lead l) {
        return l.state().isLive() || engine.live().hasLead(l.id());
    }

    private void refuseIfLive(Lead l, String action) {
        if (isLive(l)) throw RuleViolation.conflict("cannot " + action + " lead " + l.id() + ": a call of it is in progress (" + l.state().wire() + ")");
    }

    private static String filterText(LeadState state, String q) {
        StringBuilder b = new StringBuilder();
        if (state != null) b.append(", state=").append(state.wire());
        if (q != null && !q.isBlank()) b.append(", q=").append(q);
        return b.toString();
    }

    /** Every lead the filter selects, read before anything changes so an action cannot move leads in or out of its own set. */
    private List<Lead> matching(long campaignId, LeadState state, String q) {
        List<Lead> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<LeadView> p = leads.page(new LeadQuery(campaignId, state, q, page, 500)).join();
            for (LeadView v : p.items()) out.add(v.lead());
            if (out.size() > MAX_BULK) {
                throw RuleViolation.invalid("the filter selects more than " + MAX_BULK + " leads; narrow it by state or search", "state");
            }
            if (page >= p.totalPages() || p.items().isEmpty()) return out;
        }
    }

    /** A search that is a whole number in any format ({@code (415) 555-0120}) becomes its E.164 form; anything else stays as typed. */
    static String numberSearch(PhoneNumbers phones, String q) {
        if (q == null || q.isBlank()) return q;
        try {
            return phones.parse(q).normalized();
        } catch (IllegalArgumentException e) {
            return q;
        }
    }
}
