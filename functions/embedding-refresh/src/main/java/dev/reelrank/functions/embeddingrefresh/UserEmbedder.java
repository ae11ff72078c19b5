package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.eventlog.rollouts.VersionSwitch;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.retrievalmodel.EncodedUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Recomputes a user's two-tower embedding after an interaction, so the feed's ANN source reads a
 * current vector instead of running the user tower on the request path. The stored vector is
 * context-free ({@link RequestContext#UNKNOWN}: the tower falls back to the user's home region and
 * last device), since one stored value serves requests from any context.
 */
final class UserEmbedder {
    private static final Logger LOG = Logger.getLogger(UserEmbedder.class);

    /** Switched by {@link ModelFollower} when a rollout names another version; read once per call. */
    private final VersionSwitch<TwoTowerModel> model;

    /** @param model null: embeddings are left as they are (no model deployed) */
    UserEmbedder(TwoTowerModel model) {
        this.model = new VersionSwitch<>(model);
    }

    static UserEmbedder none() {
        return new UserEmbedder(null);
    }

    Optional<String> version() {
        return model.current().map(TwoTowerModel::version);
    }

    /** The model embeddings are made with now (null: none); the video tower of new uploads uses it too. */
    TwoTowerModel model() {
        return model.current().orElse(null);
    }

    /** The model, switched on rollouts (the caller closes a replaced one once no call uses it). */
    VersionSwitch<TwoTowerModel> models() {
        return model;
    }

    /**
     * The user with a fresh embedding and its version; the user unchanged when there is no model
     * or inference fails (a model fault must not stop features from being stored: the previous
     * vector stays, tagged with the version that made it, and serving never mixes versions).
     */
    UserFeatures embed(UserFeatures user) {
        TwoTowerModel model = model();
        if (model == null) return user;
        try {
            return withEmbedding(user, model.version(), model.userEmbedding(user, RequestContext.UNKNOWN));
        } catch (RuntimeException e) {
            LOG.warnf("user embedding of %s failed, keeping the previous one: %s", user.getUserId(), e.toString());
            return user;
        }
    }

    /**
     * Fresh embeddings for many users in one forward pass of the tower (a batch's users cost about
     * what one costs: the fixed overhead of a call dominates at these sizes). Users come back in
     * order, unchanged when there is no model or the pass fails.
     */
    List<UserFeatures> embedAll(List<UserFeatures> users) {
        TwoTowerModel model = model();
        if (model == null || users.isEmpty()) return users;
        try {
            var encoded = new ArrayList<EncodedUser>(users.size());
            for (UserFeatures u : users) encoded.add(model.encoder().encodeUser(u, RequestContext.UNKNOWN));
            float[][] vectors = model.userEmbeddings(encoded);
            var out = new ArrayList<UserFeatures>(users.size());
            for (int i = 0; i < users.size(); i++) out.add(withEmbedding(users.get(i), model.version(), vectors[i]));
            return out;
        } catch (RuntimeException e) {
            LOG.warnf("user embeddings of %d users failed, keeping the previous ones: %s", users.size(), e.toString());
            return users;
        }
    }

    static UserFeatures withEmbedding(UserFeatures user, String version, float[] vector) {
        var b = user.toBuilder().clearEmbedding().setEmbeddingVersion(version);
        for (float x : vector) b.addEmbedding(x);
        return b.build();
    }
}
