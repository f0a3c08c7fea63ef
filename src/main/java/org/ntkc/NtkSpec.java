package org.ntkc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compiles {@code .ntk} specs while javac compiles the annotated class, interface or package: ntkc's annotation
 * processor writes {@code <Network>Kernel} (and {@code <Network>KernelVector}) for every network of every spec into
 * the annotated element's package, the way ANTLR or Dagger generate code at build time.
 *
 * <pre>{@code
 * @NtkSpec("relu3.ntk")          // src/main/resources/com/example/relu3.ntk, or next to this source
 * package com.example;
 * }</pre>
 *
 * <p>A relative path is looked up in the annotated element's package, an absolute one ({@code "/specs/a.ntk"}) from
 * the root; the processor tries the class output (where Maven copies resources), the source path and the class path,
 * in that order. Errors in a spec are compile errors on the annotated element, with the spec's file, line, column and
 * code.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface NtkSpec {
    /** The spec files. */
    String[] value();

    /** The package of the generated classes; by default the annotated element's (or {@code -Antkc.package}). */
    String packageName() default "";
}
