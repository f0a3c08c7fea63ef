package org.ntkc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ntkc demo} on part of its bundled data (the whole demo is the README's main job). */
class DemoCommandTest {
    @Test
    void demoPrintsTheComparisonAndAMachineReadableLine() {
        MainTest.Run run = MainTest.run("demo", "--limit-train", "400", "--limit-test", "200");
        assertEquals(0, run.code(), run.err());
        String out = run.out();
        assertTrue(out.contains("data: Fashion-MNIST (Zalando, MIT licence), the first 400 training and 200 test "
                + "images of 28 x 28 pixels, 10 classes"), out);
        assertTrue(out.contains("network: FashionRelu3: input 784, dense 512 -> 512 -> 512 -> 10, activations relu x3"),
                out);
        assertTrue(out.contains("kernel: NTK and NNGP kernel, 400 x 400 (train) + 200 x 400 (test)"), out);
        assertTrue(out.contains("solve: NTK "), out);
        assertTrue(out.contains("NTK     the infinitely wide network trained by gradient descent (t = inf)"), out);
        assertTrue(out.contains("linear  ridge regression on the pixels (baseline"), out);
        String[] lines = out.strip().split("\n");
        Matcher m = Pattern.compile("accuracy_ntk=([0-9.]+) accuracy_nngp=([0-9.]+) accuracy_linear=([0-9.]+) "
                + "kernel_seconds=[0-9.]+ solve_seconds=[0-9.]+").matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), lines[lines.length - 1]);
        // Ten classes: chance is 10%; 400 images already give the kernels about 75-80%.
        assertTrue(Double.parseDouble(m.group(1)) > 0.7, out);
        assertTrue(Double.parseDouble(m.group(2)) > 0.7, out);
        assertTrue(Double.parseDouble(m.group(3)) > 0.5, out);
    }

    @Test
    void limitsBeyondTheBundledDataAreUsageErrors() {
        MainTest.Run run = MainTest.run("demo", "--limit-train", "5000");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--limit-train must be 1 to 4000"), run.err());
    }
}
