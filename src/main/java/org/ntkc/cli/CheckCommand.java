package org.ntkc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntkc.Compilation;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.ir.ShapeListing;
import org.ntkc.ir.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ntkc check SPEC}: reports the spec's diagnostics, or one summary line per network. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check specs: print their diagnostics, and one summary line per network.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SPEC.ntk", arity = "1..*", description = "The spec files.")
    private List<Path> files;

    @Option(names = "--shapes", description = "Also print each network's shapes layer by layer, what the kernel state "
            + "of a pair keeps at each (all position pairs, or the same positions only), and the memory a pair needs.")
    private boolean shapes;

    @Override
    public Integer call() {
        int status = 0;
        for (Path file : files) {
            try {
                Compilation compilation = Specs.compile(file, spec.commandLine().getErr());
                for (KernelProgram p : compilation.programs()) {
                    spec.commandLine().getOut().println(summary(p));
                    if (shapes) {
                        spec.commandLine().getOut().print(ShapeListing.print(p, file.getFileName().toString()));
                    }
                }
            } catch (CliException e) {
                if (e.getMessage() != null) {
                    spec.commandLine().getErr().println("ntkc: " + e.getMessage());
                }
                status = Math.max(status, e.exitCode());
            }
        }
        return status;
    }

    /** "Relu3: input 784, layers 512 -> 512 -> 512 -> 10, activations relu x3, output width 10, ntk". */
    static String summary(KernelProgram p) {
        List<String> widths = new ArrayList<>();
        for (int w : p.widths()) {
            widths.add(String.valueOf(w));
        }
        Map<String, Integer> activations = new LinkedHashMap<>();
        int residuals = 0;
        int norms = 0;
        for (Step s : p.allSteps()) {
            if (s instanceof Step.Elementwise e) {
                activations.merge(e.activation().label(), 1, Integer::sum);
            } else if (s instanceof Step.Residual) {
                residuals++;
            } else if (s instanceof Step.LayerNorm) {
                norms++;
            }
        }
        List<String> acts = new ArrayList<>();
        activations.forEach((label, n) -> acts.add(n == 1 ? label : label + " x" + n));
        if (p.isSpatial()) {
            List<String> layers = new ArrayList<>();
            for (NetworkLayer l : p.layers()) {
                if (l instanceof NetworkLayer.Conv c) {
                    layers.add((c.dense() ? "dense " : "conv ") + c.out().channels());
                } else if (l instanceof NetworkLayer.Pool pool) {
                    layers.add(pool.kind().spelling());
                } else if (l instanceof NetworkLayer.Dense d) {
                    layers.add("dense " + d.width());
                }
            }
            return p.name() + ": input " + p.inputShape() + ", layers " + String.join(" -> ", layers)
                    + ", activations " + (acts.isEmpty() ? "none" : String.join(", ", acts))
                    + ", output width " + p.outputWidth() + ", " + p.parameterization().spelling()
                    + " parameterization";
        }
        return p.name() + ": input " + p.inputDim() + ", dense " + String.join(" -> ", widths)
                + ", activations " + (acts.isEmpty() ? "none" : String.join(", ", acts))
                + (residuals == 0 ? "" : ", residual blocks " + residuals)
                + (norms == 0 ? "" : ", layer_norm x" + norms)
                + ", output width " + p.outputWidth() + ", " + p.parameterization().spelling() + " parameterization";
    }
}
