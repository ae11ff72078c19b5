package dev.reelrank.rankingmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.ranking.CandidateScorer;
import dev.reelrank.ranking.ModelScorer;
import dev.reelrank.ranking.RankingFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata says whether a model reads the two-tower similarity. The shipped artifacts were all
 * trained before the feature was wired: they must load and score exactly as before, whatever
 * similarities a request carries.
 */
class SimilarityVersioningTest {
    /** The shipped world model (mmoe/LATEST), from this module's folder. */
    static final Path SHIPPED = Path.of("../../ml-artifacts/models/mmoe/mmoe-w-mc200-e8");
    static final long NOW = 1_768_700_000_000L;

    @TempDir
    Path tmp;

    /** A request of {@code n} candidates with varied counters, and a similarity for every other one. */
    private static CandidateScorer.Request request(int n, boolean withSimilarities) {
        var random = new SplittableRandom(17);
        var ids = new ArrayList<String>();
        var videos = new ArrayList<VideoFeatures>();
        float[] sims = new float[n];
        for (int i = 0; i < n; i++) {
            ids.add("v" + (i * 37));
            long impressions = random.nextLong(0, 5_000);
            videos.add(i % 7 == 0 ? null : VideoFeatures.newBuilder().setVideoId(ids.get(i)).setChannelId("c" + (i % 9))
                    .setCategory("cat" + (i % 4)).setDurationSeconds(30 + i).setImpressions(impressions)
                    .setClicks(random.nextLong(0, impressions + 1)).build());
            sims[i] = i % 2 == 0 ? (float) random.nextDouble(-1, 1) : RankingFeatures.NO_SIMILARITY;
        }
        var user = UserFeatures.newBuilder().setUserId("u12").setInteractionCount(40).putChannelAffinity("c3", 2.5).build();
        var ctx = RankContext.newBuilder().setDevice("mobile").setRegion("BR").setSurface(Surface.home).build();
        return new CandidateScorer.Request(user, ids, videos, ctx, withSimilarities ? sims : null, NOW);
    }

    @Test
    void theShippedModelsLoadWithoutTheFeature() throws IOException {
        for (String v : List.of("mmoe-w-mc200-e8", "mmoe-kuairec-d1", "mmoe-kuairec-ch")) {
            MmoeMetadata md = MmoeMetadata.read(SHIPPED.resolveSibling(v));
            assertEquals(MmoeMetadata.FORMAT, md.format(), v);
            assertNull(md.retrievalSimilarity(), v);
            assertFalse(md.readsSimilarity(), v);
        }
    }

    @Test
    void anOlderModelScoresExactlyAsBeforeWhateverSimilaritiesArrive() throws IOException {
        try (var model = MmoeModel.load(SHIPPED)) {
            assertFalse(model.readsSimilarity());
            model.requireSchema(RankingFeatures.SCHEMA);
            var scorer = new ModelScorer(model);
            float[][] without = scorer.score(request(40, false));
            float[][] with = scorer.score(request(40, true));
            // What the scorer did before the feature: rows with no similarity, straight into the model.
            var r = request(40, false);
            List<FeatureRow> rows = RankingFeatures.rows(RankingFeatures.user(r.user(), NOW), r.videos(), r.videoIds(),
                    RankingFeatures.Context.of(r.context()), RankingFeatures.SERVING_POSITION, null).rows();
            float[][] direct = model.predict(rows);
            for (int i = 0; i < without.length; i++) {
                assertArrayEquals(without[i], with[i], "candidate " + i);
                assertArrayEquals(direct[i], new float[]{without[i][0], without[i][1]}, "candidate " + i);
            }
        }
    }

    @Test
    void aModelTrainedWithTheFeatureSaysSoAndReadsIt() throws IOException {
        Path saved;
        float[][] before;
        try (var model = MmoeModel.load(SHIPPED)) {
            before = new ModelScorer(model).score(request(20, true));
            model.trainedWithSimilarity("tt-world5k-served");
            saved = model.save(tmp);
        }
        MmoeMetadata md = MmoeMetadata.read(saved);
        assertEquals(MmoeMetadata.FORMAT_SIMILARITY, md.format());
        assertEquals("tt-world5k-served", md.retrievalSimilarity().retrievalVersion());
        try (var model = MmoeModel.load(saved)) {
            assertTrue(model.readsSimilarity());
            float[][] after = new ModelScorer(model).score(request(20, true));
            boolean differs = false;
            for (int i = 0; i < after.length; i++) differs |= after[i][0] != before[i][0];
            assertTrue(differs, "the similarity columns now reach the network");
            float[][] none = new ModelScorer(model).score(request(20, false));
            for (int i = 1; i < after.length; i += 2) {
                assertArrayEquals(none[i], after[i], "a candidate without a similarity scores as unknown either way");
            }
        }
    }

    @Test
    void aFormatThatContradictsItsMetadataIsRefused() throws IOException {
        Path saved;
        try (var model = MmoeModel.load(SHIPPED)) {
            model.trainedWithSimilarity("tt-x");
            saved = model.save(tmp);
        }
        Path meta = saved.resolve(MmoeMetadata.FILE);
        Files.writeString(meta, Files.readString(meta).replace(MmoeMetadata.FORMAT_SIMILARITY, MmoeMetadata.FORMAT));
        var e = assertThrows(IOException.class, () -> MmoeModel.load(saved));
        assertTrue(e.getMessage().contains("retrievalSimilarity"), e.getMessage());
    }
}
