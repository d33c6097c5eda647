package org.aava.dialer.store;

import org.aava.dialer.core.model.LeadState;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.Collection;

import static org.aava.dialer.store.jooq.Tables.OUTBOUND_CAMPAIGNS;
import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

/**
 * The lead-row rules the store's classes share (state tests, the DNC mark). The bottom floor of the store: it
 * depends on no other store class but {@link Timestamps}, so the lease, the import, the DNC list and the attempts
 * use it without reaching up into {@code LeadStore}.
 */
final class LeadRules {
    private LeadRules() {
    }

    /** A lead's reason when the DNC entry blocking its number gives none. */
    static final String DEFAULT_DNC_REASON = "on a do-not-call list";

    /**
     * State tests render the state as a literal, not a bind value: SQLite can only match a partial index's
     * WHERE (e.g. {@code state = 'pending'}, {@code state IN ('leased','dialing')}) against literals.
     */
    static Condition stateIs(LeadState state) {
        return OUTBOUND_LEADS.STATE.eq(DSL.inline(state.wire()));
    }

    static Condition stateIn(Collection<LeadState> states) {
        return OUTBOUND_LEADS.STATE.in(states.stream().map(st -> DSL.inline(st.wire())).toList());
    }

    /** Not-live leads with this number (in the campaign, or in every campaign) become {@code dnc}. */
    static int markDncNow(DSLContext dsl, Long campaignId, String phoneNormalized, String reason) {
        // campaign_id is always constrained so the UNIQUE (campaign_id, phone_normalized) index finds the rows
        Condition scope = campaignId != null ? OUTBOUND_LEADS.CAMPAIGN_ID.eq(campaignId)
                : OUTBOUND_LEADS.CAMPAIGN_ID.in(DSL.select(OUTBOUND_CAMPAIGNS.ID).from(OUTBOUND_CAMPAIGNS));
        return dsl.update(OUTBOUND_LEADS).set(OUTBOUND_LEADS.STATE, LeadState.DNC.wire())
                .set(OUTBOUND_LEADS.DNC_REASON, reason == null ? DEFAULT_DNC_REASON : reason)
                .set(OUTBOUND_LEADS.LEASED_UNTIL_UTC, (String) null)
                .set(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC, (String) null)
                .set(OUTBOUND_LEADS.UPDATED_AT_UTC, Timestamps.format(Instant.now()))
                .where(scope).and(OUTBOUND_LEADS.PHONE_NORMALIZED.eq(phoneNormalized))
                .and(stateIn(LeadState.LIVE).not()).and(stateIs(LeadState.DNC).not())
                .execute();
    }
}
