package dev.reelrank.retrieval;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Up Next: videos near the one being watched, pulled toward the viewer's own taste. The query is
 * {@code normalize(w · seed + (1 − w) · user)}, both unit vectors of the served model version;
 * just the seed when the user has no embedding of that version. {@code w = 1} is pure
 * item-to-item, {@code w = 0} pure personalization. Home requests get nothing from this source.
 */
public final class UpNextSource implements CandidateSource {
    public static final String NAME = "up_next";

    private final SeedVectors seeds;
    private final UserEmbeddings users;
    private final double seedWeight;
    private final NearestCandidates nearest;

    /** @param seedWeight w in [0, 1]: how much the watched video outweighs the user's taste */
    public UpNextSource(VectorIndex index, SeedVectors seeds, UserEmbeddings users, double seedWeight, int overfetchCap) {
        this.seeds = Objects.requireNonNull(seeds, "seeds");
        this.users = Objects.requireNonNull(users, "users");
        if (!(seedWeight >= 0 && seedWeight <= 1)) throw new IllegalArgumentException("seedWeight must be in [0, 1], was " + seedWeight);
        this.seedWeight = seedWeight;
        this.nearest = new NearestCandidates(index, overfetchCap, NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        if (quota <= 0 || request.surface() != Surface.up_next || request.seedVideoId() == null) return List.of();
        String seedId = request.seedVideoId();
        Optional<float[]> seed = seeds.of(seedId);
        if (seed.isEmpty()) return List.of();
        float[] query = users.of(user, request.context())
                .filter(u -> u.length == seed.get().length)
                .map(u -> blend(seed.get(), u, seedWeight))
                .orElse(seed.get());
        return nearest.search(query, request, user, quota, seedId);
    }

    /** Unit-length {@code w·a + (1−w)·b}; {@code a} alone if they cancel out. */
    static float[] blend(float[] a, float[] b, double w) {
        float[] out = new float[a.length];
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (w * a[i] + (1 - w) * b[i]);
            norm += (double) out[i] * out[i];
        }
        if (norm < 1e-12) return a.clone();
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < out.length; i++) out[i] *= inv;
        return out;
    }
}
