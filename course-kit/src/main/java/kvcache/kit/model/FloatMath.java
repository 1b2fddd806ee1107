package kvcache.kit.model;

/**
 * The exponential function in float precision, for softmax.
 *
 * <p>Java 17 has only {@code Math.exp(double)}, whose result softmax rounds to float anyway.
 * Softmax over a long cache calls exp once per cached position, per head and per layer, and in
 * lesson 3's decode step on stories260K this function in place of {@code Math.exp} raised the
 * throughput by about a quarter (docs/benchmarks.md, comparison with llama2.c).
 */
public final class FloatMath {

    /** log2(e): {@code x * LOG2_E} is {@code x / ln 2}. */
    private static final float LOG2_E = 1.44269504f;

    /**
     * ln 2 split in two: {@code LN2_HIGH} has only 15 significant bits, so {@code k * LN2_HIGH} is
     * exact for {@code |k| <= 128}, and {@code LN2_LOW = ln 2 - LN2_HIGH} carries the rest.
     */
    private static final float LN2_HIGH = 0.693145751953125f;
    private static final float LN2_LOW = 1.42860677e-6f;

    /** The fast path covers {@code [MIN_FAST, MAX_FAST]}, where the result is a normal float. */
    private static final float MIN_FAST = -87f;
    private static final float MAX_FAST = 88f;

    private FloatMath() {
    }

    /**
     * Returns {@code e^x} to within 3 units in the last place (ulps) of the float result. The
     * largest error found, comparing with {@code Math.exp} on every 64th float of
     * {@code [-87, 88]}, was 2.93 ulps; {@code FloatMathTest} checks a grid of that range.
     *
     * <p>For {@code x} in {@code [-87, 88]}: write {@code x = k ln 2 + r} with an integer
     * {@code k} and {@code |r| <= ln(2) / 2}, so that {@code e^x = 2^k e^r}. {@code e^r} is its
     * Taylor polynomial up to {@code r^6}, whose truncation error is below
     * {@code |r|^7 / 7! < 1.3e-7} of the result, and {@code 2^k} is built from its exponent bits.
     * Outside that range (very small or infinite results, NaN) it returns
     * {@code (float) Math.exp(x)}, so {@code exp(-Infinity)} is exactly 0.
     */
    public static float exp(float x) {
        if (!(x >= MIN_FAST && x <= MAX_FAST)) {
            return (float) Math.exp(x);
        }

        // Range reduction: k = round(x / ln 2), r = x - k ln 2.
        int k = (int) Math.floor(x * LOG2_E + 0.5f);
        float r = (x - k * LN2_HIGH) - k * LN2_LOW;

        // e^r = 1 + r + r^2/2! + ... + r^6/6!, by Horner's rule.
        float p = 1f + r * (1f + r * (1f / 2 + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720))))));

        // 2^k: a float with exponent field k + 127 and fraction 0. Here k is in [-126, 127], a normal float.
        float twoToK = Float.intBitsToFloat((k + 127) << 23);
        return p * twoToK;
    }
}
