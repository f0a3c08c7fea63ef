#!/usr/bin/env python3
"""ntkc's benchmark: generated kernels against the numpy peer (neural-tangents' formulas, BLAS Gram), against the IR
interpreter, and the Gram and recursion phases on their own. Everything is measured in this run, on this machine,
on the same inputs; figures are medians of repeated runs after a warm-up.

    python3 scripts/bench.py [--n 4000] [--repeat 5] [--peer ../shared/bench/ntk_numpy.py] [--jdk25 PATH]

Needs numpy. The peer is optional (rows that need it are skipped when it is missing). Prints a markdown table.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join(ROOT, "scripts", "bench.ntk")
NTKC = os.path.join(ROOT, "ntkc")


def ntkc_bench(network, x_csv, repeat, threads=None, interpret=False, n=None, java_home=None):
    cmd = [NTKC, "bench", SPEC, "--network", network, "--repeat", str(repeat)]
    cmd += ["--n", str(n)] if n else ["--x", x_csv]
    if threads:
        cmd += ["--threads", str(threads)]
    if interpret:
        cmd += ["--interpret"]
    env = dict(os.environ)
    if java_home:
        env["JAVA_HOME"] = java_home
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    last = out.strip().splitlines()[-1]
    values = dict(kv.split("=") for kv in last.split())
    header = out.strip().splitlines()[0]
    return {k: float(v) for k, v in values.items()}, header


def peer(peer_path, x_csv, act, repeat):
    out = subprocess.run([sys.executable, peer_path, "--x", x_csv, "--act", act, "--depth", "3", "--w-std", "1",
                          "--b-std", "0.1", "--repeat", str(repeat)], check=True, capture_output=True, text=True).stdout
    return float(re.search(r"total_seconds=([0-9.]+)", out).group(1))


def numpy_gram(x, repeat):
    """GFLOP/s of x @ x.T (numpy hands it to BLAS syrk, half the flops) and of x @ y.T (a full product)."""
    n, d = x.shape
    y = x.copy()
    result = {}
    for name, f in (("x @ x.T", lambda: x @ x.T), ("x @ y.T", lambda: x @ y.T)):
        f()
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            f()
            times.append(time.perf_counter() - t0)
        result[name] = 2.0 * n * n * d / sorted(times)[len(times) // 2] / 1e9
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=4000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--peer", default=os.path.join(ROOT, "..", "shared", "bench", "ntk_numpy.py"))
    p.add_argument("--jdk25", default="/usr/lib/jvm/temurin-25-jdk-amd64")
    p.add_argument("--interpreter-n", type=int, default=2000)
    a = p.parse_args()

    subprocess.run([NTKC, "--version"], check=True, capture_output=True)   # builds the jar if needed
    jdks = [("JDK " + subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.split('"')[1], None)]
    if os.path.isdir(a.jdk25):
        jdks.append(("JDK 25", a.jdk25))
    x = np.random.default_rng(0).standard_normal((a.n, 784))
    with tempfile.TemporaryDirectory() as tmp:
        x_csv = os.path.join(tmp, "x.csv")
        np.savetxt(x_csv, x, delimiter=",", fmt="%.17g")
        have_peer = os.path.exists(a.peer)
        rows = []
        peer_relu = peer(a.peer, x_csv, "relu", 3) if have_peer else None
        peer_erf = peer(a.peer, x_csv, "erf", 3) if have_peer else None
        gram = numpy_gram(x, a.repeat)
        print(f"N = {a.n} points, d = 784, 3 hidden layers of 512, NNGP + NTK; {os.cpu_count()} cores", flush=True)
        for label, home in jdks:
            relu, header = ntkc_bench("Relu3", x_csv, a.repeat, java_home=home)
            erf, _ = ntkc_bench("Erf3", x_csv, a.repeat, java_home=home)
            tanh, _ = ntkc_bench("Tanh3", x_csv, a.repeat, java_home=home)
            relu1, _ = ntkc_bench("Relu3", x_csv, a.repeat, threads=1, java_home=home)
            small, _ = ntkc_bench("Relu3", None, 3, n=a.interpreter_n, java_home=home)
            interp, _ = ntkc_bench("Relu3", None, 1, n=a.interpreter_n, interpret=True, java_home=home)
            print(f"{label}: {header}", flush=True)
            if have_peer:
                rows.append((label, "ReLU kernel vs numpy peer", f"{relu['kernel_seconds']:.3f} s vs "
                             f"{peer_relu:.3f} s", f"{peer_relu / relu['kernel_seconds']:.1f}x faster", ">= 5x"))
                rows.append((label, "erf kernel vs numpy peer", f"{erf['kernel_seconds']:.3f} s vs {peer_erf:.3f} s",
                             f"{peer_erf / erf['kernel_seconds']:.1f}x faster", ">= 5x"))
            rows.append((label, "Gram GFLOP/s vs numpy x @ x.T", f"{relu['gflops_gram']:.0f} vs {gram['x @ x.T']:.0f}"
                         f" (x @ y.T: {gram['x @ y.T']:.0f})", f"{100 * relu['gflops_gram'] / gram['x @ x.T']:.0f}%",
                         ">= 60%"))
            rows.append((label, "ReLU recursion, one core", f"{relu1['ns_per_entry_layer']:.2f} ns per entry and layer",
                         f"{relu1['ns_per_entry_layer']:.2f} ns", "<= 3 ns"))
            rows.append((label, f"generated vs interpreter (N = {a.interpreter_n})",
                         f"{small['kernel_seconds']:.4f} s vs {interp['kernel_seconds']:.3f} s",
                         f"{interp['kernel_seconds'] / small['kernel_seconds']:.0f}x faster", ">= 20x"))
            rows.append((label, "tanh (numerical) vs ReLU", f"{tanh['kernel_seconds']:.3f} s vs "
                         f"{relu['kernel_seconds']:.3f} s", f"{tanh['kernel_seconds'] / relu['kernel_seconds']:.1f}x",
                         "<= 3x"))
    print()
    print("| JDK | measure | measured | result | target |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
