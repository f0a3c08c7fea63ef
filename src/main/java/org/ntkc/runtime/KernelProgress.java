package org.ntkc.runtime;

/**
 * Told how far a kernel computation has come, for progress bars. The driver calls it from its worker threads after
 * every finished tile, so an implementation must be thread-safe and cheap (rate-limit any printing itself).
 */
@FunctionalInterface
public interface KernelProgress {
    /** Reports nothing. */
    KernelProgress NONE = (done, total) -> { };

    /**
     * {@code done} of {@code total} kernel entries are computed (for symmetric matrices, the entries on or above the
     * diagonal that the driver computes). Calls may arrive out of order from different threads; {@code done} reaches
     * {@code total} exactly once.
     */
    void entriesDone(long done, long total);
}
