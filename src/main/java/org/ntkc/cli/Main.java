package org.ntkc.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.ntkc.ir.ImagesNotSupportedException;
import org.ntkc.ir.KernelEvaluationException;
import org.ntkc.runtime.quad.NonFiniteIntegrandException;
import org.ntkc.runtime.quad.QuadratureException;
import org.ntkc.nystrom.NystromEngine;
import org.ntkc.predict.IllConditionedKernelException;
import org.ntkc.runtime.NonFiniteKernelException;
import org.ntkc.runtime.NonFiniteNetworkException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ntkc} command line. Exit status: 0 success, 1 bad spec or data, 2 bad usage, 3 internal error (a bug).
 * Errors are one readable line, never a stack trace (set NTKC_DEBUG=1 to see one).
 */
@Command(name = "ntkc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compile neural network architectures (.ntk specs) into their infinite-width kernels: "
                + "the NNGP kernel and the Neural Tangent Kernel.",
        subcommands = {CheckCommand.class, IrCommand.class, CompileCommand.class, KernelCommand.class, BenchCommand.class,
            VerifyCommand.class, FitCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 success, 1 bad spec or data, 2 bad usage, 3 internal error.",
                "Language reference: docs/language.md"})
public final class Main implements Callable<Integer> {
    static final int INTERNAL_ERROR = 3;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliException.USAGE;
    }

    public static void main(String[] args) {
        // Standard output as a file descriptor, not System.out: a PrintStream swallows write errors (a full disk, a
        // closed pipe), and a command must not exit 0 after losing its output.
        Outputs.Recorded stdout = new Outputs.Recorded(new FileOutputStream(FileDescriptor.out));
        stdoutFailure = stdout::failure;
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new BufferedOutputStream(stdout, 1 << 16),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(execute(args, out, err));
    }

    /** Why standard output failed, when {@link #main} set it up; tests pass their own writers. */
    private static volatile java.util.function.Supplier<IOException> stdoutFailure = () -> null;

    /** Runs the command line with the given streams and returns the exit status (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, null);
    }

    /**
     * The same, with the data passes of {@code fit --nystrom} run by engines from {@code engines} (the Spark entry
     * point's); null for this machine.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, NystromEngine.Factory engines) {
        CommandLine cl = new CommandLine(new Main());
        ((FitCommand) cl.getSubcommands().get("fit").getCommand()).setEngines(engines);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code;
            String message;
            if (ex instanceof CliException c) {
                code = c.exitCode();
                message = c.getMessage();
            } else if (ex instanceof NoSuchFileException || ex instanceof AccessDeniedException) {
                code = CliException.USAGE;
                message = "cannot access '" + ((FileSystemException) ex).getFile() + "': "
                        + (ex instanceof NoSuchFileException ? "no such file or directory" : "permission denied");
            } else if (ex instanceof IOException) {
                code = CliException.BAD_INPUT;
                message = "input/output error: " + ex.getMessage();
            } else if (ex instanceof NonFiniteIntegrandException || ex instanceof QuadratureException) {
                // The spec's activation leaves its domain where the data puts it: the input's fault.
                code = CliException.BAD_INPUT;
                message = "the kernel cannot be computed: " + ex.getMessage();
            } else if (ex instanceof ImagesNotSupportedException) {
                code = CliException.BAD_INPUT;
                message = ex.getMessage();
            } else if (ex instanceof KernelEvaluationException || ex instanceof NonFiniteKernelException
                    || ex instanceof NonFiniteNetworkException || ex instanceof IllConditionedKernelException) {
                code = CliException.BAD_INPUT;
                message = ex.getMessage();
            } else {
                code = INTERNAL_ERROR;
                message = "internal error: " + ex + " (this is a bug in ntkc; set NTKC_DEBUG=1 for the stack trace)";
            }
            if (message != null) {
                err.println("ntkc: " + message);
            }
            if (System.getenv("NTKC_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return code;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // Commands that allocate big matrices say what needed the memory; this is the last resort.
            err.println("ntkc: out of memory (the JVM may use " + Memory.gigabytes(Runtime.getRuntime().maxMemory())
                    + "); give it more with NTKC_JAVA_OPTS=-Xmx<N>g, or use less data");
            code = CliException.BAD_INPUT;
        }
        out.flush();
        if (out.checkError()) {
            IOException why = stdoutFailure.get();
            err.println("ntkc: cannot write to standard output" + (why != null ? ": " + Outputs.reason(why) : "")
                    + "; the output is incomplete");
            code = Math.max(code, CliException.BAD_INPUT);
        }
        err.flush();
        return code;
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/org/ntkc/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"ntkc " + p.getProperty("version", "unknown") + " (Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
