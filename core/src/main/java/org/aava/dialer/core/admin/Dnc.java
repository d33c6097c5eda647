package org.aava.dialer.core.admin;

import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.Page;

/** The do-not-call lists: global, or one campaign's. Numbers are kept in their E.164 form, whatever way they were typed. */
public final class Dnc {
    /** @param added false when the number was on that list already */
    public record Added(boolean added, String phoneNumber) {
    }

    private final DncRepository dnc;
    private final CampaignRepository campaigns;
    private final AuditLog audit;
    private final PhoneNumbers phones;

    public Dnc(DncRepository dnc, CampaignRepository campaigns, AuditLog audit, PhoneNumbers phones) {
        this.dnc = dnc;
        this.campaigns = campaigns;
        this.audit = audit;
        this.phones = phones;
    }

    public Page<DncRepository.DncEntry> page(Long campaignId, boolean allScopes, String search, int page, int pageSize) {
        return dnc.page(campaignId, allScopes, Leads.numberSearch(phones, search), page, pageSize).join();
    }

    /** Every entry of every scope, page by page. */
    public Page<DncRepository.DncEntry> everything(int page, int pageSize) {
        return dnc.page(null, true, null, page, pageSize).join();
    }

    public Added add(String phone, Long campaignId, String reason, String actor) {
        String normalized = normalized(phone);
        if (campaignId != null && campaigns.find(campaignId).join().isEmpty()) throw RuleViolation.notFound("campaign " + campaignId);
        boolean added = dnc.add(normalized, campaignId, reason, "admin").join();
        audit.record(actor, "dnc.add", "dnc:" + normalized, scope(campaignId)).join();
        return new Added(added, normalized);
    }

    public void remove(String phone, Long campaignId, String actor) {
        String normalized = normalized(phone);
        if (!dnc.remove(normalized, campaignId).join()) throw RuleViolation.notFound("DNC entry " + normalized);
        audit.record(actor, "dnc.remove", "dnc:" + normalized, scope(campaignId)).join();
    }

    /** An import of numbers into one list: {@link Import#offer} each, then {@link Import#finish}. */
    public Import importInto(Long campaignId) {
        return new Import(campaignId);
    }

    /** One import's running counts: a number that is not one is rejected, never a reason to stop. */
    public final class Import {
        private final Long campaignId;
        private long accepted;
        private long rejected;

        private Import(Long campaignId) {
            this.campaignId = campaignId;
        }

        public void offer(String raw) {
            try {
                dnc.add(phones.parse(raw).normalized(), campaignId, "imported", "csv").join();
                accepted++;
            } catch (IllegalArgumentException e) {
                rejected++;
            }
        }

        public long accepted() {
            return accepted;
        }

        public long rejected() {
            return rejected;
        }

        public void finish(String actor) {
            audit.record(actor, "dnc.import", "dnc:" + (campaignId == null ? "global" : "campaign:" + campaignId),
                    "accepted " + accepted + ", rejected " + rejected).join();
        }
    }

    /** The number in the form the lists keep it. */
    public String number(String phone) {
        return normalized(phone);
    }

    private String normalized(String phone) {
        try {
            return phones.parse(phone).normalized();
        } catch (IllegalArgumentException e) {
            throw RuleViolation.invalid(e.getMessage(), "phone_number");
        }
    }

    private static String scope(Long campaignId) {
        return campaignId == null ? "global" : "campaign " + campaignId;
    }
}
