/**
 * ntkc compiles {@code regressor.ntk} (src/main/resources/com/example) while javac compiles this package, and writes
 * {@code RegressorKernel} here.
 */
@NtkSpec("regressor.ntk")
package com.example;

import org.ntkc.NtkSpec;
