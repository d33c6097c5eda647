package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.LeadState;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Lead persistence, including the atomic lease that keeps a number from being dialed twice. The admin side sees only
 * the parts it uses: {@link LeadBook} and {@link LeadImport}; the pacer sees {@link LeadQueue}.
 */
public interface LeadRepository extends LeadQueue, LeadBook, LeadImport {
    /** {@code leased → dialing}, counting the attempt; false when the lead was no longer leased. */
    CompletableFuture<Boolean> markDialing(long leadId, Instant now, Instant leaseUntil);

    /** Moves a lead along its call ({@code amd_pending}, {@code in_progress}); never touches closed states. */
    CompletableFuture<Void> markProgress(long leadId, LeadState state, String lastOutcome);

    /** Marks every not-live lead with this normalised number (in the campaign, or everywhere when null) as {@code dnc}. */
    CompletableFuture<Integer> markDnc(Long campaignId, String phoneNormalized, String reason);
}
