/**
 * Reference quadrature for the Gaussian expectations of the kernel recursion, E[f(u)·g(v)] for a bivariate
 * normal (u, v) and E[h(√q·z)]: {@link org.ntkc.runtime.quad.GaussianExpectation}. Generated kernel code is
 * checked against it, so it favours accuracy (1e-12 relative to E[|f·g|]) and explicit failure over speed.
 */
package org.ntkc.runtime.quad;
