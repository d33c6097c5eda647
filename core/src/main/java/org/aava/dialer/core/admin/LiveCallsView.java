package org.aava.dialer.core.admin;

/** What the admin side reads of the calls in flight: counts from memory, never the database. */
public interface LiveCallsView {
    int count();

    int count(long campaignId);

    /** True while a call of this lead is in flight, whatever the lead's stored state says. */
    boolean hasLead(long leadId);

    /** No call engine (tests, tools without calls): nothing is live. */
    LiveCallsView NONE = new LiveCallsView() {
        @Override
        public int count() {
            return 0;
        }

        @Override
        public int count(long campaignId) {
            return 0;
        }

        @Override
        public boolean hasLead(long leadId) {
            return false;
        }
    };
}
