package org.aava.dialer.prompts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts a PCM WAV (8/16/24/32-bit integer or 32-bit float, mono or stereo, any rate) to headerless
 * 8 kHz mono μ-law. Stereo is averaged; the rate is reduced with a box filter over each output
 * sample's span (a simple low-pass that keeps speech intelligible without aliasing hiss).
 */
public final class WavToUlaw {
    private WavToUlaw() {
    }

    public static byte[] convert(byte[] wav) {
        if (wav.length < 12 || !ascii(wav, 0, "RIFF") || !ascii(wav, 8, "WAVE")) {
            throw new IllegalArgumentException("not a WAV file (RIFF/WAVE header missing)");
        }
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12, format = -1, channels = 0, rate = 0, bits = 0, dataStart = -1, dataLength = 0;
        while (pos + 8 <= wav.length) {
            String id = new String(wav, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("data")) {
                // a streamed WAV (a speech server's answer) has no length yet: 0 or 0xFFFFFFFF, the data runs to the end
                dataStart = pos + 8;
                dataLength = size <= 0 ? wav.length - dataStart : Math.min(size, wav.length - dataStart);
                break;
            }
            if (size < 0) throw new IllegalArgumentException("corrupt WAV chunk '" + id + "'");
            if (id.equals("fmt ")) {
                format = b.getShort(pos + 8) & 0xFFFF;
                channels = b.getShort(pos + 10);
                rate = b.getInt(pos + 12);
                bits = b.getShort(pos + 22);
                if (format == 0xFFFE && size >= 40) format = b.getShort(pos + 32) & 0xFFFF; // WAVE_FORMAT_EXTENSIBLE
            }
            pos += 8 + size + (size & 1);
        }
        if (format != 1 && format != 3) throw new IllegalArgumentException("only PCM or float WAV is supported (format " + format + ")");
        if (channels < 1 || channels > 2) throw new IllegalArgumentException("WAV must be mono or stereo, got " + channels + " channels");
        if (rate < 1000 || rate > 192000) throw new IllegalArgumentException("unsupported sample rate " + rate);
        if (format == 1 && bits != 8 && bits != 16 && bits != 24 && bits != 32) throw new IllegalArgumentException("unsupported sample width " + bits + " bits");
        if (format == 3 && bits != 32) throw new IllegalArgumentException("float WAV must be 32-bit");
        if (dataStart < 0 || dataLength <= 0) throw new IllegalArgumentException("WAV has no audio data");
        int frameBytes = channels * bits / 8;
        int frames = dataLength / frameBytes;
        double[] mono = new double[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) sum += sample(b, dataStart + f * frameBytes + c * bits / 8, bits, format == 3);
            mono[f] = sum / channels;
        }
        int outLength = (int) ((long) frames * 8000 / rate);
        byte[] out = new byte[outLength];
        double step = rate / 8000.0;
        for (int i = 0; i < outLength; i++) {
            int from = (int) Math.floor(i * step), to = Math.max(from + 1, (int) Math.floor((i + 1) * step));
            double acc = 0;
            int n = 0;
            for (int j = from; j < Math.min(to, frames); j++, n++) acc += mono[j];
            double v = n == 0 ? 0 : acc / n;
            out[i] = UlawCodec.encode((int) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        }
        return out;
    }

    /** One sample scaled to [-1, 1]. */
    private static double sample(ByteBuffer b, int at, int bits, boolean isFloat) {
        if (isFloat) return Math.max(-1, Math.min(1, b.getFloat(at)));
        return switch (bits) {
            case 8 -> ((b.get(at) & 0xFF) - 128) / 128.0;
            case 16 -> b.getShort(at) / 32768.0;
            case 24 -> (((b.get(at + 2) << 16) | ((b.get(at + 1) & 0xFF) << 8) | (b.get(at) & 0xFF))) / 8388608.0;
            default -> b.getInt(at) / 2147483648.0;
        };
    }

    private static boolean ascii(byte[] data, int at, String text) {
        for (int i = 0; i < text.length(); i++) if (data[at + i] != text.charAt(i)) return false;
        return true;
    }

    /** μ-law back to a 16-bit PCM mono 8 kHz WAV, for previewing a recording in the browser. */
    public static byte[] ulawToWav(byte[] ulaw) {
        ByteBuffer b = ByteBuffer.allocate(44 + ulaw.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + ulaw.length * 2)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(ulaw.length * 2);
        for (byte u : ulaw) b.putShort(UlawCodec.decode(u));
        return b.array();
    }
}
