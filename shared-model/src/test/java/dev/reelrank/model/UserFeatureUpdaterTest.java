package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserFeatureUpdaterTest {
    private final UserFeatureUpdater updater = new UserFeatureUpdater(3, 2, 10, 0.5, 2, EngagementWeights.DEFAULTS);
    private final VideoFeatures video = VideoFeatures.newBuilder().setVideoId("v1").setChannelId("c1")
            .setCategory("music").setDurationSeconds(200).build();

    private static Interaction ev(String video, Action a) {
        return Interaction.newBuilder().setUserId("u").setVideoId(video).setAction(a).build();
    }

    @Test
    void watchAddsToWatchedHistoryAndAffinities() {
        var e = ev("v1", Action.watch).toBuilder().setWatchSeconds(120).setRegion("BR").build();
        var u = updater.apply(UserFeatures.getDefaultInstance(), e, video);
        assertEquals(List.of("v1"), u.getWatchedVideoIdsList());
        assertEquals(1, u.getRecentCount());
        assertEquals(0.6, u.getRecent(0).getWatchRatio(), 1e-9);
        assertEquals("c1", u.getRecent(0).getChannelId());
        // watchBase 0.5 + 1.0 per minute × 2 minutes
        assertEquals(2.5, u.getChannelAffinityOrThrow("c1"), 1e-9);
        assertEquals(2.5, u.getCategoryAffinityOrThrow("music"), 1e-9);
        assertEquals("BR", u.getHomeRegion());
        assertEquals(1, u.getInteractionCount());
    }

    @Test
    void boundsAreKeptNewestFirstAndOldestDropped() {
        var u = UserFeatures.getDefaultInstance();
        for (String v : List.of("a", "b", "c", "d")) u = updater.apply(u, ev(v, Action.watch), null);
        assertEquals(List.of("c", "d"), u.getWatchedVideoIdsList());
        assertEquals(List.of("d", "c", "b"), u.getRecentList().stream().map(h -> h.getVideoId()).toList());
    }

    @Test
    void impressionsAreNotHistory() {
        var u = updater.apply(UserFeatures.getDefaultInstance(), ev("v1", Action.impression), video);
        assertEquals(0, u.getRecentCount());
        assertEquals(0, u.getWatchedVideoIdsCount());
        assertEquals(1, u.getInteractionCount());
    }

    @Test
    void notInterestedInAChannelAndSubscriptionsToggle() {
        var ni = ev("v1", Action.not_interested).toBuilder().setTarget(NotInterestedTarget.channel).build();
        var u = updater.apply(UserFeatures.getDefaultInstance(), ni, video);
        assertEquals(List.of("c1"), u.getNotInterestedChannelIdsList());
        assertTrue(u.getNotInterestedVideoIdsList().isEmpty());
        assertTrue(u.getChannelAffinityOrThrow("c1") < 0);

        var sub = Interaction.newBuilder().setUserId("u").setAction(Action.subscribe).setChannelId("c9").build();
        u = updater.apply(u, sub, null);
        assertEquals(List.of("c9"), u.getSubscribedChannelIdsList());
        u = updater.apply(u, sub.toBuilder().setAction(Action.unsubscribe).build(), null);
        assertTrue(u.getSubscribedChannelIdsList().isEmpty());
    }

    @Test
    void affinitiesDecayAndKeepOnlyTheStrongest() {
        var u = updater.apply(UserFeatures.getDefaultInstance(), ev("v1", Action.like), video);
        var v2 = video.toBuilder().setVideoId("v2").setChannelId("c2").build();
        u = updater.apply(u, ev("v2", Action.share), v2);
        // like 2.0 decayed by 0.5 → 1.0; share adds 3.0
        assertEquals(1.0, u.getChannelAffinityOrThrow("c1"), 1e-9);
        assertEquals(3.0, u.getChannelAffinityOrThrow("c2"), 1e-9);
        var v3 = video.toBuilder().setVideoId("v3").setChannelId("c3").build();
        u = updater.apply(u, ev("v3", Action.like), v3);
        assertEquals(2, u.getChannelAffinityCount());
        assertTrue(!u.containsChannelAffinity("c1"), "weakest channel dropped");
    }
}
