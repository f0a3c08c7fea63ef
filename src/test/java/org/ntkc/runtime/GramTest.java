package org.ntkc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GramTest {
    private static final int[] COUNTS = {1, 2, 3, 7, 8, 13, 64, 100, 257};
    private static final int[] DIMENSIONS = {1, 3, 8, 17, 784};
    /** What the tests put around a tile, to see that nothing outside it is written. */
    private static final double SENTINEL = -7.25e300;

    /** Every implementation this JVM has: the scalar one, and the vector one when it is available. */
    static List<Gram> grams() {
        List<Gram> grams = new ArrayList<>(List.of(Gram.scalar()));
        if (VectorSupport.available()) {
            grams.add(VectorSupport.vectorGram());
        }
        return grams;
    }

    /**
     * Coordinates spread over 2^-40 .. 2^40, so that any other order of summation almost surely changes the low
     * bits, with a sprinkling of zeros of both signs, subnormals and values near 2^±500.
     */
    static double[][] points(int n, int d, Random random) {
        double[][] x = new double[n][d];
        for (double[] p : x) {
            for (int k = 0; k < d; k++) {
                int kind = random.nextInt(100);
                double g = random.nextGaussian();
                p[k] = switch (kind) {
                    case 0 -> 0.0;
                    case 1 -> -0.0;
                    case 2 -> g * Double.MIN_NORMAL;
                    case 3 -> Math.scalb(g, 450 + random.nextInt(50));
                    case 4 -> Math.scalb(g, -450 - random.nextInt(50));
                    default -> Math.scalb(g, random.nextInt(81) - 40);
                };
            }
        }
        return x;
    }

    /** Bits of a double, with every NaN the same: NaN payloads are not part of the contract. */
    private static long bits(double v) {
        return Double.doubleToLongBits(v);
    }

    private static void assertSameDouble(double expected, double actual, String what) {
        if (bits(expected) != bits(actual)) {
            fail(what + ": " + Double.toHexString(actual) + ", expected " + Double.toHexString(expected));
        }
    }

    /** Runs one tile into a sentinel-filled array and checks every entry against Gram.dot and the border. */
    private static void checkTile(Gram gram, double[][] x, PackedPoints a, int i0, int rows,
            double[][] y, PackedPoints b, int j0, int cols, int outOffset, int ldOut) {
        double[] out = new double[outOffset + rows * ldOut + 3];
        Arrays.fill(out, SENTINEL);
        gram.tile(a, i0, rows, b, j0, cols, out, outOffset, ldOut);
        for (int at = 0; at < out.length; at++) {
            int r = Math.floorDiv(at - outOffset, ldOut);
            int c = Math.floorMod(at - outOffset, ldOut);
            boolean inside = at >= outOffset && r < rows && c < cols;
            double expected = inside ? Gram.dot(x[i0 + r], y[j0 + c]) : SENTINEL;
            if (bits(out[at]) != bits(expected)) {
                assertSameDouble(expected, out[at], String.format(
                        "%s, tile (%d+%d) x (%d+%d) of dimension %d, out[%d] (%s)",
                        gram.name(), i0, rows, j0, cols, a.dimension(), at,
                        inside ? "entry " + (i0 + r) + ", " + (j0 + c) : "outside the tile"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grams")
    void fullProductsEqualDotBitForBit(Gram gram) {
        Random random = new Random(11);
        for (int d : DIMENSIONS) {
            for (int s = 0; s < COUNTS.length; s++) {
                int n = COUNTS[s];
                int m = COUNTS[(s + 4) % COUNTS.length];
                double[][] x = points(n, d, random);
                double[][] y = points(m, d, random);
                PackedPoints a = gram.pack(x);
                PackedPoints b = gram.pack(y);
                checkTile(gram, x, a, 0, n, y, b, 0, m, 0, m);
                checkTile(gram, x, a, 0, n, x, a, 0, n, 0, n);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grams")
    void tilesAtOddOffsetsAndShapesEqualDot(Gram gram) {
        Random random = new Random(12);
        for (int d : new int[] {3, 17, 784}) {
            double[][] x = points(257, d, random);
            double[][] y = points(100, d, random);
            PackedPoints a = gram.pack(x);
            PackedPoints b = gram.pack(y);
            for (int trial = 0; trial < 40; trial++) {
                int i0 = random.nextInt(257);
                int rows = 1 + random.nextInt(257 - i0);
                int j0 = random.nextInt(100);
                int cols = 1 + random.nextInt(100 - j0);
                checkTile(gram, x, a, i0, rows, y, b, j0, cols, random.nextInt(9), cols + random.nextInt(5));
            }
            // Shapes that hit each register tile and its edges: 6-row groups, 2- and 1-row leftovers, whole and
            // partial vectors, columns across a panel boundary.
            int[][] shapes = {{0, 32, 0, 32}, {1, 6, 3, 8}, {30, 2, 24, 8}, {31, 1, 0, 100}, {5, 30, 7, 33},
                {29, 8, 31, 2}, {64, 193, 32, 68}};
            for (int[] t : shapes) {
                checkTile(gram, x, a, t[0], t[1], y, b, t[2], t[3], 1, t[3] + 1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grams")
    void nonFiniteValuesFollowTheScalarChain(Gram gram) {
        double[] specials = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0.0, 1.0, -1.0};
        Random random = new Random(13);
        double[][] x = new double[40][9];
        for (double[] p : x) {
            for (int k = 0; k < p.length; k++) {
                p[k] = specials[random.nextInt(specials.length)];
            }
        }
        PackedPoints a = gram.pack(x);
        checkTile(gram, x, a, 0, 40, x, a, 0, 40, 0, 40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grams")
    void diagonalSymmetryAndDuplicatesAreExact(Gram gram) {
        double[][] x = points(70, 784, new Random(14));
        x[50] = x[3].clone();
        PackedPoints a = gram.pack(x);
        double[] g = new double[70 * 70];
        gram.tile(a, 0, 70, a, 0, 70, g, 0, 70);
        for (int i = 0; i < 70; i++) {
            assertSameDouble(Gram.dot(x[i], x[i]), g[i * 70 + i], gram.name() + ", diagonal " + i);
            for (int j = 0; j < 70; j++) {
                assertSameDouble(g[i * 70 + j], g[j * 70 + i], gram.name() + ", symmetry at " + i + ", " + j);
            }
        }
        for (int j = 0; j < 70; j++) {
            assertSameDouble(g[3 * 70 + j], g[50 * 70 + j], gram.name() + ", duplicate points, column " + j);
        }
    }

    @Test
    void implementationsAgreeOnOnePacking() {
        // Without the vector implementation the only Gram is the scalar one, which would be compared with itself.
        assumeTrue(VectorSupport.available(), "skipped: no vector Gram to compare with the scalar one ("
                + VectorSupport.describe() + ")");
        double[][] x = points(45, 100, new Random(15));
        PackedPoints a = Gram.scalar().pack(x);
        double[] expected = new double[45 * 45];
        Gram.scalar().tile(a, 0, 45, a, 0, 45, expected, 0, 45);
        Gram vector = VectorSupport.vectorGram();
        double[] out = new double[45 * 45];
        vector.tile(a, 0, 45, a, 0, 45, out, 0, 45);
        for (int at = 0; at < out.length; at++) {
            assertSameDouble(expected[at], out[at], vector.name() + " at " + at);
        }
    }

    @Test
    void zeroDimensionalPointsHaveZeroDotProducts() {
        for (Gram gram : grams()) {
            PackedPoints a = gram.pack(new double[5][0]);
            double[] out = new double[25];
            Arrays.fill(out, SENTINEL);
            gram.tile(a, 0, 5, a, 0, 5, out, 0, 5);
            for (double v : out) {
                assertSameDouble(0.0, v, gram.name());
            }
        }
    }

    @Test
    void packRejectsRaggedInput() {
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Gram.best().pack(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8}}));
        assertEquals("points must all have the same dimension: point 0 has 3 coordinates, point 2 has 2",
                ragged.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Gram.scalar().pack(new double[][] {{1, 2}, null}));
        assertEquals("point 1 is null", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gram.scalar().pack(null));
    }

    @Test
    void tileRejectsMismatchedOrOutOfRangeArguments() {
        Gram gram = Gram.best();
        PackedPoints a = gram.pack(new double[4][3]);
        PackedPoints b = gram.pack(new double[4][2]);
        double[] out = new double[16];
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> gram.tile(a, 0, 4, b, 0, 4, out, 0, 4));
        assertTrue(mismatch.getMessage().contains("dimension 3 and 2"), mismatch.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> gram.tile(a, 2, 3, a, 0, 4, out, 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> gram.tile(a, 0, 4, a, 0, 4, out, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> gram.tile(a, 0, 4, a, 0, 4, out, 0, 3));
    }

    @Test
    void dotIsTheSequentialFusedChain() {
        double[] x = {1e16, 1.0, -1e16, 3.0};
        double[] y = {1.0, 1.0, 1.0, 1.0};
        // fma(1e16, 1, 0) = 1e16; + 1 rounds away; - 1e16 gives 0; + 3 gives 3. Pairwise sums would give 4 or 2.
        assertEquals(3.0, Gram.dot(x, y));
        assertThrows(IllegalArgumentException.class, () -> Gram.dot(new double[2], new double[3]));
    }

    /** Under surefire the module is present and C2 runs, so best() must be vector where the hardware allows. */
    @Test
    void bestIsTheVectorImplementationWhenTheModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule(VectorSupport.MODULE).isPresent(), "surefire adds the module");
        boolean useful = VectorGram.preferredLanes() >= 4;
        assertEquals(useful, VectorSupport.available(), VectorSupport.describe());
        assertEquals(useful, Gram.best().name().startsWith("vector"), Gram.best().name());
    }

    /**
     * Vector code falls back to boxed, allocating code when C2 cannot inline every vector operation (a method
     * over the inlining budget, or one compiled before its edges ran). After warm-up a tile must allocate about
     * nothing. The warm-up repeats until the JIT has settled, so only a lasting fallback fails the test.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("grams")
    void tileAllocatesNothingAfterWarmUp(Gram gram) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random random = new Random(16);
        double[][] x = points(100, 784, random);
        PackedPoints a = gram.pack(x);
        PackedPoints b = gram.pack(points(70, 784, random));
        List<PackedPoints> small = new ArrayList<>();
        for (int n : new int[] {5, 13, 37}) {
            small.add(gram.pack(points(n, 19, random)));
        }
        double[] out = new double[100 * 70];
        long deadline = System.nanoTime() + 60_000_000_000L;
        long allocated;
        do {
            for (int rep = 0; rep < 300; rep++) {
                for (PackedPoints p : small) {
                    gram.tile(p, 0, p.count(), p, 0, p.count(), out, 0, p.count());
                }
            }
            // Rows 3..93 and columns 1..68: every tile shape and the scalar edge, across panel boundaries.
            long before = threads.getCurrentThreadAllocatedBytes();
            gram.tile(a, 3, 90, b, 1, 67, out, 0, 67);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        } while (allocated > 1024 && System.nanoTime() < deadline);
        assertTrue(allocated <= 1024, gram.name() + " allocated " + allocated + " bytes in one tile after warm-up");
    }
}
