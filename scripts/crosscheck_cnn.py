#!/usr/bin/env python3
"""Independent cross-check of ntkc's image kernels (CNN-GP and CNTK, MATH.md section 7) against numpy.

The networks below are written twice: as .ntk specs, and as layer lists that this script evaluates with its own
numpy implementation of the recursion. The implementation shares nothing with ntkc's: the position-pair state of a
signal or image is an array with the positional axes of both points, (H, W, H', W'); a conv pads that array
(zeros, or wrapped for circular padding) and sums shifted, strided slices, the same shift on both points' axes;
avg_pool sums the slices of each side separately (the double sum factorises); relu and erf use their closed forms.
Each point's own variances come from running the same recursion on (x, x).

    python3 scripts/crosscheck_cnn.py     # prints a table, exits 1 on failure

It compares both `ntkc kernel` (generated code, diagonal-only states where nothing pools) and
`ntkc kernel --interpret` (the reference interpreter, full position pairs everywhere) with it, to 1e-12 relative to sqrt(K(x,x) K(x',x')), on random images, an all-zero image and a duplicated point.
"""
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------------------------------------- duals
def relu_dual(q1, q2, q12):
    s = np.sqrt(np.maximum(q1 * q2 - q12 * q12, 0.0))
    th = np.where((s == 0) & (q12 == 0), math.pi / 2, np.arctan2(s, q12))
    return (s + (math.pi - th) * q12) / (2 * math.pi), (math.pi - th) / (2 * math.pi)


def erf_dual(q1, q2, q12):
    d = np.sqrt((1 + 2 * q1) * (1 + 2 * q2) - 4 * q12 * q12)
    return (2 / math.pi) * np.arctan2(2 * q12, d), (4 / math.pi) / d


DUALS = {"relu": relu_dual, "erf": erf_dual}


# ---------------------------------------------------------------------------------------------- geometry
def geometry(n, k, s, padding):
    """(out, pad_before, pad_after) along one axis, TensorFlow's rules for same and circular."""
    if padding == "valid":
        return (n - k) // s + 1, 0, 0
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return out, total // 2, total - total // 2


def pad(a, axes, pads, circular):
    widths = [(0, 0)] * a.ndim
    for ax, p in zip(axes, pads):
        widths[ax] = p
    return np.pad(a, widths, mode="wrap" if circular else "constant")


def window_slices(ndim, axes, starts, strides, outs):
    sl = [slice(None)] * ndim
    for ax, st, s, o in zip(axes, starts, strides, outs):
        sl[ax] = slice(st, st + s * (o - 1) + 1, s)
    return tuple(sl)


def conv_mean(a, r, ks, ss, padding):
    """(1/|k|) sum over offsets d of A[s o + d - pad, s o' + d - pad], both sides shifted by the same d."""
    geo = [geometry(a.shape[i], ks[i], ss[i], padding) for i in range(r)]
    outs = [g[0] for g in geo]
    padded = pad(a, list(range(2 * r)), [(g[1], g[2]) for g in geo] * 2, padding == "circular")
    total = np.zeros(outs * 2)
    for d in np.ndindex(*ks):
        total += padded[window_slices(2 * r, list(range(2 * r)), list(d) * 2, list(ss) * 2, outs * 2)]
    return total / np.prod(ks)


def pool_mean(a, r, ks, ss, padding):
    """(1/|k|^2) sum over d, d' of A[s o + d, s o' + d']: each point's side pooled on its own."""
    geo = [geometry(a.shape[i], ks[i], ss[i], padding) for i in range(r)]
    outs = [g[0] for g in geo]
    for side in (0, 1):
        axes = [side * r + i for i in range(r)]
        padded = pad(a, axes, [(g[1], g[2]) for g in geo], False)
        shape = list(a.shape)
        for ax, o in zip(axes, outs):
            shape[ax] = o
        total = np.zeros(shape)
        for d in np.ndindex(*ks):
            total += padded[window_slices(a.ndim, axes, list(d), ss, outs)]
        a = total / np.prod(ks)
    return a


# ---------------------------------------------------------------------------------------------- the recursion
def run(layers, shape, x, y, qx, qy, standard, record=None):
    """(nngp, ntk) of images x and y (flat rows in (h, w, c) order) through the layers."""
    ext, c = list(shape[:-1]), shape[-1]
    r = len(ext)
    xa, ya = x.reshape(ext + [c]), y.reshape(ext + [c])
    k = np.tensordot(xa, ya, axes=([r], [r])) / c
    t = np.zeros_like(k)
    spatial, channels, acts = True, c, 0
    for layer in layers:
        kind = layer[0]
        if kind in ("conv", "dense"):
            if kind == "dense" and not spatial:
                _, width, ws, bs = layer
                ks, ss, padding = None, None, None
            elif kind == "dense":
                _, width, ws, bs = layer
                ks, ss, padding = [1] * r, [1] * r, "valid"
            else:
                _, width, ks, ss, padding, ws, bs = layer
            w2, b2 = ws * ws, bs * bs
            if spatial:
                ak, at, fan = conv_mean(k, r, ks, ss, padding), conv_mean(t, r, ks, ss, padding), channels * np.prod(ks)
            else:
                ak, at, fan = k, t, channels
            k = w2 * ak + b2
            t = (fan * ak + w2 * at + (1.0 if bs > 0 else 0.0)) if standard else w2 * at + k
            channels = width
        elif kind == "act":
            if record is not None:
                pp = int(np.prod(k.shape[:k.ndim // 2])) if spatial else 1
                record.append(np.diagonal(k.reshape(pp, pp)).reshape(k.shape[:k.ndim // 2]) if spatial else k)
            q1 = record[acts] if record is not None else qx[acts]
            q2 = record[acts] if record is not None else qy[acts]
            if spatial:
                nd = q1.ndim
                q1 = q1.reshape(q1.shape + (1,) * nd)
                q2 = q2.reshape((1,) * nd + q2.shape)
            tt, td = DUALS[layer[1]](q1, q2, k)
            k, t = tt, t * td
            acts += 1
        elif kind == "avg_pool":
            _, ks, ss, padding = layer
            k, t = pool_mean(k, r, ks, ss, padding), pool_mean(t, r, ks, ss, padding)
        elif kind == "flatten":
            pp = int(np.prod(k.shape[:r]))
            channels *= pp
            k, t = np.mean(np.diagonal(k.reshape(pp, pp))), np.mean(np.diagonal(t.reshape(pp, pp)))
            spatial = False
        elif kind == "gap":
            k, t = np.mean(k), np.mean(t)
            spatial = False
        else:
            raise AssertionError(kind)
    return float(k), float(t)


def kernels(layers, shape, x, standard=False):
    own = []
    for p in x:
        rec = []
        run(layers, shape, p, p, None, None, standard, record=rec)
        own.append(rec)
    n = len(x)
    nngp, ntk = np.empty((n, n)), np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            nngp[i, j], ntk[i, j] = run(layers, shape, x[i], x[j], own[i], own[j], standard)
            nngp[j, i], ntk[j, i] = nngp[i, j], ntk[i, j]
    return nngp, ntk


# ---------------------------------------------------------------------------------------------- the cases
R2 = math.sqrt(2.0)
CASES = [
    # (name, spec body, shape, layers, standard)
    ("FlattenRelu", """
  input 6 x 5 x 2
  weight_std = 1.4142135623730951
  bias_std = 0.1
  conv 3 (3) -> relu
  conv 4 (3 x 2) -> relu
  flatten
  dense 1
""", (6, 5, 2), [("conv", 3, [3, 3], [1, 1], "same", R2, .1), ("act", "relu"),
                 ("conv", 4, [3, 2], [1, 1], "same", R2, .1), ("act", "relu"), ("flatten",), ("dense", 1, R2, .1)],
     False),
    ("PooledErf", """
  input 7 x 6 x 1
  parameterization = standard
  bias_std = 0.2
  conv 3 (3, stride = 2, padding = valid) -> erf
  avg_pool (2, padding = same)
  conv 2 (2) -> relu
  global_avg_pool
  dense 1
""", (7, 6, 1), [("conv", 3, [3, 3], [2, 2], "valid", 1.0, .2), ("act", "erf"), ("avg_pool", [2, 2], [2, 2], "same"),
                 ("conv", 2, [2, 2], [1, 1], "same", 1.0, .2), ("act", "relu"), ("gap",), ("dense", 1, 1.0, .2)],
     True),
    ("SignalCircular", """
  input 9 x 3
  padding = circular
  weight_std = 1.3
  conv 4 (4, stride = 2) -> relu
  dense 5 -> erf
  avg_pool (3, stride = 1)
  flatten
  dense 2
""", (9, 3), [("conv", 4, [4], [2], "circular", 1.3, 0.0), ("act", "relu"), ("dense", 5, 1.3, 0.0),
              ("act", "erf"), ("avg_pool", [3], [1], "valid"), ("flatten",), ("dense", 2, 1.3, 0.0)], False),
]


def ntkc_kernel(spec, network, points, kind, interpret):
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as tmp:
        out = tmp.name
    try:
        subprocess.run([os.path.join(ROOT, "ntkc"), "kernel", spec, "--network", network, "--x1", points, "--kind",
                        kind, "-o", out] + (["--interpret"] if interpret else []), check=True,
                       stderr=subprocess.DEVNULL)
        return np.loadtxt(out, delimiter=",", ndmin=2)
    finally:
        os.unlink(out)


def scaled_error(a, b):
    scale = np.sqrt(np.outer(np.abs(np.diag(b)), np.abs(np.diag(b))))
    return float(np.max(np.abs(a - b) / np.maximum(scale, 1e-300)))


def main():
    print("3. images: ntkc kernel (generated code) and ntkc kernel --interpret against an independent numpy "
          "CNN-GP / CNTK, scaled error")
    print(f"{'network':<15} {'kernel':<6} {'code':<10} {'error':>10} {'tolerance':>10}  result")
    failed = False
    rng = np.random.default_rng(4)
    with tempfile.TemporaryDirectory() as d:
        spec = os.path.join(d, "cnn.ntk")
        with open(spec, "w") as f:
            for name, body, _, _, _ in CASES:
                f.write(f"network {name} {{{body}}}\n")
        for name, _, shape, layers, standard in CASES:
            size = int(np.prod(shape))
            x = rng.standard_normal((5, size))
            x = np.vstack([x, np.zeros(size), x[1]])          # an all-zero image and a duplicate
            points = os.path.join(d, f"{name}.csv")
            np.savetxt(points, x, delimiter=",", fmt="%.17g")
            ref = kernels(layers, shape, x, standard)
            for kind, r in zip(("nngp", "ntk"), ref):
                for interpret in (False, True):
                    err = scaled_error(ntkc_kernel(spec, name, points, kind, interpret), r)
                    ok = err <= 1e-12
                    failed |= not ok
                    code = "interpret" if interpret else "generated"
                    print(f"{name:<15} {kind:<6} {code:<10} {err:10.2e} {1e-12:10.0e}  {'ok' if ok else 'FAIL'}",
                          flush=True)
    return failed


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
