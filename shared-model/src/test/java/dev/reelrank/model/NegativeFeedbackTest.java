package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.NegativeFeedback.Suppressed;
import dev.reelrank.model.NegativeFeedback.Suppression;
import dev.reelrank.model.NegativeFeedback.Target;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NegativeFeedbackTest {

    private static Interaction.Builder notInterested() {
        return Interaction.newBuilder().setUserId("u").setVideoId("v1").setAction(Action.not_interested);
    }

    @Test
    void aSuppressionIsReadFromTheInteractionAsTheFoldReadsIt() {
        assertEquals(Optional.of(new Suppression("u", Target.VIDEO, "v1")), Suppression.of(notInterested().build()));
        assertEquals(Optional.of(new Suppression("u", Target.VIDEO, "v1")),
                Suppression.of(notInterested().setTarget(NotInterestedTarget.video).setChannelId("c1").build()));
        assertEquals(Optional.of(new Suppression("u", Target.CHANNEL, "c1")),
                Suppression.of(notInterested().setTarget(NotInterestedTarget.channel).setChannelId("c1").build()));
        assertEquals(Optional.empty(), Suppression.of(notInterested().setTarget(NotInterestedTarget.channel).build()),
                "without channelId only the fold (which reads the video's channel) can apply it");
        assertEquals(Optional.empty(), Suppression.of(notInterested().setAction(Action.dislike).build()));
        assertEquals(Optional.of(new Suppression("u", Target.WATCHED, "v1")), Suppression.of(notInterested().setAction(Action.watch).build()));
        assertEquals(Optional.of(new Suppression("u", Target.WATCHED, "v1")), Suppression.of(notInterested().setAction(Action.click).build()),
                "a click adds to the watched list in the fold too");
        assertEquals(Optional.empty(), Suppression.of(notInterested().setAction(Action.impression).build()));
    }

    @Test
    void mergingAddsOnlyWhatTheFoldedListsLack() {
        var user = UserFeatures.newBuilder().setUserId("u").addNotInterestedVideoIds("v1").addWatchedVideoIds("v9").build();
        var merged = new Suppressed(Set.of("v1", "v2"), Set.of("c1")).mergedInto(user);
        assertEquals(List.of("v1", "v2"), merged.getNotInterestedVideoIdsList());
        assertEquals(List.of("c1"), merged.getNotInterestedChannelIdsList());
        assertEquals(List.of("v9"), merged.getWatchedVideoIdsList());
        assertSame(user, new Suppressed(Set.of("v1"), Set.of()).mergedInto(user), "nothing new: the same features");
        assertSame(user, Suppressed.NONE.mergedInto(user));
        var watched = new Suppressed(Set.of(), Set.of(), Set.of("v9", "v8")).mergedInto(user);
        assertEquals(List.of("v9", "v8"), watched.getWatchedVideoIdsList(), "a recent watch joins the folded list once");
    }

    // ---- in the feed pipeline ----------------------------------------------------------------

    /** Features of v1..v9, channel "ch" + (n % 2); the folded features know nothing yet. */
    private static final FeatureStore FEATURES = new FeatureStore() {
        @Override public Optional<UserFeatures> user(String userId) { return Optional.of(UserFeatures.newBuilder().setUserId(userId).build()); }
        @Override public Map<String, VideoFeatures> videos(Collection<String> ids) {
            return ids.stream().collect(Collectors.toMap(id -> id, id -> VideoFeatures.newBuilder().setVideoId(id)
                    .setChannelId("ch" + (Integer.parseInt(id.substring(1)) % 2)).build()));
        }
    };

    /** Proposes v1..v6 whatever the user; records the features it was given (real sources exclude by them). */
    private static final class Source implements CandidateSource {
        final List<UserFeatures> seen = new CopyOnWriteArrayList<>();

        @Override public String name() { return "s"; }

        @Override public List<Candidate> retrieve(FeedRequest r, UserFeatures u, int quota) {
            seen.add(u);
            return Arrays.stream(new String[]{"v1", "v2", "v3", "v4", "v5", "v6"}).limit(quota)
                    .map(v -> Candidate.of(v, null, 1, name())).toList();
        }
    }

    private static NegativeFeedback reading(CompletionStage<Suppressed> answer) {
        return new NegativeFeedback() {
            @Override public CompletionStage<Void> record(Collection<Suppression> s) { throw new UnsupportedOperationException(); }
            @Override public CompletionStage<Suppressed> suppressed(String userId) { return answer; }
        };
    }

    private static FeedAssembler assembler(Source source, NegativeFeedback negativeFeedback) {
        return new FeedAssembler(List.of(new FeedAssembler.SourceQuota(source, 10)), null,
                List.of(new SeenFilter(), new ChannelDiversityCap(10)), FEATURES, negativeFeedback, Runnable::run,
                "retrieval-v0", List::of);
    }

    private static List<String> ids(Feed f) {
        return f.items().stream().map(FeedItem::videoId).toList();
    }

    @Test
    void recentSuppressionsAreHonouredOnHomeAndUpNextBeforeTheFoldHasThem() {
        var source = new Source();
        var assembler = assembler(source, reading(CompletableFuture.completedFuture(new Suppressed(Set.of("v2"), Set.of("ch1")))));

        assertEquals(List.of("v4", "v6"), ids(assembler.assemble(FeedRequest.home("r1", "u", 10, null))),
                "v2 and every video of ch1 (v1, v3, v5) dropped");
        assertEquals(List.of("v6"), ids(assembler.assemble(FeedRequest.upNext("r2", "u", "v4", 10, null))));
        assertEquals(List.of("v2"), source.seen.getFirst().getNotInterestedVideoIdsList(), "sources see the merged lists too");
        assertEquals(List.of("ch1"), source.seen.getFirst().getNotInterestedChannelIdsList());
    }

    @Test
    void aFailedOrThrowingReadLeavesTheFoldedListsAloneAndTheFeedUnflagged() {
        var failed = assembler(new Source(), reading(CompletableFuture.failedFuture(new IllegalStateException("redis down"))))
                .assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(List.of("v1", "v2", "v3", "v4", "v5", "v6"), ids(failed));
        assertFalse(failed.fallback());

        NegativeFeedback throwing = reading(null);
        var thrown = assembler(new Source(), new NegativeFeedback() {
            @Override public CompletionStage<Void> record(Collection<Suppression> s) { return throwing.record(s); }
            @Override public CompletionStage<Suppressed> suppressed(String userId) { throw new IllegalStateException("closed"); }
        }).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(6, thrown.items().size());
    }

    @Test
    void anUnknownUserStillHasTheirRecentSuppressions() {
        FeatureStore failing = new FeatureStore() {
            @Override public Optional<UserFeatures> user(String userId) { throw new IllegalStateException("cassandra down"); }
            @Override public Map<String, VideoFeatures> videos(Collection<String> ids) { return FEATURES.videos(ids); }
        };
        var feed = new FeedAssembler(List.of(new FeedAssembler.SourceQuota(new Source(), 10)), null, List.of(new SeenFilter()),
                failing, reading(CompletableFuture.completedFuture(new Suppressed(Set.of("v6"), Set.of("ch0")))), Runnable::run,
                "retrieval-v0", List::of).assemble(FeedRequest.home("r1", "u", 10, null));
        assertEquals(List.of("v1", "v3", "v5"), ids(feed));
        assertTrue(feed.fallback());
    }
}
