package org.aava.dialer.web;

import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.admin.CallEngine;
import org.aava.dialer.core.admin.Cluster;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.ports.AttemptQueries;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.LeadRepository;
import org.aava.dialer.core.ports.UserDirectory;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * What the web layer uses: core's ports and services only (never the store directly).
 *
 * @param engine   the calls in flight, the AI's call actions and the scheduler; null in tests without calls (AI endpoints then answer 503)
 * @param metrics  Prometheus text for {@code /metrics}; may be null
 * @param phones   how numbers are parsed ({@code dial.default_region}, {@code dial.extension_pattern})
 * @param users    who may log in, and their roles; null keeps them in memory only (tests without a database)
 * @param cluster  the nodes on this database and their Asterisk servers for {@code /api/health}; null leaves them out
 */
public record WebDependencies(CampaignRepository campaigns, LeadRepository leads, AttemptQueries attempts,
                              DncRepository dnc, CallHistoryRepository history, AuditLog audit, AiContexts contexts,
                              CallEngine engine, HealthProbe health, Supplier<String> dialplan,
                              AmdOptions defaultAmdOptions, Supplier<String> metrics, Clock clock, ExecutorService workers,
                              org.aava.dialer.core.phone.PhoneNumbers phones, UserDirectory users, Cluster cluster) {
    public WebDependencies {
        if (phones == null) phones = org.aava.dialer.core.phone.PhoneNumbers.defaults();
        if (users == null) users = new InMemoryUserDirectory();
        if (engine == null) engine = CallEngine.NONE;
    }

    public WebDependencies(CampaignRepository campaigns, LeadRepository leads, AttemptQueries attempts,
                           DncRepository dnc, CallHistoryRepository history, AuditLog audit, AiContexts contexts,
                           CallEngine engine, HealthProbe health, Supplier<String> dialplan,
                           AmdOptions defaultAmdOptions, Supplier<String> metrics, Clock clock, ExecutorService workers,
                           org.aava.dialer.core.phone.PhoneNumbers phones) {
        this(campaigns, leads, attempts, dnc, history, audit, contexts, engine, health, dialplan, defaultAmdOptions,
                metrics, clock, workers, phones, null, null);
    }

    /** The same dependencies with this user directory. */
    public WebDependencies withUsers(UserDirectory directory) {
        return new WebDependencies(campaigns, leads, attempts, dnc, history, audit, contexts, engine, health, dialplan,
                defaultAmdOptions, metrics, clock, workers, phones, directory, cluster);
    }

    /** The same dependencies with the cluster {@code /api/health} reports. */
    public WebDependencies withCluster(Cluster nodes) {
        return new WebDependencies(campaigns, leads, attempts, dnc, history, audit, contexts, engine, health, dialplan,
                defaultAmdOptions, metrics, clock, workers, phones, users, nodes);
    }

    /** The dependencies with the default number rules (region US, extensions of 3-6 digits). */
    public WebDependencies(CampaignRepository campaigns, LeadRepository leads, AttemptQueries attempts,
                           DncRepository dnc, CallHistoryRepository history, AuditLog audit, AiContexts contexts,
                           CallEngine engine, HealthProbe health, Supplier<String> dialplan,
                           AmdOptions defaultAmdOptions, Supplier<String> metrics, Clock clock, ExecutorService workers) {
        this(campaigns, leads, attempts, dnc, history, audit, contexts, engine, health, dialplan, defaultAmdOptions,
                metrics, clock, workers, null);
    }
}
