package dev.reelrank.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.model.ranking.TrainingExample;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingExamplesTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final Map<String, VideoFeatures> CATALOGUE = Map.of(
            "a", VideoFeatures.newBuilder().setVideoId("a").setChannelId("ch1").setCategory("music").setDurationSeconds(100).build(),
            "b", VideoFeatures.newBuilder().setVideoId("b").setChannelId("ch2").setCategory("news").setDurationSeconds(50).build());

    private static Interaction event(String user, String video, Action action, long t, String request, double watch) {
        var b = Interaction.newBuilder().setUserId(user).setVideoId(video).setAction(action).setRequestId(request)
                .setSurface(Surface.home).setDevice("mobile").setRegion("BR").setWatchSeconds(watch)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(t / 1000));
        return b.build();
    }

    private static TrainingExamples replayer(LabelRule rule) {
        return new TrainingExamples(new TrainingExamples.Config(rule, UserFeatureUpdater.DEFAULTS, true), CATALOGUE::get, null);
    }

    private static float num(FeatureRow r, String name) {
        return r.numeric()[RankingFeatures.SCHEMA.numeric().indexOf(name)];
    }

    private static String cat(FeatureRow r, String name) {
        return r.categorical()[RankingFeatures.SCHEMA.categorical().indexOf(name)];
    }

    @Test
    void theLocalHourIsTheEventsOwnOffsetFromUtcOrUtcWhereItHasNone() {
        long t = T0; // 2027-01-15T08:00:00Z
        int utcHour = RankingFeatures.Context.hourOf(t);
        var withOffset = event("u1", "a", Action.impression, t, "r1", 0).toBuilder().setUtcOffsetMinutes(-300).build();
        var withoutOffset = event("u2", "a", Action.impression, t, "r2", 0);
        var examples = replayer(LabelRule.impressions(60_000)).replayAll(List.of(withOffset, withoutOffset).iterator());
        assertEquals(2, examples.size());
        assertEquals(String.format("%02d", Math.floorMod(utcHour - 5, 24)), cat(examples.get(0).features(), "local_hour"),
                "UTC-5: the hour the ranker was served for that user");
        assertEquals(String.format("%02d", utcHour), cat(examples.get(1).features(), "local_hour"), "no offset: the UTC hour, as before");
    }

    @Test
    void impressionsAreLabelledByTheSlatesClicksAndWatches() {
        var log = List.of(
                event("u1", "a", Action.impression, T0, "r1", 0),
                event("u1", "b", Action.impression, T0, "r1", 0),
                event("u1", "a", Action.click, T0 + 5_000, "r1", 0),
                event("u1", "a", Action.watch, T0 + 65_000, "r1", 60),
                // a click in another slate does not label r1's impression of b
                event("u1", "b", Action.impression, T0 + 100_000, "r2", 0),
                event("u1", "b", Action.click, T0 + 110_000, "r2", 0),
                event("u1", "b", Action.watch, T0 + 900_000, "r2", 400));
        var examples = replayer(LabelRule.impressions(LabelRule.DEFAULT_WINDOW_MILLIS)).replayAll(log.iterator());

        assertEquals(3, examples.size());
        TrainingExample a = examples.get(0), b1 = examples.get(1), b2 = examples.get(2);
        assertEquals("a", a.videoId());
        assertEquals(1f, a.click());
        assertEquals(0.6f, a.watchRatio(), 1e-6);
        assertEquals("b", b1.videoId());
        assertEquals(0f, b1.click());
        assertEquals(0f, b1.watchRatio());
        assertEquals(1f, b2.click());
        assertEquals(LabelRule.MAX_WATCH_RATIO, b2.watchRatio()); // 400 s of a 50 s video, capped
    }

    @Test
    void featuresAreReadBeforeTheExposureAndItsOutcome() {
        var log = List.of(
                event("u1", "a", Action.impression, T0, "r1", 0),
                event("u1", "a", Action.click, T0 + 1_000, "r1", 0),
                event("u1", "a", Action.watch, T0 + 100_000, "r1", 90),
                event("u2", "a", Action.impression, T0 + 200_000, "r9", 0),
                event("u1", "a", Action.impression, T0 + 300_000, "r2", 0));
        var examples = replayer(LabelRule.impressions(60_000)).replayAll(log.iterator());
        assertEquals(3, examples.size());

        FeatureRow first = examples.get(0).features();
        // Nothing had happened to a or u1 yet: not even this impression is counted.
        assertEquals(0f, num(first, "video_log_impressions"));
        assertEquals(0f, num(first, "video_log_clicks"));
        assertEquals(0f, num(first, "video_has_windows"));
        assertEquals(0f, num(first, "user_log_interactions"));
        assertEquals(0f, num(first, "x_channel_affinity"));

        FeatureRow second = examples.get(1).features();
        // u2 sees a after u1's impression, click and watch: counters and windows include them, u2's history does not.
        assertEquals((float) Math.log1p(1), num(second, "video_log_impressions"));
        assertEquals((float) Math.log1p(1), num(second, "video_log_clicks"));
        assertEquals((float) Math.log1p(90), num(second, "video_log_watch_seconds"));
        assertEquals(1f, num(second, "video_has_windows"));
        assertEquals((float) Math.log1p(1), num(second, "w5m_log_impressions"));
        assertEquals(0f, num(second, "user_log_interactions"));
        assertEquals(0f, examples.get(1).click()); // u1's click is not u2's

        FeatureRow third = examples.get(2).features();
        // u1's own earlier engagement is now in u1's features (the fold), and u2's impression in a's counters.
        assertEquals((float) Math.log1p(3), num(third, "user_log_interactions"));
        assertTrue(num(third, "x_channel_affinity") > 0);
        assertEquals(1f, num(third, "x_channel_watched"));
        assertEquals((float) Math.log1p(200), num(third, "x_log_seconds_since_channel_watch"), 1e-5);
        assertEquals((float) Math.log1p(2), num(third, "video_log_impressions"));
        // The 5 minute window as of T0 + 300 s no longer holds the first minute's events.
        assertEquals((float) Math.log1p(1), num(third, "w5m_log_impressions"));
    }

    @Test
    void impressionsOfOneSlateShareTheUserStateBeforeTheSlate() {
        var log = List.of(
                event("u1", "a", Action.watch, T0 - 10_000, "r0", 10),
                event("u1", "a", Action.impression, T0, "r1", 0),
                event("u1", "b", Action.impression, T0, "r1", 0));
        var examples = replayer(LabelRule.impressions(60_000)).replayAll(log.iterator());
        assertEquals(2, examples.size());
        assertEquals(num(examples.get(0).features(), "user_log_interactions"), num(examples.get(1).features(), "user_log_interactions"));
        assertEquals((float) Math.log1p(1), num(examples.get(1).features(), "user_log_interactions"));
    }

    @Test
    void withoutImpressionsEveryRowIsAnExposureLabelledByTheDataSetsPositive() {
        var log = new ArrayList<Interaction>();
        log.add(event("u1", "a", Action.watch, 0, "", 250)); // ratio 2.5 >= 2: positive
        log.add(event("u1", "b", Action.watch, 0, "", 60));  // ratio 1.2: negative
        log.add(event("u1", "b", Action.like, 0, "", 0));    // a like is positive
        log.add(Interaction.newBuilder().setUserId("u1").setChannelId("ch1").setAction(Action.subscribe).build()); // no video
        var examples = replayer(LabelRule.everyRow(2.0)).replayAll(log.iterator());

        assertEquals(3, examples.size());
        assertEquals(1f, examples.get(0).click());
        assertEquals(2.5f, examples.get(0).watchRatio(), 1e-6);
        assertEquals(0f, examples.get(1).click());
        assertEquals(1.2f, examples.get(1).watchRatio(), 1e-6);
        assertEquals(1f, examples.get(2).click());
        assertEquals(0f, examples.get(2).watchRatio());
        // the second row's features include the first row (same user, earlier), not itself
        assertEquals((float) Math.log1p(1), num(examples.get(1).features(), "user_log_interactions"));
        assertEquals(0f, num(examples.get(1).features(), "video_log_views"));
        assertEquals((float) Math.log1p(1), num(examples.get(2).features(), "video_log_views"));
    }

    @Test
    void labelRuleMatchesTheEvaluatorsPositive() {
        var rule = LabelRule.everyRow(0.5);
        assertTrue(rule.positive(event("u", "a", Action.share, 0, "", 0), 0));
        assertTrue(rule.positive(event("u", "a", Action.watch, 0, "", 50), 100));
        assertTrue(!rule.positive(event("u", "a", Action.watch, 0, "", 49), 100));
        assertTrue(!rule.positive(event("u", "a", Action.watch, 0, "", 49), 0)); // unknown duration: never
        assertTrue(!LabelRule.everyRow(null).positive(event("u", "a", Action.watch, 0, "", 1e9), 100));
        assertTrue(!rule.positive(event("u", "a", Action.click, 0, "", 0), 100));
    }

    @Test
    void stateIsTheFeatureStoreAfterTheLog() {
        var replay = replayer(LabelRule.impressions(60_000));
        replay.replayAll(List.of(event("u1", "a", Action.impression, T0, "r1", 0),
                event("u1", "a", Action.watch, T0 + 1_000, "r1", 30)).iterator());
        var store = replay.state();
        assertEquals(1, store.videos(List.of("a", "b", "zzz")).get("a").getViews());
        assertEquals(0, store.videos(List.of("b")).get("b").getViews());
        assertTrue(!store.videos(List.of("zzz")).containsKey("zzz"));
        assertEquals(2, store.user("u1").orElseThrow().getInteractionCount());
    }
}
