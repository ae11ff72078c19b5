package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;
import java.util.function.UnaryOperator;

/**
 * Rewrites a user's stored features outside the per-user event stream (e.g. a new embedding after
 * a model rollout) without ever undoing that stream's work: any write of the user made after this
 * rewrite read the features wins over it, whichever reaches the store last.
 */
public interface UserRewriter {
    enum Outcome {
        /** Written (unless a newer write supersedes it, which then holds the newer state). */
        REWRITTEN,
        /** {@code change} returned its input: nothing written. */
        UNCHANGED,
        /** No stored features for the user. */
        MISSING
    }

    /** @param change the new features from the current ones; return the argument itself to write nothing */
    Outcome rewrite(String userId, UnaryOperator<UserFeatures> change);
}
