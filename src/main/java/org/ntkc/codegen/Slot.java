package org.ntkc.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * A per-point value that a step's code reads: a {@code double[]} field of the generated {@code Points} class, filled
 * once per point from the variance {@code q} entering the step (e.g. √q, or 1/√(1 + 2b²q) for erf).
 */
record Slot(String field, String meaning, CodeBlock fromQ) {
}
