package org.ntkc.runtime;

/**
 * The empirical kernels of one finite network (or their Monte Carlo mean) on P points, each P × P: {@code nngp} the
 * output NNGP (1/n_L)·Σ_a f_a(x)·f_a(x'); {@code readoutNngp} its expectation over the last dense layer's parameters
 * given the hidden layers, c_w²·a_L(x)·a_L(x') + c_b² (the output NNGP again when the network ends in an activation);
 * {@code ntk} the NTK averaged over the outputs, (1/n_L)·Σ_a Θ̂_aa(x, x').
 */
public record EmpiricalKernels(KernelMatrix nngp, KernelMatrix readoutNngp, KernelMatrix ntk) {
}
