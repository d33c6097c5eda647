package org.aava.dialer.server;

import org.aava.dialer.lab.LabAsterisk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what the lab's callees recorded (MixMonitor WAV files) and looks for a tone in it. */
final class LabRecordings {
    private LabRecordings() {
    }

    /** The newest recording named prefix*suffix written after {@code sinceMillis}, once Asterisk has finished it. */
    static Path awaitNewest(String prefix, String suffix, long sinceMillis, Duration timeout) {
        Path[] found = new Path[1];
        boolean ok = LabAsterisk.await(timeout, () -> {
            Optional<Path> newest = list(prefix, suffix, sinceMillis);
            // MixMonitor writes the WAV header's sizes when it closes the file
            if (newest.isEmpty() || dataBytes(newest.get()) <= 0) return false;
            found[0] = newest.get();
            return true;
        });
        if (!ok) throw new AssertionError("no finished " + prefix + "*" + suffix + " in " + LabAsterisk.recordingsDir());
        return found[0];
    }

    private static Optional<Path> list(String prefix, String suffix, long sinceMillis) {
        try (Stream<Path> files = Files.list(LabAsterisk.recordingsDir())) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(suffix))
                    .filter(p -> modified(p) >= sinceMillis).max(Comparator.comparingLong(LabRecordings::modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long dataBytes(Path wav) {
        try {
            return pcmChunk(Files.readAllBytes(wav)).remaining();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 16-bit mono PCM samples of a WAV file, scaled to [-1, 1]. */
    static double[] readWavPcm(Path wav) throws IOException {
        ByteBuffer data = pcmChunk(Files.readAllBytes(wav));
        double[] out = new double[data.remaining() / 2];
        for (int i = 0; i < out.length; i++) out[i] = data.getShort() / 32768.0;
        return out;
    }

    private static ByteBuffer pcmChunk(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) throw new IllegalArgumentException("not a WAV file");
        int pos = 12;
        while (pos + 8 <= file.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x61746164) { // "data"
                int len = Math.max(0, Math.min(size, file.length - pos - 8));
                return ByteBuffer.wrap(file, pos + 8, len).slice().order(ByteOrder.LITTLE_ENDIAN);
            }
            pos += 8 + size + (size & 1);
        }
        throw new IllegalArgumentException("WAV file without a data chunk");
    }

    /**
     * How many 20 ms blocks carry mostly the given frequency (Goertzel power against the block's whole
     * energy), ignoring near-silent blocks.
     */
    static int blocksDominatedBy(double[] pcm, int sampleRate, int hz) {
        int n = sampleRate / 50;
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        int count = 0;
        for (int start = 0; start + n <= pcm.length; start += n) {
            double s1 = 0, s2 = 0, energy = 0;
            for (int i = start; i < start + n; i++) {
                double s0 = pcm[i] + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
                energy += pcm[i] * pcm[i];
            }
            double tone = (s1 * s1 + s2 * s2 - coeff * s1 * s2) * 2 / n; // energy at hz over the block
            if (energy / n > 1e-4 && tone / energy > 0.6) count++;
        }
        return count;
    }
}
