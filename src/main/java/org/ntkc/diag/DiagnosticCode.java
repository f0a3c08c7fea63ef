package org.ntkc.diag;

/**
 * Every message ntkc can report about a spec, with a stable code, a severity and a template
 * ({@link String#format} placeholders). The codes are part of the user interface: tests and users match on them,
 * so a code is never reused for a different meaning. 0xx are errors, 1xx warnings.
 */
public enum DiagnosticCode {
    // Lexical and syntax errors
    SYNTAX(1, Severity.ERROR, "%s"),
    BAD_CHARACTER(2, Severity.ERROR, "unexpected character %s"),
    UNTERMINATED_COMMENT(3, Severity.ERROR, "this comment is never closed: '/*' needs a matching '*/'"),
    BAD_NUMBER(4, Severity.ERROR, "'%s' is not a finite number"),

    // Network structure
    MISSING_INPUT(10, Severity.ERROR, "network '%s' has no 'input' statement; start it with 'input N', N the input dimension"),
    REPEATED_INPUT(11, Severity.ERROR, "'input' is given more than once (first at line %d)"),
    UNKNOWN_ACTIVATION(12, Severity.ERROR, "unknown activation '%s'"),
    INPUT_NOT_FIRST(13, Severity.ERROR, "'input' must be the first statement of a network"),
    BAD_WIDTH(14, Severity.ERROR, "%s must be a whole number >= 1, got %s"),
    BAD_REPEAT_COUNT(15, Severity.ERROR, "a repeat count must be a whole number >= 1, got %s"),
    BAD_WEIGHT_STD(16, Severity.ERROR, "weight_std must be > 0, got %s"),
    BAD_BIAS_STD(17, Severity.ERROR, "bias_std must be >= 0, got %s"),
    SETTING_AFTER_LAYER(18, Severity.ERROR, "setting '%s' must come before the first layer (settings are network-wide defaults; use 'dense N (%s = ...)' to change one layer)"),
    UNKNOWN_SETTING(19, Severity.ERROR, "unknown setting '%s'"),
    BAD_SETTING_VALUE(20, Severity.ERROR, "%s"),
    REPEATED_SETTING(21, Severity.ERROR, "setting '%s' is given twice (first at line %d)"),
    UNKNOWN_ARGUMENT(22, Severity.ERROR, "%s has no parameter '%s'"),
    DUPLICATE_ARGUMENT(23, Severity.ERROR, "parameter '%s' is given twice"),
    TOO_MANY_ARGUMENTS(24, Severity.ERROR, "%s takes %s, got %d"),
    ARGUMENT_OUT_OF_RANGE(25, Severity.ERROR, "%s"),
    MISSING_ARGUMENT(26, Severity.ERROR, "%s needs a value for '%s', e.g. %s"),
    POSITIONAL_AFTER_NAMED(27, Severity.ERROR, "a positional argument cannot follow a named one; write '%s = %s'"),
    NAMED_ONLY(28, Severity.ERROR, "%s takes named arguments only, as in '%s'"),
    TOO_DEEP(29, Severity.ERROR, "network '%s' expands to more than %d layers"),

    // File-level names
    NO_DENSE_LAYER(30, Severity.ERROR, "network '%s' has no dense layer; add at least one 'dense N'"),
    DUPLICATE_NETWORK(31, Severity.ERROR, "network '%s' is declared twice (first at line %d)"),
    DUPLICATE_ACTIVATION(32, Severity.ERROR, "activation '%s' is declared twice (first at line %d)"),
    BAD_CLASS_NAME(33, Severity.ERROR, "network name '%s' cannot name a Java class: %s"),
    SHADOWS_BUILTIN(34, Severity.ERROR, "'%s' is a built-in activation; give the custom activation another name"),
    UNKNOWN_FUNCTION(35, Severity.ERROR, "unknown function '%s' in activation '%s'"),
    UNKNOWN_VARIABLE(36, Severity.ERROR, "unknown name '%s' in activation '%s'; the formula may use its parameter '%s' and the constants pi and e"),
    RECURSIVE_ACTIVATION(37, Severity.ERROR, "activation '%s' calls itself: %s"),
    WRONG_ARITY(38, Severity.ERROR, "%s takes %s, got %d"),
    NO_NETWORK(39, Severity.ERROR, "nothing to compile: the file declares no network"),
    BAD_PARAMETER_NAME(40, Severity.ERROR, "the parameter of activation '%s' cannot be called '%s': %s"),

    // Limits (each message states the limit) and domains
    TOO_DEEPLY_NESTED(41, Severity.ERROR, "nesting deeper than %d levels (parentheses, calls and repeat blocks together)"),
    FORMULA_TOO_LARGE(42, Severity.ERROR, "%s, more than the limit of %d; write it in smaller parts or simplify it"),
    NAME_TOO_LONG(43, Severity.ERROR, "a name may have at most %d characters, this one has %d"),
    ACTIVATION_NOT_FINITE(44, Severity.ERROR, "%s"),

    // Residual blocks and layer normalisation (MATH.md §8, "what may follow what")
    EMPTY_RESIDUAL(60, Severity.ERROR, "this residual block is empty; give it the layers of its branch f, ending in 'dense N'"),
    RESIDUAL_LAST_NOT_DENSE(61, Severity.ERROR, "a residual block must end in a dense layer with no activation after it, but this one ends in %s; y = a + scale * f(a) needs f to end in fresh zero-mean weights"),
    RESIDUAL_CHANGES_SHAPE(62, Severity.ERROR, "residual block changes the shape from %s to %s; a residual block must keep its input's shape"),
    BAD_RESIDUAL_SCALE(63, Severity.ERROR, "the scale of a residual block must be > 0, got %s"),
    RESIDUAL_ON_INPUT(64, Severity.ERROR, "a residual block cannot act on the raw input: y = x + f(x) keeps the mean of the data, which the kernel does not model; put a layer such as 'dense N' before it"),
    NOT_GAUSSIAN(65, Severity.ERROR, "'%s' needs a Gaussian input, but its input is %s (line %d); put a dense layer between them"),
    LAYER_NORM_INPUT(66, Severity.ERROR, "layer_norm needs a zero-mean input, but its input is %s (line %d); put a dense layer before it"),

    // Shapes: signals and images (070-079)
    SPATIAL_ON_VECTOR(70, Severity.ERROR, "'%s' needs a signal or an image, but its input is %s; declare the input as 'input H x W x C' (or 'input L x C'), or remove the layer"),
    WINDOW_TOO_LARGE(71, Severity.ERROR, "the %s window %s is larger than its input %s (padding = %s); use a smaller window or padding = same"),
    BAD_WINDOW(72, Severity.ERROR, "%s must be a whole number >= 1, got %s"),
    WINDOW_RANK(73, Severity.ERROR, "%s %s has %d extents, but the input %s has %d positional axes; write %s"),
    OUTPUT_IS_IMAGE(74, Severity.ERROR, "network '%s' ends with %s, not a vector; add flatten or global_avg_pool before the last dense layer"),
    BAD_INPUT_SHAPE(75, Severity.ERROR, "an input shape is 'N' (a vector), 'L x C' (a signal) or 'H x W x C' (an image), got %d extents"),
    BAD_OPTION_VALUE(76, Severity.ERROR, "%s"),
    TOO_LARGE_SHAPE(77, Severity.ERROR, "%s has %s values per point, more than the limit of %d"),
    IMAGE_BRANCH(78, Severity.ERROR, "%s on %s is not supported yet (residual blocks and layer_norm work on vectors); put it after flatten or global_avg_pool"),

    // Warnings
    FUSED_ACTIVATIONS(100, Severity.WARNING, "'%s' follows '%s' with no dense layer between; they are fused into one step %s, integrated numerically"),
    ENDS_IN_ACTIVATION(101, Severity.WARNING, "network '%s' ends in an activation, not a dense layer; the kernel is that of the activated outputs"),
    ACTIVATION_ON_INPUT(102, Severity.WARNING, "'%s' is applied to the raw input; the kernel treats inputs as Gaussian with covariance x.x'/n0, which a finite network's inputs are not"),
    UNUSED_ACTIVATION(103, Severity.WARNING, "activation '%s' is declared but never used"),
    QUADRATURE_UNUSED(104, Severity.WARNING, "'quadrature' has no effect: network '%s' has no smooth activation that is integrated numerically");

    private final int number;
    private final Severity severity;
    private final String template;

    DiagnosticCode(int number, Severity severity, String template) {
        this.number = number;
        this.severity = severity;
        this.template = template;
    }

    /** The stable code, e.g. {@code NTK012}. */
    public String id() {
        return String.format("NTK%03d", number);
    }

    public Severity severity() {
        return severity;
    }

    public String format(Object... args) {
        return String.format(template, args);
    }
}
