#!/usr/bin/env python3
"""Writes examples/data/friedman1-{train,test}.csv: Friedman's regression problem #1 (J. H. Friedman, "Multivariate
adaptive regression splines", Annals of Statistics 19(1), 1991), with 16 inputs so that the 16-input example specs fit
it: x1 ... x16 uniform on [0, 1], of which only the first five matter,

    y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + e,   e ~ N(0, 1).

The noise sets the best achievable test RMSE at 1. A header row names the columns; the label column y comes first
(so that --label-column y is needed). Generated data, no licence attached. Fixed seed: rerunning gives the same files.
"""
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write(path, n, rng):
    x = rng.uniform(size=(n, 16))
    y = (10 * np.sin(np.pi * x[:, 0] * x[:, 1]) + 20 * (x[:, 2] - 0.5) ** 2 + 10 * x[:, 3] + 5 * x[:, 4]
         + rng.standard_normal(n))
    with open(path, "w") as f:
        f.write("y," + ",".join(f"x{i + 1}" for i in range(16)) + "\n")
        for yi, xi in zip(y, x):
            f.write(f"{yi:.6f}," + ",".join(f"{v:.6f}" for v in xi) + "\n")


def main():
    rng = np.random.default_rng(1991)
    write(os.path.join(ROOT, "examples", "data", "friedman1-train.csv"), 1000, rng)
    write(os.path.join(ROOT, "examples", "data", "friedman1-test.csv"), 500, rng)


if __name__ == "__main__":
    main()
