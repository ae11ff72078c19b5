package dev.reelrank.ranking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.Timestamp;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.model.ranking.CandidateSimilarity;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.FeatureSchema;
import dev.reelrank.model.ranking.RankingModel;
import dev.reelrank.model.ranking.TrainingExample;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two-tower similarity column: its values, its masking for older models, and one row for training and serving. */
class SimilarityFeatureTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final Map<String, VideoFeatures> CATALOGUE = Map.of(
            "a", VideoFeatures.newBuilder().setVideoId("a").setChannelId("ch1").setCategory("music").setDurationSeconds(100)
                    .setPublishedAt(Timestamp.newBuilder().setSeconds(T0 / 1000 - 86_400)).build(),
            "b", VideoFeatures.newBuilder().setVideoId("b").setChannelId("ch2").setCategory("news").setDurationSeconds(50).build());

    /** A two-tower version of hand-made vectors: the user's depends on the region, as a user tower's may. */
    static final CandidateSimilarity HAND_MADE = new CandidateSimilarity() {
        final Map<String, float[]> videos = Map.of("a", new float[]{0.6f, 0.8f}, "b", new float[]{1f, 0f});

        @Override public String version() { return "tt-hand"; }

        @Override
        public Query query(UserFeatures user, RequestContext context) {
            if (user.getUserId().equals("stranger")) return null;
            float[] u = context != null && "BR".equals(context.region()) ? new float[]{0f, 1f} : new float[]{1f, 0f};
            return ids -> {
                float[] out = new float[ids.size()];
                for (int i = 0; i < out.length; i++) out[i] = CandidateSimilarity.dot(u, videos.get(ids.get(i)));
                return out;
            };
        }
    };

    /** Records the rows it is asked to score; scores click = x_similarity so masking shows in the scores too. */
    static final class RecordingModel implements RankingModel {
        final boolean readsSimilarity;
        final List<FeatureRow> rows = new ArrayList<>();

        RecordingModel(boolean readsSimilarity) {
            this.readsSimilarity = readsSimilarity;
        }

        @Override public String version() { return readsSimilarity ? "mmoe-with" : "mmoe-before"; }
        @Override public FeatureSchema schema() { return RankingFeatures.SCHEMA; }
        @Override public List<String> objectives() { return List.of("click"); }
        @Override public boolean readsSimilarity() { return readsSimilarity; }

        @Override
        public float[][] predict(List<FeatureRow> in) {
            rows.addAll(in);
            int sim = RankingFeatures.SCHEMA.numeric().indexOf("x_similarity");
            var out = new float[in.size()][];
            for (int i = 0; i < out.length; i++) out[i] = new float[]{in.get(i).numeric()[sim]};
            return out;
        }
    }

    private static float num(FeatureRow r, String name) {
        return r.numeric()[RankingFeatures.SCHEMA.numeric().indexOf(name)];
    }

    private static Interaction event(String user, String video, Action action, long t, String request) {
        return Interaction.newBuilder().setUserId(user).setVideoId(video).setAction(action).setRequestId(request)
                .setSurface(Surface.home).setDevice("mobile").setRegion("BR").setPosition(0)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(t / 1000)).build();
    }

    @Test
    void theColumnsHoldTheValueOrTheNeutralZeroWithTheFlagOff() {
        var user = RankingFeatures.user(UserFeatures.newBuilder().setUserId("u").build(), T0);
        var b = RankingFeatures.rows(user, Arrays.asList(CATALOGUE.get("a"), CATALOGUE.get("b"), null), List.of("a", "b", "c"),
                RankingFeatures.Context.UNKNOWN, 0, new float[]{-0.35f, 0f, CandidateSimilarity.MISSING});
        var rows = b.rows();
        assertEquals(-0.35f, num(rows.get(0), "x_similarity"));
        assertEquals(1f, num(rows.get(0), "x_has_similarity"));
        assertEquals(0f, num(rows.get(1), "x_similarity"), "a real 0 ...");
        assertEquals(1f, num(rows.get(1), "x_has_similarity"), "... is known");
        assertEquals(0f, num(rows.get(2), "x_similarity"), "missing: the neutral 0 ...");
        assertEquals(0f, num(rows.get(2), "x_has_similarity"), "... flagged as unknown");
    }

    @Test
    void aModelTrainedWithoutTheFeatureIsScoredAsIfNoneWasSent() {
        var request = new CandidateScorer.Request(UserFeatures.newBuilder().setUserId("u").build(), List.of("a", "b"),
                Arrays.asList(CATALOGUE.get("a"), CATALOGUE.get("b")), RankContext.getDefaultInstance(), new float[]{0.6f, 1f}, T0);
        var before = new RecordingModel(false);
        var with = new RecordingModel(true);
        float[][] old = new ModelScorer(before).score(request);
        float[][] reads = new ModelScorer(with).score(request);
        float[][] none = new ModelScorer(new RecordingModel(false)).score(new CandidateScorer.Request(request.user(), request.videoIds(),
                request.videos(), request.context(), null, T0));

        for (int i = 0; i < 2; i++) {
            assertArrayEquals(none[i], old[i], "the same scores as a request without similarities");
            assertEquals(0f, num(before.rows.get(i), "x_has_similarity"), "an older model never sees the similarity");
            assertEquals(1f, num(with.rows.get(i), "x_has_similarity"));
        }
        assertEquals(0.6f, reads[0][0]);
        assertEquals(1f, reads[1][0]);
    }

    @Test
    void trainingAndServingAssembleTheSameRowForTheSameInputs() {
        // History before the exposure, then the exposure (an impression of "a", logged at position 0, the serving position).
        var history = List.of(
                event("u1", "b", Action.impression, T0, "r0"),
                event("u1", "b", Action.click, T0 + 2_000, "r0"),
                event("u1", "b", Action.watch, T0 + 40_000, "r0"));
        long t = T0 + 3_600_000;
        var exposure = event("u1", "a", Action.impression, t, "r1");
        var config = new TrainingExamples.Config(LabelRule.impressions(LabelRule.DEFAULT_WINDOW_MILLIS), UserFeatureUpdater.DEFAULTS, false);

        // Training: the replay's row of the exposure.
        var all = new ArrayList<>(history);
        all.add(exposure);
        List<TrainingExample> examples = new TrainingExamples(config, CATALOGUE::get, null, HAND_MADE).replayAll(all.iterator());
        FeatureRow trained = examples.get(examples.size() - 1).features();
        assertEquals("a", examples.get(examples.size() - 1).videoId());

        // Serving: the state the history leaves in the store, the request's context, the similarity as
        // feed-assembly computes it (user vector for the request's context) and re-ranking assembles it.
        var before = new TrainingExamples(config, CATALOGUE::get, null);
        before.replayAll(history.iterator());
        UserFeatures user = before.state().user("u1").orElseThrow();
        VideoFeatures video = before.state().videos(List.of("a")).get("a");
        Instant local = Instant.ofEpochMilli(t);
        var context = RankContext.newBuilder().setDevice("mobile").setRegion("BR").setSurface(Surface.home)
                .setLocalTime(Timestamp.newBuilder().setSeconds(local.getEpochSecond())).build();
        float[] similarities = HAND_MADE.of(user, new RequestContext("mobile", "BR", local), List.of("a"));
        var model = new RecordingModel(true);
        new ModelScorer(model).score(new CandidateScorer.Request(user, List.of("a"), List.of(video), context, similarities, t));
        FeatureRow served = model.rows.get(0);

        assertEquals(0.8f, num(trained, "x_similarity"), 1e-6f, "BR user (0, 1) . video a (0.6, 0.8)");
        assertEquals(1f, num(trained, "x_has_similarity"));
        assertArrayEquals(trained.categorical(), served.categorical());
        assertArrayEquals(trained.numeric(), served.numeric());

        // And without a user vector, both sides leave the column empty alike.
        var strangerEvents = List.of(event("stranger", "a", Action.impression, t, "r9"));
        FeatureRow strangerTrained = new TrainingExamples(config, CATALOGUE::get, null, HAND_MADE)
                .replayAll(strangerEvents.iterator()).get(0).features();
        assertEquals(0f, num(strangerTrained, "x_has_similarity"));
        assertNotEquals(0f, num(trained, "x_has_similarity"));
    }
}
