package org.ntkc.math.sym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntkc.math.sym.Sym.add;
import static org.ntkc.math.sym.Sym.c;
import static org.ntkc.math.sym.Sym.call;
import static org.ntkc.math.sym.Sym.mul;
import static org.ntkc.math.sym.Sym.pow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CompiledSymTest {

    private static final Sym X = Sym.x();
    private static final double[] SPECIAL_X = {0.0, -0.0, 1, -1, 0.5, 1e-300, -1e-300, 710, -710, 1e300,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};

    /**
     * Compares bits, except that all NaNs count as equal: the JVM does not fix which NaN an operation on NaNs returns
     * (interpreted and JIT-compiled code may pick a different operand's), even for {@link Sym#eval} alone.
     */
    private static void assertBitIdentical(Sym e, CompiledSym compiled, double x) {
        long expected = Double.doubleToLongBits(e.eval(x));
        long actual = Double.doubleToLongBits(compiled.applyAsDouble(x));
        assertEquals(expected, actual, () -> e + " at " + x + ": " + e.eval(x) + " vs " + compiled.applyAsDouble(x));
    }

    @Test
    void bitIdenticalToEvalOnRandomExpressions() {
        RandomSyms random = new RandomSyms(23, true);
        int nans = 0;
        for (int i = 0; i < 1500; i++) {
            Sym e = random.next(5);
            CompiledSym compiled = CompiledSym.of(e);
            for (int k = 0; k < 10; k++) {
                double x = random.nextX();
                assertBitIdentical(e, compiled, x);
                nans += Double.isNaN(e.eval(x)) ? 1 : 0;
            }
            for (double x : SPECIAL_X) {
                assertBitIdentical(e, compiled, x);
            }
        }
        assertTrue(nans > 100, "the random expressions should also produce NaN, got " + nans);
    }

    @Test
    void everyFunctionAndItsDerivative() {
        for (Fn fn : Fn.values()) {
            Sym f = fn.arity() == 1 ? call(fn, X) : call(fn, X, call(Fn.COS, X));
            for (Sym e : List.of(f, Symbolic.derivative(f), Symbolic.derivative(Symbolic.derivative(f)))) {
                CompiledSym compiled = CompiledSym.of(e);
                for (double x : SPECIAL_X) {
                    assertBitIdentical(e, compiled, x);
                }
                for (double x = -5; x <= 5; x += 0.0625) {
                    assertBitIdentical(e, compiled, x);
                }
            }
        }
    }

    @Test
    void nanProducingAndTrivialExpressions() {
        Sym[] cases = {
            call(Fn.LOG, c(-1)), call(Fn.SQRT, add(X, c(-10))), mul(c(0), call(Fn.LOG, X)), c(3), X, c(Double.NaN),
            c(-0.0), pow(c(-8), c(1.0 / 3)),
        };
        for (Sym e : cases) {
            CompiledSym compiled = CompiledSym.of(e);
            assertSame(e, compiled.source());
            for (double x : SPECIAL_X) {
                assertBitIdentical(e, compiled, x);
            }
        }
        assertTrue(Double.isNaN(CompiledSym.of(call(Fn.LOG, c(-1))).applyAsDouble(2)));
    }

    @Test
    void sharedSubexpressionsAreStillExact() {
        Sym mish = mul(X, call(Fn.TANH, call(Fn.SOFTPLUS, X)));
        Sym both = add(mish, mul(Symbolic.derivative(mish), Symbolic.derivative(Symbolic.derivative(mish))));
        CompiledSym compiled = CompiledSym.of(both);
        for (double x = -30; x <= 30; x += 0.01) {
            assertBitIdentical(both, compiled, x);
        }
    }

    @Test
    void hugeExpressionsStillEvaluate() {
        // A sum of 2000 distinct terms, balanced so that recursion stays shallow.
        List<Sym> terms = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            terms.add(mul(c(1.0 / i), pow(X, c(i % 7))));
        }
        while (terms.size() > 1) {
            List<Sym> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < terms.size(); i += 2) {
                pairs.add(add(terms.get(i), terms.get(i + 1)));
            }
            if (terms.size() % 2 == 1) {
                pairs.add(terms.get(terms.size() - 1));
            }
            terms = pairs;
        }
        Sym e = terms.get(0);
        CompiledSym compiled = CompiledSym.of(e);
        for (double x = -2; x <= 2; x += 0.25) {
            assertBitIdentical(e, compiled, x);
        }
    }

    @Test
    void longChainsEvaluate() {
        // About 300 nested nodes, one chain.
        Sym e = X;
        for (int i = 1; i <= 150; i++) {
            e = mul(add(e, c(i)), c(0.5));
        }
        CompiledSym compiled = CompiledSym.of(e);
        for (double x = -2; x <= 2; x += 0.25) {
            assertBitIdentical(e, compiled, x);
        }
    }

    @Test
    void safeToShareBetweenThreads() throws Exception {
        Sym mish = mul(X, call(Fn.TANH, call(Fn.SOFTPLUS, X)));
        Sym e = Symbolic.derivative(mish);
        CompiledSym compiled = CompiledSym.of(e);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int mismatches = 0;
                    for (int i = 0; i < 200_000; i++) {
                        double x = -20 + (i * 8 + offset) * 1e-5;
                        if (Double.doubleToLongBits(compiled.applyAsDouble(x))
                                != Double.doubleToLongBits(e.eval(x))) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(0, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
