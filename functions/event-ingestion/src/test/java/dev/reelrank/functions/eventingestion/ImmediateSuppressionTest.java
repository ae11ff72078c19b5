package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.model.NegativeFeedback;
import dev.reelrank.model.NegativeFeedback.Suppressed;
import dev.reelrank.model.NegativeFeedback.Suppression;
import dev.reelrank.model.NegativeFeedback.Target;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.VideoPublished;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ImmediateSuppressionTest {
    private static LoggedEvent event(com.google.protobuf.Message payload, EventTypes type) {
        return new LoggedEvent("e" + payload.hashCode(), URI.create("/t"), type, null, payload);
    }

    private static LoggedEvent interaction(String user, String video, Action action) {
        return event(Interaction.newBuilder().setUserId(user).setVideoId(video).setAction(action).build(), EventTypes.INTERACTION);
    }

    private static final class Recording implements NegativeFeedback {
        final List<Collection<Suppression>> calls = new ArrayList<>();
        CompletionStage<Void> answer = CompletableFuture.completedFuture(null);

        @Override public CompletionStage<Void> record(Collection<Suppression> s) { calls.add(List.copyOf(s)); return answer; }
        @Override public CompletionStage<Suppressed> suppressed(String userId) { throw new UnsupportedOperationException(); }
    }

    @Test
    void recordsEveryNotInterestedAndWatchOfTheRequestInOneCall() throws Exception {
        var store = new Recording();
        var channel = Interaction.newBuilder().setUserId("u2").setVideoId("v3").setAction(Action.not_interested)
                .setTarget(NotInterestedTarget.channel).setChannelId("c3").build();
        new ImmediateSuppression(store).record(List.of(
                interaction("u1", "v1", Action.not_interested),
                interaction("u1", "v2", Action.watch),
                event(channel, EventTypes.INTERACTION),
                event(VideoPublished.newBuilder().setVideoId("v4").setChannelId("c4").build(), EventTypes.VIDEO_PUBLISHED)))
                .toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertEquals(List.of(List.of(new Suppression("u1", Target.VIDEO, "v1"), new Suppression("u1", Target.WATCHED, "v2"),
                        new Suppression("u2", Target.CHANNEL, "c3"))),
                store.calls);
    }

    @Test
    void requestsWithoutNotInterestedOrWatchesDoNotTouchTheStore() throws Exception {
        var store = new Recording();
        new ImmediateSuppression(store).record(List.of(interaction("u1", "v2", Action.like))).toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertEquals(List.of(), store.calls);
    }

    @Test
    void aFailedWriteStillCompletesNormally() throws Exception {
        var store = new Recording();
        store.answer = CompletableFuture.failedFuture(new IllegalStateException("redis down"));
        assertNull(new ImmediateSuppression(store).record(List.of(interaction("u1", "v1", Action.not_interested)))
                .toCompletableFuture().get(1, TimeUnit.SECONDS));
    }
}
