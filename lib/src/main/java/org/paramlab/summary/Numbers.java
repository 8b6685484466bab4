package org.paramlab.summary;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Numbers written for people: a few significant digits, thousands separators, percentages for
 * shares. {@code 0.0021267168808152413} is {@code sig(v, 3) = "0.00213"} or
 * {@code percent(v, 2) = "0.21 %"}; {@code 1760000000000L} is {@code grouped(n) = "1,760,000,000,000"}.
 */
public final class Numbers {

    private Numbers() {
    }

    /**
     * {@code v} rounded to {@code digits} significant digits, without trailing zeros, with
     * thousands separators: 2,684 · 0.95 · 0.00213; very small or very large values in
     * scientific notation: 2.41e-13, 1.2e+34.
     */
    public static String sig(double v, int digits) {
        if (digits < 1) {
            throw new IllegalArgumentException("significant digits must be >= 1, got " + digits);
        }
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "∞" : "−∞");
        }
        if (v == 0) {
            return "0";
        }
        double magnitude = Math.abs(v);
        if (magnitude < 1e-4 || magnitude >= 1e15) {
            // 2.410e-13 -> 2.41e-13
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v).replaceFirst("\\.?0+e", "e");
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        if (rounded.scale() <= 0) {
            return String.format(Locale.ROOT, "%,d", rounded.longValueExact());
        }
        String plain = rounded.toPlainString();
        int dot = plain.indexOf('.');
        long whole = Long.parseLong(plain.substring(0, dot).replace("-", ""));
        return (v < 0 ? "-" : "") + String.format(Locale.ROOT, "%,d", whole) + plain.substring(dot);
    }

    /** A whole number with thousands separators: 2,778. */
    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A share (0.25) as a percentage with {@code digits} significant digits: "25 %", "0.21 %". */
    public static String percent(double share, int digits) {
        return sig(100 * share, digits) + " %";
    }

    /** Bytes as decimal gigabytes (10^9 bytes), 3 significant digits: "3.94 GB". */
    public static String gigabytes(double bytes) {
        return sig(bytes / 1e9, 3) + " GB";
    }
}
