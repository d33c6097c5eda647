package org.aava.dialer.prompts;

/** G.711 μ-law, the format Asterisk plays natively from {@code .ulaw} files (8 kHz mono, one byte a sample). */
public final class UlawCodec {
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private UlawCodec() {
    }

    public static byte encode(int pcm16) {
        int sign = (pcm16 >> 8) & 0x80;
        if (sign != 0) pcm16 = -pcm16;
        if (pcm16 > CLIP) pcm16 = CLIP;
        pcm16 += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (pcm16 & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        int mantissa = (pcm16 >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short decode(byte ulaw) {
        int u = ~ulaw & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int sample = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -sample : sample);
    }
}
