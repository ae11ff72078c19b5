package dev.reelrank.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.model.ranking.FeatureRow;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.WindowStats;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class RankingFeaturesTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final RankingFeatures.Context CTX = new RankingFeatures.Context("mobile", "BR", 21, Surface.home);

    private static Timestamp at(long millis) {
        return Timestamp.newBuilder().setSeconds(millis / 1000).build();
    }

    private static VideoFeatures video() {
        return VideoFeatures.newBuilder().setVideoId("v1").setChannelId("ch").setCategory("music").setLanguage("pt")
                .setDurationSeconds(200).setPublishedAt(at(NOW - 48 * 3_600_000L))
                .setImpressions(180).setClicks(19).setViews(10).setWatchSeconds(2370).setLikes(4)
                .setLast24H(WindowStats.newBuilder().setImpressions(30).setClicks(5).setViews(3).setWatchSeconds(300))
                .build();
    }

    private static float num(FeatureRow r, String name) {
        return r.numeric()[RankingFeatures.SCHEMA.numeric().indexOf(name)];
    }

    private static String cat(FeatureRow r, String name) {
        return r.categorical()[RankingFeatures.SCHEMA.categorical().indexOf(name)];
    }

    private static void assertWellFormed(FeatureRow r) {
        assertEquals(RankingFeatures.SCHEMA.categorical().size(), r.categorical().length);
        assertEquals(RankingFeatures.SCHEMA.numeric().size(), r.numeric().length);
        for (String s : r.categorical()) assertTrue(s != null);
        for (float f : r.numeric()) assertTrue(Float.isFinite(f), "non-finite numeric");
    }

    @Test
    void schemaNamesAreUniqueAndCoverTheIssuesFeatures() {
        var s = RankingFeatures.SCHEMA;
        assertEquals(s.numeric().size(), new HashSet<>(s.numeric()).size());
        assertEquals(s.categorical().size(), new HashSet<>(s.categorical()).size());
        for (String c : new String[] {"user_id", "video_id", "channel_id", "category", "device", "region", "surface", "local_hour"}) {
            assertTrue(s.categorical().contains(c), c);
        }
        for (String n : new String[] {"video_ctr", "w24h_ctr", "video_log_duration", "video_log_age_hours", "user_log_interactions",
                "x_channel_affinity", "x_log_seconds_since_channel_watch", "x_similarity", "log_position"}) {
            assertTrue(s.numeric().contains(n), n);
        }
    }

    @Test
    void knownVideoRowCarriesItsCountersContextAndAge() {
        var user = RankingFeatures.user(UserFeatures.newBuilder().setUserId("u1").setInteractionCount(9).build(), NOW);
        FeatureRow r = RankingFeatures.row(user, video(), "v1", CTX, 3, 0.25f);
        assertWellFormed(r);
        assertEquals("u1", cat(r, "user_id"));
        assertEquals("v1", cat(r, "video_id"));
        assertEquals("ch", cat(r, "channel_id"));
        assertEquals("home", cat(r, "surface"));
        assertEquals("21", cat(r, "local_hour"));
        assertEquals("BR", cat(r, "region"));
        assertEquals(1f, num(r, "video_known"));
        assertEquals((19 + 1) / 200.0, num(r, "video_ctr"), 1e-6);
        assertEquals((5 + 1) / 50.0, num(r, "w24h_ctr"), 1e-6);
        assertEquals(1f, num(r, "video_has_windows"));
        assertEquals(Math.log1p(48), num(r, "video_log_age_hours"), 1e-5);
        assertEquals(Math.log1p(9), num(r, "user_log_interactions"), 1e-6);
        assertEquals(Math.log1p(3), num(r, "log_position"), 1e-6);
        assertEquals(0.25f, num(r, "x_similarity"));
        assertEquals(1f, num(r, "x_has_similarity"));
    }

    @Test
    void unknownVideoGetsPriorsAndEmptyCategoricals() {
        var user = RankingFeatures.user(UserFeatures.getDefaultInstance(), NOW);
        FeatureRow r = RankingFeatures.row(user, null, "new-upload", RankingFeatures.Context.UNKNOWN,
                RankingFeatures.SERVING_POSITION, RankingFeatures.NO_SIMILARITY);
        assertWellFormed(r);
        assertEquals("new-upload", cat(r, "video_id"));
        assertEquals("", cat(r, "channel_id"));
        assertEquals("", cat(r, "surface"));
        assertEquals("", cat(r, "local_hour"));
        assertEquals(0f, num(r, "video_known"));
        assertEquals(1 / 20.0, num(r, "video_ctr"), 1e-6);
        assertEquals(num(r, "video_ctr"), num(r, "w5m_ctr"));
        assertEquals(0f, num(r, "video_has_windows"));
        assertEquals(0f, num(r, "x_has_similarity"));
        assertEquals(0f, num(r, "log_position"));
    }

    @Test
    void crossesReadTheUsersAffinitiesAndHistoryOfThatChannel() {
        var u = UserFeatures.newBuilder().setUserId("u1")
                .putChannelAffinity("ch", 3).putChannelAffinity("other", -1)
                .putCategoryAffinity("music", 2)
                .addSubscribedChannelIds("ch")
                .addWatchedVideoIds("v1")
                .addRecent(HistoryEntry.newBuilder().setVideoId("v9").setChannelId("ch").setCategory("music")
                        .setAction(Action.watch).setAt(at(NOW - 600_000)))
                .addRecent(HistoryEntry.newBuilder().setVideoId("v8").setChannelId("ch").setCategory("music")
                        .setAction(Action.watch).setAt(at(NOW - 7_200_000)))
                .build();
        FeatureRow r = RankingFeatures.row(RankingFeatures.user(u, NOW), video(), "v1", CTX, 0, RankingFeatures.NO_SIMILARITY);
        assertWellFormed(r);
        assertEquals(Math.log1p(3), num(r, "x_channel_affinity"), 1e-6);
        assertEquals(0.75, num(r, "x_channel_affinity_share"), 1e-6);
        assertEquals(Math.log1p(2), num(r, "x_category_affinity"), 1e-6);
        assertEquals(1f, num(r, "x_subscribed"));
        assertEquals(1f, num(r, "x_watched_video"));
        assertEquals(Math.log1p(2), num(r, "x_log_recent_of_channel"), 1e-6);
        // the newest watch of the channel, 600 s ago
        assertEquals(Math.log1p(600), num(r, "x_log_seconds_since_channel_watch"), 1e-5);
        assertEquals(1f, num(r, "x_channel_watched"));

        var stranger = RankingFeatures.user(UserFeatures.newBuilder().putChannelAffinity("ch", -1e300).build(), NOW);
        FeatureRow s = RankingFeatures.row(stranger, video(), "v1", CTX, 0, RankingFeatures.NO_SIMILARITY);
        assertWellFormed(s);
        assertTrue(num(s, "x_channel_affinity") < 0);
        assertEquals(0f, num(s, "x_channel_watched"));
        assertEquals(Math.log1p(RankingFeatures.NEVER_SECONDS), num(s, "x_log_seconds_since_channel_watch"), 1e-4);
    }

    @Test
    void corruptCountersStayFinite() {
        var bad = VideoFeatures.newBuilder().setVideoId("x").setChannelId("ch").setImpressions(-5).setClicks(Long.MAX_VALUE)
                .setWatchSeconds(Double.NaN).setViews(0).setDurationSeconds(1)
                .setPublishedAt(at(NOW + 86_400_000L)) // published "in the future": age 0, not negative
                .setLast5M(WindowStats.newBuilder().setWatchSeconds(Double.POSITIVE_INFINITY)).build();
        var u = UserFeatures.newBuilder().putChannelAffinity("ch", Double.POSITIVE_INFINITY).build();
        FeatureRow r = RankingFeatures.row(RankingFeatures.user(u, NOW), bad, "x", CTX, -4, Float.POSITIVE_INFINITY);
        assertWellFormed(r);
        assertEquals(0f, num(r, "video_log_age_hours"));
        assertEquals(0f, num(r, "x_has_similarity"));
        assertEquals(0f, num(r, "log_position"));
    }

    @Test
    void contextFromTheRpcReadsTheLocalHour() {
        var ctx = RankingFeatures.Context.of(RankContext.newBuilder().setDevice("tv").setSurface(Surface.up_next)
                .setLocalTime(at(NOW)).build());
        assertEquals(RankingFeatures.Context.hourOf(NOW), ctx.localHour());
        assertEquals("", ctx.region());
        assertEquals(-1, RankingFeatures.Context.of(RankContext.getDefaultInstance()).localHour());
    }
}
