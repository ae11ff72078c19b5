package dev.reelrank.pipeline.evaluation.learned;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.VectorIndex;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.evaluation.TrainingData;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.retrieval.AnnSource;
import dev.reelrank.retrieval.SourcePlan;
import dev.reelrank.retrieval.TwoTowerTowers;
import dev.reelrank.retrieval.UserEmbeddings;
import dev.reelrank.modelartifacts.DjlRuntime;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A trained two-tower model served the way feed-assembly serves it: the video tower embeds every
 * video published by the split time into the product's {@link EmbeddedHnswIndex} (a throw-away
 * folder under {@code var/tmp}), and {@link AnnSource} queries it with the user tower's vector of
 * the user's offline features ({@link UserEmbeddings}). The same vectors are kept in memory for
 * the exact scan the index is measured against.
 */
public final class LearnedRetrieval implements AutoCloseable {
    public final TwoTowerModel model;
    public final UserEmbeddings users;
    public final EmbeddedHnswIndex index;
    /** Indexed videos: ids and unit vectors, in the same order (for the exact scan). */
    public final List<String> videoIds;
    public final float[][] vectors;
    public final double buildSeconds;
    private final Path dir;

    private LearnedRetrieval(TwoTowerModel model, EmbeddedHnswIndex index, Path dir, List<String> ids, float[][] vectors, double seconds) {
        this.model = model;
        this.users = new UserEmbeddings(model.version(), TwoTowerTowers.user(model));
        this.index = index;
        this.dir = dir;
        this.videoIds = ids;
        this.vectors = vectors;
        this.buildSeconds = seconds;
    }

    /**
     * @param modelDir an artifact folder ({@code .../two-tower/<version>}) or a models root whose
     *                 {@code two-tower/LATEST} names one
     * @param home     the project folder; the index goes to {@code home/var/tmp}
     */
    public static LearnedRetrieval open(Path modelDir, TrainingData train, HnswConfig config, Path home, PrintStream log) {
        long t0 = System.nanoTime();
        // Offline, quiet, and in var/.
        DjlRuntime.configure(home.resolve("var/djl").toString());
        DjlRuntime.start(Math.max(1, Runtime.getRuntime().availableProcessors()));
        TwoTowerModel model;
        try {
            model = Files.exists(modelDir.resolve(TwoTowerModel.PARAMETERS)) ? TwoTowerModel.load(modelDir) : TwoTowerModel.loadLatest(modelDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the two-tower model from " + modelDir, e);
        }
        var ids = new ArrayList<String>();
        float[][] vectors = CatalogueSimilarity.catalogueVectors(model, train, ids);
        Path dir;
        try {
            Files.createDirectories(home.resolve("var/tmp"));
            dir = Files.createTempDirectory(home.resolve("var/tmp"), "eval-index-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var index = new EmbeddedHnswIndex(dir, config.withRefreshInterval(Duration.ZERO));
        var entries = new ArrayList<VectorIndex.Entry>(ids.size());
        for (int i = 0; i < ids.size(); i++) entries.add(new VectorIndex.Entry(ids.get(i), vectors[i], null));
        index.bulkLoad(entries.iterator(), entries.size(), Map.of("modelVersion", model.version()), log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf("learned retrieval: model %s, %,d videos indexed in %.1f s (%s)%n", model.version(), ids.size(), seconds, dir);
        return new LearnedRetrieval(model, index, dir, ids, vectors, seconds);
    }


    public AnnSource annSource(int overfetchCap) {
        return new AnnSource(index, users, overfetchCap);
    }

    /** This model version's inputs for {@link SourcePlan#sources}, as feed-assembly builds them for a served version. */
    public SourcePlan.VersionInputs versionInputs(FeatureStore features) {
        return SourcePlan.VersionInputs.of(model.version(), index, model, features);
    }

    @Override
    public void close() {
        index.close();
        model.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
