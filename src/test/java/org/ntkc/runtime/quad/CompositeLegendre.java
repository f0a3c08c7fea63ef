package org.ntkc.runtime.quad;

import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.special.Erf;

/**
 * An independent reference integrator for the tests: composite 30-point Gauss–Legendre over a mesh that
 * the caller makes fine where the integrand has kinks (panel ends) or narrow features (graded panels).
 */
final class CompositeLegendre {

    private static final GaussIntegrator RULE = new GaussIntegratorFactory().legendreHighPrecision(30, -1, 1);

    private final TreeSet<Double> mesh = new TreeSet<>();
    private final double lo;
    private final double hi;

    /** A mesh on [lo, hi] with panels of at most {@code step}. */
    CompositeLegendre(double lo, double hi, double step) {
        this.lo = lo;
        this.hi = hi;
        for (double z = lo; z < hi; z += step) {
            mesh.add(z);
        }
        mesh.add(hi);
    }

    /** Adds a panel end at z. */
    CompositeLegendre point(double z) {
        if (z > lo && z < hi) {
            mesh.add(z);
        }
        return this;
    }

    /** Panel ends at z ± width·2^k for k = −3 … 60 (within the range): resolves a feature of that width. */
    CompositeLegendre graded(double z, double width) {
        for (int k = -3; k <= 60; k++) {
            double d = width * Math.scalb(1.0, k);
            point(z - d);
            point(z + d);
        }
        return point(z);
    }

    double integrate(DoubleUnaryOperator f) {
        double sum = 0;
        Double a = null;
        for (double b : mesh) {
            if (a != null) {
                double half = 0.5 * (b - a);
                double mid = 0.5 * (a + b);
                double panel = 0;
                for (int i = 0; i < RULE.getNumberOfPoints(); i++) {
                    panel += RULE.getWeight(i) * f.applyAsDouble(mid + half * RULE.getPoint(i));
                }
                sum += half * panel;
            }
            a = b;
        }
        return sum;
    }

    static double phi(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    static double bigPhi(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }
}
