package org.aava.dialer.server.config;

/** A configuration problem, always naming the key (and the environment variable that sets it). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
