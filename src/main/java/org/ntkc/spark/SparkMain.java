package org.ntkc.spark;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.ntkc.cli.Main;

/**
 * The {@code ntkc} command line under {@code spark-submit}:
 * <pre>
 * spark-submit --class org.ntkc.spark.SparkMain target/ntkc-cli.jar fit SPEC.ntk --train A.csv --test B.csv --nystrom M
 * </pre>
 * Every command works as in {@code ntkc}; {@code fit --nystrom} runs its data passes (the Gram pass, or one pass per
 * conjugate-gradient iteration in stream mode) on the cluster, and the solver on the driver. The data files are read
 * by the driver. Without a master from spark-submit or {@code -Dspark.master}, Spark runs in this JVM
 * ({@code local[*]}).
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        SparkConf conf = new SparkConf().setAppName("ntkc").setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        int code;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            code = Main.execute(args, out, err,
                    SparkEngine.factory(sc, SparkEngine.temporaryJarFolder(), SparkNystrom.Options.defaults()));
        }
        System.exit(code);
    }
}
