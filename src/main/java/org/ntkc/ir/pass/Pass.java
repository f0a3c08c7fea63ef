package org.ntkc.ir.pass;

import java.util.List;

/**
 * One transformation of a list of IR items (the network's layers or the kernel's steps) that keeps what they
 * compute. {@link org.ntkc.ir.ProgramBuilder} applies a fixed list of them to every program. Passes only transform:
 * what deserves a warning is found and reported by sema, before lowering. A pass meeting an item with a nested body
 * (a block of layers or steps) applies itself to that body too, so a pass sees every level.
 */
public interface Pass<T> {
    List<T> apply(List<T> items);
}
