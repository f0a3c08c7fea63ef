package org.ntkc.cli;

import picocli.CommandLine.Option;

/** {@code --network NAME}, shared by the commands that work on one network of a spec ({@code @Mixin}). */
final class NetworkOption {
    @Option(names = "--network", paramLabel = "NAME", description = "Which network, when the spec declares several.")
    private String name;

    /** The network asked for, or null: the spec's only one ({@link Specs#select}). */
    String name() {
        return name;
    }
}
