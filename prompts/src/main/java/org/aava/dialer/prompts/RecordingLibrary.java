package org.aava.dialer.prompts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Uploaded recordings in {@code <media dir>/ai-generated/}: stored under a generated name (never the
 * client's), converted to 8 kHz μ-law, and resolved back only from safe {@code sound:ai-generated/<name>} URIs.
 */
public final class RecordingLibrary {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;
    private final long maxBytes;

    public record Stored(String name, String uri, long sizeBytes, double durationSeconds) {
    }

    public RecordingLibrary(Path mediaDir, long maxBytes) {
        this.dir = mediaDir.resolve("ai-generated");
        this.maxBytes = maxBytes;
    }

    /** @param kind recording, vm or consent; {@code clientFilename} only decides the format (.wav or .ulaw) */
    public Stored store(String kind, String clientFilename, byte[] data) throws IOException {
        if (!kind.matches("recording|vm|consent")) throw new IllegalArgumentException("unknown recording kind " + kind);
        if (data.length == 0) throw new IllegalArgumentException("the uploaded file is empty");
        if (data.length > maxBytes) throw new IllegalArgumentException("the recording is larger than " + maxBytes + " bytes");
        String lower = clientFilename == null ? "" : clientFilename.toLowerCase(Locale.ROOT);
        byte[] ulaw;
        if (lower.endsWith(".wav")) ulaw = WavToUlaw.convert(data);
        else if (lower.endsWith(".ulaw") || lower.endsWith(".ul")) ulaw = data;
        else throw new IllegalArgumentException("upload a .wav or .ulaw file");
        String name = "outbound-" + kind + "-" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)) + "-"
                + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.write(tmp, ulaw);
        Files.move(tmp, dir.resolve(name + ".ulaw"), StandardCopyOption.ATOMIC_MOVE);
        return new Stored(name, "sound:ai-generated/" + name, ulaw.length, ulaw.length / 8000.0);
    }

    /** The file behind a recording name, or an exception for anything that is not a plain name in the library. */
    public Path resolve(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}") || name.contains("..")) {
            throw new IllegalArgumentException("invalid recording name");
        }
        Path p = dir.resolve(name + ".ulaw").normalize();
        if (!p.startsWith(dir.normalize())) throw new IllegalArgumentException("invalid recording name");
        return p;
    }
}
