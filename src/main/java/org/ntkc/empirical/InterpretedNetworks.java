package org.ntkc.empirical;

import org.ntkc.ir.ImagesNotSupportedException;
import org.ntkc.ir.KernelProgram;
import org.ntkc.ir.NetworkLayer;
import org.ntkc.math.sym.CompiledSym;
import org.ntkc.runtime.ActivationFunction;
import org.ntkc.runtime.NetworkArchitecture;

/**
 * A program's finite network without generating code: the activations evaluated by {@link CompiledSym}, which gives
 * the same bits as the generated {@code <Network>Network} class (so the two are interchangeable, and tests compare
 * them bit for bit), only slower per unit.
 */
public final class InterpretedNetworks {
    private InterpretedNetworks() {
    }

    /** The architecture of {@code program}'s network at its declared widths. */
    public static NetworkArchitecture architecture(KernelProgram program, String specName) {
        NetworkArchitecture.Builder b = NetworkArchitecture.builder(program.name(), program.inputDim(),
                program.parameterization());
        NetworkLayer.Visitor<Void> add = new NetworkLayer.Visitor<>() {
            @Override
            public Void visitDense(NetworkLayer.Dense d) {
                b.dense(d.width(), d.weightStd(), d.biasStd(), d.where(specName));
                return null;
            }

            @Override
            public Void visitElementwise(NetworkLayer.Elementwise e) {
                CompiledSym phi = CompiledSym.of(e.activation().phi());
                CompiledSym derivative = CompiledSym.of(e.activation().derivative());
                b.activation(e.activation().label(), new ActivationFunction() {
                    @Override
                    public double phi(double x) {
                        return phi.applyAsDouble(x);
                    }

                    @Override
                    public double derivative(double x) {
                        return derivative.applyAsDouble(x);
                    }
                }, e.where(specName));
                return null;
            }

            @Override
            public Void visitResidual(NetworkLayer.Residual r) {
                b.residual(r.scale(), r.where(specName));
                for (NetworkLayer layer : r.body()) {
                    layer.accept(this);
                }
                b.endResidual();
                return null;
            }

            @Override
            public Void visitLayerNorm(NetworkLayer.LayerNorm n) {
                b.layerNorm(n.where(specName));
                return null;
            }

            @Override
            public Void visitConv(NetworkLayer.Conv c) {
                throw new ImagesNotSupportedException(program, "a finite network");
            }

            @Override
            public Void visitPool(NetworkLayer.Pool p) {
                throw new ImagesNotSupportedException(program, "a finite network");
            }
        };
        for (NetworkLayer layer : program.layers()) {
            layer.accept(add);
        }
        return b.build();
    }
}
