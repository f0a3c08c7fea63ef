#!/usr/bin/env bash
# Time generated kernels of a residual MLP against a chain of the same layers, in one run, interleaved:
# ns per entry and layer, and the ratio. Usage: scripts/bench-residual.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
rounds=${2:-3}
spec=scripts/bench-residual.ntk
for r in $(seq "$rounds"); do
  for net in Chain16 Residual16 ResidualNorm16; do
    v=$(./ntkc bench --n="$n" --repeat=3 --network="$net" "$spec" | tail -1 | sed 's/.*ns_per_entry_layer=\([^ ]*\).*/\1/')
    echo "round $r $net ns_per_entry_layer=$v"
  done
done
