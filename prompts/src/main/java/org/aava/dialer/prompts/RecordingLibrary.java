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
        if (!kind.matches("recording|vm|consent|tts")) throw new IllegalArgumentException("unknown recording kind " + kind);
        if (data.length == 0) throw new IllegalArgumentException("the uploaded file is empty");
        if (data.length > maxBytes) throw new IllegalArgumentException("the recording is larger than " + maxBytes + " bytes");
        return storeUlaw(kind, toUlaw(clientFilename, data));
    }

    /**
     * The upload as 8 kHz μ-law, decided by its file name's extension in any case ({@code .WAV}, {@code .Ulaw}):
     * a WAV is converted (and refused when it is not one), μ-law is kept as it is.
     */
    public static byte[] toUlaw(String clientFilename, byte[] data) {
        String lower = clientFilename == null ? "" : clientFilename.strip().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".wav")) return WavToUlaw.convert(data);
        if (lower.endsWith(".ulaw") || lower.endsWith(".ul") || lower.endsWith(".mulaw")) {
            if (data.length >= 12 && new String(data, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")) {
                throw new IllegalArgumentException("the file is a WAV named ." + lower.substring(lower.lastIndexOf('.') + 1) + "; upload it as .wav");
            }
            return data;
        }
        throw new IllegalArgumentException("upload a .wav or .ulaw file");
    }

    /** Stores 8 kHz μ-law audio under a new generated name. */
    public Stored storeUlaw(String kind, byte[] ulaw) throws IOException {
        if (!kind.matches("recording|vm|consent|tts")) throw new IllegalArgumentException("unknown recording kind " + kind);
        if (ulaw.length == 0) throw new IllegalArgumentException("the recording is empty");
        String name = "outbound-" + kind + "-" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)) + "-"
                + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.write(tmp, ulaw);
        Files.move(tmp, dir.resolve(name + ".ulaw"), StandardCopyOption.ATOMIC_MOVE);
        return new Stored(name, "sound:ai-generated/" + name, ulaw.length, ulaw.length / 8000.0);
    }

    /**
     * Every recording Asterisk can play from the library, by name. Files put there by hand are made playable first:
     * {@code X.ULAW} (any case) becomes {@code X.ulaw}, since Asterisk looks for the lower-case extension, and a
     * {@code .wav} in any case is converted to μ-law beside it; a file that cannot be converted is left alone and logged by the caller.
     */
    public java.util.List<Stored> list() throws IOException {
        java.util.List<Stored> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                String lower = file.toLowerCase(Locale.ROOT);
                if (file.startsWith(".") || !Files.isRegularFile(f)) continue;
                int dot = file.lastIndexOf('.');
                if (dot <= 0) continue;
                String base = file.substring(0, dot);
                if (!validName(base)) continue;
                Path target = dir.resolve(base + ".ulaw");
                try {
                    if (lower.endsWith(".ulaw") && !file.endsWith(".ulaw") && !Files.exists(target)) {
                        Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
                    } else if (lower.endsWith(".wav") && !Files.exists(target)) {
                        Path tmp = dir.resolve("." + base + ".tmp");
                        Files.write(tmp, WavToUlaw.convert(Files.readAllBytes(f)));
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (IllegalArgumentException | IOException e) {
                    continue; // not a recording we can play
                }
            }
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".ulaw")).sorted().toList()) {
                String base = f.getFileName().toString().substring(0, f.getFileName().toString().length() - 5);
                if (!validName(base)) continue;
                try {
                    long size = Files.size(f);
                    out.add(new Stored(base, "sound:ai-generated/" + base, size, size / 8000.0));
                } catch (IOException ignored) {
                    // deleted meanwhile
                }
            }
        }
        return out;
    }

    /** The recording of this name, if the library has it. */
    public java.util.Optional<Stored> find(String name) throws IOException {
        Path p = resolve(name);
        if (!Files.isRegularFile(p)) {
            list(); // a hand-placed .WAV / .ULAW of that name becomes playable
            if (!Files.isRegularFile(p)) return java.util.Optional.empty();
        }
        long size = Files.size(p);
        return java.util.Optional.of(new Stored(name, "sound:ai-generated/" + name, size, size / 8000.0));
    }

    public void delete(String name) throws IOException {
        Files.deleteIfExists(resolve(name));
    }

    private static boolean validName(String name) {
        return name.matches("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}") && !name.contains("..");
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
