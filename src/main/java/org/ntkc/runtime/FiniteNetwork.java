package org.ntkc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One random finite network of an {@link NetworkArchitecture}: its parameters, its forward pass, and its empirical
 * kernels (docs/empirical.md).
 *
 * <p>Every dense layer draws W (row-major, width × inWidth) and then b, all N(0, 1), from one
 * {@link SplittableRandom} seeded with {@link #seed()}, layer by layer; the same seed gives the same network on any
 * machine and thread count. The forward pass is z = c_w·W·a + c_b·b with c_w = σ_w/√n_in and c_b = σ_b in both
 * parameterizations (so both draw the same functions); they differ in what a parameter is, and so in the NTK: with
 * δ_l = ∂f/∂z_l and a_l the input of dense layer l,
 * <pre>
 *   Θ̂_ab(x, x') = Σ_l (δ_l^a(x)·δ_l^b(x')) · (g_w·a_l(x)·a_l(x') + g_b)
 * </pre>
 * with (g_w, g_b) = (σ_w²/n_in, σ_b²) in the NTK parameterization (parameters W, b ~ N(0, 1)) and (1, [σ_b > 0]) in the
 * standard one (parameters W = c_w·W̃, b = σ_b·b̃). All points go through the network together: one matrix product per
 * layer forward, one per layer backward for every output at once (a tile of the SIMD {@link Gram} kernel, W being
 * stored in its packed layout), then the Grams of a_l and of δ_l are contracted layer by layer; nothing of size
 * P² × parameters is ever formed.
 *
 * <p>The kernels reported per point pair: the NTK averaged over the n_L outputs, (1/n_L)·Σ_a Θ̂_aa (the scalar the
 * infinite-width Θ ⊗ I is compared with; {@link #empiricalNtkBlock} gives every Θ̂_ab); the output NNGP
 * (1/n_L)·Σ_a f_a(x)·f_a(x'); and the readout NNGP c_w²·a_L(x)·a_L(x') + c_b², the expectation of the output NNGP over
 * the last layer's parameters given the hidden layers (the same mean, far less variance; see docs/empirical.md).
 *
 * <p>The methods are safe to call from several threads at once; each call allocates its own work arrays.
 */
public final class FiniteNetwork {
    /** The largest number of (point, output) columns pushed back through the network at once in the traced NTK. */
    private static final int MAX_COLUMNS = 2048;

    private final NetworkArchitecture architecture;
    private final NetworkArchitecture.Layer[] layers;
    private final NetworkArchitecture.Dense[] dense;
    /** For each layer, its index among the dense layers, or −1 for an activation. */
    private final int[] denseIndex;
    private final double[] weightScale;
    private final double[] biasScale;
    private final double[] weightGradient;
    private final double[] biasGradient;
    /**
     * Per dense layer, W packed as the points of {@link Gram} (layout {@link PackedPoints}): the points are the
     * columns of W (one per input unit j), their coordinates the rows (output units i). The backward product
     * Δ_in = Wᵀ·Δ is then a Gram tile, Δ_inᵀ[c][j] = Δᵀ_c · W_{:,j}, run by the SIMD Gram kernel.
     */
    private final PackedPoints[] weights;
    private final double[][] biases;
    private final Gram gram = Gram.best();
    private final int outputs;
    private long seed;

    /**
     * Whether the layer at each position of {@link #layers} is the end of a residual block: the layers are flattened
     * so that a block appears twice, where it forks (before its body) and where it joins (after it).
     */
    private final boolean[] join;

    FiniteNetwork(NetworkArchitecture architecture, long seed) {
        this.architecture = architecture;
        List<NetworkArchitecture.Layer> list = new ArrayList<>();
        List<Boolean> joins = new ArrayList<>();
        flatten(architecture.layers(), list, joins);
        this.layers = list.toArray(new NetworkArchitecture.Layer[0]);
        this.join = new boolean[layers.length];
        for (int l = 0; l < layers.length; l++) {
            join[l] = joins.get(l);
        }
        this.denseIndex = new int[layers.length];
        List<NetworkArchitecture.Dense> denseList = new ArrayList<>();
        for (int l = 0; l < layers.length; l++) {
            if (layers[l] instanceof NetworkArchitecture.Dense d) {
                denseIndex[l] = denseList.size();
                denseList.add(d);
            } else {
                denseIndex[l] = -1;
            }
        }
        this.dense = denseList.toArray(new NetworkArchitecture.Dense[0]);
        int k = dense.length;
        weightScale = new double[k];
        biasScale = new double[k];
        weightGradient = new double[k];
        biasGradient = new double[k];
        weights = new PackedPoints[k];
        biases = new double[k][];
        boolean ntk = architecture.parameterization() == Parameterization.NTK;
        for (int i = 0; i < k; i++) {
            NetworkArchitecture.Dense d = dense[i];
            weightScale[i] = d.weightStd() / Math.sqrt(d.inWidth());
            biasScale[i] = d.biasStd();
            weightGradient[i] = ntk ? weightScale[i] * weightScale[i] : 1.0;
            biasGradient[i] = ntk ? d.biasStd() * d.biasStd() : (d.biasStd() > 0 ? 1.0 : 0.0);
            long size = (long) d.inWidth() * d.width();
            if (size > Integer.MAX_VALUE - 8 * PackedPoints.PANEL * (long) d.width()) {
                throw new IllegalArgumentException("a " + d.width() + " x " + d.inWidth() + " weight matrix ("
                        + d.origin() + ") does not fit in one Java array");
            }
            weights[i] = PackedPoints.wrap(new double[PackedPoints.packedSize(d.inWidth(), d.width())],
                    d.inWidth(), d.width());
            biases[i] = new double[d.width()];
        }
        this.outputs = dense[k - 1].width();
        redraw(seed);
    }

    private static void flatten(List<NetworkArchitecture.Layer> list, List<NetworkArchitecture.Layer> out,
                                List<Boolean> joins) {
        for (NetworkArchitecture.Layer l : list) {
            out.add(l);
            joins.add(false);
            if (l instanceof NetworkArchitecture.Residual r) {
                flatten(r.body(), out, joins);
                out.add(l);
                joins.add(true);
            }
        }
    }

    /** Draws all parameters anew from {@code seed}, reusing the arrays (for Monte Carlo workers). */
    void redraw(long seed) {
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < dense.length; i++) {
            // Drawn row by row (W[0][0], W[0][1], ...), each stored where the packed layout keeps it.
            double[] w = weights[i].data();
            int rows = dense[i].width();
            int cols = dense[i].inWidth();
            for (int r = 0; r < rows; r++) {
                for (int j0 = 0; j0 < cols; j0 += PackedPoints.PANEL) {
                    int at = weights[i].offset(j0, r);
                    for (int j = j0, end = Math.min(cols, j0 + PackedPoints.PANEL); j < end; j++) {
                        w[at++] = random.nextGaussian();
                    }
                }
            }
            double[] b = biases[i];
            for (int j = 0; j < b.length; j++) {
                b[j] = random.nextGaussian();
            }
        }
    }

    /** The seed of sample {@code sample} of a study seeded with {@code seed}: independent streams, no shared state. */
    public static long sampleSeed(long seed, long sample) {
        long z = seed + (sample + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public NetworkArchitecture architecture() {
        return architecture;
    }

    public long seed() {
        return seed;
    }

    /** The standard-normal draws W̃ of dense layer {@code k} (0-based among dense layers), row-major; a copy. */
    public double[] weightDraws(int k) {
        int rows = dense[k].width();
        int cols = dense[k].inWidth();
        double[] w = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                w[r * cols + j] = weights[k].data()[weights[k].offset(j, r)];
            }
        }
        return w;
    }

    /** The standard-normal draws b̃ of dense layer {@code k}; a copy. */
    public double[] biasDraws(int k) {
        return biases[k].clone();
    }

    /** The network's outputs f(x) for every row of {@code x}: one row of n_L values per point. */
    public double[][] forward(double[][] x) {
        Forward fw = forwardPass(x, false);
        double[][] out = new double[x.length][outputs];
        for (int a = 0; a < outputs; a++) {
            for (int p = 0; p < x.length; p++) {
                out[p][a] = fw.output[a * x.length + p];
            }
        }
        return out;
    }

    /** The empirical NNGP, NTK and readout NNGP of every pair of rows of {@code x} (each P × P, symmetric). */
    public EmpiricalKernels kernels(double[][] x) {
        Forward fw = forwardPass(x, true);
        KernelMatrix ntk = new KernelMatrix(x.length, x.length);
        int p = x.length;
        int group = Math.max(1, Math.min(outputs, MAX_COLUMNS / Math.max(1, p)));
        for (int a0 = 0; a0 < outputs; a0 += group) {
            backward(fw, a0, Math.min(outputs, a0 + group), ntk.data(), null);
        }
        double[] t = ntk.data();
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                double v = t[i * p + j] / outputs;
                t[i * p + j] = v;
                t[j * p + i] = v;
            }
        }
        return new EmpiricalKernels(outputNngp(fw), readoutNngp(fw), ntk);
    }

    /** The empirical NTK averaged over the outputs, (1/n_L)·Σ_a Θ̂_aa(x_i, x_j). */
    public KernelMatrix empiricalNtk(double[][] x) {
        return kernels(x).ntk();
    }

    /** The empirical NNGP over the outputs, (1/n_L)·Σ_a f_a(x_i)·f_a(x_j). */
    public KernelMatrix empiricalNngp(double[][] x) {
        return outputNngp(forwardPass(x, false));
    }

    /**
     * The full empirical NTK: entry (i·n_L + a, j·n_L + b) is Θ̂_ab(x_i, x_j), the layout of Θ ⊗ I_{n_L}. Pushes all
     * P·n_L columns back at once, so it needs (P·n_L)² doubles for the Gram of the deltas.
     */
    public KernelMatrix empiricalNtkBlock(double[][] x) {
        Forward fw = forwardPass(x, true);
        int c = x.length * outputs;
        KernelMatrix block = new KernelMatrix(c, c);
        backward(fw, 0, outputs, null, block.data());
        double[] b = block.data();
        for (int i = 0; i < c; i++) {
            for (int j = i + 1; j < c; j++) {
                b[j * c + i] = b[i * c + j];
            }
        }
        return block;
    }

    // ------------------------------------------------------------------------------------------- forward pass

    /** What the forward pass keeps for the backward one, all feature-major (unit × point). */
    private static final class Forward {
        final int points;
        /** Per layer: an activation's φ′(z), a layer_norm's output y (null for other layers). */
        final double[][] saved;
        /** Per layer: a layer_norm's 1/σ per point (null for other layers). */
        final double[][] inverseStd;
        /** Per dense layer: the P × P Gram a_l·a_l' of its input. */
        final double[][] inputGram;
        double[] output;

        Forward(int points, int layers, int denseLayers) {
            this.points = points;
            this.saved = new double[layers][];
            this.inverseStd = new double[layers][];
            this.inputGram = new double[denseLayers][];
        }
    }

    private Forward forwardPass(double[][] x, boolean keep) {
        int p = x.length;
        if (p == 0) {
            throw new IllegalArgumentException("no points");
        }
        int n0 = architecture.inputDim();
        double[] h = new double[n0 * p];
        for (int i = 0; i < p; i++) {
            if (x[i].length != n0) {
                throw new IllegalArgumentException("network " + architecture.name() + " takes inputs of dimension "
                        + n0 + ", got a point of dimension " + x[i].length);
            }
            for (int j = 0; j < n0; j++) {
                h[j * p + i] = x[i][j];
            }
        }
        Forward fw = new Forward(p, layers.length, dense.length);
        java.util.ArrayDeque<double[]> skips = new java.util.ArrayDeque<>();
        for (int l = 0; l < layers.length; l++) {
            int layer = l;
            double[] in = h;
            h = layers[l].accept(new NetworkArchitecture.Layer.Visitor<double[]>() {
                @Override
                public double[] visitDense(NetworkArchitecture.Dense d) {
                    int k = denseIndex[layer];
                    if (keep || k == dense.length - 1) {
                        fw.inputGram[k] = gram(in, d.inWidth(), p);
                    }
                    double[] z = new double[d.width() * p];
                    multiply(weights[k], in, p, z);
                    double cw = weightScale[k];
                    double cb = biasScale[k];
                    double[] b = biases[k];
                    for (int i = 0; i < d.width(); i++) {
                        double shift = cb * b[i];
                        for (int q = i * p, end = q + p; q < end; q++) {
                            z[q] = cw * z[q] + shift;
                        }
                    }
                    checkFinite(z, layer);
                    return z;
                }

                @Override
                public double[] visitActivation(NetworkArchitecture.Activation act) {
                    double[] a = new double[in.length];
                    double[] da = new double[in.length];
                    act.function().apply(in, a, da, 0, in.length);
                    checkFinite(a, layer);
                    if (keep) {
                        fw.saved[layer] = da;
                    }
                    return a;
                }

                @Override
                public double[] visitResidual(NetworkArchitecture.Residual r) {
                    if (!join[layer]) {
                        skips.push(in);
                        return in;
                    }
                    double[] a = skips.pop();
                    double[] y = new double[in.length];
                    double scale = r.scale();
                    for (int i = 0; i < y.length; i++) {
                        y[i] = a[i] + scale * in[i];
                    }
                    checkFinite(y, layer);
                    return y;
                }

                @Override
                public double[] visitLayerNorm(NetworkArchitecture.LayerNorm n) {
                    int width = in.length / p;
                    double[] y = new double[in.length];
                    double[] inverse = new double[p];
                    for (int q = 0; q < p; q++) {
                        double mean = 0;
                        for (int i = 0; i < width; i++) {
                            mean += in[i * p + q];
                        }
                        mean /= width;
                        double variance = 0;
                        for (int i = 0; i < width; i++) {
                            double d = in[i * p + q] - mean;
                            variance += d * d;
                        }
                        variance /= width;
                        if (!(variance > 0)) {
                            throw new NonFiniteNetworkException("network " + architecture.name() + " (seed " + seed
                                    + "): layer_norm (" + n.origin() + ") cannot normalise point " + (q + 1)
                                    + ": its features there have variance " + variance);
                        }
                        inverse[q] = 1.0 / Math.sqrt(variance);
                        for (int i = 0; i < width; i++) {
                            y[i * p + q] = (in[i * p + q] - mean) * inverse[q];
                        }
                    }
                    if (keep) {
                        fw.saved[layer] = y;
                        fw.inverseStd[layer] = inverse;
                    }
                    return y;
                }
            });
        }
        fw.output = h;
        return fw;
    }

    private void checkFinite(double[] values, int layer) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                NetworkArchitecture.Layer l = layers[layer];
                String what = l.accept(new NetworkArchitecture.Layer.Visitor<String>() {
                    @Override
                    public String visitDense(NetworkArchitecture.Dense d) {
                        return "dense layer";
                    }

                    @Override
                    public String visitActivation(NetworkArchitecture.Activation a) {
                        return "activation " + a.label();
                    }

                    @Override
                    public String visitResidual(NetworkArchitecture.Residual r) {
                        return "residual block";
                    }

                    @Override
                    public String visitLayerNorm(NetworkArchitecture.LayerNorm n) {
                        return "layer_norm";
                    }
                });
                throw new NonFiniteNetworkException("network " + architecture.name() + " (seed " + seed + "): "
                        + what + " (" + l.origin() + ") gave " + v);
            }
        }
    }

    private KernelMatrix outputNngp(Forward fw) {
        int p = fw.points;
        KernelMatrix m = new KernelMatrix(p, p);
        double[] g = gram(fw.output, outputs, p);
        double[] d = m.data();
        for (int i = 0; i < p * p; i++) {
            d[i] = g[i] / outputs;
        }
        return m;
    }

    private KernelMatrix readoutNngp(Forward fw) {
        if (!architecture.endsWithDense()) {
            return outputNngp(fw);
        }
        int last = dense.length - 1;
        int p = fw.points;
        double cw2 = weightScale[last] * weightScale[last];
        double cb2 = biasScale[last] * biasScale[last];
        double[] g = fw.inputGram[last];
        KernelMatrix m = new KernelMatrix(p, p);
        double[] d = m.data();
        for (int i = 0; i < p * p; i++) {
            d[i] = cw2 * g[i] + cb2;
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------- backward pass

    /**
     * Pushes the columns (point q, output a) for a in [a0, a1) back through the network, contracting every dense
     * layer's delta Gram with its input Gram as it goes: into {@code traced} (P × P, upper triangle, summed over a)
     * or {@code block} ((P·n_L)², upper triangle, every a, b).
     */
    private void backward(Forward fw, int a0, int a1, double[] traced, double[] block) {
        int p = fw.points;
        int m = a1 - a0;
        int c = p * m;
        int width = outputs;
        // Δᵀ, row-major: row q·m + g holds ∂f_{a0+g}(x_q)/∂z over the units of the current layer.
        double[] delta = new double[c * width];
        for (int q = 0; q < p; q++) {
            for (int g = 0; g < m; g++) {
                delta[(q * m + g) * width + a0 + g] = 1.0;
            }
        }
        int firstDense = 0;
        while (denseIndex[firstDense] < 0) {
            firstDense++;
        }
        double[] deltaGram = new double[c * c];
        int first = firstDense;
        Delta down = new Delta(delta, width);
        // Going down, a block's end sends scale·δ into its body and keeps δ for the skip path; its start adds the two.
        java.util.ArrayDeque<double[]> skips = new java.util.ArrayDeque<>();
        for (int l = layers.length - 1; l >= firstDense; l--) {
            int layer = l;
            layers[l].accept(new NetworkArchitecture.Layer.Visitor<Void>() {
                @Override
                public Void visitDense(NetworkArchitecture.Dense d) {
                    int k = denseIndex[layer];
                    PackedPoints packed = PackedPoints.ofRowMajor(down.values, c, d.width());
                    gram.tile(packed, 0, c, packed, 0, c, deltaGram, 0, c);
                    contract(fw.inputGram[k], deltaGram, p, m, a0, weightGradient[k], biasGradient[k], traced, block);
                    if (layer == first) {
                        return null;
                    }
                    double[] below = new double[c * d.inWidth()];
                    gram.tile(packed, 0, c, weights[k], 0, d.inWidth(), below, 0, d.inWidth());
                    double cw = weightScale[k];
                    for (int i = 0; i < below.length; i++) {
                        below[i] *= cw;
                    }
                    down.values = below;
                    down.width = d.inWidth();
                    return null;
                }

                @Override
                public Void visitActivation(NetworkArchitecture.Activation act) {
                    double[] da = fw.saved[layer];
                    double[] delta = down.values;
                    int width = down.width;
                    for (int r = 0; r < c; r++) {
                        int q = r / m;
                        for (int i = 0, at = r * width; i < width; i++, at++) {
                            delta[at] *= da[i * p + q];
                        }
                    }
                    return null;
                }

                @Override
                public Void visitResidual(NetworkArchitecture.Residual r) {
                    double[] delta = down.values;
                    if (join[layer]) {
                        skips.push(delta.clone());
                        double scale = r.scale();
                        for (int i = 0; i < delta.length; i++) {
                            delta[i] *= scale;
                        }
                    } else {
                        double[] skip = skips.pop();
                        for (int i = 0; i < delta.length; i++) {
                            delta[i] += skip[i];
                        }
                    }
                    return null;
                }

                @Override
                public Void visitLayerNorm(NetworkArchitecture.LayerNorm n) {
                    // y = (z − mean)/σ: δ_z = (δ_y − mean(δ_y) − y·mean(δ_y·y))/σ, the mean and variance projection
                    // that the infinite-width limit drops.
                    double[] y = fw.saved[layer];
                    double[] inverse = fw.inverseStd[layer];
                    double[] delta = down.values;
                    int width = down.width;
                    for (int r = 0; r < c; r++) {
                        int q = r / m;
                        int base = r * width;
                        double mean = 0;
                        double meanY = 0;
                        for (int i = 0; i < width; i++) {
                            mean += delta[base + i];
                            meanY += delta[base + i] * y[i * p + q];
                        }
                        mean /= width;
                        meanY /= width;
                        for (int i = 0; i < width; i++) {
                            delta[base + i] = inverse[q] * (delta[base + i] - mean - y[i * p + q] * meanY);
                        }
                    }
                    return null;
                }
            });
        }
    }

    /** Δᵀ (row-major, one row per output and point) and its width, as backward goes down the layers. */
    private static final class Delta {
        double[] values;
        int width;

        Delta(double[] values, int width) {
            this.values = values;
            this.width = width;
        }
    }

    /** Adds one dense layer's term, (δ·δ')(g_w·a·a' + g_b), for every pair of columns needed. */
    private void contract(double[] inputGram, double[] deltaGram, int p, int m, int a0, double gw, double gb,
                          double[] traced, double[] block) {
        int c = p * m;
        int blockSize = p * outputs;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                double factor = gw * inputGram[i * p + j] + gb;
                if (traced != null) {
                    double s = 0;
                    for (int g = 0; g < m; g++) {
                        s += deltaGram[(i * m + g) * c + j * m + g];
                    }
                    traced[i * p + j] += factor * s;
                }
                if (block != null) {
                    for (int g = 0; g < m; g++) {
                        int row = i * m + g;
                        for (int h = (i == j ? g : 0); h < m; h++) {
                            int col = j * m + h;
                            block[(i * outputs + a0 + g) * blockSize + j * outputs + a0 + h] +=
                                    factor * deltaGram[row * c + col];
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- products

    /**
     * The Gram matrix of the columns of {@code v} (rows × cols, row-major): G[i][j] = Σ_r v[r][i]·v[r][j], upper
     * triangle and diagonal filled, lower triangle mirrored.
     */
    static double[] gram(double[] v, int rows, int cols) {
        double[] g = new double[cols * cols];
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int o0 = r * cols;
            int o1 = o0 + cols;
            int o2 = o1 + cols;
            int o3 = o2 + cols;
            for (int i = 0; i < cols; i++) {
                double s0 = v[o0 + i];
                double s1 = v[o1 + i];
                double s2 = v[o2 + i];
                double s3 = v[o3 + i];
                int gi = i * cols;
                for (int j = i; j < cols; j++) {
                    g[gi + j] += s0 * v[o0 + j] + s1 * v[o1 + j] + s2 * v[o2 + j] + s3 * v[o3 + j];
                }
            }
        }
        for (; r < rows; r++) {
            int o = r * cols;
            for (int i = 0; i < cols; i++) {
                double s = v[o + i];
                int gi = i * cols;
                for (int j = i; j < cols; j++) {
                    g[gi + j] += s * v[o + j];
                }
            }
        }
        for (int i = 0; i < cols; i++) {
            for (int j = i + 1; j < cols; j++) {
                g[j * cols + i] = g[i * cols + j];
            }
        }
        return g;
    }

    /**
     * out (rows × p) = W · in, W packed as in {@link #weights} (rows = its dimension, inner = its count), in and out
     * row-major (inner × p and rows × p); out starts zeroed. Panel by panel of 32 input units, whose rows of {@code in}
     * stay in L1 while every output row passes, four input units at a time.
     */
    static void multiply(PackedPoints w, double[] in, int p, double[] out) {
        double[] data = w.data();
        int rows = w.dimension();
        int inner = w.count();
        for (int j0 = 0; j0 < inner; j0 += PackedPoints.PANEL) {
            int jn = Math.min(inner, j0 + PackedPoints.PANEL) - j0;
            for (int i = 0; i < rows; i++) {
                int at = w.offset(j0, i);
                int o = i * p;
                int jj = 0;
                for (; jj + 3 < jn; jj += 4) {
                    double w0 = data[at + jj];
                    double w1 = data[at + jj + 1];
                    double w2 = data[at + jj + 2];
                    double w3 = data[at + jj + 3];
                    int i0 = (j0 + jj) * p;
                    int i1 = i0 + p;
                    int i2 = i1 + p;
                    int i3 = i2 + p;
                    for (int q = 0; q < p; q++) {
                        out[o + q] += w0 * in[i0 + q] + w1 * in[i1 + q] + w2 * in[i2 + q] + w3 * in[i3 + q];
                    }
                }
                for (; jj < jn; jj++) {
                    double w0 = data[at + jj];
                    int i0 = (j0 + jj) * p;
                    for (int q = 0; q < p; q++) {
                        out[o + q] += w0 * in[i0 + q];
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "FiniteNetwork[" + architecture.name() + ", widths " + architecture.widths() + ", seed " + seed + "]";
    }
}
