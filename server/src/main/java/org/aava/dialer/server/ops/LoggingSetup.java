package org.aava.dialer.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logs to stdout (systemd's journal collects it) as plain lines or as JSON lines. The MDC keys
 * {@code campaign_id}, {@code lead_id}, {@code attempt_id} and {@code channel_id} appear on every
 * call's lines, so one attempt's life can be reconstructed from the log alone.
 */
public final class LoggingSetup {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} "
            + "%replace(campaign_id=%X{campaign_id} lead_id=%X{lead_id} attempt_id=%X{attempt_id} channel_id=%X{channel_id} ){'(\\w+_id= )+',''}"
            + "- %msg%n%ex";

    private LoggingSetup() {
    }

    public static void configure(String format, String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        context.reset();
        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithArguments(false);
            encoder = json;
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setPattern(PATTERN);
            encoder = pattern;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
        // Chatty libraries: their INFO lines say nothing an operator needs.
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("org.xnio").setLevel(Level.WARN);
        context.getLogger("io.undertow").setLevel(Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.asteriskjava").setLevel(Level.WARN);
        // Logs every script-less connection (our readiness probe) as an error; our mapping logs real unknown scripts.
        context.getLogger("org.asteriskjava.fastagi.internal.FastAgiConnectionHandler").setLevel(Level.OFF);
        context.getLogger("ch.loway.oss.ari4java").setLevel(Level.WARN);
        context.getLogger("org.jooq").setLevel(Level.WARN);
        // jOOQ's open-source POSTGRES dialect is "the latest PostgreSQL" and warns at start on any older server; the
        // store's SQL needs 13 or newer (CI runs 15), so the warning says nothing an operator can act on
        context.getLogger("org.jooq.impl.DefaultExecuteContext.logVersionSupport").setLevel(Level.ERROR);
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
