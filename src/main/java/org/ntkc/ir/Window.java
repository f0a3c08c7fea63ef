package org.ntkc.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of a sliding window (conv or avg_pool) over a signal or image, resolved for one input shape: per axis
 * the window size k, the stride s, the padding before the first position, and the output extent. Output position o
 * reads input positions s·o + δ − padBefore for δ = 0 … k−1 (MATH.md §7); a position outside the input reads zero,
 * or, with circular padding, wraps around.
 */
public record Window(List<Integer> size, List<Integer> stride, List<Integer> padBefore, List<Integer> inExtents,
                     List<Integer> outExtents, Padding padding) {
    public Window {
        size = List.copyOf(size);
        stride = List.copyOf(stride);
        padBefore = List.copyOf(padBefore);
        inExtents = List.copyOf(inExtents);
        outExtents = List.copyOf(outExtents);
    }

    /** How a window treats the border. */
    public enum Padding {
        /** No padding: windows lie inside the input; out = ⌊(in − k)/s⌋ + 1. */
        VALID("valid"),
        /** As TensorFlow: out = ⌈in/s⌉, zeros around, pad_before = ⌊pad_total/2⌋. */
        SAME("same"),
        /** The output size and pads of SAME, indices wrapped around. */
        CIRCULAR("circular");

        private final String spelling;

        Padding(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }

        public static java.util.Optional<Padding> bySpelling(String word) {
            for (Padding p : values()) {
                if (p.spelling.equals(word)) {
                    return java.util.Optional.of(p);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * The window of size {@code size} and stride {@code stride} over {@code in} with {@code padding}, or null when it
     * does not fit (a valid window larger than its input, or a circular one larger than the input it wraps).
     */
    public static Window resolve(List<Integer> in, List<Integer> size, List<Integer> stride, Padding padding) {
        List<Integer> out = new ArrayList<>();
        List<Integer> pads = new ArrayList<>();
        for (int a = 0; a < in.size(); a++) {
            int n = in.get(a);
            int k = size.get(a);
            int s = stride.get(a);
            if (padding == Padding.VALID || padding == Padding.CIRCULAR) {
                if (k > n) {
                    return null;
                }
            }
            if (padding == Padding.VALID) {
                out.add((n - k) / s + 1);
                pads.add(0);
            } else {
                int o = (n + s - 1) / s;
                int total = Math.max((o - 1) * s + k - n, 0);
                out.add(o);
                pads.add(total / 2);
            }
        }
        return new Window(size, stride, pads, in, out, padding);
    }

    public int rank() {
        return size.size();
    }

    /** |k|, the number of positions in the window. */
    public int volume() {
        int v = 1;
        for (int k : size) {
            v *= k;
        }
        return v;
    }

    /**
     * The input index on axis {@code axis} that output index {@code o} reads at offset {@code delta}, or −1 when it
     * falls in the zero padding.
     */
    public int source(int axis, int o, int delta) {
        return org.ntkc.runtime.ImageKernel.source(o, delta, stride.get(axis), padBefore.get(axis),
                inExtents.get(axis), padding == Padding.CIRCULAR);
    }

    /** "3 x 3", the window size as written in specs. */
    public static String extentsText(List<Integer> values) {
        List<String> parts = new ArrayList<>();
        for (int v : values) {
            parts.add(String.valueOf(v));
        }
        return String.join(" x ", parts);
    }

    /** "3 x 3, stride 2, same", for IR listings. */
    public String describe() {
        StringBuilder b = new StringBuilder(extentsText(size));
        if (stride.stream().anyMatch(s -> s != 1)) {
            b.append(", stride ").append(extentsText(stride));
        }
        return b.append(", ").append(padding.spelling()).toString();
    }
}
