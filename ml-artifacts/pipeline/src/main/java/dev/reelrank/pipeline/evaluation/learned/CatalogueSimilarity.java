package dev.reelrank.pipeline.evaluation.learned;

import dev.reelrank.model.VideoMetadata;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.modelartifacts.DjlRuntime;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.retrieval.TwoTowerSimilarity;
import dev.reelrank.retrieval.TwoTowerTowers;
import dev.reelrank.retrieval.UserEmbeddings;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ranking feature "two-tower similarity" offline, for the ranker's training replay and the
 * evaluator: stages/retrieval's {@link TwoTowerSimilarity} (the implementation feed-assembly serves)
 * over a two-tower version's user tower and its video tower's vectors of the data set's catalogue,
 * the vectors its index would hold: every video published by the split time, embedded as of the
 * split time, as the evaluator's ANN index and {@code scripts/model publish --as-of} embed them.
 */
public final class CatalogueSimilarity implements AutoCloseable {
    private final TwoTowerModel model;
    private final TwoTowerSimilarity similarity;
    private final int videos;

    private CatalogueSimilarity(TwoTowerModel model, TwoTowerSimilarity similarity, int videos) {
        this.model = model;
        this.similarity = similarity;
        this.videos = videos;
    }

    /** @param modelDir a two-tower version folder, or a models root whose {@code two-tower/LATEST} names one */
    public static CatalogueSimilarity open(Path modelDir, TrainingData train, Path home, PrintStream log) {
        long t0 = System.nanoTime();
        DjlRuntime.configure(home.resolve("var/djl").toString());
        // One intra-op thread, the serving setting: the replay calls the user tower once per slate with one
        // user, and PyTorch keeps the first setting of the JVM for the MMoE trainer too (which wants one).
        DjlRuntime.forServing();
        TwoTowerModel model;
        try {
            model = TwoTowerModel.loadVersionOrLatest(modelDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the two-tower model " + modelDir + ": " + e.getMessage(), e);
        }
        try {
            var ids = new ArrayList<String>();
            float[][] vectors = catalogueVectors(model, train, ids);
            var byId = new HashMap<String, float[]>(ids.size() * 2);
            for (int i = 0; i < vectors.length; i++) byId.put(ids.get(i), vectors[i]);
            var sim = new TwoTowerSimilarity(new UserEmbeddings(model.version(), TwoTowerTowers.user(model)), wanted -> {
                var found = new HashMap<String, float[]>(wanted.size() * 2);
                for (String id : wanted) {
                    float[] v = byId.get(id);
                    if (v != null) found.put(id, v);
                }
                return found;
            });
            if (log != null) {
                log.printf("two-tower similarity: model %s, %,d videos embedded in %.1f s%n", model.version(), ids.size(),
                        (System.nanoTime() - t0) / 1e9);
            }
            return new CatalogueSimilarity(model, sim, ids.size());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The video tower's vectors of every video published by the split time (all of them without
     * times), as of the split time; {@code ids} receives their ids in the same order.
     */
    static float[][] catalogueVectors(TwoTowerModel model, TrainingData train, List<String> ids) {
        Dataset d = train.data;
        long now = train.split.now();
        Instant asOf = now == Dataset.NO_TIME ? Instant.now() : Instant.ofEpochMilli(now);
        var features = new ArrayList<VideoFeatures>();
        for (int v = 0; v < d.videoCount(); v++) {
            long t = d.videoPublished[v];
            if (now != Dataset.NO_TIME && t != Dataset.NO_TIME && t > now) continue; // not uploaded yet at the split time
            ids.add(d.videos.value(v));
            features.add(VideoMetadata.features(d.videoPublished(v)));
        }
        float[][] vectors = new float[ids.size()][];
        int batch = 4096;
        for (int from = 0; from < ids.size(); from += batch) {
            int to = Math.min(ids.size(), from + batch);
            float[][] part = model.videoEmbeddings(features.subList(from, to), asOf);
            System.arraycopy(part, 0, vectors, from, part.length);
        }
        return vectors;
    }

    /**
     * The two-tower folder a ranking model's similarity came from: {@code explicit} when given, else
     * {@code <models root>/two-tower/<version>} beside the ranking model ({@code .../mmoe/<v>}), else
     * under {@code fallbackRoot}. Empty when none exists.
     */
    public static Optional<Path> locate(String version, Path explicit, Path rankingModelDir, Path fallbackRoot) {
        if (explicit != null) return Optional.of(explicit);
        var candidates = new ArrayList<Path>();
        Path abs = rankingModelDir.toAbsolutePath().normalize();
        if (abs.getParent() != null && abs.getParent().getParent() != null) candidates.add(abs.getParent().getParent());
        candidates.add(abs);
        if (fallbackRoot != null) candidates.add(fallbackRoot);
        for (Path root : candidates) {
            Path dir = new ArtifactStore(root).versionDir(version);
            if (Files.isDirectory(dir)) return Optional.of(dir);
        }
        return Optional.empty();
    }

    public CandidateSimilarity similarity() {
        return similarity;
    }

    /**
     * The similarity with a seeded share of (user, video) pairs {@link CandidateSimilarity#MISSING},
     * for training only. Offline every user and every catalogue video has a vector, so without this
     * the "has similarity" flag is constant in training, the network never learns a weight for
     * "unknown", and the candidates serving cannot score (a video not yet in the index, a user with no
     * vector of the version) would meet untrained inputs. Which pairs is a hash of the ids and the
     * seed, so a replay is repeatable.
     */
    public CandidateSimilarity withMissingShare(double share, long seed) {
        return withMissingShare(similarity, share, seed);
    }

    /** {@code similarity} with a seeded share of pairs missing (see {@link #withMissingShare(double, long)}). */
    public static CandidateSimilarity withMissingShare(CandidateSimilarity similarity, double share, long seed) {
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("missing share must be in [0, 1]: " + share);
        if (share == 0) return similarity;
        return new CandidateSimilarity() {
            @Override
            public String version() {
                return similarity.version();
            }

            @Override
            public Query query(dev.reelrank.proto.v1.UserFeatures user, dev.reelrank.model.RequestContext context) {
                Query q = similarity.query(user, context);
                if (q == null) return null;
                long userHash = mix(seed ^ user.getUserId().hashCode());
                return ids -> {
                    float[] out = q.scores(ids);
                    for (int i = 0; i < out.length; i++) {
                        double u = (mix(userHash ^ ids.get(i).hashCode()) >>> 11) * 0x1.0p-53;
                        if (u < share) out[i] = MISSING;
                    }
                    return out;
                };
            }
        };
    }

    /** A 64-bit finalizer (SplitMix64's): nearby inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public String version() {
        return model.version();
    }

    public int videos() {
        return videos;
    }

    @Override
    public void close() {
        model.close();
    }
}
