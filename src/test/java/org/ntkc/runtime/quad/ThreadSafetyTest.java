package org.ntkc.runtime.quad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ThreadSafetyTest {

    private static double[] compute(Cases.Cov cov) {
        DoubleUnaryOperator[] f = {ClosedFormTest.RELU, ClosedFormTest.STEP, Math::tanh};
        double[] out = new double[3];
        GaussianExpectation.expect2(f, f, new double[] {0}, cov.q1(), cov.q2(), cov.q12(), QuadratureOptions.DEFAULT,
                out);
        double[] smooth = new double[1];
        DoubleUnaryOperator[] g = {Math::tanh};
        GaussianExpectation.expect2(g, g, new double[0], cov.q1(), cov.q2(), cov.q12(), QuadratureOptions.DEFAULT,
                smooth);
        return new double[] {out[0], out[1], out[2], smooth[0]};
    }

    @Test
    void parallelCallsGiveTheSequentialResults() {
        List<Cases.Cov> cases = Cases.standard(21, 40);
        List<double[]> sequential = cases.stream().map(ThreadSafetyTest::compute).collect(Collectors.toList());
        List<double[]> parallel = cases.parallelStream().map(ThreadSafetyTest::compute).collect(Collectors.toList());
        for (int i = 0; i < cases.size(); i++) {
            assertArrayEquals(sequential.get(i), parallel.get(i), 0.0, cases.get(i).toString());
        }
    }
}
