package org.aava.dialer.server;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.AttemptView;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.lab.LabInstance;
import org.aava.dialer.server.config.ConfigLoader;
import org.aava.dialer.server.config.DialerConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** A whole dialer wired to the lab Asterisk, for end-to-end tests: real ARI, AGI, AMD and dialplan. */
final class LabDialer implements AutoCloseable {
    final String app = "aava-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    final Path dir;
    final int agiPort;
    final Application application;
    /** The lab Asterisk this dialer dials through (its ARI and AMI; its dialplan holds the generated hop). */
    final LabInstance asterisk;
    /** The calls' lifecycle inputs, recorded when -Daava.trace.dir is set (else null). */
    private final LabTrace trace = LabTrace.ifAsked(app);

    LabDialer(Path dir, String extraYaml) throws IOException {
        this(dir, extraYaml, LabAsterisk.ARI);
    }

    /** @param ariUrl where the dialer reaches ARI (a test proxy in front of the lab, to cut the connection) */
    LabDialer(Path dir, String extraYaml, String ariUrl) throws IOException {
        this(dir, extraYaml, ariUrl, Map.of());
    }

    /** @param env config overrides as the server reads them from its environment ({@code AAVA_DIALER_DIAL_...}) */
    LabDialer(Path dir, String extraYaml, String ariUrl, Map<String, String> env) throws IOException {
        this(dir, extraYaml, ariUrl, env, LabInstance.FIRST);
    }

    /** A dialer on one of the lab's Asterisk instances ({@link LabInstance#SECOND}: the one beside the default). */
    LabDialer(Path dir, String extraYaml, LabInstance asterisk) throws IOException {
        this(dir, extraYaml, asterisk.ariUrl(), Map.of(), asterisk);
    }

    /** A dialer on one of the lab's Asterisk instances, with config overrides as its environment would give them. */
    LabDialer(Path dir, String extraYaml, LabInstance asterisk, Map<String, String> env) throws IOException {
        this(dir, extraYaml, asterisk.ariUrl(), env, asterisk);
    }

    private LabDialer(Path dir, String extraYaml, String ariUrl, Map<String, String> env, LabInstance asterisk) throws IOException {
        asterisk.requireOrSkip();
        this.asterisk = asterisk;
        this.dir = dir;
        this.agiPort = freePort();
        Path config = dir.resolve("aava-dialer.yaml");
        Files.writeString(config, """
                ari: {url: "%s", username: %s, password: %s, app: %s}
                ami: {host: 127.0.0.1, port: %d, username: dialer, password: dialer}
                agi: {bind: 127.0.0.1, port: %d, advertise_host: 127.0.0.1}
                web: {bind: 127.0.0.1, port: 0, admin_password: "e2e-admin-password", api_token: "e2e-api-token-0123456789", ai_token: "e2e-ai-token-0123456789ab"}
                database: {path: "%s"}
                media: {dir: "%s"}
                scheduler: {tick_ms: 100, lease_ttl_seconds: 60, breaker_errors: 0}
                dial: {node_max_concurrent: 20, max_originates_per_second: 20}
                contexts:
                  default:
                    prompt: "You are a helpful assistant."
                    provider: lab_provider
                    tools: [hangup_call, add_to_dnc, schedule_callback, set_disposition, post_transcript, transfer]
                    transfer_targets: ["4242@lab-transfer"]
                    attach: {mode: dialplan, context: lab-ai-dialplan, extension: s, priority: 1}
                %s
                """.formatted(ariUrl, LabAsterisk.USER, LabAsterisk.PASSWORD, app, asterisk.amiPort(), agiPort, dir.resolve("dialer.db"),
                LabAsterisk.mediaDir(), extraYaml == null ? "" : extraYaml.indent(2).stripTrailing()));
        DialerConfig cfg = ConfigLoader.load(config, env);
        this.application = Application.start(cfg, Clock.systemUTC());
        if (trace != null) application.flow().trace(trace);
        asterisk.installDialplan("aava-outbound-amd.conf", application.dialplanText());
        if (!LabAsterisk.await(Duration.ofSeconds(15), () -> application.ari().connected())) {
            throw new AssertionError("the dialer did not connect to the lab's ARI");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A running campaign open around the clock with the given leads (numbers like 7001). */
    Campaign campaign(String name, Consumer<Campaign.Builder> settings, List<String> numbers) {
        Campaign.Builder b = Campaign.builder(name).window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                .localHours(org.aava.dialer.core.time.LocalHours.OFF).maxConcurrent(10).minIntervalSeconds(0).dialTimeoutSeconds(10);
        settings.accept(b);
        Campaign c = application.store().campaigns().create(b.build()).join();
        List<Lead> leads = new ArrayList<>();
        for (String n : numbers) leads.add(Lead.newPending(c.id(), n, n, "Lead " + n, "{\"number\":\"" + n + "\"}", null, null, null));
        application.store().leads().insertBatch(c.id(), leads, true).join();
        application.store().campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
        application.pacer().invalidate();
        return c;
    }

    List<Attempt> attempts(long campaignId) {
        return application.store().attempts().page(new AttemptQuery(campaignId, null, 1, 500)).join().items().stream()
                .map(AttemptView::attempt).toList();
    }

    /** Waits until every lead of the campaign has a closed attempt and no call is live. */
    List<Attempt> awaitAllClosed(long campaignId, int leads, Duration timeout) {
        boolean done = LabAsterisk.await(timeout, () -> {
            List<Attempt> all = attempts(campaignId);
            return all.size() >= leads && all.stream().noneMatch(Attempt::open) && application.flow().live().count(campaignId) == 0;
        });
        List<Attempt> all = attempts(campaignId);
        if (!done) throw new AssertionError("attempts not all closed within " + timeout + ": " + all);
        return all;
    }

    @Override
    public void close() {
        if (trace != null) {
            // (every attempt this dialer traced, whatever campaign it belonged to)
            List<Attempt> all = new ArrayList<>();
            application.store().campaigns().list(true).join().forEach(c -> all.addAll(attempts(c.id())));
            trace.stored(all);
            trace.close();
        }
        application.close();
        asterisk.removeDialplan("aava-outbound-amd.conf");
    }
}
