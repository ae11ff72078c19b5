package dev.reelrank.retrieval;

import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's query vector for the model version the index serves, and never another: the one
 * embedding-refresh stored in {@code UserFeatures.embedding} when its {@code embedding_version}
 * is the served version (no inference on the request path), else one computed now by a user
 * tower of that version, else none. A vector of one version searched against an index of another
 * returns plausible-looking nonsense, so "none" is the only safe answer to a mismatch.
 */
public final class UserEmbeddings {
    private final String servedVersion;
    private final UserTower tower;

    /** @param tower null when no model is loaded: only stored embeddings of the served version are used */
    public UserEmbeddings(String servedVersion, UserTower tower) {
        if (servedVersion == null || servedVersion.isBlank()) throw new IllegalArgumentException("servedVersion is required");
        this.servedVersion = servedVersion;
        this.tower = tower;
    }

    public String servedVersion() {
        return servedVersion;
    }

    public Optional<float[]> of(UserFeatures user, RequestContext context) {
        Objects.requireNonNull(user, "user");
        if (user.getEmbeddingCount() > 0 && servedVersion.equals(user.getEmbeddingVersion())) {
            float[] v = new float[user.getEmbeddingCount()];
            for (int i = 0; i < v.length; i++) v[i] = user.getEmbedding(i);
            return Optional.of(v);
        }
        if (tower != null && servedVersion.equals(tower.version())) return Optional.of(tower.embed(user, context));
        return Optional.empty();
    }
}
