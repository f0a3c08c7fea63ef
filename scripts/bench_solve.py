#!/usr/bin/env python3
"""The exact solve of `ntkc fit` against LAPACK (scipy.linalg.cho_factor + cho_solve), same matrix, same run.

    python3 scripts/bench_solve.py                 # N = 4000 and 10000, 10 right-hand sides
    python3 scripts/bench_solve.py --n 4000 --eigen 2000
    python3 scripts/bench_solve.py --n --eigen 2000 --one-thread   # one thread each, CPU time: for a loaded machine

For each N: a kernel matrix (RBF of N standard-normal points in 64 dimensions, relative ridge 1e-3 so that no jitter
is needed) and N x 10 targets are saved as .npy; ntkc's KernelSystem.solve (Cholesky of K + s*I, two triangular
solves, the residual check) runs on them in a JVM, scipy's Cholesky + solve on the same arrays here, each side
copying K before it factors. Rounds alternate between the two (the machine may be shared); the best time of each is
reported, with the ratio ntkc / scipy. --eigen N does the same for the eigendecomposition a finite --time needs
(ntkc's SymmetricEigen, i.e. org.ntkc.linalg.SymmetricEigensolver, against numpy.linalg.eigh, which is LAPACK's
dsyevd): each JVM decomposes twice, and both the first call (in a fresh JVM, as `ntkc fit --time` runs it, JIT
compilation included) and the best call are reported.

OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, where set on this machine for old OpenBLAS builds, slow a current numpy down;
this script drops both for its own numpy (before importing it) unless --keep-openblas-env is given, and prints the
OpenBLAS kernel it then runs. Needs the jar and the test classes: mvn -q -B -DskipTests package.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def openblas_cores(np, scipy):
    import ctypes
    found = []
    for mod in (np, scipy):
        base = os.path.dirname(mod.__file__)
        for lib in glob.glob(base + ".libs/*openblas*") + glob.glob(os.path.join(base, ".dylibs", "*openblas*")):
            try:
                handle = ctypes.CDLL(lib)
            except OSError:
                continue
            for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                         "openblas_get_corename64_", "openblas_get_corename"):
                f = getattr(handle, name, None)
                if f is not None:
                    f.restype = ctypes.c_char_p
                    found.append("%s: %s" % (mod.__name__, f().decode()))
                    break
    return ", ".join(found) or "unknown"


def java_times(k_path, y_path, ridge, repeats, eigen, heap, one_thread=False, mode="eigen"):
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    cp = os.path.join(ROOT, "target", "ntkc-cli.jar") + os.pathsep + os.path.join(ROOT, "target", "test-classes")
    cmd = [java, "--add-modules", "jdk.incubator.vector", "-Xmx%dg" % heap, "-cp", cp] + (
        ["-XX:ActiveProcessorCount=1"] if one_thread else []) + [
           "org.ntkc.predict.SolveBenchmark", k_path, y_path, repr(ridge), str(repeats)] + ([mode] if eigen else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    lines = [l for l in out.splitlines() if "seconds=" in l]
    key = "cpu=" if one_thread else "seconds="
    times = [float(l.split(key)[1].split()[0]) for l in lines]
    return times, lines[-1]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, nargs="*", default=[4000, 10000])
    p.add_argument("--rhs", type=int, default=10)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--ridge", type=float, default=1e-3)
    p.add_argument("--eigen", type=int, nargs="*", default=[], help="orders at which to time the eigendecomposition")
    p.add_argument("--keep-openblas-env", action="store_true")
    p.add_argument("--one-thread", action="store_true",
                   help="both sides on one thread, compared in CPU seconds of that thread (robust to other load)")
    p.add_argument("--ejml", action="store_true",
                   help="with --eigen, also time EJML's symmetric QR algorithm (ntkc's eigendecomposition until 2026-12)")
    a = p.parse_args()
    if a.one_thread:
        for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[v] = "1"
    clock = time.process_time if a.one_thread else time.perf_counter
    if not a.keep_openblas_env:
        for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            os.environ.pop(v, None)
    import numpy as np
    import scipy
    import scipy.linalg as sl
    for f in ("ntkc-cli.jar", "test-classes/org/ntkc/predict/SolveBenchmark.class"):
        if not os.path.exists(os.path.join(ROOT, "target", f)):
            sys.exit("bench_solve: target/%s is missing; build with: mvn -q -B -DskipTests package" % f)
    print("numpy %s, scipy %s, OpenBLAS kernel %s, %d CPUs%s" % (
        np.__version__, scipy.__version__, openblas_cores(np, scipy), os.cpu_count(),
        "; one thread each, CPU seconds" if a.one_thread else ""))
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        for n, eigen in [(n, False) for n in a.n] + [(n, True) for n in a.eigen]:
            x = rng.standard_normal((n, 64))
            sq = (x * x).sum(1)
            k = np.exp(-(sq[:, None] + sq[None, :] - 2 * x @ x.T) / (2 * 64))
            k = (k + k.T) / 2
            y = rng.standard_normal((n, a.rhs))
            k_path, y_path = os.path.join(tmp, "k.npy"), os.path.join(tmp, "y.npy")
            np.save(k_path, k)
            np.save(y_path, y)
            s = a.ridge * np.trace(k) / n
            ours, theirs, first = [], [], []
            for _ in range(a.rounds):
                t, line = java_times(k_path, y_path, a.ridge, 2, eigen, max(4, 5 * n * n * 8 // 2**30 + 2),
                                     a.one_thread)
                ours += t
                first.append(t[0])
                for _ in range(2):
                    t0 = clock()
                    if eigen:
                        m = k.copy()
                        m.flat[:: n + 1] += s
                        np.linalg.eigh(m)
                    else:
                        m = k.copy()
                        m.flat[:: n + 1] += s
                        c = sl.cho_factor(m, lower=True, overwrite_a=True, check_finite=False)
                        alpha = sl.cho_solve(c, y, check_finite=False)
                    theirs.append(clock() - t0)
            what = "eigendecomposition (ntkc SymmetricEigen vs numpy.linalg.eigh)" if eigen else \
                "solve with %d right-hand sides (ntkc KernelSystem.solve vs scipy cho_factor + cho_solve)" % a.rhs
            print("N = %5d  %s: ntkc %.2f s, scipy/numpy %.2f s, ratio %.2f" % (n, what, min(ours), min(theirs),
                                                                                   min(ours) / min(theirs)))
            if eigen and a.ejml:
                t, _ = java_times(k_path, y_path, a.ridge, 1, True, max(4, 5 * n * n * 8 // 2**30 + 2), a.one_thread,
                                  "eigen-ejml")
                print("          EJML (the eigendecomposition ntkc used before): %.2f s, ratio %.2f" % (
                    t[0], t[0] / min(theirs)))
            if eigen:
                print("          ntkc's first call in a fresh JVM: best %.2f s, ratio %.2f" % (
                    min(first), min(first) / min(theirs)))
            if not eigen:
                ref = alpha[0, 0]
                got = float(line.split("alpha00=")[1].split()[0])
                print("          ntkc: %s; alpha[0,0] ntkc %.15g vs scipy %.15g (rel. diff %.1e)" % (
                    " ".join(line.split()[4:6]), got, ref, abs(got - ref) / abs(ref)))
            del k, m


if __name__ == "__main__":
    main()
