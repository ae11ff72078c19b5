package dev.reelrank.model;

import java.time.Duration;

/**
 * Shares a job's units of work among the replicas that all run it, with no coordinator: a replica
 * claims a unit before doing it and marks it completed after. A claim is a lease; a replica that
 * dies mid-unit loses it when the lease runs out, and another replica takes the unit over.
 * Meant for idempotent work: a unit may be done twice (a lease that ran out while its holder was
 * still busy), never not at all while any replica keeps running the job.
 */
public interface WorkClaims {
    enum Claim {
        /** The caller now holds the unit for the lease: do it, then {@link #complete}. */
        TAKEN,
        /** Another replica holds a live lease on it: look again later. */
        HELD,
        /** Done already: skip it. */
        COMPLETED
    }

    /** Takes {@code unit} of {@code job} for {@code owner} unless another holds it or it is done. */
    Claim claim(String job, int unit, String owner, Duration lease);

    /** Marks the unit done for every replica; kept for {@code retention}. */
    void complete(String job, int unit, String owner, Duration retention);
}
