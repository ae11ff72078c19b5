package dev.reelrank.retrieval;

import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;

/** The user side of a two-tower model: what the ANN query is made of. Thread-safe. */
public interface UserTower {
    /** The model version; only vectors of the same version are comparable. */
    String version();

    /** A unit-length vector. */
    float[] embed(UserFeatures user, RequestContext context);
}
