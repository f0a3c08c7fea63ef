#!/usr/bin/env python3
"""Writes the points of the Fashion-MNIST measurement as one CSV for the numpy peer (ntk_numpy.py --x) and for
`ntkc bench --x`: the first N training images, then the first M test images, standardised per pixel with the
training images' mean and standard deviation (constant pixels to 0), exactly as `ntkc fit` does by default.

    python3 scripts/fashion_points.py --train 10000 --test 2000 --out target/fashion-12000.csv
"""
import argparse
import gzip

import numpy as np

D = "/usr/share/datasets/fashion-mnist/"


def images(path, n):
    with gzip.open(path) as f:
        data = f.read()
    count, rows, cols = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
    return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows * cols)[:n].astype(np.float64)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", type=int, default=10000)
    p.add_argument("--test", type=int, default=2000)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    train = images(D + "train-images-idx3-ubyte.gz", a.train)
    test = images(D + "t10k-images-idx3-ubyte.gz", a.test)
    mean = train.mean(0)
    sd = np.sqrt(((train - mean) ** 2).mean(0))
    scale = np.where(sd > 0, 1 / np.where(sd > 0, sd, 1), 0)
    x = (np.vstack([train, test]) - mean) * scale
    np.savetxt(a.out, x, delimiter=",", fmt="%.17g")


if __name__ == "__main__":
    main()
