package dev.reelrank.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.model.ranking.RankingModel;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelScorerTest {
    /** Predicts click = the row's smoothed CTR and watch_ratio = 0.5, and remembers what it saw. */
    static final class FakeModel implements RankingModel {
        final FeatureSchema schema;
        final List<List<FeatureRow>> calls = new ArrayList<>();

        FakeModel(FeatureSchema schema) {
            this.schema = schema;
        }

        @Override public String version() { return "mmoe-test"; }
        @Override public FeatureSchema schema() { return schema; }
        @Override public List<String> objectives() { return List.of("click", "watch_ratio"); }

        @Override
        public float[][] predict(List<FeatureRow> rows) {
            calls.add(rows);
            int ctr = schema.numeric().indexOf("video_ctr");
            var out = new float[rows.size()][];
            for (int i = 0; i < out.length; i++) out[i] = new float[] {rows.get(i).numeric()[ctr], 0.5f};
            return out;
        }
    }

    private static VideoFeatures video(String id, long impressions, long clicks, int duration) {
        return VideoFeatures.newBuilder().setVideoId(id).setChannelId("ch-" + id).setImpressions(impressions).setClicks(clicks)
                .setDurationSeconds(duration).build();
    }

    @Test
    void scoresRowsAtTheServingPositionAndAddsExpectedWatchSeconds() {
        var model = new FakeModel(RankingFeatures.SCHEMA);
        var scorer = new ModelScorer(model, 100);
        assertEquals("mmoe-test", scorer.modelVersion());
        assertEquals(List.of("click", "watch_ratio", "watch_seconds"), scorer.objectives());

        var videos = Arrays.asList(video("a", 180, 19, 600), null);
        float[][] rows = scorer.score(new CandidateScorer.Request(UserFeatures.newBuilder().setUserId("u").build(),
                List.of("a", "new"), videos, RankContext.getDefaultInstance(), null, 0L));

        assertEquals(2, rows.length);
        assertEquals(0.1f, rows[0][0], 1e-6);
        assertEquals(0.5f * 600, rows[0][2], 1e-4);
        assertEquals(0.5f * 100, rows[1][2], 1e-4); // unknown video: the default duration
        var seen = model.calls.get(0);
        int position = RankingFeatures.SCHEMA.numeric().indexOf("log_position");
        for (FeatureRow r : seen) assertEquals(0f, r.numeric()[position]);
        assertEquals("new", seen.get(1).categorical()[RankingFeatures.SCHEMA.categorical().indexOf("video_id")]);
    }

    @Test
    void refusesAModelTrainedOnAnotherSchema() {
        var other = new FeatureSchema(List.of("user_id"), List.of("video_ctr"));
        assertThrows(IllegalArgumentException.class, () -> new ModelScorer(new FakeModel(other)));
    }

    @Test
    void stageRankerReadsVideosOnceAndOrdersByExpectedWatchTime() {
        var store = new FeatureStore() {
            final Map<String, VideoFeatures> all = new HashMap<>(Map.of(
                    "low", video("low", 1000, 10, 60), "high", video("high", 1000, 300, 60), "long", video("long", 1000, 100, 3600)));
            int batches;

            @Override public Optional<UserFeatures> user(String userId) { return Optional.empty(); }

            @Override
            public Map<String, VideoFeatures> videos(Collection<String> ids) {
                batches++;
                var out = new HashMap<String, VideoFeatures>();
                for (String id : ids) if (all.containsKey(id)) out.put(id, all.get(id));
                return out;
            }
        };
        var ranker = StageRanker.model(store, new FakeModel(RankingFeatures.SCHEMA), () -> 0L);
        var candidates = List.of(Candidate.of("low", null, 0, "ann"), Candidate.of("high", null, 0, "ann"),
                Candidate.of("long", null, 0, "ann"));
        var ranking = ranker.rank(FeedRequest.home("r", "u", 10, RequestContext.UNKNOWN), UserFeatures.getDefaultInstance(), candidates);

        assertEquals(1, store.batches);
        assertEquals("mmoe-test", ranking.modelVersion());
        // pCTR x (0.5 x duration): long 0.1 x 1800 > high 0.3 x 30 > low 0.01 x 30
        assertEquals(List.of("long", "high", "low"), ranking.candidates().stream().map(Candidate::videoId).toList());
        assertTrue(ranking.candidates().get(0).score() > ranking.candidates().get(1).score());
    }

    @Test
    void theObserverHearsTheRowsTheModelScored() {
        var model = new FakeModel(RankingFeatures.SCHEMA);
        var heard = new ArrayList<List<FeatureRow>>();
        var scorer = new ModelScorer(model, 100, heard::add);
        scorer.score(UserFeatures.getDefaultInstance(), List.of(video("a", 100, 10, 60), video("b", 0, 0, 0)),
                RankContext.getDefaultInstance());
        assertEquals(1, heard.size());
        // Rows are built on reading (the batch is columnar): the same values, not the same objects.
        List<FeatureRow> scored = model.calls.get(0), observed = heard.get(0);
        assertEquals(scored.size(), observed.size());
        for (int i = 0; i < scored.size(); i++) {
            assertTrue(java.util.Arrays.equals(scored.get(i).categorical(), observed.get(i).categorical()), "row " + i);
            assertTrue(java.util.Arrays.equals(scored.get(i).numeric(), observed.get(i).numeric()), "row " + i);
        }
        scorer.score(UserFeatures.getDefaultInstance(), List.of(), RankContext.getDefaultInstance());
        assertEquals(1, heard.size(), "nothing scored, nothing heard");
    }
}
