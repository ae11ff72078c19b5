package dev.reelrank.model;

import java.time.LocalDate;

/**
 * Which users acted on which day (the product's processing day, UTC): the set whose stored state
 * must be refreshed when a model version changes, without scanning every user ever seen.
 *
 * <p>A day's users are stored in {@link #parts()} disjoint parts, so a scan can report progress
 * and run parts in parallel.
 */
public interface ActiveUsers {
    /** Idempotent: marking a user twice on a day is the same as once. */
    void markActive(String userId, LocalDate day);

    int parts();

    /** The users marked on {@code day} whose part is {@code part}, each once, read lazily page by page. */
    Iterable<String> users(LocalDate day, int part);
}
