package org.ntkc.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a value in a network: a vector of {@code channels} features (no extents), or a signal (one extent,
 * the length) or an image (two, height and width) with {@code channels} channels at every position, channels last.
 * Data rows hold the numbers in (h, w, c) order.
 */
public record Shape(List<Integer> extents, int channels) {
    public Shape {
        extents = List.copyOf(extents);
        if (extents.size() > 2 || channels < 1 || extents.stream().anyMatch(e -> e < 1)) {
            throw new IllegalArgumentException("bad shape " + extents + " x " + channels);
        }
    }

    public static Shape vector(int width) {
        return new Shape(List.of(), width);
    }

    /** 0 for a vector, 1 for a signal, 2 for an image. */
    public int rank() {
        return extents.size();
    }

    public boolean isVector() {
        return extents.isEmpty();
    }

    public int extent(int axis) {
        return extents.get(axis);
    }

    /** The number of positions (1 for a vector). */
    public int positions() {
        int p = 1;
        for (int e : extents) {
            p *= e;
        }
        return p;
    }

    /** The number of values, positions × channels: the length of a data row. */
    public int size() {
        return Math.multiplyExact(positions(), channels);
    }

    /** The same positions with another channel count. */
    public Shape withChannels(int c) {
        return new Shape(extents, c);
    }

    /** "28 x 28 x 64", "100 x 4", or "64" for a vector. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int e : extents) {
            parts.add(String.valueOf(e));
        }
        parts.add(String.valueOf(channels));
        return String.join(" x ", parts);
    }

    /** "an image 28 x 28 x 64", "a signal 100 x 4", "a vector of 64 features", for messages. */
    public String describe() {
        return switch (rank()) {
            case 0 -> "a vector of " + channels + " features";
            case 1 -> "a signal " + this;
            default -> "an image " + this;
        };
    }
}
