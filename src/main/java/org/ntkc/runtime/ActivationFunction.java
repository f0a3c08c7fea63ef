package org.ntkc.runtime;

/**
 * An elementwise activation of a finite network: φ and its derivative φ′ (the almost-everywhere derivative at kinks,
 * as the compiler derives it). Generated {@code <Network>Network} classes implement it with the formulas inlined and
 * override {@link #apply} with a plain loop, so the engine makes one call per layer, not one per unit.
 */
public interface ActivationFunction {
    double phi(double x);

    double derivative(double x);

    /** For i in [from, to): {@code a[i] = φ(z[i])} and {@code da[i] = φ′(z[i])}. */
    default void apply(double[] z, double[] a, double[] da, int from, int to) {
        for (int i = from; i < to; i++) {
            double x = z[i];
            a[i] = phi(x);
            da[i] = derivative(x);
        }
    }
}
