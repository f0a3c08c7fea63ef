package org.ntkc.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dual of φ(x) = max(x, 0)^n, the arc-cosine kernel of degree n (Cho &amp; Saul 2009): T = P^{n/2}·J_n(θ)/(2π)
 * with J_n(θ) = (−1)^n (sin θ)^{2n+1} ((1/sin θ)·∂/∂θ)^n ((π − θ)/sin θ), and Ṫ = n²·T_{n−1} (Ṫ = 0 for n = 0, whose
 * φ is a step). J_n is expanded once, exactly, into terms c·(π−θ)^e·cos^a θ·sin^b θ; each is evaluated homogenised,
 * P^{n/2}·cos^a θ·sin^b θ = q12^a·S^b·√P^{n−a−b}, so no division by √P occurs and zero inputs are harmless.
 */
public final class ArcCosine {
    public static final int MAX_DEGREE = 10;

    private final int degree;
    private final double[] coefficient;
    private final int[] piMinusTheta;
    private final int[] cosPower;
    private final int[] sinPower;
    private final ArcCosine lower;

    private ArcCosine(int degree) {
        if (degree < 0 || degree > MAX_DEGREE) {
            throw new IllegalArgumentException("arc-cosine degree must be in 0.." + MAX_DEGREE + ": " + degree);
        }
        this.degree = degree;
        List<double[]> terms = expand(degree);
        coefficient = new double[terms.size()];
        piMinusTheta = new int[terms.size()];
        cosPower = new int[terms.size()];
        sinPower = new int[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            double[] t = terms.get(i);
            coefficient[i] = t[0];
            piMinusTheta[i] = (int) t[1];
            cosPower[i] = (int) t[2];
            sinPower[i] = (int) t[3];
        }
        lower = degree == 0 ? null : new ArcCosine(degree - 1);
    }

    /** The kernel of degree n, 0 ≤ n ≤ {@link #MAX_DEGREE}. */
    public static ArcCosine of(int degree) {
        return new ArcCosine(degree);
    }

    public int degree() {
        return degree;
    }

    /** The terms of J_n as rows {c, e, a, b}: c·(π−θ)^e·cos^a θ·sin^b θ (for tests and documentation). */
    public List<double[]> terms() {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < coefficient.length; i++) {
            out.add(new double[] {coefficient[i], piMinusTheta[i], cosPower[i], sinPower[i]});
        }
        return out;
    }

    /** T into out[0], Ṫ into out[1]. */
    public void evaluate(double q1, double q2, double q12, double[] out) {
        out[0] = t(q1, q2, q12);
        out[1] = degree == 0 ? 0.0 : degree * degree * lower.t(q1, q2, q12);
    }

    /** T alone. */
    public double t(double q1, double q2, double q12) {
        double s = Duals.sineTerm(q1, q2, q12);
        double theta = Duals.theta(s, q12);
        double rootP = Duals.rootP(q1, q2);
        double sum = 0;
        for (int i = 0; i < coefficient.length; i++) {
            double v = coefficient[i] * Math.pow(q12, cosPower[i]) * Math.pow(s, sinPower[i])
                    * Math.pow(rootP, degree - cosPower[i] - sinPower[i]);
            sum += piMinusTheta[i] == 1 ? (Math.PI - theta) * v : v;
        }
        return sum / (2 * Math.PI);
    }

    /** Applies the operator n times to (π−θ)·sin^{−1}, multiplies by (−1)^n sin^{2n+1}, and reduces sin² = 1 − cos². */
    private static List<double[]> expand(int n) {
        Map<List<Integer>, Double> f = new HashMap<>();
        f.put(List.of(1, 0, -1), 1.0);
        for (int k = 0; k < n; k++) {
            Map<List<Integer>, Double> g = new HashMap<>();
            for (Map.Entry<List<Integer>, Double> t : f.entrySet()) {
                int e = t.getKey().get(0);
                int a = t.getKey().get(1);
                int b = t.getKey().get(2);
                double c = t.getValue();
                // d/dθ of (π−θ)^e cos^a sin^b, then divided by sin (b − 1 on every term)
                if (e == 1) {
                    add(g, 0, a, b - 1, -c);
                }
                if (a > 0) {
                    add(g, e, a - 1, b, -a * c);
                }
                if (b != 0) {
                    add(g, e, a + 1, b - 2, b * c);
                }
            }
            f = g;
        }
        Map<List<Integer>, Double> reduced = new HashMap<>();
        double sign = n % 2 == 0 ? 1 : -1;
        for (Map.Entry<List<Integer>, Double> t : f.entrySet()) {
            int b = t.getKey().get(2) + 2 * n + 1;
            if (b < 0) {
                throw new IllegalStateException("negative power of sin in J_" + n);
            }
            reduce(reduced, t.getKey().get(0), t.getKey().get(1), b, sign * t.getValue());
        }
        List<double[]> out = new ArrayList<>();
        reduced.entrySet().stream()
                .filter(t -> t.getValue() != 0.0)
                .sorted(Map.Entry.comparingByKey((x, y) -> {
                    for (int i = 0; i < 3; i++) {
                        int cmp = Integer.compare(x.get(i), y.get(i));
                        if (cmp != 0) {
                            return cmp;
                        }
                    }
                    return 0;
                }))
                .forEach(t -> out.add(new double[] {t.getValue(), t.getKey().get(0), t.getKey().get(1),
                        t.getKey().get(2)}));
        for (double[] t : out) {
            if (t[2] + t[3] > n) {
                throw new IllegalStateException("J_" + n + " has a term of degree above " + n);
            }
        }
        return out;
    }

    private static void reduce(Map<List<Integer>, Double> into, int e, int a, int b, double c) {
        if (b < 2) {
            add(into, e, a, b, c);
            return;
        }
        reduce(into, e, a, b - 2, c);
        reduce(into, e, a + 2, b - 2, -c);
    }

    private static void add(Map<List<Integer>, Double> into, int e, int a, int b, double c) {
        into.merge(List.of(e, a, b), c, Double::sum);
    }
}
