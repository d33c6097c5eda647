package org.aava.dialer.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parts of JMH's JSON result file (-rf json) the report needs. */
final class JmhResults {
    /** One benchmark run: its short name (Class.method), mode, parameters and metrics. */
    record Run(String name, String mode, JsonNode params, JsonNode primary, JsonNode secondary) {
        String param(String key) {
            return params == null || params.path(key).isMissingNode() ? null : params.path(key).asText();
        }

        double score() {
            return primary.path("score").asDouble(Double.NaN);
        }

        /** A percentile (e.g. "99.0") of the primary metric, in its unit. */
        double percentile(String p) {
            return primary.path("scorePercentiles").path(p).asDouble(Double.NaN);
        }

        /** A secondary metric's score: an aux counter, a group member, or a member's percentile ("leaseLatency:p0.99"). */
        double secondary(String key) {
            return secondary == null ? Double.NaN : secondary.path(key).path("score").asDouble(Double.NaN);
        }

        /** How many samples (SampleTime) the primary metric has. */
        long samples() {
            long n = 0;
            for (JsonNode iteration : primary.path("rawDataHistogram")) {
                for (JsonNode fork : iteration) for (JsonNode bucket : fork) n += bucket.path(1).asLong();
            }
            return n;
        }
    }

    private final List<Run> runs = new ArrayList<>();

    JmhResults(Path file) throws IOException {
        for (JsonNode b : new ObjectMapper().readTree(file.toFile())) {
            String full = b.path("benchmark").asText();
            String[] parts = full.split("\\.");
            String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
            runs.add(new Run(name, b.path("mode").asText(), b.path("params"), b.path("primaryMetric"), b.path("secondaryMetrics")));
        }
    }

    static JmhResults empty() {
        return new JmhResults();
    }

    private JmhResults() {
    }

    List<Run> all(String name) {
        return runs.stream().filter(r -> r.name().equals(name)).toList();
    }

    Optional<Run> one(String name) {
        return runs.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
