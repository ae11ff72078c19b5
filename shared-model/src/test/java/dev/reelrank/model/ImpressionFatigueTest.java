package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.ImpressionTally;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-computed sequences through the user fold: window 100 s, threshold 3, at most 3 tallies. */
class ImpressionFatigueTest {
    private static final ImpressionFatigue RULE = new ImpressionFatigue(3, Duration.ofSeconds(100), 3);
    private static final UserFeatureUpdater UPDATER = UserFeatureUpdater.DEFAULTS.withFatigue(RULE);
    private static final long T0 = 1_800_000_000L;

    private static Interaction ev(String video, Action a, long at) {
        return Interaction.newBuilder().setUserId("u").setVideoId(video).setAction(a)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(at)).build();
    }

    private static UserFeatures fold(Interaction... events) {
        var b = UserFeatures.newBuilder();
        for (Interaction e : events) UPDATER.applyTo(b, e, null);
        return b.build();
    }

    private static Set<String> restedAt(UserFeatures u, long at) {
        return RULE.rested(u, Instant.ofEpochSecond(at));
    }

    @Test
    void threeImpressionsWithinTheWindowRestTheVideo() {
        var u = fold(ev("v1", Action.impression, T0), ev("v1", Action.impression, T0 + 40), ev("v1", Action.impression, T0 + 90));
        assertEquals(List.of(ImpressionTally.newBuilder().setVideoId("v1").setCount(3).setFirstAtEpochS(T0)
                .setLastAtEpochS(T0 + 90).build()), u.getImpressionTalliesList());
        assertEquals(Set.of("v1"), restedAt(u, T0 + 90));
        // Rested for a full window after the last impression: until T0 + 190, exclusive.
        assertEquals(Set.of("v1"), restedAt(u, T0 + 189));
        assertEquals(Set.of(), restedAt(u, T0 + 190));
        // Impressions do not touch the watch history, so the tower and the seen filter ignore them.
        assertEquals(0, u.getRecentCount());
        assertEquals(0, u.getWatchedVideoIdsCount());
    }

    @Test
    void twoImpressionsAreNotEnough() {
        var u = fold(ev("v1", Action.impression, T0), ev("v1", Action.impression, T0 + 10));
        assertEquals(Set.of(), restedAt(u, T0 + 10));
    }

    @Test
    void aPlayInBetweenResetsTheRun() {
        for (Action play : List.of(Action.click, Action.watch, Action.like, Action.share)) {
            var u = fold(ev("v1", Action.impression, T0), ev("v1", Action.impression, T0 + 10), ev("v1", play, T0 + 20),
                    ev("v1", Action.impression, T0 + 30), ev("v1", Action.impression, T0 + 40));
            assertEquals(2, u.getImpressionTallies(0).getCount(), play.name());
            assertEquals(T0 + 30, u.getImpressionTallies(0).getFirstAtEpochS(), play.name());
            assertEquals(Set.of(), restedAt(u, T0 + 40), play.name());
        }
    }

    @Test
    void skipsAndDislikesNeitherCountNorReset() {
        var u = fold(ev("v1", Action.impression, T0), ev("v1", Action.skip, T0 + 1), ev("v1", Action.impression, T0 + 2),
                ev("v1", Action.dislike, T0 + 3), ev("v1", Action.impression, T0 + 4));
        assertEquals(3, u.getImpressionTallies(0).getCount());
        assertEquals(Set.of("v1"), restedAt(u, T0 + 4));
    }

    @Test
    void aGapOfAWindowStartsANewRun() {
        // 0, 60 (run of 2), 160: 100 s after the last one, the window has passed: a new run of 1.
        var u = fold(ev("v1", Action.impression, T0), ev("v1", Action.impression, T0 + 60), ev("v1", Action.impression, T0 + 160));
        assertEquals(1, u.getImpressionTallies(0).getCount());
        assertEquals(T0 + 160, u.getImpressionTallies(0).getFirstAtEpochS());
        assertEquals(Set.of(), restedAt(u, T0 + 160));
    }

    @Test
    void theWindowExpiringUnrestsAndTheNextImpressionStartsOver() {
        var tired = fold(ev("v1", Action.impression, T0), ev("v1", Action.impression, T0 + 1), ev("v1", Action.impression, T0 + 2));
        assertEquals(Set.of("v1"), restedAt(tired, T0 + 101));
        assertEquals(Set.of(), restedAt(tired, T0 + 102));
        var b = tired.toBuilder();
        UPDATER.applyTo(b, ev("v1", Action.impression, T0 + 102), null);
        assertEquals(1, b.getImpressionTallies(0).getCount());
        assertEquals(Set.of(), restedAt(b.build(), T0 + 102));
    }

    @Test
    void anImpressionOutOfOrderCountsButDoesNotMoveTheLastOneBack() {
        var u = fold(ev("v1", Action.impression, T0 + 50), ev("v1", Action.impression, T0 + 20), ev("v1", Action.impression, T0 + 60));
        assertEquals(3, u.getImpressionTallies(0).getCount());
        assertEquals(T0 + 60, u.getImpressionTallies(0).getLastAtEpochS());
    }

    @Test
    void boundedToTheLeastRecentlyShownDroppedFirst() {
        // v1 tired at T0..2; v2, v3 shown; v1 shown again (moves to the newest end); v4 drops v2, the least recently shown.
        var u = fold(ev("v1", Action.impression, T0), ev("v1", Action.impression, T0 + 1), ev("v2", Action.impression, T0 + 2),
                ev("v3", Action.impression, T0 + 3), ev("v1", Action.impression, T0 + 4), ev("v4", Action.impression, T0 + 5));
        assertEquals(List.of("v3", "v1", "v4"), u.getImpressionTalliesList().stream().map(ImpressionTally::getVideoId).toList());
        assertEquals(Set.of("v1"), restedAt(u, T0 + 5));
        // Another new video drops v3, then v1: a user shown more distinct videos than the limit forgets the oldest.
        var b = u.toBuilder();
        UPDATER.applyTo(b, ev("v5", Action.impression, T0 + 6), null);
        UPDATER.applyTo(b, ev("v6", Action.impression, T0 + 7), null);
        assertEquals(List.of("v4", "v5", "v6"), b.getImpressionTalliesList().stream().map(ImpressionTally::getVideoId).toList());
    }

    @Test
    void anImpressionWithoutATimeIsNotCounted() {
        var b = UserFeatures.newBuilder();
        UPDATER.applyTo(b, Interaction.newBuilder().setUserId("u").setVideoId("v1").setAction(Action.impression).build(), null);
        assertEquals(0, b.getImpressionTalliesCount());
    }

    @Test
    void zeroImpressionsTurnsTheFeedSideOff() {
        var u = fold(ev("v1", Action.impression, T0), ev("v1", Action.impression, T0 + 1), ev("v1", Action.impression, T0 + 2));
        assertTrue(new ImpressionFatigue(0, Duration.ofSeconds(100), 3).rested(u, Instant.ofEpochSecond(T0 + 2)).isEmpty());
    }

    @Test
    void theFilterDropsRestedVideosOnlyWhileTheyRest() {
        var u = fold(ev("v1", Action.impression, T0), ev("v1", Action.impression, T0 + 1), ev("v1", Action.impression, T0 + 2),
                ev("v2", Action.impression, T0 + 2));
        var in = List.of(Candidate.of("v1", "a", 1, "ann"), Candidate.of("v2", "a", 0.5, "ann"), Candidate.of("v3", "b", 0.2, "trending"));
        var home = FeedRequest.home("r", "u", 10, null);
        var during = new FatigueFilter(RULE, Clock.fixed(Instant.ofEpochSecond(T0 + 50), ZoneOffset.UTC));
        assertEquals(List.of("v2", "v3"), during.apply(home, u, in).stream().map(Candidate::videoId).toList());
        var after = new FatigueFilter(RULE, Clock.fixed(Instant.ofEpochSecond(T0 + 102), ZoneOffset.UTC));
        assertEquals(List.of("v1", "v2", "v3"), after.apply(home, u, in).stream().map(Candidate::videoId).toList());
    }

    @Test
    void theFilterRunsRightAfterTheSeenFilter() {
        FeatureStore none = new FeatureStore() {
            @Override
            public java.util.Optional<UserFeatures> user(String userId) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Map<String, dev.reelrank.proto.v1.VideoFeatures> videos(java.util.Collection<String> videoIds) {
                return java.util.Map.of();
            }
        };
        var steps = PostProcessing.DEFAULTS.steps(MaximalMarginalRelevance.Embeddings.NONE, none);
        assertTrue(steps.get(0) instanceof SeenFilter);
        assertTrue(steps.get(1) instanceof FatigueFilter);
    }
}
