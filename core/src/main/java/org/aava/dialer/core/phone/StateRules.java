package org.aava.dialer.core.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * US calling rules (profile {@code us_telemarketing}): the federal 08:00-21:00 and the state rules of the
 * versioned {@code us-calling-rules.txt}, keyed by the state the number's area code presumes
 * ({@code nanp-states.txt}, US territories by libphonenumber's region). Rules apply from their effective
 * date, in the callee's local time.
 */
public final class StateRules {
    /** One row of the rules file. */
    public record Rule(String scope, Set<DayOfWeek> days, LocalTime start, LocalTime end, int maxCallsPer24h, LocalDate effective,
                       String source) {
    }

    private static final Set<String> US_TERRITORIES = Set.of("PR", "GU", "VI", "AS", "MP");

    private static final class Holder {
        static final StateRules DEFAULT = load();
    }

    private final Map<String, String> stateByAreaCode;
    private final List<Rule> rules;

    StateRules(Map<String, String> stateByAreaCode, List<Rule> rules) {
        this.stateByAreaCode = Map.copyOf(stateByAreaCode);
        this.rules = List.copyOf(rules);
    }

    public static StateRules defaults() {
        return Holder.DEFAULT;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The US state, district or territory a number's area code presumes; empty for any other number. */
    public Optional<String> stateOf(String normalized) {
        if (normalized == null || !normalized.startsWith("+1") || normalized.length() < 5) return Optional.empty();
        String areaCode = normalized.substring(2, 5);
        String state = stateByAreaCode.get(areaCode);
        if (state != null) return Optional.of(state);
        // The territories (PR, GU, VI, AS, MP) are +1 regions libphonenumber tells apart by area code alone, so the
        // answer is one per area code: looked up once (it runs in the lease for every lead outside the states' map).
        if (normalized.length() != 12) return territoryOf(normalized);
        return territoryByAreaCode.computeIfAbsent(areaCode, a -> territoryOf(normalized));
    }

    private final Map<String, Optional<String>> territoryByAreaCode = new java.util.concurrent.ConcurrentHashMap<>();

    private static Optional<String> territoryOf(String normalized) {
        try {
            String region = PhoneNumberUtil.getInstance().getRegionCodeForNumber(PhoneNumberUtil.getInstance().parse(normalized, "ZZ"));
            return region != null && US_TERRITORIES.contains(region) ? Optional.of(region) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The rules in force for a number's state on a day (the federal ones included); empty for a non-US number. */
    public List<Rule> rulesFor(String normalized, LocalDate day) {
        Optional<String> state = stateOf(normalized);
        if (state.isEmpty()) return List.of();
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if ((r.scope().equals("US") || r.scope().equals(state.get())) && !day.isBefore(r.effective())) out.add(r);
        }
        return out;
    }

    /** The strictest per-number 24 h cap of the number's state rules in force at {@code now}, 0 when none. */
    public int maxCallsPer24h(String normalized, Instant now) {
        int cap = 0;
        for (Rule r : rulesFor(normalized, LocalDate.ofInstant(now, ZoneId.of("UTC")))) {
            if (r.maxCallsPer24h() > 0 && (cap == 0 || r.maxCallsPer24h() < cap)) cap = r.maxCallsPer24h();
        }
        return cap;
    }

    /**
     * When the rules of the number's state allow a call in {@code zone} at or after {@code t}: empty when they allow it
     * now. Each day's window is the intersection of the rules for that day; a state whose rows leave out a day forbids it.
     */
    public Optional<Instant> blockedUntil(String normalized, ZoneId zone, Instant t) {
        ZonedDateTime local = t.atZone(zone);
        if (stateOf(normalized).isEmpty()) return Optional.empty();
        for (int i = 0; i < 8; i++) {
            LocalDate day = local.toLocalDate().plusDays(i);
            LocalTime[] w = windowOn(normalized, day);
            if (w == null) continue;
            ZonedDateTime open = day.atTime(w[0]).atZone(zone), close = day.atTime(w[1]).atZone(zone);
            if (i == 0 && !local.isBefore(open) && local.isBefore(close)) return Optional.empty();
            if (local.isBefore(open)) return Optional.of(open.toInstant());
        }
        return Optional.of(t.plus(Duration.ofDays(1)));
    }

    /** {start, end} of the day's intersected window, or null when no call is allowed that day. */
    private LocalTime[] windowOn(String normalized, LocalDate day) {
        List<Rule> inForce = rulesFor(normalized, day);
        Map<String, Boolean> scopeCoversDay = new HashMap<>();
        LocalTime start = LocalTime.MIN, end = LocalTime.MAX;
        for (Rule r : inForce) {
            boolean covers = r.days().contains(day.getDayOfWeek());
            scopeCoversDay.merge(r.scope(), covers, Boolean::logicalOr);
            if (!covers) continue;
            if (r.start().isAfter(start)) start = r.start();
            if (r.end().isBefore(end)) end = r.end();
        }
        if (scopeCoversDay.containsValue(false)) return null;
        return start.isBefore(end) ? new LocalTime[]{start, end} : null;
    }

    private static StateRules load() {
        Map<String, String> states = new HashMap<>();
        for (String line : lines("nanp-states.txt")) {
            String[] p = line.split("\\|");
            states.put(p[0], p[1]);
        }
        List<Rule> rules = new ArrayList<>();
        for (String line : lines("us-calling-rules.txt")) rules.add(parseRule(line));
        return new StateRules(states, rules);
    }

    static Rule parseRule(String line) {
        String[] p = line.split("\\|", 7);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : p[1].split(",")) days.add(day(d.strip()));
        return new Rule(p[0].strip(), days, LocalTime.parse(p[2].strip()), LocalTime.parse(p[3].strip()), Integer.parseInt(p[4].strip()),
                LocalDate.parse(p[5].strip()), p[6].strip());
    }

    private static DayOfWeek day(String d) {
        for (DayOfWeek w : DayOfWeek.values()) if (w.name().substring(0, 3).equalsIgnoreCase(d)) return w;
        throw new IllegalArgumentException("unknown day '" + d + "'");
    }

    private static List<String> lines(String resource) {
        try (InputStream in = StateRules.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " missing from the core jar");
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) if (!line.isBlank() && !line.startsWith("#")) out.add(line.strip());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

}
