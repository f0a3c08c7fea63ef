package org.ntkc.math.sym;

import java.util.Arrays;
import java.util.Optional;
import org.ntkc.runtime.Functions;

/**
 * The elementwise functions an activation may call. All but {@link #STEP} and {@link #SIGN} can be written by users;
 * those two only arise as derivatives of kinked functions (relu, abs, max, min).
 *
 * <p>Every operation over functions is a {@code switch} expression without a {@code default}, so adding a constant
 * here is a compile error wherever it is not yet handled.
 */
public enum Fn {
    EXP("exp", 1, true),
    /** e^a − 1 without the cancellation near a = 0 (the simplifier rewrites exp(a) − 1 to it). */
    EXPM1("expm1", 1, true),
    LOG("log", 1, true),
    /** log(1 + a) without the cancellation near a = 0 (the simplifier rewrites log(1 + a) to it). */
    LOG1P("log1p", 1, true),
    SQRT("sqrt", 1, true),
    ABS("abs", 1, true),
    SIN("sin", 1, true),
    COS("cos", 1, true),
    TANH("tanh", 1, true),
    ERF("erf", 1, true),
    SIGMOID("sigmoid", 1, true),
    SOFTPLUS("softplus", 1, true),
    RELU("relu", 1, true),
    MAX("max", 2, true),
    MIN("min", 2, true),
    /** Heaviside step: 1 for a &gt; 0, 0 for a &le; 0 (so relu'(0) = 0), NaN for NaN. */
    STEP("step", 1, false),
    /** -1, 0 or 1 (signed zero and NaN pass through, as {@link Math#signum}). */
    SIGN("sign", 1, false);

    private final String sourceName;
    private final int arity;
    private final boolean userFunction;

    Fn(String sourceName, int arity, boolean userFunction) {
        this.sourceName = sourceName;
        this.arity = arity;
        this.userFunction = userFunction;
    }

    /** The name this function has in activation source text and in {@link Symbolic#format}. */
    public String sourceName() {
        return sourceName;
    }

    public int arity() {
        return arity;
    }

    /** False for the internal functions {@link #STEP} and {@link #SIGN}. */
    public boolean isUserFunction() {
        return userFunction;
    }

    /** The user-callable function with this source name, if any. */
    public static Optional<Fn> byUserName(String name) {
        return Arrays.stream(values()).filter(f -> f.userFunction && f.sourceName.equals(name)).findFirst();
    }

    /** Applies a one-argument function. */
    public double apply(double a) {
        return switch (this) {
            case EXP -> Math.exp(a);
            case EXPM1 -> Math.expm1(a);
            case LOG -> Math.log(a);
            case LOG1P -> Math.log1p(a);
            case SQRT -> Math.sqrt(a);
            case ABS -> Math.abs(a);
            case SIN -> Math.sin(a);
            case COS -> Math.cos(a);
            case TANH -> Math.tanh(a);
            case ERF -> Functions.erf(a);
            case SIGMOID -> Functions.sigmoid(a);
            case SOFTPLUS -> Functions.softplus(a);
            case RELU -> Functions.relu(a);
            case STEP -> Functions.step(a);
            case SIGN -> Math.signum(a);
            case MAX, MIN -> throw arityError(1);
        };
    }

    /** Applies a two-argument function. */
    public double apply(double a, double b) {
        return switch (this) {
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EXP, EXPM1, LOG, LOG1P, SQRT, ABS, SIN, COS, TANH, ERF, SIGMOID, SOFTPLUS, RELU, STEP, SIGN ->
                    throw arityError(2);
        };
    }

    private IllegalArgumentException arityError(int given) {
        return new IllegalArgumentException(sourceName + " takes " + arity + " argument(s), not " + given);
    }
}
