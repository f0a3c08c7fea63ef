package org.ntkc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.palantir.javapoet.CodeBlock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntkc.ir.Step;
import org.ntkc.runtime.Parameterization;

/** The one simplification rule of the recursion text, and the comments on constants that came from the spec. */
class RecursionTextTest {
    private static String sigma(RecursionText text, Step.Affine a) {
        CodeBlock.Builder b = CodeBlock.builder();
        text.sigma(b, "s", "s", a);
        return b.build().toString();
    }

    private static String theta(RecursionText text, Step.Affine a) {
        CodeBlock.Builder b = CodeBlock.builder();
        text.theta(b, "th", "th", "s", a);
        return b.build().toString();
    }

    @Test
    void unitFactorsAndZeroShiftsAreLeftOutAndAnIdentityMapWritesNothing() {
        Step.Affine unit = Step.Affine.dense(3, 4, 1.0, 0.0, Parameterization.NTK, List.of());
        assertEquals("", sigma(RecursionText.SCALAR, unit));
        assertEquals("", sigma(RecursionText.VECTOR, unit));
        assertEquals("th = th + s;\n", theta(RecursionText.SCALAR, unit));
        assertEquals("th = th.add(s);\n", theta(RecursionText.VECTOR, unit));
    }

    @Test
    void bothDialectsKeepTheInterpretersOrderOfOperations() {
        Step.Affine a = new Step.Affine(2.0, 0.5, 3.0, 4.0, 0.25, "test", List.of());
        assertEquals("s = 2.0 * s + 0.5;\n", sigma(RecursionText.SCALAR, a));
        assertEquals("s = s.mul(2.0).add(0.5);\n", sigma(RecursionText.VECTOR, a));
        assertEquals("th = 3.0 * th + 4.0 * s + 0.25;\n", theta(RecursionText.SCALAR, a));
        assertEquals("th = th.mul(3.0).add(s.mul(4.0)).add(0.25);\n", theta(RecursionText.VECTOR, a));
        // the scalar text, evaluated as Java does, gives the interpreter's value to the bit
        double s = 0.3;
        double th = 0.7;
        assertEquals(a.thetaScale() * th + a.thetaFromSigma() * s + a.thetaShift(), 3.0 * th + 4.0 * s + 0.25, 0.0);
    }

    @Test
    void longConstantsSayWhereTheyCameFromOnlyWhenTheCommentReproducesThem() {
        assertEquals("0.010000000000000002 /* 0.1² */", JavaLiterals.explained(0.1 * 0.1));
        assertEquals("0.0012755102040816326 /* 1/784 */", JavaLiterals.explained(1.0 / 784));
        assertEquals("0.25", JavaLiterals.explained(0.25));
        // √2·√2 rounds to 2.0000000000000004, a long literal that is neither a short square nor 1/n
        assertEquals("2.0000000000000004", JavaLiterals.explained(Math.sqrt(2) * Math.sqrt(2)));
        assertEquals("0.30000000000000004", JavaLiterals.explained(0.1 + 0.2));
        for (double x : new double[] {0.1, 0.3, 1.7, 0.05, 2.5e-3}) {
            String text = JavaLiterals.explained(x * x);
            if (text.contains("/*")) {
                double root = Double.parseDouble(text.substring(text.indexOf("/* ") + 3, text.indexOf('²')));
                assertEquals(x * x, root * root, 0.0, text);
            }
        }
    }
}
