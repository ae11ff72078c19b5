package dev.reelrank.retrieval;

import java.util.List;
import java.util.Optional;

/**
 * The embedding of the video being watched, in the served model version, for item-to-item
 * retrieval. Empty when it cannot be had in that version. Thread-safe.
 */
@FunctionalInterface
public interface SeedVectors {
    Optional<float[]> of(String videoId);

    /** The first lookup that answers (e.g. the index's stored vector, then the model's video tower). */
    static SeedVectors firstOf(List<SeedVectors> lookups) {
        List<SeedVectors> copy = List.copyOf(lookups);
        return id -> {
            for (SeedVectors s : copy) {
                Optional<float[]> v = s.of(id);
                if (v.isPresent()) return v;
            }
            return Optional.empty();
        };
    }
}
