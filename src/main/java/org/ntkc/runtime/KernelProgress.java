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
     * {@code done} of {@code total} kernel entries are computed: all n·m of an n × m matrix, or the n(n+1)/2 on or
     * above the diagonal of a symmetric one (those below are mirrored). Calls may arrive out of order from different
     * threads; {@code done} reaches {@code total} exactly once.
     */
    void entriesDone(long done, long total);
}
