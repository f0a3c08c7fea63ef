package org.ntkc.apptest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import org.ntkc.runtime.KernelMatrix;
import org.ntkc.runtime.KernelOptions;
import org.ntkc.runtime.Kernels;
import org.ntkc.runtime.NetworkArchitecture;
import org.ntkc.runtime.NtkKernel;

/**
 * Runs generated example classes through the runtime API alone (this class must compile and run with nothing but
 * the runtime and the generated classes on its class path): the kernels of two point sets, vector and scalar, one
 * pair, and the empirical NTK of a finite network sampled from the generated {@code <Network>Network}. Prints one
 * line per number, {@code label value} with the value in hexadecimal floating point, so that two runs compare
 * exactly. Arguments: fully qualified kernel class names; the network class is the name with Kernel → Network.
 */
public final class RuntimeOnlyProbe {
    private RuntimeOnlyProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean compilerVisible;
        try {
            Class.forName("org.ntkc.math.dual.Dual");
            compilerVisible = true;
        } catch (ClassNotFoundException e) {
            compilerVisible = false;
        }
        System.out.println("compiler-visible " + compilerVisible);
        System.out.println("class-path " + System.getProperty("java.class.path"));
        for (String kernelClass : args) {
            run(kernelClass, System.out);
        }
    }

    public static void run(String kernelClass, PrintStream out) throws Exception {
        NtkKernel kernel = (NtkKernel) Class.forName(kernelClass).getConstructor(KernelOptions.class)
                .newInstance(KernelOptions.defaults().withThreads(2));
        String name = kernel.name();
        Random random = new Random(name.hashCode());
        double[][] x1 = points(5, kernel.inputDim(), random);
        double[][] x2 = points(3, kernel.inputDim(), random);
        print(out, name + " vector-ntk", kernel.kernels(x1, x2).ntk());
        Kernels scalar = kernel.withOptions(kernel.options().withVectorize(false)).kernels(x1, x1);
        print(out, name + " scalar-ntk", scalar.ntk());
        print(out, name + " scalar-nngp", scalar.nngp());
        double[] pair = kernel.pair(x1[0], x2[1]);
        out.println(name + " pair-nngp " + Double.toHexString(pair[0]));
        out.println(name + " pair-ntk " + Double.toHexString(pair[1]));
        String networkClass = kernelClass.substring(0, kernelClass.length() - "Kernel".length()) + "Network";
        Class<?> network;
        try {
            network = Class.forName(networkClass);
        } catch (ClassNotFoundException e) {
            return;   // image networks have no finite network class yet
        }
        NetworkArchitecture architecture = (NetworkArchitecture) network.getField("ARCHITECTURE").get(null);
        print(out, name + " empirical-ntk", architecture.withHiddenWidths(24).sample(7).empiricalNtk(x1));
    }

    private static void print(PrintStream out, String label, KernelMatrix m) {
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                out.println(String.format(Locale.ROOT, "%s[%d,%d] %s", label, i, j, Double.toHexString(m.get(i, j))));
            }
        }
    }

    private static double[][] points(int n, int dim, Random random) {
        double[][] x = new double[n][dim];
        for (double[] p : x) {
            for (int k = 0; k < dim; k++) {
                p[k] = random.nextGaussian() / Math.sqrt(dim) * 1.5;
            }
        }
        return x;
    }
}
