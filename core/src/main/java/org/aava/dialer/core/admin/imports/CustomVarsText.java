package org.aava.dialer.core.admin.imports;

/** How a lead's custom_vars text is stored: one JSON object, compact. Parsing JSON is not core's, so this is a port. */
@FunctionalInterface
public interface CustomVarsText {
    /** The text to store for {@code text} (blank: an empty object); an IllegalArgumentException says why the value is refused. */
    String canonical(String text);
}
