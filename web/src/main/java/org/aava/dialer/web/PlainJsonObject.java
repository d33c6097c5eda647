package org.aava.dialer.web;

import java.util.Arrays;

/**
 * Recognises without a parser the plain compact objects a lead file's custom_vars carry: Jackson's streaming check
 * costs a parser and a duplicate-key set per row, a large share of an import's parsing thread. It answers true only for text
 * inside a strict subset of JSON (no whitespace outside strings, keys without escapes, short numbers, shallow nesting)
 * that Jackson reads as one object with no duplicate key; anything else, valid or not, is false and left to Jackson.
 */
final class PlainJsonObject {
    private static final int MAX_CHARS = 4096;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_KEYS = 32;
    private static final int MAX_NUMBER_CHARS = 64;
    private static final int NO = -1;

    private PlainJsonObject() {
    }

    static boolean is(String text) {
        if (text.length() > MAX_CHARS || text.isEmpty() || text.charAt(0) != '{') return false;
        return container(text, 0, 1, '}') == text.length();
    }

    /** The index after the object ({@code close} is '}') or array (']') starting at {@code i}, or {@link #NO}. */
    private static int container(String s, int i, int depth, char close) {
        if (depth > MAX_DEPTH) return NO;
        i++;
        if (at(s, i) == close) return i + 1;
        int[] keys = close == '}' ? new int[8] : null; // where each key starts and ends; most objects have a few
        for (int n = 0; ; n++) {
            if (keys != null) {
                if (n == MAX_KEYS || at(s, i) != '"') return NO;
                if (2 * n == keys.length) keys = Arrays.copyOf(keys, 2 * keys.length);
                int end = plainString(s, i);
                if (end == NO || repeats(s, keys, n, i + 1, end - 1) || at(s, end) != ':') return NO;
                keys[2 * n] = i + 1;
                keys[2 * n + 1] = end - 1;
                i = end + 1;
            }
            i = value(s, i, depth);
            if (i == NO) return NO;
            char c = at(s, i);
            if (c == close) return i + 1;
            if (c != ',') return NO;
            i++;
        }
    }

    private static int value(String s, int i, int depth) {
        return switch (at(s, i)) {
            case '"' -> string(s, i);
            case '{' -> container(s, i, depth + 1, '}');
            case '[' -> container(s, i, depth + 1, ']');
            case 't' -> s.startsWith("true", i) ? i + 4 : NO;
            case 'f' -> s.startsWith("false", i) ? i + 5 : NO;
            case 'n' -> s.startsWith("null", i) ? i + 4 : NO;
            default -> number(s, i);
        };
    }

    /** A key: printable characters, no escape, so two keys are the same exactly when their text is. */
    private static int plainString(String s, int i) {
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '"') return j + 1;
            if (c == '\\' || !plain(c)) return NO;
        }
        return NO;
    }

    private static int string(String s, int i) {
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '"') return j + 1;
            if (c == '\\') {
                char e = at(s, j + 1);
                if (e == 'u') {
                    for (int k = j + 2; k < j + 6; k++) if (!hex(at(s, k))) return NO;
                    j += 5;
                } else if ("\"\\/bfnrt".indexOf(e) >= 0) {
                    j++;
                } else {
                    return NO;
                }
            } else if (!plain(c)) {
                return NO;
            }
        }
        return NO;
    }

    /** JSON's number: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private static int number(String s, int i) {
        int start = i;
        if (at(s, i) == '-') i++;
        if (at(s, i) == '0') i++;
        else if (at(s, i) >= '1' && at(s, i) <= '9') i = digits(s, i);
        else return NO;
        if (at(s, i) == '.') {
            int after = digits(s, i + 1);
            if (after == i + 1) return NO;
            i = after;
        }
        if (at(s, i) == 'e' || at(s, i) == 'E') {
            i++;
            if (at(s, i) == '+' || at(s, i) == '-') i++;
            int after = digits(s, i);
            if (after == i) return NO;
            i = after;
        }
        return i - start > MAX_NUMBER_CHARS ? NO : i;
    }

    private static int digits(String s, int i) {
        while (at(s, i) >= '0' && at(s, i) <= '9') i++;
        return i;
    }

    /** Not a control character (JSON wants them escaped) nor half of a surrogate pair (left to Jackson). */
    private static boolean plain(char c) {
        return c >= 0x20 && !Character.isSurrogate(c);
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean repeats(String s, int[] keys, int n, int from, int to) {
        for (int k = 0; k < n; k++) {
            int len = keys[2 * k + 1] - keys[2 * k];
            if (len == to - from && s.regionMatches(keys[2 * k], s, from, len)) return true;
        }
        return false;
    }

    /** The character at {@code i}, or 0 past the end (which nothing here accepts). */
    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }
}
