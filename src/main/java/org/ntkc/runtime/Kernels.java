package org.ntkc.runtime;

/** The two infinite-width kernels of a network on the same inputs: the NNGP kernel Σ and the NTK Θ. */
public record Kernels(KernelMatrix nngp, KernelMatrix ntk) {
}
