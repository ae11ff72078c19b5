package dev.reelrank.retrieval;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class Fixtures {
    private Fixtures() {}

    static final String V1 = "tt-v1";

    /** A real embedded HNSW index in {@code dir}, holding {@code vectors} (id → vector), visible at once. */
    static EmbeddedHnswIndex index(Path dir, Map<String, float[]> vectors) {
        var index = new EmbeddedHnswIndex(dir, HnswConfig.DEFAULT.withRefreshInterval(Duration.ZERO).withIndexThreads(1));
        index.upsert(vectors.entrySet().stream()
                .map(e -> new VectorIndex.Entry(e.getKey(), e.getValue(), new VectorIndex.Payload(null, null, null, null, null)))
                .toList());
        index.refresh();
        return index;
    }

    static UserFeatures userWithEmbedding(String version, float... v) {
        var b = UserFeatures.newBuilder().setUserId("u1").setEmbeddingVersion(version);
        for (float x : v) b.addEmbedding(x);
        return b.build();
    }

    static FeedRequest home(RequestContext ctx) {
        return FeedRequest.home("r1", "u1", 10, ctx);
    }

    static UserTower tower(String version, float... v) {
        return new UserTower() {
            @Override
            public String version() {
                return version;
            }

            @Override
            public float[] embed(UserFeatures user, RequestContext context) {
                return v.clone();
            }
        };
    }

    /** Hand-built video features behind the FeatureStore interface (no user reads). */
    static FeatureStore videos(VideoFeatures... videos) {
        var byId = new LinkedHashMap<String, VideoFeatures>();
        for (VideoFeatures v : videos) byId.put(v.getVideoId(), v);
        return new FeatureStore() {
            @Override
            public Optional<UserFeatures> user(String userId) {
                return Optional.empty();
            }

            @Override
            public Map<String, VideoFeatures> videos(Collection<String> ids) {
                var out = new LinkedHashMap<String, VideoFeatures>();
                for (String id : ids) if (byId.containsKey(id)) out.put(id, byId.get(id));
                return out;
            }
        };
    }

    static List<String> ids(List<dev.reelrank.model.Candidate> candidates) {
        return candidates.stream().map(dev.reelrank.model.Candidate::videoId).toList();
    }
}
