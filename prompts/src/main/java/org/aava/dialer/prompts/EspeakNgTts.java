package org.aava.dialer.prompts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code espeak-ng} as the text-to-speech engine: the text goes in on stdin (never on the command line,
 * where it could be read as an option), the WAV comes back on stdout.
 */
public final class EspeakNgTts implements TextToSpeech {
    private static final long TIMEOUT_SECONDS = 60;
    private final String executable;
    private final String defaultVoice;

    public EspeakNgTts(String executable, String defaultVoice) {
        this.executable = executable;
        this.defaultVoice = defaultVoice == null || defaultVoice.isBlank() ? "en-us" : defaultVoice;
    }

    @Override
    public byte[] synthesizeWav(String text, String voice) throws IOException {
        String v = voice == null || voice.isBlank() ? defaultVoice : voice;
        if (!v.matches("[A-Za-z0-9_+-]{1,64}")) throw new IllegalArgumentException("invalid voice '" + v + "'");
        Process p = new ProcessBuilder(executable, "-v", v, "--stdin", "--stdout").redirectErrorStream(false).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err));
        byte[] wav;
        try (InputStream out = p.getInputStream()) {
            wav = out.readAllBytes();
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("espeak-ng did not finish within " + TIMEOUT_SECONDS + " s");
            }
            errReader.join(1000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for espeak-ng", e);
        }
        String stderr = err.toString(StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0 || wav.length < 44) {
            if (stderr.toLowerCase(java.util.Locale.ROOT).contains("voice")) throw new IllegalArgumentException("espeak-ng has no voice '" + v + "'");
            throw new IOException("espeak-ng failed (exit " + p.exitValue() + ")" + (stderr.isEmpty() ? "" : ": " + stderr));
        }
        return wav;
    }

    private static void drain(InputStream in, ByteArrayOutputStream into) {
        try (in) {
            byte[] b = in.readNBytes(8192);
            into.write(b, 0, b.length);
        } catch (IOException ignored) {
            // diagnostics only
        }
    }

    private volatile List<String> voices;

    @Override
    public List<String> voices() {
        List<String> known = voices;
        if (known == null) voices = known = listVoices();
        return known;
    }

    private List<String> listVoices() {
        if (problem().isPresent()) return List.of(defaultVoice);
        List<String> out = new ArrayList<>();
        try {
            Process p = new ProcessBuilder(executable, "--voices").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            // "Pty Language Age/Gender VoiceName File Other Languages": the language column is what -v takes
            for (String line : text.split("\n")) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length >= 4 && cols[0].matches("[0-9]+")) out.add(cols[1]);
            }
        } catch (IOException e) {
            return List.of(defaultVoice);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!out.contains(defaultVoice)) out.addFirst(defaultVoice);
        return List.copyOf(out);
    }

    @Override
    public String defaultVoice() {
        return defaultVoice;
    }

    @Override
    public String engine() {
        return "espeak-ng";
    }

    @Override
    public Optional<String> problem() {
        return onPath(executable) ? Optional.empty()
                : Optional.of("espeak-ng is not installed (apt-get install espeak-ng) or not on PATH; text-to-speech prompts cannot be made");
    }

    static boolean onPath(String executable) {
        if (executable.contains("/")) return Files.isExecutable(Path.of(executable));
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) return true;
        }
        return false;
    }
}
