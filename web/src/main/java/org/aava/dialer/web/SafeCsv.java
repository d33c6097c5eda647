package org.aava.dialer.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cells safe to open in a spreadsheet (OWASP "CSV injection"): a text cell beginning with {@code = + - @}, a tab or a
 * carriage return would be read as a formula, so it gets a leading single quote, which spreadsheets show as text.
 * A phone number in E.164 form ({@code +15551234567}) is left as it is: it is data a spreadsheet reads as a number,
 * never a formula, and operators must be able to copy it back.
 */
final class SafeCsv {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private SafeCsv() {
    }

    static Object cell(Object value) {
        if (!(value instanceof CharSequence cs)) return value;
        String s = cs.toString();
        if (s.isEmpty()) return s;
        char first = s.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        if (!risky || E164.matcher(s).matches()) return s;
        return "'" + s;
    }

    static List<Object> row(List<?> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) out.add(cell(v));
        return out;
    }

    static String[] header(List<String> names) {
        return names.stream().map(n -> String.valueOf(cell(n))).toArray(String[]::new);
    }
}
