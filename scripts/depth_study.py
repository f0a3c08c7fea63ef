#!/usr/bin/env python3
"""The depth study of docs/depth-study.md: test accuracy of the infinite-width NTK of plain ReLU MLPs against
residual MLPs at depths 2, 8, 32 and 128, on the bundled Fashion-MNIST subset, and how far the kernels have
degenerated (NNGP correlations of distinct points going to 1, NTK correlations all to one value).

For every variant and depth it writes a .ntk spec into a temporary folder and runs the project's launcher:

  ./ntkc fit SPEC --limit-train N --limit-test M --train-images ... (the bundled IDX files)
        exact solve, t = inf, the default ridge 0 (the theory's prediction), pixels standardised per feature
  ./ntkc kernel SPEC --x1 P.npy --kind nngp|ntk
        on the first P test images (standardised with the N training images' statistics, as fit does), from
        which it takes the normalised off-diagonal entries rho_ij = K_ij / sqrt(K_ii K_jj)

then prints markdown tables and draws docs/depth-study.png with XChart from the CLI jar
(scripts/DepthStudyPlot.java, run by java's source launcher). The kernels of the correlation points are recomputed by
an independent numpy recursion (relu's closed form, residual sums, layer_norm) and must agree to 1e-10 relative to
sqrt(K(x,x) K(x',x')), or the study stops. Needs numpy and a built jar:

    mvn -q -B -o -DskipTests package
    python3 scripts/depth_study.py    # 44 minutes measured on 2 cores under a load of 13-16 (about 8 estimated at load 2)

Variants (depth L = the number of ReLU layers; sigma_w = sqrt(2), sigma_b = 0.05, NTK parameterization, widths 512
and readout 10, which do not change the kernels):
  plain   repeat L { dense 512 -> relu }; dense 10
  res     dense 512; repeat L { residual (scale = 1/sqrt(L)) { relu; dense 512 } }; dense 10
  res1    the same with scale = 1 (an unscaled ResNet)
  resln   dense 512; repeat L { residual (scale = 1/sqrt(L)) { layer_norm; relu; dense 512 } }; layer_norm; dense 10
          (pre-LN, as examples/resnet-mlp.ntk)
"""
import argparse
import csv
import gzip
import math
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "examples", "data", "fashion-mnist")
NTKC = os.path.join(ROOT, "ntkc")

VARIANTS = {
    "plain": "plain ReLU MLP",
    "res": "residual, scale 1/sqrt(L)",
    "res1": "residual, scale 1",
    "resln": "residual + layer_norm, scale 1/sqrt(L)",
}


def spec(variant, depth, weight_std, bias_std):
    """The .ntk text of one network."""
    name = "%sL%d" % ({"plain": "Plain", "res": "Res", "res1": "ResUnscaled", "resln": "ResLn"}[variant], depth)
    head = ("network %s {\n  input 784\n  weight_std = %r\n  bias_std = %r\n" % (name, weight_std, bias_std))
    if variant not in VARIANTS:
        raise SystemExit("unknown variant %r (known: %s)" % (variant, ", ".join(VARIANTS)))
    scale = 1 / math.sqrt(depth)
    if variant == "plain":
        body = "  repeat %d { dense 512 -> relu }\n  dense 10\n" % depth
    elif variant in ("res", "res1"):
        s = scale if variant == "res" else 1.0
        body = ("  dense 512\n  repeat %d {\n    residual (scale = %r) { relu; dense 512 }\n  }\n  dense 10\n"
                % (depth, s))
    else:
        body = ("  dense 512\n  repeat %d {\n    residual (scale = %r) { layer_norm; relu; dense 512 }\n  }\n"
                "  layer_norm\n  dense 10\n" % (depth, scale))
    return name, head + body + "}\n"


def numpy_kernels(variant, depth, x, weight_std, bias_std):
    """The NNGP and NTK matrices of the stats points by the recursion of docs/math.md, in numpy, sharing nothing with
    ntkc (relu's arc-cosine closed form; a residual block sums the two paths with scale^2; layer_norm divides by
    sqrt(q1 q2))."""
    ws2, bs2 = weight_std ** 2, bias_std ** 2

    def dense(s, t):
        s = ws2 * s + bs2
        return s, ws2 * t + s

    def relu(s, t):
        d = np.sqrt(np.diag(s))
        p = np.outer(d, d)
        theta = np.arctan2(np.sqrt(np.maximum((p - s) * (p + s), 0)), s)  # accurate near rho = 1, unlike arccos
        np.fill_diagonal(theta, 0)
        return p / (2 * np.pi) * (np.sin(theta) + (np.pi - theta) * np.cos(theta)), t * (np.pi - theta) / (2 * np.pi)

    def layer_norm(s, t):
        d = np.sqrt(np.diag(s))
        p = np.outer(d, d)
        return s / p, t / p

    def residual(scale, body, s, t):
        fs, ft = s, t
        for step in body:
            fs, ft = step(fs, ft)
        return s + scale ** 2 * fs, t + scale ** 2 * ft

    s = x @ x.T / x.shape[1]
    t = np.zeros_like(s)
    if variant == "plain":
        for _ in range(depth):
            s, t = relu(*dense(s, t))
    else:
        scale = 1.0 if variant == "res1" else 1 / math.sqrt(depth)
        body = [relu, dense] if variant in ("res", "res1") else [layer_norm, relu, dense]
        s, t = dense(s, t)
        for _ in range(depth):
            s, t = residual(scale, body, s, t)
        if variant == "resln":
            s, t = layer_norm(s, t)
    return dense(s, t)


def images(path, n):
    with gzip.open(path) as f:
        data = f.read()
    count, rows, cols = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
    if n > count:
        raise SystemExit("%s holds %d images, %d asked for" % (path, count, n))
    return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows * cols)[:n].astype(np.float64)


def stats_points(n_train, n_points):
    """The first n_points test images, standardised per pixel with the first n_train training images' mean and
    population standard deviation, constant pixels to 0 (ntkc fit's --standardize features)."""
    train = images(os.path.join(DATA, "train-images-idx3-ubyte.gz"), n_train)
    test = images(os.path.join(DATA, "t10k-images-idx3-ubyte.gz"), n_points)
    mean = train.mean(0)
    sd = np.sqrt(((train - mean) ** 2).mean(0))
    scale = np.where(sd > 0, 1 / np.where(sd > 0, sd, 1), 0)
    return (test - mean) * scale


def run(args, log):
    t = time.time()
    p = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    log.write("$ %s\n%s%s(exit %d, %.1f s)\n\n" % (" ".join(args), p.stdout, p.stderr, p.returncode,
                                                   time.time() - t))
    log.flush()
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit("failed (exit %d): %s" % (p.returncode, " ".join(args)))
    return p.stdout


def fit(path, a, log):
    out = run([NTKC, "fit", path, "--limit-train", str(a.train), "--limit-test", str(a.test),
               "--train-images", os.path.join(DATA, "train-images-idx3-ubyte.gz"),
               "--train-labels", os.path.join(DATA, "train-labels-idx1-ubyte.gz"),
               "--test-images", os.path.join(DATA, "t10k-images-idx3-ubyte.gz"),
               "--test-labels", os.path.join(DATA, "t10k-labels-idx1-ubyte.gz")] + a.fit_args, log)
    last = out.strip().splitlines()[-1]
    m = re.search(r"accuracy=([0-9.]+) kernel_seconds=([0-9.]+)", last)
    solve = re.search(r"^solve: (.*?)(?:: [0-9.]+ s)?$", out, re.M)
    if not m:
        raise SystemExit("no accuracy in the last line of fit: " + last)
    return float(m.group(1)), float(m.group(2)), solve.group(1) if solve else "?"


def correlations(path, points, kind, work, log, check):
    """The normalised off-diagonal entries of the kernel of the stats points, and the kernel's condition number;
    checks the kernel against the numpy recursion (entries scaled by sqrt(K(x,x) K(x',x')), to 1e-10)."""
    out = os.path.join(work, "k-%s.npy" % kind)
    run([NTKC, "kernel", path, "--x1", points, "--kind", kind, "-o", out], log)
    k = np.load(out)
    if check is not None:
        scale = np.sqrt(np.outer(np.diag(check), np.diag(check)))
        error = float(np.max(np.abs(k - check) / scale))
        if not error <= 1e-10:
            raise SystemExit("%s %s: ntkc and the numpy recursion differ by %.2e (scaled)" % (path, kind, error))
    d = np.sqrt(np.diag(k))
    rho = k / np.outer(d, d)
    off = rho[~np.eye(len(k), dtype=bool)]
    ev = np.linalg.eigvalsh(k)
    return off, ev[-1] / max(ev[0], ev[-1] * np.finfo(float).eps)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", type=int, default=1000, help="training images (first N of the bundled 4000)")
    p.add_argument("--test", type=int, default=1000, help="test images (first M of the bundled 1000)")
    p.add_argument("--depths", default="2,8,32,128")
    p.add_argument("--variants", default=",".join(VARIANTS))
    p.add_argument("--points", type=int, default=200, help="test images for the correlation statistics")
    p.add_argument("--weight-std", type=float, default=math.sqrt(2))
    p.add_argument("--bias-std", type=float, default=0.05)
    p.add_argument("--no-check", dest="check", action="store_false",
                   help="skip the numpy recomputation of the kernels of the correlation points")
    p.add_argument("--fit-args", default="", help="extra options for ntkc fit, e.g. '--ridge 1e-3'")
    p.add_argument("--csv", default=None, help="write the results here (default: in the work folder)")
    p.add_argument("--plot", default=os.path.join(ROOT, "docs", "depth-study.png"), help="'' for no plot")
    p.add_argument("--keep", default=None, help="a folder for the specs, kernels and the log (default: temporary)")
    a = p.parse_args()
    a.fit_args = a.fit_args.split()
    depths = [int(d) for d in a.depths.split(",")]
    variants = a.variants.split(",")
    for v in variants:
        if v not in VARIANTS:
            raise SystemExit("unknown variant %r (known: %s)" % (v, ", ".join(VARIANTS)))

    work = a.keep or tempfile.mkdtemp(prefix="ntkc-depth-")
    os.makedirs(work, exist_ok=True)
    points = os.path.join(work, "points.npy")
    x = stats_points(a.train, a.points)
    np.save(points, x)
    log = open(os.path.join(work, "log.txt"), "w")
    print("work folder: %s (specs, kernels, log.txt)" % work, file=sys.stderr)
    rows = []
    start = time.time()
    for v in variants:
        for depth in depths:
            name, text = spec(v, depth, a.weight_std, a.bias_std)
            path = os.path.join(work, name + ".ntk")
            with open(path, "w") as f:
                f.write(text)
            acc, kernel_s, solve = fit(path, a, log)
            row = {"variant": v, "depth": depth, "accuracy": acc, "kernel_seconds": kernel_s, "solve": solve}
            check = numpy_kernels(v, depth, x, a.weight_std, a.bias_std) if a.check else (None, None)
            for kind, reference in zip(("nngp", "ntk"), check):
                off, cond = correlations(path, points, kind, work, log, reference)
                row[kind + "_mean"] = float(off.mean())
                row[kind + "_min"] = float(off.min())
                row[kind + "_sd"] = float(off.std())
                row[kind + "_cond"] = float(cond)
            rows.append(row)
            print("%-6s L=%-4d accuracy %.1f%%  NTK rho mean %.4f min %.4f sd %.2e  NNGP rho mean %.4f min %.4f  "
                  "(%s; %.0f s so far)" % (v, depth, 100 * acc, row["ntk_mean"], row["ntk_min"], row["ntk_sd"],
                                           row["nngp_mean"], row["nngp_min"], solve, time.time() - start),
                  file=sys.stderr)
    log.close()

    out_csv = a.csv or os.path.join(work, "depth-study.csv")
    with open(out_csv, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

    by = {(r["variant"], r["depth"]): r for r in rows}
    print("Test accuracy of the NTK (t = inf), %d training and %d test images:\n" % (a.train, a.test))
    print("| depth L | " + " | ".join(VARIANTS[v] for v in variants) + " |")
    print("|---:|" + "---:|" * len(variants))
    for depth in depths:
        print("| %d | " % depth + " | ".join("%.1f%%" % (100 * by[v, depth]["accuracy"]) for v in variants) + " |")
    print("\nNormalised kernel entries rho = K(x, x') / sqrt(K(x, x) K(x', x')) over the %d x %d off-diagonal "
          "pairs of %d test images (each pair twice): mean, smallest, standard deviation; and the condition number of the %d x %d "
          "kernel:\n" % (a.points, a.points - 1, a.points, a.points, a.points))
    print("| variant | L | NTK rho mean | NTK rho min | NTK rho sd | NTK cond | NNGP rho mean | NNGP rho min | "
          "NNGP rho sd | NNGP cond |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %.4f | %.4f | %.2e | %.2e | %.4f | %.4f | %.2e | %.2e |" % (
            r["variant"], r["depth"], r["ntk_mean"], r["ntk_min"], r["ntk_sd"], r["ntk_cond"], r["nngp_mean"],
            r["nngp_min"], r["nngp_sd"], r["nngp_cond"]))
    residuals = [float(m.group(1)) for m in (re.search(r"residual ([0-9.e+-]+)", r["solve"]) for r in rows) if m]
    kinds = sorted({re.sub(r", residual [0-9.e+-]+", "", r["solve"]) for r in rows})
    print("\nsolves: %s%s" % ("; ".join(kinds), ", relative residuals %.1e to %.1e" % (min(residuals), max(residuals))
                               if residuals else ""))
    print("total %.0f s; results in %s" % (time.time() - start, out_csv))

    if a.plot:
        labels = "|".join(VARIANTS[v] for v in variants)
        run(["java", "-Djava.awt.headless=true", "-cp", os.path.join(ROOT, "target", "ntkc-cli.jar"),
             os.path.join(ROOT, "scripts", "DepthStudyPlot.java"), out_csv, a.plot, labels,
             "%d training / %d test images" % (a.train, a.test)], sys.stderr)
        print("plot: %s" % a.plot)


if __name__ == "__main__":
    main()
