package org.aava.dialer.core.testing;

import org.aava.dialer.core.calls.CallEvent;
import org.aava.dialer.core.calls.CallState;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a recorded call trace, as a flat JSON object of strings: {@code kind} ({@code start}, {@code event} or
 * {@code stored}), {@code attempt}, and the fields of the start state or the event (nested records flattened as
 * {@code plan.attach.mode}). Read back into the same records by their components, so a trace replays exactly.
 */
public final class TraceLines {
    private static final Pattern FIELD = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private TraceLines() {
    }

    public static String start(CallState state) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", "start");
        m.put("attempt", Long.toString(state.attemptId()));
        flatten("", state, m);
        return json(m);
    }

    public static String event(long attemptId, CallEvent event) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", "event");
        m.put("attempt", Long.toString(attemptId));
        m.put("type", event.getClass().getSimpleName());
        flatten("", (Record) event, m);
        return json(m);
    }

    /** What the store kept for the attempt once the lab call was over. */
    public static String stored(long attemptId, String outcome) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", "stored");
        m.put("attempt", Long.toString(attemptId));
        m.put("outcome", outcome);
        return json(m);
    }

    public static Map<String, String> parse(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = FIELD.matcher(line);
        while (x.find()) m.put(unescape(x.group(1)), unescape(x.group(2)));
        return m;
    }

    public static CallState state(Map<String, String> line) {
        return read(CallState.class, "", line);
    }

    public static CallEvent event(Map<String, String> line) {
        try {
            Class<?> type = Class.forName(CallEvent.class.getName() + "$" + line.get("type"));
            return (CallEvent) read(type.asSubclass(Record.class), "", line);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown event type " + line.get("type"), e);
        }
    }

    private static void flatten(String prefix, Record r, Map<String, String> out) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v == null) continue;
            if (v instanceof Record nested) flatten(prefix + c.getName() + ".", nested, out);
            else out.put(prefix + c.getName(), v instanceof Enum<?> e ? e.name() : v.toString());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <R extends Record> R read(Class<R> type, String prefix, Map<String, String> in) {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            Class<?> t = cs[i].getType();
            types[i] = t;
            String key = prefix + cs[i].getName();
            String v = in.get(key);
            if (t.isRecord()) {
                boolean present = in.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
                args[i] = present ? read((Class<? extends Record>) t, key + ".", in) : null;
            } else if (t == int.class) args[i] = v == null ? 0 : Integer.parseInt(v);
            else if (t == long.class) args[i] = v == null ? 0L : Long.parseLong(v);
            else if (t == boolean.class) args[i] = Boolean.parseBoolean(v);
            else if (v == null) args[i] = null;
            else if (t == String.class) args[i] = v;
            else if (t == Instant.class) args[i] = Instant.parse(v);
            else if (t == Duration.class) args[i] = Duration.parse(v);
            else if (t == Integer.class) args[i] = Integer.valueOf(v);
            else if (t.isEnum()) args[i] = Enum.valueOf((Class<Enum>) t, v);
            else throw new IllegalArgumentException("cannot read a " + t + " (" + key + ")");
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type + " of " + in, e);
        }
    }

    private static String json(Map<String, String> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (b.length() > 1) b.append(',');
            b.append('"').append(escape(k)).append("\":\"").append(escape(v)).append('"');
        });
        return b.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
