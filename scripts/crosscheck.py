#!/usr/bin/env python3
"""Independent cross-check of `ntkc kernel` against a separate implementation of the kernel recursion.

For the networks in examples/*.ntk this script re-implements the recursion of docs/math.md in numpy, with its
own Gaussian integration (composite Gauss-Legendre in (z1, w) coordinates, split at every kink and graded
towards the near-kinks that sharpen as correlations approach 1) and textbook closed forms only for relu and
erf. Gelu, tanh, selu, mish and the custom kinked activation are all integrated here, so ntkc's closed forms,
its symbolic derivatives and its quadrature are all checked against code that shares nothing with them.
Residual blocks (the state forks, the block runs on a copy, the two are summed with scale^2) and layer_norm
(division by sqrt(q1 q2)) are implemented here too and checked on examples/resnet-mlp.ntk, with a duplicated point
and an all-zero point added; a point whose variance is 0 at a layer_norm must make ntkc fail with a message naming it.

    python3 scripts/crosscheck.py            # runs ./ntkc kernel on every case, prints tables, exits 1 on failure

It also checks that the generated code (ntkc kernel) and the IR interpreter (ntkc kernel --interpret) agree to
1e-12 relative on every example network, and (scripts/crosscheck_cnn.py) the image kernels against an independent
numpy CNN-GP / CNTK.

Tolerances (relative to sqrt(K(x,x) K(x',x')), the natural scale of an entry): 1e-12 where both sides use closed
forms, 1e-8 for smooth numerical activations, 1e-6 for kinked ones (the targets of the foundation issue).
"""
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
from numpy.polynomial.legendre import leggauss

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODES, WEIGHTS = leggauss(20)
Z_MAX = 12.0                        # Gaussian tail beyond 12 sigma: below 1e-32
INV_SQRT_2PI = 1.0 / math.sqrt(2 * math.pi)


# ---------------------------------------------------------------------------------------------- activations
def erf(x):
    return np.vectorize(math.erf, otypes=[float])(x)


def softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


SELU_L, SELU_A = 1.0507009873554805, 1.6732632423543772

# name: (phi, phi', kinks)
ACT = {
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2, []),
    "selu": (lambda x: SELU_L * np.where(x > 0, x, SELU_A * np.expm1(np.minimum(x, 0))),
             lambda x: SELU_L * np.where(x > 0, 1.0, SELU_A * np.exp(np.minimum(x, 0))), [0.0]),
    "softsquare": (lambda x: np.where(x > 0, x, 0.5 * x * x), lambda x: np.where(x > 0, 1.0, x), [0.0]),
    "gelu": (lambda x: x * 0.5 * (1 + erf(x / math.sqrt(2))),
             lambda x: 0.5 * (1 + erf(x / math.sqrt(2))) + x * INV_SQRT_2PI * np.exp(-x * x / 2), []),
    "mish": (lambda x: x * np.tanh(softplus(x)),
             lambda x: np.tanh(softplus(x)) + x * (1 - np.tanh(softplus(x)) ** 2) * sigmoid(x), []),
    "leaky0.1": (lambda x: np.where(x > 0, x, 0.1 * x), lambda x: np.where(x > 0, 1.0, 0.1), [0.0]),
}


def erf_gelu():
    """erf(b = 2) followed by gelu, as one activation (the fused step)."""
    g, dg, _ = ACT["gelu"]
    return (lambda x: g(erf(2 * x)), lambda x: dg(erf(2 * x)) * 4 / math.sqrt(math.pi) * np.exp(-4 * x * x), [])


ACT["erf2-gelu"] = erf_gelu()


# ---------------------------------------------------------------------------------------------- quadrature
def panels(breaks, lo=-Z_MAX, hi=Z_MAX, width=0.25):
    """Sorted panel edges on [lo, hi]: every break is an edge, and no panel is wider than `width`."""
    edges = sorted(set([lo, hi] + [b for b in breaks if lo < b < hi]))
    out = [edges[0]]
    for a, b in zip(edges[:-1], edges[1:]):
        n = max(1, int(math.ceil((b - a) / width)))
        out.extend(np.linspace(a, b, n + 1)[1:])
    return np.array(out)


def graded(center, scale):
    """Edges clustering geometrically at `center` from distance `scale` outwards, for sharp features."""
    out = []
    d = scale
    while d < 2:
        out += [center - d, center + d]
        d *= 3
    return out + [center]


def gauss_nodes(edges):
    a, b = edges[:-1], edges[1:]
    half = (b - a) / 2
    z = ((a + b) / 2)[:, None] + half[:, None] * NODES[None, :]
    w = half[:, None] * WEIGHTS[None, :] * INV_SQRT_2PI * np.exp(-z * z / 2)
    return z.ravel(), w.ravel()


def expect1(h, kinks, q):
    """E[h(sqrt(q) z)] for z ~ N(0, 1)."""
    if q <= 0:
        return float(h(np.array([0.0]))[0])
    s = math.sqrt(q)
    z, w = gauss_nodes(panels([k / s for k in kinks]))
    return float(np.sum(w * h(s * z)))


def expect2(f, g, kinks, q1, q2, q12):
    """E[f(u) g(v)] for (u, v) ~ N(0, [[q1, q12], [q12, q2]])."""
    if q1 <= 0:
        return float(f(np.array([0.0]))[0]) * expect1(g, kinks, q2)
    if q2 <= 0:
        return float(g(np.array([0.0]))[0]) * expect1(f, kinks, q1)
    s1 = math.sqrt(q1)
    c = q12 / s1
    tau2 = q2 - c * c
    if tau2 <= 1e-15 * q2:                      # v is a multiple of u
        breaks = [k / s1 for k in kinks] + ([k / c for k in kinks] if c != 0 else [])
        z, w = gauss_nodes(panels(breaks))
        return float(np.sum(w * f(s1 * z) * g(c * z)))
    tau = math.sqrt(tau2)
    outer = [k / s1 for k in kinks]
    if c != 0:
        for k in kinks:                         # G(z1) = E[g(c z1 + tau w)] is sharp near c z1 = k
            outer += graded(k / c, tau / abs(c))
    z1, w1 = gauss_nodes(panels(outer))
    total = 0.0
    fz = f(s1 * z1)
    for zi, wi, fi in zip(z1, w1, fz):
        if wi == 0 or fi == 0:
            continue
        zw, ww = gauss_nodes(panels([(k - c * zi) / tau for k in kinks]))
        total += wi * fi * np.sum(ww * g(c * zi + tau * zw))
    return float(total)


# ---------------------------------------------------------------------------------------------- closed forms
def relu_dual(q1, q2, q12):
    s = math.sqrt(max(q1 * q2 - q12 * q12, 0.0))
    th = math.pi / 2 if s == 0 and q12 == 0 else math.atan2(s, q12)
    return (s + (math.pi - th) * q12) / (2 * math.pi), (math.pi - th) / (2 * math.pi)


def erf_dual(q1, q2, q12):
    d = math.sqrt((1 + 2 * q1) * (1 + 2 * q2) - 4 * q12 * q12)
    return (2 / math.pi) * math.atan2(2 * q12, d), (4 / math.pi) / d


def dual(name):
    if name == "relu":
        return relu_dual
    if name == "erf":
        return erf_dual
    f, df, kinks = ACT[name]
    return lambda q1, q2, q12: (expect2(f, f, kinks, q1, q2, q12), expect2(df, df, kinks, q1, q2, q12))


# ---------------------------------------------------------------------------------------------- the recursion
def kernels(layers, x, standard=False):
    """NNGP and NTK of a network given as [('dense', width, w_std, b_std) | ('act', name) | ('layer_norm',) |
    ('residual', scale, [layers])], by the recursion."""
    n, n0 = x.shape
    gram = (x @ x.T) * (1.0 / n0)
    q = np.array([np.dot(r, r) * (1.0 / n0) for r in x])
    np.fill_diagonal(gram, q)
    k, theta, q, _ = run(layers, gram.copy(), np.zeros_like(gram), q, n0, standard)
    return k, theta


def run(layers, k, theta, q, width, standard):
    """The state (k, theta, the per-point variances q, the width) after the layers."""
    n = k.shape[0]
    for layer in layers:
        if layer[0] == "dense":
            _, w, ws, bs = layer
            w2, b2 = ws * ws, bs * bs
            if standard:
                theta = width * k + w2 * theta + (1.0 if bs > 0 else 0.0)
                k = w2 * k + b2
            else:
                k = w2 * k + b2
                theta = w2 * theta + k
            q = w2 * q + b2
            width = w
        elif layer[0] == "residual":
            # y = a + scale * f(a): f runs on a copy of the state, and the cross terms vanish (MATH.md §8)
            s2 = layer[1] ** 2
            kf, tf, qf, wf = run(layer[2], k.copy(), theta.copy(), q.copy(), width, standard)
            assert wf == width, "a residual block keeps its width"
            k, theta, q = k + s2 * kf, theta + s2 * tf, q + s2 * qf
        elif layer[0] == "layer_norm":
            if np.any(q == 0):
                raise ZeroDivisionError("layer_norm of a point with variance 0, point %d" % (np.argmin(q) + 1))
            norm = np.sqrt(np.outer(q, q))
            k, theta = k / norm, theta / norm
            q = np.diag(k).copy()
        else:
            d = dual(layer[1])
            new_k = np.empty_like(k)
            tdot = np.empty_like(k)
            for i in range(n):
                for j in range(i, n):
                    t, td = d(q[i], q[j], k[i, j])
                    new_k[i, j] = new_k[j, i] = t
                    tdot[i, j] = tdot[j, i] = td
            q = np.diag(new_k).copy()
            k, theta = new_k, theta * tdot
    return k, theta, q, width


def dense(w, ws=1.0, bs=0.0):
    return ("dense", w, ws, bs)


def act(name):
    return ("act", name)


def residual(scale, layers):
    return ("residual", scale, layers)


LAYER_NORM = ("layer_norm",)
# examples/resnet-mlp.ntk
RES_MLP = ([dense(512, math.sqrt(2), .05)]
           + [residual(1 / math.sqrt(8), [LAYER_NORM, act("relu"), dense(512, math.sqrt(2), .05)])] * 8
           + [LAYER_NORM, dense(10, math.sqrt(2), .05)])


CASES = [
    # (spec, network, points, layers, standard, closed-form tolerance)
    ("relu3.ntk", "Relu3", "points-784.csv",
     [dense(512, 1, .1), act("relu")] * 3 + [dense(10, 1, .1)], False, 1e-12),
    ("fashion.ntk", "FashionRelu3", "points-784.csv",
     [dense(512, 1.5, .05), act("relu")] * 3 + [dense(10, 1.5, .05)], False, 1e-12),
    ("smooth.ntk", "Erf3", "points-16.csv", [dense(512, 1, .1), act("erf")] * 3 + [dense(1, 1, .1)], False, 1e-12),
    ("smooth.ntk", "Tanh3", "points-16.csv", [dense(512, 1, .1), act("tanh")] * 3 + [dense(1, 1, .1)], False, 1e-8),
    ("smooth.ntk", "Standard2", "points-16.csv",
     [dense(128, 1.4, .1), act("relu"), dense(64, 1.4, .1), act("gelu"), dense(1, 1.4, .1)], True, 1e-10),
    ("kinks.ntk", "Selu2", "points-16.csv",
     [dense(256, 1, .05), act("selu"), dense(256, 1, .05), act("selu"), dense(1, 1, .05)], False, 1e-6),
    ("kinks.ntk", "SoftSquare", "points-16.csv",
     [dense(512, 1, .1), act("softsquare")] * 2 + [dense(1, 1, .1)], False, 1e-6),
    ("mixed.ntk", "Mixed", "points-16.csv",
     [dense(1024), act("mish"), dense(1024, 1.5, 0), act("leaky0.1"), dense(256), act("erf2-gelu"),
      dense(1, 0.5, 0)], False, 1e-8),
    # residual blocks and layer_norm, on points with a duplicate and an all-zero point added (see main)
    ("resnet-mlp.ntk", "ResMlp", "points-784-dup-zero", RES_MLP, False, 1e-12),
]


def points_path(points):
    """examples/data/POINTS, or for "points-784-dup-zero" those points with a duplicate row and an all-zero row."""
    if points != "points-784-dup-zero":
        return os.path.join(ROOT, "examples", "data", points)
    path = os.path.join(tempfile.gettempdir(), "ntkc-crosscheck-points-784-dup-zero.csv")
    x = np.loadtxt(os.path.join(ROOT, "examples", "data", "points-784.csv"), delimiter=",", ndmin=2)
    x = np.vstack([x, x[:1], np.zeros((1, x.shape[1]))])
    np.savetxt(path, x, delimiter=",", fmt="%.17g")
    return path


def ntkc_kernel(spec, network, points, kind, interpret=False):
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as tmp:
        out = tmp.name
    try:
        subprocess.run([os.path.join(ROOT, "ntkc"), "kernel", os.path.join(ROOT, "examples", spec), "--network",
                        network, "--x1", points_path(points), "--kind", kind, "-o", out]
                       + (["--interpret"] if interpret else []), check=True, stderr=subprocess.DEVNULL)
        return np.loadtxt(out, delimiter=",", ndmin=2)
    finally:
        os.unlink(out)


def relative_error(a, b):
    """Largest |a - b| / |b| over the entries of b that are not zero (zero entries must match exactly)."""
    nonzero = b != 0
    if np.any(a[~nonzero] != 0):
        return float("inf")
    return float(np.max(np.abs(a[nonzero] - b[nonzero]) / np.abs(b[nonzero]))) if nonzero.any() else 0.0


def scaled_error(a, b):
    scale = np.sqrt(np.outer(np.abs(np.diag(b)), np.abs(np.diag(b))))
    return float(np.max(np.abs(a - b) / np.maximum(scale, 1e-300)))


def main():
    print("1. ntkc kernel (generated code) against this independent implementation")
    print(f"{'network':<12} {'kernel':<6} {'error':>10} {'tolerance':>10}  result")
    failed = False
    for spec, network, points, layers, standard, tol in CASES:
        x = np.loadtxt(points_path(points), delimiter=",", ndmin=2)
        k, theta = kernels(layers, x, standard)
        for kind, ref in (("nngp", k), ("ntk", theta)):
            err = scaled_error(ntkc_kernel(spec, network, points, kind), ref)
            ok = err <= tol
            failed |= not ok
            print(f"{network:<12} {kind:<6} {err:10.2e} {tol:10.0e}  {'ok' if ok else 'FAIL'}", flush=True)
    print()
    print("2. ntkc kernel (generated code) against ntkc kernel --interpret (the reference semantics), relative")
    print(f"{'network':<12} {'kernel':<6} {'error':>10} {'tolerance':>10}  result")
    for spec, network, points, _, _, _ in CASES:
        for kind in ("nngp", "ntk"):
            err = relative_error(ntkc_kernel(spec, network, points, kind),
                                 ntkc_kernel(spec, network, points, kind, interpret=True))
            ok = err <= 1e-12
            failed |= not ok
            print(f"{network:<12} {kind:<6} {err:10.2e} {1e-12:10.0e}  {'ok' if ok else 'FAIL'}", flush=True)
    print()
    print("3. layer_norm of a point with variance 0 (an all-zero input, bias_std = 0): an error naming it, no number")
    failed |= not zero_variance_is_an_error()
    print()
    import crosscheck_cnn                     # beside this script: image kernels against their own numpy version
    failed |= crosscheck_cnn.main()
    sys.exit(1 if failed else 0)


def zero_variance_is_an_error():
    spec = os.path.join(tempfile.gettempdir(), "ntkc-crosscheck-zero.ntk")
    points = os.path.join(tempfile.gettempdir(), "ntkc-crosscheck-zero.csv")
    with open(spec, "w") as f:
        f.write("network Zero {\n  input 3\n  dense 8\n  layer_norm\n  dense 1\n}\n")
    np.savetxt(points, np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), delimiter=",")
    ok = True
    for mode in ([], ["--interpret"]):
        r = subprocess.run([os.path.join(ROOT, "ntkc"), "kernel", spec, "--x1", points] + mode,
                           capture_output=True, text=True)
        good = r.returncode != 0 and "cannot normalise point 2" in r.stderr and not r.stdout.strip()
        try:
            kernels([dense(8), LAYER_NORM, dense(1)], np.loadtxt(points, delimiter=","))
            good = False
        except ZeroDivisionError:
            pass
        ok &= good
        print(f"ntkc kernel {' '.join(mode) or '(generated)':<12} exit {r.returncode}: {r.stderr.strip()[:100]}"
              f"  {'ok' if good else 'FAIL'}")
    return ok


if __name__ == "__main__":
    main()
