package org.aava.dialer.prompts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioTest {
    /** A 16-bit PCM WAV of a sine wave. */
    static byte[] sineWav(int rate, int channels, double hz, double seconds) {
        int frames = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + frames * channels * 2).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1)
                .putShort((short) channels).putInt(rate).putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes()).putInt(frames * channels * 2);
        for (int i = 0; i < frames; i++) {
            short s = (short) (Math.sin(2 * Math.PI * hz * i / rate) * 16000);
            for (int c = 0; c < channels; c++) b.putShort(s);
        }
        return b.array();
    }

    @Test
    void muLawMatchesG711ReferencePoints() {
        assertEquals((byte) 0xFF, UlawCodec.encode(0));
        assertEquals((byte) 0x80, UlawCodec.encode(32767));
        assertEquals((byte) 0x00, UlawCodec.encode(-32768));
        for (int v = -32000; v <= 32000; v += 997) {
            int back = UlawCodec.decode(UlawCodec.encode(v));
            assertTrue(Math.abs(back - v) <= Math.max(16, Math.abs(v) / 16), v + " -> " + back);
        }
    }

    @Test
    void stereo44kWavBecomes8kMonoAndKeepsTheTone() {
        byte[] ulaw = WavToUlaw.convert(sineWav(44100, 2, 440, 1.5));
        assertEquals(12000, ulaw.length, 1, "1.5 s at 8000 samples/s");
        int crossings = 0;
        short prev = UlawCodec.decode(ulaw[0]);
        for (int i = 1; i < 8000; i++) {
            short s = UlawCodec.decode(ulaw[i]);
            if ((prev < 0) != (s < 0)) crossings++;
            prev = s;
        }
        assertEquals(880, crossings, 20, "a 440 Hz tone crosses zero ~880 times a second");
        byte[] wav = WavToUlaw.ulawToWav(ulaw);
        assertEquals(44 + 2 * ulaw.length, wav.length);
        assertEquals("RIFF", new String(wav, 0, 4));
    }

    @Test
    void badInputIsRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> WavToUlaw.convert("hello".getBytes()));
        byte[] mp3ish = sineWav(8000, 1, 440, 0.1);
        mp3ish[20] = 0x55; // format tag: MPEG
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WavToUlaw.convert(mp3ish)).getMessage().contains("PCM"));
        byte[] six = sineWav(8000, 1, 440, 0.1);
        six[22] = 6;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WavToUlaw.convert(six)).getMessage().contains("mono or stereo"));
    }

    @Test
    void theLibraryStoresUnderGeneratedNamesAndRefusesPaths(@TempDir Path media) throws Exception {
        RecordingLibrary lib = new RecordingLibrary(media, 1 << 20);
        RecordingLibrary.Stored s = lib.store("vm", "../../etc/My Greeting.WAV", sineWav(16000, 1, 300, 1));
        assertTrue(s.name().matches("outbound-vm-\\d{14}-[0-9a-f]{8}"), s.name());
        assertTrue(Files.exists(media.resolve("ai-generated/" + s.name() + ".ulaw")));
        assertEquals(8000, s.sizeBytes());
        assertEquals(s.name(), lib.resolve(s.name()).getFileName().toString().replace(".ulaw", ""));
        for (String bad : new String[]{"../x", "a/b", "..", "", "x\u0000y", "/etc/passwd"}) {
            assertThrows(IllegalArgumentException.class, () -> lib.resolve(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> lib.store("vm", "a.mp3", new byte[10]));
        assertThrows(IllegalArgumentException.class, () -> lib.store("vm", "a.ulaw", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RecordingLibrary(media, 10).store("vm", "a.ulaw", new byte[11]));
    }
}
