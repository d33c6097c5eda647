package org.aava.dialer.bench.store;

/**
 * JVM options of every benchmark fork: the production unit's heap and collector (etc/aava-dialer.service) and
 * sqlite-jdbc's native access.
 */
final class BenchDefaults {
    static final String HEAP = "-Xmx512m";
    static final String GC = "-XX:+UseZGC";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private BenchDefaults() {
    }
}
