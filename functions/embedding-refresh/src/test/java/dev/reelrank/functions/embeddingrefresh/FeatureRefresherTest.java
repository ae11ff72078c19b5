package dev.reelrank.functions.embeddingrefresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.model.ActiveUsers;
import dev.reelrank.model.ServedImpressions;
import dev.reelrank.model.EngagementWeights;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeatureWriter;
import dev.reelrank.model.RetrievalSignalWriter;
import dev.reelrank.model.UserFeatureUpdater;
import dev.reelrank.model.VideoStatsDelta;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The batch fold against a recording store: what is written how often, and which events die. The
 * real stores are exercised by EmbeddingRefreshIT; here the point is the arithmetic of coalescing.
 */
class FeatureRefresherTest {
    private final Recording store = new Recording();
    private final FeatureRefresher refresher = refresher(new StoreRetry(0, Duration.ofMillis(1), Duration.ofMillis(2)));

    @Test
    void aBatchWritesEachUserOnceAndEachVideoOnce() {
        store.videos.put("v1", VideoFeatures.newBuilder().setVideoId("v1").setChannelId("c1").setCategory("music").setDurationSeconds(100).build());
        var batch = new ArrayList<FeatureRefresher.Folding<String>>();
        for (int i = 0; i < 10; i++) {
            batch.add(fold("u" + (i % 2), "v1", i % 3 == 0 ? Action.impression : Action.watch, 10, "e" + i));
        }
        var outcome = refresher.apply(batch);

        assertEquals(10, outcome.folded());
        assertEquals(List.of(), outcome.dead());
        assertEquals(2, store.userWrites.get(), "one row per user");
        assertEquals(1, store.counterWrites.get(), "one counter update per video");
        assertEquals(1, store.popularityWrites.get(), "one popularity update per video and scope (global only here)");
        assertEquals(2, store.historyWrites.get(), "one history batch per user");
        assertEquals(4 + 6, store.users.get("u0").getInteractionCount() + store.users.get("u1").getInteractionCount());
        VideoStatsDelta total = store.deltas.get("v1");
        assertEquals(4, total.impressions());
        assertEquals(6, total.views());
        assertEquals(60.0, total.watchSeconds(), 1e-9);
        assertEquals(outcome.writes(), store.userWrites.get() + store.counterWrites.get() + store.popularityWrites.get() + store.historyWrites.get());
        assertTrue((double) outcome.writes() / outcome.folded() <= 0.6);
    }

    @Test
    void impressionsAloneStoreTheFatigueTalliesInTheOneUserWrite() {
        var batch = new ArrayList<FeatureRefresher.Folding<String>>();
        for (int i = 0; i < 3; i++) {
            var f = fold("u", "v1", Action.impression, 0, "i" + i);
            var timed = f.event().toBuilder().setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_800_000_000L + i)).build();
            batch.add(new FeatureRefresher.Folding<>(timed, f.hash(), f.origin()));
        }
        var outcome = refresher.apply(batch);
        UserFeatures u = store.users.get("u");
        assertEquals(1, u.getImpressionTalliesCount());
        assertEquals(3, u.getImpressionTallies(0).getCount());
        // What fatigue costs: nothing beyond the user write impressions already paid for (counts, dedup state).
        assertEquals(1, store.userWrites.get());
        assertEquals(0, store.historyWrites.get(), "impressions are not history");
        assertEquals(0, outcome.towerPasses());
        assertEquals(0, u.getRecentCount());
    }

    @Test
    void withVideoStatsOffTheFoldWritesOnlyUsers() {
        var usersOnly = new FeatureRefresher(store, store, store, store, UserEmbedder.none(), UserFeatureUpdater.DEFAULTS,
                EngagementWeights.DEFAULTS, new StoreRetry(0, Duration.ofMillis(1), Duration.ofMillis(2)), store, Clock.systemUTC(),
                new FeatureRefresher.FoldLimits(100, 512, 4, 86_400, 4, false, 1));
        var outcome = usersOnly.apply(List.of(fold("u", "v1", Action.watch, 10, "a"), fold("u", "v2", Action.like, 0, "b")));
        assertEquals(2, outcome.folded());
        assertEquals(0, outcome.videos());
        assertEquals(0, store.counterWrites.get() + store.popularityWrites.get());
        assertEquals(1, store.userWrites.get());
        assertEquals(2, store.users.get("u").getInteractionCount());
    }

    @Test
    void eachUsersEventsFoldInLogOrderAndRedeliveriesCountOnce() {
        store.videos.put("v1", VideoFeatures.newBuilder().setVideoId("v1").setChannelId("c1").setDurationSeconds(100).build());
        refresher.apply(List.of(fold("u", "v1", Action.watch, 10, "a"), fold("u", "v1", Action.like, 0, "b")));
        // A redelivery of both (same ids) followed by a new event, in one batch.
        var again = refresher.apply(List.of(fold("u", "v1", Action.watch, 10, "a"), fold("u", "v1", Action.like, 0, "b"),
                fold("u", "v1", Action.share, 0, "c")));
        assertEquals(2, again.duplicates());
        assertEquals(1, again.folded());
        UserFeatures u = store.users.get("u");
        assertEquals(3, u.getInteractionCount());
        assertEquals(List.of(Action.share, Action.like, Action.watch), u.getRecentList().stream().map(HistoryEntry::getAction).toList());
        assertEquals(1, store.deltas.get("v1").likes());
    }

    /** The served impression and the client's of the same request and video count once, whichever arrives first. */
    @Test
    void aClientImpressionOfAServedItemCountsOnce() {
        store.videos.put("v1", VideoFeatures.newBuilder().setVideoId("v1").setChannelId("c1").setDurationSeconds(100).build());
        var imp = Interaction.newBuilder().setUserId("u").setVideoId("v1").setAction(Action.impression).setRequestId("r-1").build();
        var served = new LoggedEvent(ServedImpressions.eventId("r-1", "v1"), URI.create("/reelrank/feed-assembly"), EventTypes.INTERACTION, null,
                imp.toBuilder().setPosition(0).setSource("ann").setBucket("control").build());
        var client = new LoggedEvent("client-evt-9", URI.create("/app/ios"), EventTypes.INTERACTION, null, imp.toBuilder().setDevice("ios").build());
        var otherRequest = new LoggedEvent("client-evt-10", URI.create("/app/ios"), EventTypes.INTERACTION, null,
                imp.toBuilder().setRequestId("r-2").build());
        var first = refresher.apply(List.of(folding(served)));
        var then = refresher.apply(List.of(folding(client), folding(otherRequest)));
        assertEquals(1, first.folded());
        assertEquals(1, then.duplicates(), "the client's impression of r-1/v1 is the served one");
        assertEquals(1, then.folded(), "r-2 is another exposure");
        assertEquals(2, store.deltas.get("v1").impressions());
    }

    private static FeatureRefresher.Folding<String> folding(LoggedEvent e) {
        return new FeatureRefresher.Folding<>((Interaction) e.payload(), EventIdentity.hash(e, (Interaction) e.payload()), e.id());
    }

    @Test
    void aRedeliveryIsDroppedByItsOffsetEvenPastTheHashWindow() {
        // 150 events of one user in one batch: more than the 100 hashes the user keeps.
        var first = new ArrayList<FeatureRefresher.Folding<String>>();
        for (int i = 0; i < 150; i++) first.add(atOffset(fold("u", "v1", Action.click, 0, "e" + i), 3, 1000 + i));
        refresher.apply(first);
        assertEquals(150, store.users.get("u").getInteractionCount());
        assertEquals(1149L, store.users.get("u").getAppliedOffsetsOrThrow(3));

        // After a restart Kafka redelivers from the last commit: all 150 again, then one new record.
        var again = new ArrayList<>(first);
        again.add(atOffset(fold("u", "v1", Action.like, 0, "e150"), 3, 1150));
        var outcome = refresher.apply(again);
        assertEquals(150, outcome.duplicates());
        assertEquals(151, store.users.get("u").getInteractionCount());
        assertEquals(150, store.deltas.get("v1").clicks(), "counters too");
    }

    private static FeatureRefresher.Folding<String> atOffset(FeatureRefresher.Folding<String> f, int partition, long offset) {
        return new FeatureRefresher.Folding<>(f.event(), f.hash(), f.origin(), partition, offset);
    }

    @Test
    void anAbsurdWatchCountsAtMostTheReplayFactorTimesTheDuration() {
        store.videos.put("v1", VideoFeatures.newBuilder().setVideoId("v1").setDurationSeconds(100).build());
        refresher.apply(List.of(fold("u", "v1", Action.watch, 1e300, "a"), fold("u", "v2", Action.watch, 1e300, "b")));
        assertEquals(400.0, store.deltas.get("v1").watchSeconds(), 1e-9, "4 × the duration");
        assertEquals(86_400.0, store.deltas.get("v2").watchSeconds(), 1e-9, "the ceiling when the duration is unknown");
    }

    @Test
    void eventsThatCanNeverBeAppliedAreDeadLetteredAndTheRestIsFolded() {
        var outcome = refresher.apply(List.of(
                fold("u", "v1", Action.click, 0, "good-1"),
                fold("x".repeat(70_000), "v1", Action.click, 0, "long-user"),
                fold("u", "v".repeat(600), Action.click, 0, "long-video"),
                new FeatureRefresher.Folding<>(Interaction.newBuilder().setUserId("u").setVideoId("v1").build(), 9, "no-action"),
                fold("u", "v1", Action.like, 0, "good-2")));
        assertEquals(List.of("long-user", "long-video", "no-action"), outcome.dead().stream().map(FeatureRefresher.DeadLetter::origin).sorted().toList());
        assertTrue(outcome.dead().get(0).reason().contains("exceeds the limit of 512"), outcome.dead().get(0).reason());
        assertEquals(2, store.users.get("u").getInteractionCount());
    }

    @Test
    void aUserTheStoreRefusesIsDeadLetteredOthersAreWritten() {
        store.refuseUser = "bad";
        var outcome = refresher.apply(List.of(fold("bad", "v1", Action.click, 0, "b1"), fold("ok", "v1", Action.click, 0, "o1"),
                fold("bad", "v1", Action.like, 0, "b2")));
        assertEquals(List.of("b1", "b2"), outcome.dead().stream().map(FeatureRefresher.DeadLetter::origin).sorted().toList());
        assertEquals(1, store.users.get("ok").getInteractionCount());
    }

    @Test
    void anOutageIsWaitedOutAndNothingIsSkipped() {
        store.failNextUserWrites.set(3);
        var outcome = refresher.apply(List.of(fold("u", "v1", Action.click, 0, "a")));
        assertEquals(List.of(), outcome.dead());
        assertEquals(1, store.users.get("u").getInteractionCount());

        var bounded = refresher(new StoreRetry(2, Duration.ofMillis(1), Duration.ofMillis(2)));
        store.failNextUserWrites.set(5);
        assertThrows(IllegalStateException.class, () -> bounded.apply(List.of(fold("w", "v1", Action.click, 0, "b"))),
                "with bounded attempts the batch fails (and is not acknowledged)");
    }

    @Test
    void aRefusedVideoIsDeadLetteredWithItsReason() {
        var single = fold("u", "v1", Action.click, 0, "x");
        var ok = refresher.apply(single.event(), single.hash(), single.origin());
        assertEquals(List.of(), ok.dead());
        store.refuseVideo = "v-bad";
        assertTrue(refresher.apply(VideoPublished.newBuilder().setVideoId("v-bad").setChannelId("c").build()).orElseThrow().contains("refused"));
        assertEquals(Optional.empty(), refresher.apply(VideoPublished.newBuilder().setVideoId("v-ok").setChannelId("c").build()));
    }

    @Test
    void aBatchOfVideosIsWrittenAndOnlyTheRefusedOneIsReported() {
        store.refuseVideo = "v-bad";
        var batch = new java.util.ArrayList<VideoPublished>();
        for (int i = 0; i < 20; i++) batch.add(VideoPublished.newBuilder().setVideoId(i == 7 ? "v-bad" : "v" + i).setChannelId("c").build());
        Map<String, String> refused = refresher.applyVideos(batch);
        assertEquals(java.util.Set.of("v-bad"), refused.keySet());
        assertTrue(refused.get("v-bad").contains("refused"), refused.get("v-bad"));
        assertEquals(19, store.upserts.get(), "every other video of the batch stored");
        assertEquals(19, store.uploads.get(), "and its uploads recorded");
    }

    private FeatureRefresher refresher(StoreRetry retry) {
        return new FeatureRefresher(store, store, store, store, UserEmbedder.none(), UserFeatureUpdater.DEFAULTS, EngagementWeights.DEFAULTS,
                retry, store, Clock.systemUTC(), new FeatureRefresher.FoldLimits(100, 512, 4, 86_400, 4, true, 3));
    }

    private static FeatureRefresher.Folding<String> fold(String user, String video, Action action, double watch, String id) {
        var e = Interaction.newBuilder().setUserId(user).setVideoId(video).setAction(action).setWatchSeconds(watch).build();
        return new FeatureRefresher.Folding<>(e, FeatureRefresher.eventHash("test", id), id);
    }

    /** Records every write; can refuse a key for good (like Cassandra's key limit) or fail a few times (an outage). */
    private static final class Recording implements FeatureStore, FeatureWriter, RetrievalSignalWriter, ActiveUsers {
        final Map<String, UserFeatures> users = new ConcurrentHashMap<>();
        final Map<String, VideoFeatures> videos = new ConcurrentHashMap<>();
        final Map<String, VideoStatsDelta> deltas = new ConcurrentHashMap<>();
        final AtomicInteger userWrites = new AtomicInteger(), counterWrites = new AtomicInteger(), popularityWrites = new AtomicInteger(),
                historyWrites = new AtomicInteger(), failNextUserWrites = new AtomicInteger(), upserts = new AtomicInteger(),
                uploads = new AtomicInteger();
        volatile String refuseUser = "", refuseVideo = "";

        @Override public Optional<UserFeatures> user(String userId) {
            return Optional.ofNullable(users.get(userId));
        }

        @Override public Map<String, VideoFeatures> videos(Collection<String> ids) {
            var out = new java.util.HashMap<String, VideoFeatures>();
            for (String id : ids) if (videos.containsKey(id)) out.put(id, videos.get(id));
            return out;
        }

        @Override public void upsertVideo(VideoPublished video) {
            if (video.getVideoId().equals(refuseVideo)) throw new IllegalArgumentException("Key length is longer than maximum");
            upserts.incrementAndGet();
        }

        @Override public void addVideoStats(String videoId, VideoStatsDelta delta) {
            counterWrites.incrementAndGet();
            deltas.merge(videoId, delta, VideoStatsDelta::plus);
        }

        @Override public void addPopularity(String videoId, double weight, String... scopes) {
            popularityWrites.incrementAndGet();
        }

        @Override public void putUser(UserFeatures user) {
            if (user.getUserId().equals(refuseUser)) throw new IllegalArgumentException("Key length is longer than maximum");
            if (failNextUserWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new IllegalStateException("store unavailable");
            userWrites.incrementAndGet();
            users.put(user.getUserId(), user);
        }

        @Override public void appendHistory(String userId, HistoryEntry entry) {
            historyWrites.incrementAndGet();
        }

        @Override public void appendHistory(String userId, List<HistoryEntry> entries) {
            historyWrites.incrementAndGet();
        }

        @Override public void recordUpload(VideoPublished video) {
            uploads.incrementAndGet();
        }

        @Override public void addTrending(String videoId, double weight, String... scopes) {}

        @Override public void markActive(String userId, LocalDate day) {}

        @Override public int parts() {
            return 1;
        }

        @Override public Iterable<String> users(LocalDate day, int part) {
            return List.of();
        }
    }
}
