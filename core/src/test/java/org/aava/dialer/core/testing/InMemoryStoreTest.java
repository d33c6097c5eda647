package org.aava.dialer.core.testing;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The repository contract over {@link InMemoryStore}, plus the fake's own test controls. */
class InMemoryStoreTest extends RepositoryContract {
    private InMemoryStore store;

    @Override
    protected Ports freshPorts() {
        store = new InMemoryStore(new MutableClock(T0));
        return new Ports(store.campaigns(), store.leads(), store.attempts(), store.callHistory(), store.dnc(), store.audit(),
                store.journal(), store.nodes());
    }

    @Test
    void everyFutureIsAlreadyComplete() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        List<CompletableFuture<?>> futures = List.of(p.campaigns().find(c.id()), p.leads().countByState(c.id()),
                p.attempts().listOpen(), p.dnc().isBlocked(c.id(), "1"), p.audit().page(null, 1, 10),
                p.leads().insertBatch(c.id(), List.of(lead(c, "1")), true), p.leads().insertBatch(999, List.of(lead(c, "1")), true));
        for (CompletableFuture<?> f : futures) assertTrue(f.isDone());
        assertTrue(futures.get(futures.size() - 1).isCompletedExceptionally(), "failures too");
    }

    @Test
    void failuresAndHooksCanBeInjectedByOperation() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        store.fail("lead.lease", new IllegalStateException("database is locked"));
        assertTrue(p.leads().lease(new org.aava.dialer.core.ports.LeaseRequest(c.id(), 1, TTL, T0, 0)).isCompletedExceptionally());
        store.fail("lead.lease", null);
        assertEquals(1, store.calls("lead.lease"), "failed calls are counted");
        int[] ran = {0};
        store.onNext("campaign.find", () -> ran[0]++);
        p.campaigns().find(c.id()).join();
        p.campaigns().find(c.id()).join();
        assertEquals(1, ran[0], "a hook runs once");
    }

    @Test
    void closeCountsTellExactlyOnceApart() {
        Campaign c = campaign(CampaignStatus.RUNNING);
        Lead l = insert(c, lead(c, "77")).get(0);
        Attempt a = dial(c, l, T0);
        p.attempts().close(a.id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(1))).join();
        p.attempts().close(a.id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(2))).join();
        assertEquals(1, store.closeCount(a.id()));
        assertEquals(2, store.closeRequests(a.id()));
        assertEquals(List.of(a.id()), store.attemptsOfLead(l.id()).stream().map(Attempt::id).toList());
        assertEquals(l.id(), store.leadsOf(c.id()).get(0).id());
        assertEquals(Duration.ZERO, Duration.between(T0, store.campaign(c.id()).createdAt()), "bookkeeping times come from the clock");
    }
}
