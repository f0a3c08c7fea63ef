package org.ntkc.lang.tree;

import java.util.List;
import org.ntkc.diag.SourceFile;

/** One parsed {@code .ntk} file: its networks and custom activations, each in source order. */
public record SpecFile(SourceFile source, List<NetworkDecl> networks, List<ActivationDecl> activations) {
    public SpecFile {
        networks = List.copyOf(networks);
        activations = List.copyOf(activations);
    }
}
