package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntkc.cli.MainTest.Run;

/**
 * Issue 14's hostile user as a seeded loop: random specs (valid-looking networks with random settings, built-in
 * activations with random and extreme arguments, random custom formulas that may leave their domain, nesting,
 * mutations of the text), random point files (zero rows, duplicates, scaled copies, very large and very small
 * norms, broken rows) and random command-line values, run through the command line in-process like the other CLI
 * tests. Every run must end with exit 0, 1 or 2, never 3, print no stack trace, and finish within a minute; where
 * both {@code kernel} and {@code kernel --interpret} succeed, they must agree (see {@link #tolerance}); where only
 * one succeeds, the case is printed (no number is wrong, but the two disagree about what can be computed).
 *
 * <p>Bounded by time: {@code -Dntkc.fuzz.seconds=S} (default 40) and {@code -Dntkc.fuzz.seed=N} (default 14) run it
 * longer or elsewhere, e.g. {@code mvn test -Dtest=FuzzTest -Dntkc.fuzz.seconds=600}. It prints how many cases ran
 * and how they ended.
 */
class FuzzTest {
    private static final String[] SMOOTH = {"tanh", "sigmoid", "softplus", "silu", "swish", "selu", "gelu", "erf",
        "sin", "cos", "identity", "exp"};
    private static final String[] KINKED = {"relu", "abs", "sign", "leaky_relu", "abrelu", "rectified_monomial",
        "elu"};
    private static final String[] FUNCTIONS = {"exp", "expm1", "log", "log1p", "sqrt", "abs", "sin", "cos", "tanh",
        "erf", "sigmoid", "softplus", "relu"};
    private static final double[] NUMBERS = {0, 1, -1, 0.5, 2, 3, 0.1, 1e-3, 1e3, 1e10, -1e300, 1e300, 1e-300,
        -0.0, 7, 11};

    /**
     * Entries below this scale come from variances whose products (q₁·q₂ in the closed forms) underflow: neither side
     * promises relative accuracy there, and the two differ by percents (seed 7: abs on points of norm 1e-150). Not
     * compared; a known defect of the closed forms, left to the numerics of issue 14.
     */
    private static final double UNDERFLOW_SCALE = 1e-150;

    /**
     * The smallest point norms drawn: 1e-150 by default, where variances underflow to 0 beside covariances that do
     * not (seed 14 case 560 and 596 gave exit 3 "not a covariance: q12² > q1·q2" from the interpreter until
     * GaussianExpectation allowed the underflow); {@code -Dntkc.fuzz.tiny=false} draws down to 1e-60 only.
     */
    private static final double TINY =
            Boolean.parseBoolean(System.getProperty("ntkc.fuzz.tiny", "true")) ? 1e-150 : 1e-60;

    @TempDir
    static Path dir;
    private static ExecutorService runner;

    @BeforeAll
    static void start() {
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-cli");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        runner.shutdownNow();
    }

    @Test
    void hostileInputsGetCleanAnswers() throws Exception {
        long seconds = Long.getLong("ntkc.fuzz.seconds", 40);
        long seed = Long.getLong("ntkc.fuzz.seed", 14);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<String> failures = new ArrayList<>();
        int cases = 0;
        int runs = 0;
        int[] exits = new int[4];
        int compared = 0;
        int oneSided = 0;
        for (int k = 0; System.nanoTime() < deadline && failures.size() < 5; k++) {
            Random rnd = new Random(seed * 1_000_003L + k);
            cases++;
            Case c = new Case(rnd, k);
            for (String[] args : c.commands()) {
                runs++;
                long t0 = System.nanoTime();
                Run r = runCli(args, failures, c);
                if (System.nanoTime() - t0 > 10_000_000_000L) {
                    System.out.printf(Locale.ROOT, "fuzz: case %d took %.1f s: %s%n", k, (System.nanoTime() - t0) / 1e9,
                            String.join(" ", args));
                }
                if (r == null) {
                    continue;
                }
                exits[r.code() >= 0 && r.code() < 4 ? r.code() : 3]++;
                check(r, args, c, failures);
            }
            if (c.compare != null) {
                Run generated = runCli(c.compare[0], failures, c);
                Run interpreted = runCli(c.compare[1], failures, c);
                runs += 2;
                if (generated != null && interpreted != null) {
                    check(generated, c.compare[0], c, failures);
                    check(interpreted, c.compare[1], c, failures);
                    if (generated.code() == 0 && interpreted.code() == 0) {
                        compared++;
                        String why = disagreement(generated.out(), interpreted.out(), tolerance(c.spec));
                        if (why != null) {
                            failures.add("generated and interpreted kernels disagree (" + why + ")" + c.describe());
                        }
                    } else if ((generated.code() == 0) != (interpreted.code() == 0)) {
                        // Not a wrong number, but worth knowing: printed (the interpreter's quadrature refuses some
                        // extreme variances that the generated series accepts; issue 14's numerics).
                        oneSided++;
                        System.out.println("fuzz: only one of kernel / kernel --interpret succeeded (exit "
                                + generated.code() + " / " + interpreted.code() + "): " + generated.err()
                                + interpreted.err() + c.describe());
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "fuzz: seed %d, %d cases, %d runs (exit 0: %d, 1: %d, 2: %d, 3: %d), "
                + "%d generated/interpreted comparisons, %d where only one succeeded, %d failures%n", seed, cases,
                runs, exits[0], exits[1], exits[2], exits[3], compared, oneSided, failures.size());
        assertTrue(failures.isEmpty(), () -> String.join("\n\n", failures));
    }

    /**
     * Generated code and interpreter, relative to the largest entry: 1e-9 for closed forms; 1e-6 where a step is
     * integrated numerically (the Hermite-series fast path is certified to 1e-12 per step, but the error grows through
     * the following layers and the two sides may choose different rules near the breakpoints of kinked formulas).
     */
    private static double tolerance(String spec) {
        boolean numerical = spec.contains("activation") || spec.lines().anyMatch(l -> l.split("->", -1).length > 2);
        for (String a : new String[] {"tanh", "sigmoid", "softplus", "silu", "swish", "elu"}) {
            numerical |= spec.contains(a);
        }
        return numerical ? 1e-6 : 1e-9;
    }

    private static String disagreement(String a, String b, double tol) {
        String[] ra = a.strip().split("\n");
        String[] rb = b.strip().split("\n");
        if (ra.length != rb.length) {
            return "row counts " + ra.length + " and " + rb.length;
        }
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < ra.length; i++) {
            String[] ca = ra[i].split(",");
            String[] cb = rb[i].split(",");
            for (int j = 0; j < Math.min(ca.length, cb.length); j++) {
                if (ca[j].isBlank() && cb[j].isBlank()) {
                    continue;
                }
                double u = Double.parseDouble(ca[j]);
                double v = Double.parseDouble(cb[j]);
                scale = Math.max(scale, Math.max(Math.abs(u), Math.abs(v)));
                worst = Math.max(worst, Math.abs(u - v));
            }
        }
        if (scale < UNDERFLOW_SCALE) {
            return null; // see UNDERFLOW_SCALE
        }
        return worst <= tol * scale ? null : String.format(Locale.ROOT, "largest difference %.3g at scale %.3g, "
                + "tolerance %.0e", worst, scale, tol);
    }

    private static Run runCli(String[] args, List<String> failures, Case c) throws Exception {
        Future<Run> f = runner.submit(() -> MainTest.run(args));
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            failures.add("timeout (60 s): " + String.join(" ", args) + c.describe());
            return null;
        }
    }

    private static void check(Run r, String[] args, Case c, List<String> failures) {
        String all = r.out() + r.err();
        if (r.code() < 0 || r.code() > 2) {
            failures.add("exit " + r.code() + ": " + String.join(" ", args) + "\n" + r.err() + c.describe());
        } else if (all.contains("\tat ") || all.contains("Exception") || all.contains("internal error")
                || all.contains("StackOverflowError")) {
            failures.add("a stack trace or an exception name: " + String.join(" ", args) + "\n" + r.err()
                    + c.describe());
        }
    }

    /** One random case: a spec, a point file, and the commands to run on them. */
    private static final class Case {
        final Random rnd;
        final String spec;
        final String points;
        final int dim;
        final Path specFile;
        final Path pointFile;
        final List<String> names = new ArrayList<>();
        String[][] compare;

        Case(Random rnd, int k) throws IOException {
            this.rnd = rnd;
            this.dim = 1 + rnd.nextInt(4);
            String text = spec();
            if (rnd.nextInt(8) == 0) {
                text = mutate(text);
            }
            this.spec = text;
            this.points = points();
            this.specFile = Files.writeString(dir.resolve("case" + k + ".ntk"), spec);
            this.pointFile = Files.writeString(dir.resolve("case" + k + ".csv"), points);
        }

        String describe() {
            return "\n--- spec:\n" + spec + "--- points:\n" + points;
        }

        List<String[]> commands() {
            List<String[]> out = new ArrayList<>();
            String s = specFile.toString();
            String x = pointFile.toString();
            out.add(new String[] {"check", s});
            List<String> kernel = new ArrayList<>(List.of("kernel", s, "--x1", x, "--interpret"));
            if (rnd.nextBoolean()) {
                kernel.addAll(List.of("--kind", pick(new String[] {"ntk", "nngp", "rbf", ""})));
            }
            if (rnd.nextInt(4) == 0) {
                kernel.addAll(List.of("--network", names.isEmpty() || rnd.nextInt(3) == 0 ? "Nope" : pick(names)));
            }
            if (rnd.nextInt(5) == 0) {
                kernel.addAll(List.of("--threads", pick(new String[] {"-1", "0", "1", "2", "99999999999", "two"})));
            }
            if (rnd.nextInt(6) == 0) {
                kernel.addAll(List.of("-o", rnd.nextBoolean() ? dir.toString() : dir.resolve("no/such/dir/k.csv")
                        .toString()));
            }
            out.add(kernel.toArray(new String[0]));
            if (rnd.nextInt(6) == 0) {
                out.add(new String[] {"ir", s});
            }
            if (rnd.nextInt(4) == 0 && names.size() == 1) {
                compare = new String[][] {{"kernel", s, "--x1", x}, {"kernel", s, "--x1", x, "--interpret"}};
            }
            return out;
        }

        private String spec() {
            StringBuilder s = new StringBuilder();
            List<String> customs = new ArrayList<>();
            int decls = rnd.nextInt(3);
            for (int i = 0; i < decls; i++) {
                String name = "c" + i;
                s.append("activation ").append(name).append("(x) = ").append(formula(customs, 3)).append('\n');
                customs.add(name);
            }
            int networks = rnd.nextInt(6) == 0 ? 2 : 1;
            for (int n = 0; n < networks; n++) {
                String name = "Net" + n;
                names.add(name);
                s.append("network ").append(name).append(" {\n  input ").append(dim).append('\n');
                if (rnd.nextInt(3) == 0) {
                    s.append("  weight_std = ").append(pick(new String[] {"0.5", "1.5", "2", "1e3", "0.01", "0"}))
                            .append('\n');
                }
                if (rnd.nextInt(3) == 0) {
                    s.append("  bias_std = ").append(pick(new String[] {"0", "0.1", "1", "1e5", "-1"})).append('\n');
                }
                if (rnd.nextInt(4) == 0) {
                    s.append("  parameterization = standard\n");
                }
                if (rnd.nextInt(10) == 0) {
                    s.append("  quadrature = ").append(pick(new String[] {"8", "32", "1", "300"})).append('\n');
                }
                s.append(layers(customs, 1 + rnd.nextInt(4), 0));
                s.append("  dense ").append(1 + rnd.nextInt(3)).append("\n}\n");
            }
            return s.toString();
        }

        private String layers(List<String> customs, int count, int depth) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (depth < 2 && rnd.nextInt(6) == 0) {
                    s.append("  repeat ").append(1 + rnd.nextInt(3)).append(" {\n")
                            .append(layers(customs, 1 + rnd.nextInt(2), depth + 1)).append("  }\n");
                    continue;
                }
                s.append("  dense ").append(1 + rnd.nextInt(64));
                if (rnd.nextInt(5) == 0) {
                    s.append(" (weight_std = ").append(pick(new String[] {"0.7", "1", "3"})).append(", bias_std = ")
                            .append(pick(new String[] {"0", "0.2", "2"})).append(')');
                }
                int acts = rnd.nextInt(5) == 0 ? 2 : 1;
                for (int a = 0; a < acts; a++) {
                    s.append(" -> ").append(activation(customs));
                }
                s.append('\n');
            }
            return s.toString();
        }

        private String activation(List<String> customs) {
            int r = rnd.nextInt(10);
            if (r < 2 && !customs.isEmpty()) {
                return pick(customs);
            }
            if (r < 5) {
                return pick(SMOOTH);
            }
            if (r < 8) {
                String a = pick(KINKED);
                return switch (a) {
                    case "leaky_relu" -> "leaky_relu(" + number() + ")";
                    case "abrelu" -> "abrelu(a = " + number() + ", b = " + number() + ")";
                    case "rectified_monomial" -> "rectified_monomial(" + rnd.nextInt(12) + ")";
                    case "elu" -> rnd.nextBoolean() ? "elu" : "elu(alpha = " + number() + ")";
                    default -> a;
                };
            }
            return switch (rnd.nextInt(6)) {
                case 0 -> "erf(a = " + number() + ", b = " + number() + ", c = " + number() + ")";
                case 1 -> "exp(a = " + number() + ", b = " + number() + ")";
                case 2 -> "gaussian(b = " + pick(new String[] {"-1", "-0.5", "0.1", "-1e300", "-1e4", "-20"}) + ")";
                case 3 -> "rbf(gamma = " + pick(new String[] {"0", "1", "0.5", "-1", "1e3"}) + ")";
                case 4 -> "monomial(" + rnd.nextInt(7) + ")";
                default -> pick(new String[] {"sin(b = 2, c = 1)", "cos(a = 0.5)", "rleu", "relu(1)"});
            };
        }

        private String formula(List<String> customs, int depth) {
            if (depth == 0 || rnd.nextInt(4) == 0) {
                return switch (rnd.nextInt(5)) {
                    case 0, 1 -> "x";
                    case 2 -> pick(new String[] {"pi", "e"});
                    default -> number();
                };
            }
            int r = rnd.nextInt(10);
            if (r < 4) {
                String op = pick(new String[] {"+", "-", "*", "/", "^"});
                String right = op.equals("^") ? pick(new String[] {"2", "3", "0.5", "-1", "1000", "x"})
                        : formula(customs, depth - 1);
                return "(" + formula(customs, depth - 1) + " " + op + " " + right + ")";
            }
            if (r < 5) {
                return "-" + formula(customs, depth - 1);
            }
            if (r < 6) {
                return pick(new String[] {"max", "min"}) + "(" + formula(customs, depth - 1) + ", "
                        + formula(customs, depth - 1) + ")";
            }
            if (r < 7 && !customs.isEmpty()) {
                return pick(customs) + "(" + formula(customs, depth - 1) + ")";
            }
            if (r < 8) {
                return pick(new String[] {"gelu", "selu", "silu"}) + "(" + formula(customs, depth - 1) + ")";
            }
            return pick(FUNCTIONS) + "(" + formula(customs, depth - 1) + ")";
        }

        private String points() {
            int rows = rnd.nextInt(4);
            List<double[]> xs = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                double[] x = new double[dim];
                double scale = pickScale();
                for (int j = 0; j < dim; j++) {
                    x[j] = rnd.nextInt(6) == 0 ? 0 : scale * rnd.nextGaussian();
                }
                xs.add(x);
            }
            if (!xs.isEmpty() && rnd.nextBoolean()) {
                xs.add(xs.get(0).clone()); // a duplicate
            }
            if (!xs.isEmpty() && rnd.nextBoolean()) {
                double[] scaled = xs.get(xs.size() - 1).clone();
                double f = pickScale();
                for (int j = 0; j < dim; j++) {
                    scaled[j] *= f; // a scaled copy: exactly (anti)parallel
                }
                xs.add(scaled);
            }
            StringBuilder s = new StringBuilder();
            for (double[] x : xs) {
                for (int j = 0; j < dim; j++) {
                    s.append(j == 0 ? "" : ",").append(x[j]);
                }
                s.append('\n');
            }
            if (rnd.nextInt(12) == 0) {
                s.append(pick(new String[] {"1,2,3,4,5,6\n", "NaN\n", "1e999\n", "x,y\n", ",\n", "\n\n"}));
            }
            return s.toString();
        }

        private double pickScale() {
            return switch (rnd.nextInt(8)) {
                case 0 -> TINY;
                case 1 -> 1e-8;
                case 2 -> 1e8;
                case 3 -> 1e150;
                case 4 -> -1;
                default -> 1;
            };
        }

        private String mutate(String text) {
            StringBuilder s = new StringBuilder(text);
            int edits = 1 + rnd.nextInt(3);
            for (int i = 0; i < edits && s.length() > 0; i++) {
                int at = rnd.nextInt(s.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, pick(new String[] {"(", ")", "{", "}", "->", "-", "1e400", "@", "\n",
                        "repeat 2 {", "tanh", ",", "=", "/*"}));
                    case 2 -> s.insert(at, "(".repeat(100));
                    default -> s.setCharAt(at, (char) (' ' + rnd.nextInt(95)));
                }
            }
            return s.toString();
        }

        private String number() {
            double v = rnd.nextInt(4) == 0 ? rnd.nextGaussian() * 3 : NUMBERS[rnd.nextInt(NUMBERS.length)];
            return Double.toString(v);
        }

        private String pick(String[] options) {
            return options[rnd.nextInt(options.length)];
        }

        private String pick(List<String> options) {
            return options.get(rnd.nextInt(options.size()));
        }
    }
}
