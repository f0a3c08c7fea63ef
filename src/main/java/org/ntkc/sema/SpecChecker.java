package org.ntkc.sema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ntkc.diag.DiagnosticCode;
import org.ntkc.diag.Diagnostics;
import org.ntkc.diag.SourceSpan;
import org.ntkc.ir.KernelProgram;
import org.ntkc.lang.tree.NetworkDecl;
import org.ntkc.lang.tree.SpecFile;

/**
 * The semantic stage for one file: resolves names, checks every network and custom activation, and lowers the
 * networks to kernel IR. All problems of the file are reported; callers must not use the programs when the
 * diagnostics hold an error.
 */
public final class SpecChecker {
    private SpecChecker() {
    }

    public static List<KernelProgram> check(SpecFile file, Diagnostics diagnostics) {
        if (file.networks().isEmpty()) {
            diagnostics.report(DiagnosticCode.NO_NETWORK, new SourceSpan(file.source(), 1, 1, 1));
        }
        CustomActivations customs = new CustomActivations(file.activations(), diagnostics);
        Set<String> usedCustoms = new LinkedHashSet<>();
        NetworkChecker checker = new NetworkChecker(customs, diagnostics, usedCustoms);
        Lowering lowering = new Lowering(diagnostics);
        Map<String, NetworkDecl> seen = new HashMap<>();
        List<KernelProgram> programs = new ArrayList<>();
        for (NetworkDecl decl : file.networks()) {
            NetworkDecl first = seen.putIfAbsent(decl.name().text(), decl);
            if (first != null) {
                diagnostics.report(DiagnosticCode.DUPLICATE_NETWORK, decl.name().span(), decl.name().text(),
                        first.name().span().line());
            }
            Optional<NetworkModel> model = checker.check(decl);
            model.ifPresent(m -> programs.add(lowering.lower(m)));
        }
        customs.resolveAll();
        if (!file.networks().isEmpty()) {
            customs.reportUnused(usedCustoms);
        }
        return programs;
    }
}
