package org.aava.dialer.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of Asterisk's {@code AMD()} application, in its positional order. A null field means
 * "use the default". The defaults are "human-first": Asterisk's stock maximum of 2 words classifies
 * real four-word greetings as MACHINE, so we allow 10.
 */
public record AmdOptions(Integer initialSilence, Integer greeting, Integer afterGreetingSilence,
                         Integer totalAnalysisTime, Integer minWordLength, Integer betweenWordsSilence,
                         Integer maximumNumberOfWords, Integer silenceThreshold, Integer maximumWordLength) {

    // Declared before DEFAULTS: static fields initialise in order and the constructor validates against them.
    private static final int[][] BOUNDS = {
            {0, 60000}, {0, 60000}, {0, 60000}, {100, 60000}, {0, 60000}, {0, 60000}, {1, 100}, {0, 32767}, {0, 60000}};

    /** The JSON/REST field names, in AMD()'s positional order. */
    public static final List<String> FIELDS = List.of("initial_silence", "greeting", "after_greeting_silence",
            "total_analysis_time", "min_word_length", "between_words_silence", "maximum_number_of_words",
            "silence_threshold", "maximum_word_length");

    public static final AmdOptions DEFAULTS = new AmdOptions(2000, 2000, 1000, 5000, 100, 50, 10, 256, 5000);
    public static final AmdOptions NONE = new AmdOptions(null, null, null, null, null, null, null, null, null);



    public AmdOptions {
        List<Integer> values = java.util.Arrays.asList(initialSilence, greeting, afterGreetingSilence,
                totalAnalysisTime, minWordLength, betweenWordsSilence, maximumNumberOfWords, silenceThreshold,
                maximumWordLength);
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            if (v != null && (v < BOUNDS[i][0] || v > BOUNDS[i][1])) {
                throw new IllegalArgumentException("amd_options." + FIELDS.get(i) + " must be between "
                        + BOUNDS[i][0] + " and " + BOUNDS[i][1]);
            }
        }
    }

    public List<Integer> values() {
        return java.util.Arrays.asList(initialSilence, greeting, afterGreetingSilence, totalAnalysisTime,
                minWordLength, betweenWordsSilence, maximumNumberOfWords, silenceThreshold, maximumWordLength);
    }

    /** These options with every unset field taken from {@code defaults}. */
    public AmdOptions withDefaults(AmdOptions defaults) {
        List<Integer> mine = values();
        List<Integer> theirs = defaults.values();
        List<Integer> merged = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) merged.add(mine.get(i) != null ? mine.get(i) : theirs.get(i));
        return fromList(merged);
    }

    /**
     * The comma-separated argument for {@code AMD()}. Positional arguments cannot have gaps, so unset
     * fields are filled from the defaults rather than dropping the whole string.
     */
    public String toDialplanArgument() {
        StringBuilder sb = new StringBuilder();
        for (Integer v : withDefaults(DEFAULTS).values()) {
            if (!sb.isEmpty()) sb.append(',');
            sb.append(v);
        }
        return sb.toString();
    }

    public Map<String, Integer> toMap() {
        Map<String, Integer> map = new LinkedHashMap<>();
        List<Integer> v = values();
        for (int i = 0; i < FIELDS.size(); i++) if (v.get(i) != null) map.put(FIELDS.get(i), v.get(i));
        return map;
    }

    /** Builds options from a field-name map; unknown keys are rejected so a typo never goes unnoticed. */
    public static AmdOptions fromMap(Map<String, ?> map) {
        if (map == null) return NONE;
        List<Integer> values = new ArrayList<>(java.util.Collections.nCopies(FIELDS.size(), null));
        for (Map.Entry<String, ?> e : map.entrySet()) {
            int index = FIELDS.indexOf(e.getKey());
            if (index < 0) throw new IllegalArgumentException("amd_options." + e.getKey() + " is not an AMD option");
            Object raw = e.getValue();
            if (raw == null || (raw instanceof String s && s.isBlank())) continue;
            try {
                values.set(index, raw instanceof Number n ? n.intValue() : Integer.parseInt(raw.toString().trim()));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("amd_options." + e.getKey() + " must be a whole number");
            }
        }
        return fromList(values);
    }

    /** Parses {@code "2000,2000,1000"} (a prefix of the positional arguments). */
    public static AmdOptions parse(String text) {
        if (text == null || text.isBlank()) return NONE;
        String[] parts = text.split(",");
        if (parts.length > FIELDS.size()) throw new IllegalArgumentException("AMD options take at most 9 values");
        List<Integer> values = new ArrayList<>(java.util.Collections.nCopies(FIELDS.size(), null));
        for (int i = 0; i < parts.length; i++) {
            try {
                values.set(i, Integer.parseInt(parts[i].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("AMD option " + FIELDS.get(i) + " must be a whole number: '" + parts[i] + "'");
            }
        }
        return fromList(values);
    }

    private static AmdOptions fromList(List<Integer> v) {
        return new AmdOptions(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), v.get(8));
    }
}
