package dev.reelrank.ranking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Timestamp;
import dev.reelrank.model.ranking.FeatureBatch;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.WindowStats;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batch assembly ({@link RankingFeatures#rows}, serving) and the single row
 * ({@link RankingFeatures#row}, training) give exactly, bit for bit, the values of the assembly
 * the shipped models were trained on ({@link LegacyRankingFeatures}), for randomized users, videos
 * and contexts including the awkward ones (unknown videos, empty ids, negative and non-finite
 * counters, missing windows, odd positions and similarities).
 */
class RankingFeaturesEquivalenceTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final Action[] ACTIONS = java.util.Arrays.stream(Action.values()).filter(a -> a != Action.UNRECOGNIZED).toArray(Action[]::new);

    @Test
    void batchRowsEqualTheReferenceAssemblyBitForBit() {
        var random = new SplittableRandom(17);
        for (int request = 0; request < 200; request++) {
            UserFeatures u = user(random);
            var ctx = context(random);
            int n = random.nextInt(0, 120);
            var videos = new ArrayList<VideoFeatures>();
            var ids = new ArrayList<String>();
            float[] similarities = new float[n];
            for (int i = 0; i < n; i++) {
                VideoFeatures v = random.nextInt(15) == 0 ? null : video(random);
                videos.add(v);
                ids.add(random.nextInt(30) == 0 ? null : random.nextInt(10) == 0 ? "dup" : v == null ? "new-" + i : v.getVideoId());
                similarities[i] = similarity(random);
            }
            int position = random.nextInt(4) == 0 ? random.nextInt(-3, 50) : RankingFeatures.SERVING_POSITION;
            var view = RankingFeatures.user(u, NOW);
            // The same view twice: its per-channel cache must hand the second batch its own codes.
            for (int pass = 0; pass < 2; pass++) {
                float[] sims = random.nextBoolean() ? similarities : null;
                FeatureBatch batch = RankingFeatures.rows(view, videos, ids, ctx, position, sims);
                assertEquals(n, batch.size());
                List<FeatureRow> rows = batch.rows();
                for (int i = 0; i < n; i++) {
                    float s = sims == null ? RankingFeatures.NO_SIMILARITY : sims[i];
                    FeatureRow want = LegacyRankingFeatures.row(u, NOW, videos.get(i), ids.get(i), ctx, position, s);
                    assertSame(want, rows.get(i), "request " + request + " pass " + pass + " row " + i);
                }
            }
        }
    }

    @Test
    void singleRowsEqualTheReferenceAssemblyBitForBit() {
        var random = new SplittableRandom(29);
        for (int i = 0; i < 3_000; i++) {
            UserFeatures u = user(random);
            var view = RankingFeatures.user(u, NOW);
            var ctx = context(random);
            for (int k = 0; k < 3; k++) {   // one view, several exposures: as TrainingExamples replays a slate
                VideoFeatures v = random.nextInt(10) == 0 ? null : video(random);
                String id = v == null ? "new" : v.getVideoId();
                int position = random.nextInt(-2, 40);
                float s = similarity(random);
                assertSame(LegacyRankingFeatures.row(u, NOW, v, id, ctx, position, s), RankingFeatures.row(view, v, id, ctx, position, s),
                        "case " + i + "." + k);
            }
        }
    }

    @Test
    void mismatchedListsAreRefused() {
        var view = RankingFeatures.user(UserFeatures.getDefaultInstance(), NOW);
        assertThrows(IllegalArgumentException.class, () -> RankingFeatures.rows(view, List.of(VideoFeatures.getDefaultInstance()),
                List.of(), RankingFeatures.Context.UNKNOWN, 0, null));
        assertThrows(IllegalArgumentException.class, () -> RankingFeatures.rows(view, List.of(VideoFeatures.getDefaultInstance()),
                List.of("v"), RankingFeatures.Context.UNKNOWN, 0, new float[2]));
    }

    private static void assertSame(FeatureRow want, FeatureRow got, String what) {
        assertArrayEquals(want.categorical(), got.categorical(), what + ": categorical");
        assertEquals(want.numeric().length, got.numeric().length, what);
        for (int f = 0; f < want.numeric().length; f++) {
            assertEquals(Float.floatToRawIntBits(want.numeric()[f]), Float.floatToRawIntBits(got.numeric()[f]),
                    what + ": " + RankingFeatures.SCHEMA.numeric().get(f) + " " + want.numeric()[f] + " vs " + got.numeric()[f]);
        }
    }

    private static float similarity(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> Float.NaN;
            case 1 -> Float.POSITIVE_INFINITY;
            case 2 -> (float) r.nextDouble(-1e7, 1e7);
            default -> (float) r.nextDouble(-1, 1);
        };
    }

    private static String channel(SplittableRandom r) {
        return r.nextInt(12) == 0 ? "" : "ch" + r.nextInt(25);
    }

    private static String category(SplittableRandom r) {
        return r.nextInt(12) == 0 ? "" : "cat" + r.nextInt(8);
    }

    private static RankingFeatures.Context context(SplittableRandom r) {
        Surface[] surfaces = {Surface.home, Surface.up_next, Surface.surface_unspecified, Surface.UNRECOGNIZED, null};
        return new RankingFeatures.Context(r.nextInt(5) == 0 ? null : "dev" + r.nextInt(3), r.nextInt(5) == 0 ? "" : "R" + r.nextInt(4),
                r.nextInt(-2, 26), surfaces[r.nextInt(surfaces.length)]);
    }

    private static UserFeatures user(SplittableRandom r) {
        var u = UserFeatures.newBuilder().setUserId(r.nextInt(8) == 0 ? "" : "u" + r.nextInt(100))
                .setInteractionCount(r.nextInt(5) == 0 ? -5 : r.nextLong(0, 1_000_000));
        int history = r.nextInt(0, 40);
        for (int i = 0; i < history; i++) {
            var h = HistoryEntry.newBuilder().setVideoId("v" + r.nextInt(300)).setChannelId(channel(r)).setCategory(category(r))
                    .setAction(ACTIONS[r.nextInt(ACTIONS.length)]);
            if (r.nextInt(6) != 0) h.setAt(Timestamp.newBuilder().setSeconds(NOW / 1000 - r.nextLong(-100, 60L * 86_400)).setNanos(r.nextInt(1_000_000_000)));
            u.addRecent(h);
        }
        for (int i = r.nextInt(0, 60); i > 0; i--) u.addWatchedVideoIds("v" + r.nextInt(300));
        for (int i = r.nextInt(0, 20); i > 0; i--) {
            double a = switch (r.nextInt(10)) {
                case 0 -> -r.nextDouble(0, 5);
                case 1 -> 1e300;
                default -> r.nextDouble(0, 10);
            };
            u.putChannelAffinity(channel(r), a);
        }
        for (int i = r.nextInt(0, 8); i > 0; i--) u.putCategoryAffinity(category(r), r.nextDouble(-1, 10));
        for (int i = r.nextInt(0, 6); i > 0; i--) u.addSubscribedChannelIds(channel(r));
        return u.build();
    }

    private static VideoFeatures video(SplittableRandom r) {
        var v = VideoFeatures.newBuilder().setVideoId(r.nextInt(15) == 0 ? "" : "v" + r.nextInt(300)).setChannelId(channel(r))
                .setCategory(category(r)).setLanguage(r.nextInt(6) == 0 ? "" : "l" + r.nextInt(4))
                .setDurationSeconds(r.nextInt(8) == 0 ? -r.nextInt(10) : r.nextInt(0, 4_000))
                .setImpressions(counter(r)).setViews(counter(r)).setClicks(counter(r)).setLikes(counter(r)).setShares(counter(r))
                .setDislikes(counter(r)).setSkips(counter(r)).setNotInterested(counter(r))
                .setWatchSeconds(switch (r.nextInt(12)) {
                    case 0 -> Double.NaN;
                    case 1 -> Double.POSITIVE_INFINITY;
                    case 2 -> -r.nextDouble(0, 100);
                    default -> r.nextDouble(0, 1e7);
                });
        if (r.nextInt(5) != 0) v.setPublishedAt(Timestamp.newBuilder().setSeconds(NOW / 1000 - r.nextLong(-3_600, 400L * 86_400)));
        if (r.nextInt(3) != 0) v.setLast5M(window(r));
        if (r.nextInt(3) != 0) v.setLast1H(window(r));
        if (r.nextInt(3) != 0) v.setLast24H(window(r));
        return v.build();
    }

    private static long counter(SplittableRandom r) {
        return switch (r.nextInt(15)) {
            case 0 -> -r.nextLong(1, 1_000);
            case 1 -> Long.MAX_VALUE;
            case 2 -> 0;
            default -> r.nextLong(0, 5_000_000);
        };
    }

    private static WindowStats window(SplittableRandom r) {
        return WindowStats.newBuilder().setImpressions(counter(r)).setViews(counter(r)).setClicks(counter(r))
                .setWatchSeconds(r.nextInt(10) == 0 ? Double.NaN : r.nextDouble(0, 1e5)).setLikes(counter(r)).build();
    }
}
