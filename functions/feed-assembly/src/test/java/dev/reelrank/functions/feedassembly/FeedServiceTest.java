package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.BucketAssignment;
import dev.reelrank.model.Candidate;
import dev.reelrank.eventlog.rollouts.VersionSwitch;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.ChannelDiversityCap;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.FeedFilter;
import dev.reelrank.model.FeedItem;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.PostProcessor;
import dev.reelrank.model.Ranker;
import dev.reelrank.model.Reason;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.SeenFilter;
import dev.reelrank.model.ServedContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The HTTP-facing guard: whatever the pipeline throws, a flagged popular feed comes back. */
class FeedServiceTest {
    private static final List<Candidate> POPULAR = List.of(
            Candidate.of("p1", "c1", 5, "popular"), Candidate.of("p2", "c1", 4, "popular"),
            Candidate.of("p3", "c1", 3, "popular"), Candidate.of("p4", "c1", 2, "popular"),
            Candidate.of("p5", "c2", 1, "popular"));

    private static final FeatureStore NO_FEATURES = new FeatureStore() {
        @Override
        public Optional<UserFeatures> user(String userId) {
            return Optional.empty();
        }

        @Override
        public Map<String, VideoFeatures> videos(Collection<String> videoIds) {
            return Map.of();
        }
    };

    private static final CandidateSource ONE_VIDEO = new CandidateSource() {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
            return List.of(Candidate.of("x", "cx", 1, "test"));
        }
    };

    private static FeedAssembler assembler(PostProcessor post) {
        return new FeedAssembler(List.of(new FeedAssembler.SourceQuota(ONE_VIDEO, 10)), null, List.of(post),
                NO_FEATURES, Runnable::run, "popularity-v0", () -> POPULAR);
    }

    private static final List<PostProcessor> PROCESSORS = List.of(new SeenFilter(), new ChannelDiversityCap(3));

    @Test
    void aHealthyPipelineIsServedAsIs() {
        var service = new FeedService(assembler((r, u, c) -> c), () -> POPULAR, PROCESSORS, "popularity-v0");
        var feed = service.serve(FeedRequest.home("r1", "u1", 10, RequestContext.UNKNOWN));
        assertFalse(feed.fallback());
        assertEquals(List.of("x"), feed.items().stream().map(FeedItem::videoId).toList());
    }

    @Test
    void everyAnswerSaysTheContextItWasServedFor() {
        var wall = java.time.Instant.parse("2026-12-06T08:15:00Z");
        var request = FeedRequest.home("r1", "u1", 10, new RequestContext("tv", "BR", wall));
        var expected = new ServedContext("tv", ServedContext.HEADER, "BR", ServedContext.HEADER, 8, ServedContext.HEADER);

        var healthy = new FeedService(assembler((r, u, c) -> c), () -> POPULAR, PROCESSORS, "popularity-v0");
        assertEquals(expected, healthy.serve(request).context());

        PostProcessor broken = (r, u, c) -> {
            throw new IllegalStateException("bug");
        };
        var emergency = new FeedService(assembler(broken), () -> POPULAR, PROCESSORS, "popularity-v0").serve(request);
        assertEquals(FeedService.INTERNAL_ERROR, emergency.fallbackReason());
        assertEquals(expected, emergency.context(), "the emergency list still says what the headers gave");
    }

    /** Two buckets with different pipelines: each user gets their bucket's, named in the feed and in what is logged. */
    /**
     * With every slot taken, a request waits admission-wait and is served the popular list for its user
     * (what the user watched left out), flagged {@code overloaded}; once a slot frees, feeds are
     * assembled again.
     */
    @Test
    void pastMaxInFlightARequestIsServedThePopularListForItsUser() throws Exception {
        var entered = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        CandidateSource blocking = new CandidateSource() {
            @Override public String name() {
                return "slow";
            }

            @Override public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
                if (request.userId().equals("slow")) {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return List.of(Candidate.of("x", "cx", 1, "slow"));
            }
        };
        FeatureStore watchedP1 = new FeatureStore() {
            @Override public Optional<UserFeatures> user(String userId) {
                return Optional.of(UserFeatures.newBuilder().setUserId(userId).addWatchedVideoIds("p1").build());
            }

            @Override public Map<String, VideoFeatures> videos(Collection<String> videoIds) {
                return Map.of();
            }
        };
        var assembler = new FeedAssembler(List.of(new FeedAssembler.SourceQuota(blocking, 10)), null, PROCESSORS,
                watchedP1, Runnable::run, "popularity-v0", () -> POPULAR);
        var service = new FeedService(Experiment.single(assembler, PROCESSORS), () -> POPULAR, Map::of, "popularity-v0",
                new VersionSwitch<>(null), ImpressionLog.OFF, new FeedService.Admission(1, java.time.Duration.ofMillis(20)));
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var first = pool.submit(() -> service.serve(FeedRequest.home("r1", "slow", 10, RequestContext.UNKNOWN)));
            entered.await();

            var shed = service.serve(FeedRequest.home("r2", "u2", 10, RequestContext.UNKNOWN));
            assertTrue(shed.fallback());
            assertEquals(FeedService.OVERLOADED, shed.fallbackReason());
            assertEquals("popularity-v0", shed.modelVersion());
            assertEquals(List.of("p2", "p3", "p4", "p5"), shed.items().stream().map(FeedItem::videoId).toList(), "p1 was watched");

            release.countDown();
            assertEquals(List.of("x"), first.get().items().stream().map(FeedItem::videoId).toList());
            var after = service.serve(FeedRequest.home("r3", "u3", 10, RequestContext.UNKNOWN));
            assertFalse(after.fallback());
            assertEquals(List.of("x"), after.items().stream().map(FeedItem::videoId).toList());
        }
    }

    /**
     * A feed past the deadline: the request is answered with the cached popular list (the user's
     * features unread: reading them may be what is slow), flagged {@code deadline_exceeded}; the feed
     * still holds its slot until it ends, and then feeds are assembled again.
     */
    @Test
    void pastTheDeadlineARequestIsAnsweredWithThePopularListWhileItsFeedKeepsItsSlot() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        CandidateSource hanging = new CandidateSource() {
            @Override public String name() {
                return "hanging";
            }

            @Override public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
                if (request.userId().equals("slow")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return List.of(Candidate.of("x", "cx", 1, "hanging"));
            }
        };
        var assembler = new FeedAssembler(List.of(new FeedAssembler.SourceQuota(hanging, 10)), null, PROCESSORS,
                NO_FEATURES, Runnable::run, "popularity-v0", () -> POPULAR);
        var logged = new ArrayList<Feed>();
        var service = new FeedService(Experiment.single(assembler, PROCESSORS), () -> POPULAR, Map::of, "popularity-v0",
                new VersionSwitch<>(null), (request, feed) -> logged.add(feed),
                new FeedService.Admission(1, java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(100)));

        var late = service.serve(FeedRequest.home("r1", "slow", 10, RequestContext.UNKNOWN));
        assertTrue(late.fallback());
        assertEquals(FeedService.DEADLINE_EXCEEDED, late.fallbackReason());
        assertEquals("popularity-v0", late.modelVersion());
        assertEquals(List.of("p1", "p2", "p3", "p5", "p4"), late.items().stream().map(FeedItem::videoId).toList(),
                "the popular list, post-processed (three of channel c1 before another)");
        assertEquals(List.of(late), logged, "what was served is what is logged, once");

        var shed = service.serve(FeedRequest.home("r2", "u2", 10, RequestContext.UNKNOWN));
        assertEquals(FeedService.OVERLOADED, shed.fallbackReason(), "the abandoned feed still runs in the only slot");

        release.countDown();
        Feed after = null;
        for (int i = 0; i < 250 && (after == null || after.fallback()); i++) {
            after = service.serve(FeedRequest.home("r3-" + i, "u3", 10, RequestContext.UNKNOWN));
        }
        assertFalse(after.fallback(), "the slot is free again once the abandoned feed ended");
        assertEquals(List.of("x"), after.items().stream().map(FeedItem::videoId).toList());
        assertTrue(logged.stream().noneMatch(f -> f.requestId().equals("r1") && !f.fallback()), "the late feed itself is dropped");
    }

    @Test
    void eachUserIsServedByTheirBucketsPipelineAndEveryListIsLogged() {
        var assignment = new BucketAssignment(List.of(new BucketAssignment.Bucket("control", 50), new BucketAssignment.Bucket("t", 50)),
                100, "s");
        PostProcessor reversed = (r, u, c) -> c.reversed();
        var control = new FeedAssembler(List.of(new FeedAssembler.SourceQuota(ONE_VIDEO, 10)), null, List.of(),
                NO_FEATURES, Runnable::run, "popularity-v0", () -> POPULAR);
        var treatment = assembler((r, u, c) -> { throw new IllegalStateException("bug"); });
        var logged = new ArrayList<Feed>();
        var service = new FeedService(new Experiment(assignment, List.of(
                new Experiment.Route("control", control, List.of()), new Experiment.Route("t", treatment, List.of(reversed)))),
                () -> POPULAR, Map::of, "popularity-v0", new VersionSwitch<>(null), (request, feed) -> logged.add(feed));
        int seen = 0;
        for (int i = 0; i < 40; i++) {
            String user = "u" + i;
            var feed = service.serve(FeedRequest.home("r" + i, user, 10, RequestContext.UNKNOWN));
            String bucket = assignment.bucketOf(user);
            assertEquals(bucket, feed.bucket());
            if (bucket.equals("control")) {
                assertEquals(List.of("x"), feed.items().stream().map(FeedItem::videoId).toList());
            } else {
                // The treatment's pipeline fails: its own emergency post-processing serves the popular list.
                assertTrue(feed.fallback());
                assertEquals("p5", feed.items().getFirst().videoId());
                seen++;
            }
            assertEquals(feed, logged.getLast());
        }
        assertEquals(40, logged.size());
        assertTrue(seen > 0 && seen < 40, "both buckets served");
    }

    @Test
    void anUnexpectedFailureServesThePopularFallbackFilteredAndDiversified() {
        PostProcessor broken = (r, u, c) -> {
            throw new IllegalStateException("bug");
        };
        var service = new FeedService(assembler(broken), () -> POPULAR, PROCESSORS, "popularity-v0");

        var feed = service.serve(FeedRequest.upNext("r2", "u1", "p2", 3, RequestContext.UNKNOWN));

        assertTrue(feed.fallback());
        assertEquals(FeedService.INTERNAL_ERROR, feed.fallbackReason());
        assertEquals("r2", feed.requestId());
        assertEquals("popularity-v0", feed.modelVersion());
        // p2 is the video being watched, so it is filtered out.
        assertEquals(List.of("p1", "p3", "p4"), feed.items().stream().map(FeedItem::videoId).toList());
        // Channel c1 capped at 3: p4 moves behind p5.
        var capped = service.serve(FeedRequest.home("r3", "u1", 5, RequestContext.UNKNOWN));
        assertEquals(List.of("p1", "p2", "p3", "p5", "p4"), capped.items().stream().map(FeedItem::videoId).toList());
    }

    @Test
    void theEmergencyListHonoursTheRequestsFilterEvenWhenPostProcessingFails() {
        PostProcessor broken = (r, u, c) -> {
            throw new IllegalStateException("bug");
        };
        // p1 and p3 music, p2 gaming; p4 and p5 never read.
        Map<String, VideoFeatures> content = Map.of(
                "p1", VideoFeatures.newBuilder().setVideoId("p1").setCategory("music").build(),
                "p2", VideoFeatures.newBuilder().setVideoId("p2").setCategory("gaming").build(),
                "p3", VideoFeatures.newBuilder().setVideoId("p3").setCategory("music").build());
        var service = new FeedService(assembler(broken), () -> POPULAR, () -> content, PROCESSORS, "popularity-v0",
                new VersionSwitch<>(null));
        var music = FeedRequest.home("r1", "u1", 10, RequestContext.UNKNOWN)
                .withFilter(new FeedFilter(Set.of("p1"), "music", null, 0));
        var feed = service.serve(music);
        assertEquals(FeedService.INTERNAL_ERROR, feed.fallbackReason());
        assertEquals(List.of("p3"), feed.items().stream().map(FeedItem::videoId).toList(), "p1 excluded, p2 gaming, p4/p5 unknown");

        // Post-processing itself failing: the filter was applied before it.
        var unprocessed = new FeedService(assembler(broken), () -> POPULAR, () -> content, List.of(broken), "popularity-v0",
                new VersionSwitch<>(null)).serve(FeedRequest.home("r2", "u1", 10, RequestContext.UNKNOWN)
                .withFilter(FeedFilter.excluding(Set.of("p2", "p4"))));
        assertEquals(List.of("p1", "p3", "p5"), unprocessed.items().stream().map(FeedItem::videoId).toList());
        assertTrue(unprocessed.items().stream().allMatch(i -> Reason.TRENDING.equals(i.reason())));
    }

    private static List<Double> scores(Feed feed) {
        return feed.items().stream().map(FeedItem::score).toList();
    }

    @Test
    void theEmergencyListIsScoredByPositionAfterTheChannelCapAndKeepsThePopularName() {
        PostProcessor broken = (r, u, c) -> {
            throw new IllegalStateException("bug");
        };
        // A retrieval version is served: the popular list still answers under its own name.
        var served = new VersionSwitch<>(new ServedVersion("tt-3", null, null));
        var service = new FeedService(assembler(broken), () -> POPULAR, PROCESSORS, "popularity-v0", served);

        var answer = service.answer(FeedRequest.home("r1", "u1", 5, RequestContext.UNKNOWN));

        assertEquals(FeedService.INTERNAL_ERROR, answer.feed().fallbackReason());
        assertEquals("popularity-v0", answer.feed().modelVersion());
        assertEquals("tt-3", answer.retrievalVersion(), "the header still names the pinned version");
        // p4 (popularity 2) is moved behind p5 (popularity 1) by the cap; the served scores follow the list.
        assertEquals(List.of("p1", "p2", "p3", "p5", "p4"), answer.feed().items().stream().map(FeedItem::videoId).toList());
        assertEquals(List.of(1.0, 0.8, 0.6, 0.4, 0.2), scores(answer.feed()));
    }

    @Test
    void aTimedOutRankingIsNamedByTheRetrievalVersionTheRequestPinned() {
        var served = new VersionSwitch<>(new ServedVersion("tt-3", null, null));
        CandidateSource ann = new PinnedSource("ann", served, v -> new CandidateSource() {
            @Override
            public String name() {
                return "ann";
            }

            @Override
            public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
                return List.of(Candidate.of("a1", "c1", 0.31, "ann"), Candidate.of("a2", "c2", 0.29, "ann"));
            }
        });
        Ranker slow = (r, u, c) -> {
            throw new Ranker.Timeout("no ranking within 80 ms");
        };
        var assembler = new FeedAssembler(List.of(new FeedAssembler.SourceQuota(ann, 10), new FeedAssembler.SourceQuota(ONE_VIDEO, 10)),
                slow, PROCESSORS, NO_FEATURES, Runnable::run, "popularity-v0", () -> POPULAR);
        var service = new FeedService(assembler, () -> POPULAR, PROCESSORS, "popularity-v0", served);

        var answer = service.answer(FeedRequest.home("r1", "u1", 10, RequestContext.UNKNOWN));

        assertEquals("ranking_timeout", answer.feed().fallbackReason());
        assertEquals("tt-3", answer.feed().modelVersion());
        assertEquals("tt-3", answer.retrievalVersion());
        assertEquals(List.of("a1", "a2", "x"), answer.feed().items().stream().map(FeedItem::videoId).toList());
        assertEquals(List.of(1.0, 2 / 3.0, 1 / 3.0), scores(answer.feed()), "x's own score (1) is not served above the ANN cosines");
    }
}
