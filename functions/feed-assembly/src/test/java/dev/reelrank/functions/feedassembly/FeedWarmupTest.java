package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.proto.v1.Surface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The start-up warm-up without a server: what it asks the pipeline, and when it reports ready. */
class FeedWarmupTest {
    private final List<FeedRequest> asked = new ArrayList<>();
    private final List<Candidate> popular = List.of(Candidate.of("v1", "c1", 3, "popular"), Candidate.of("v2", "c2", 2, "popular"));

    private Feed serve(FeedRequest r) {
        asked.add(r);
        return new Feed(r.requestId(), r.userId(), "m", false, null, List.of());
    }

    @Test
    void servesHomeAndUpNextSeededByThePopularListThenReportsReady() {
        var warmup = new FeedWarmup(this::serve, () -> popular, () -> {}, 6, Duration.ofSeconds(30));
        assertFalse(warmup.done());
        assertEquals(HealthCheckResponse.Status.DOWN, warmup.call().await().indefinitely().getStatus());

        warmup.run();
        assertTrue(warmup.done());
        assertEquals(HealthCheckResponse.Status.UP, warmup.call().await().indefinitely().getStatus());
        assertEquals(6, asked.size());
        assertEquals(3, asked.stream().filter(r -> r.surface() == Surface.up_next).count());
        assertTrue(asked.stream().allMatch(r -> r.userId().startsWith(FeedWarmup.USER_PREFIX)));
        assertEquals(List.of("v1", "v2", "v1"),
                asked.stream().filter(r -> r.surface() == Surface.up_next).map(FeedRequest::seedVideoId).toList());
        assertTrue(warmup.call().await().indefinitely().getData().orElseThrow().get("warmup").toString().contains("ranked=6"));
    }

    @Test
    void waitsForTheStoreToAnswerBeforeAssemblingFeeds() {
        var failures = new AtomicInteger(3);
        Runnable refresh = () -> {
            if (failures.getAndDecrement() > 0) throw new IllegalStateException("Cassandra session not connected yet");
        };
        new FeedWarmup(this::serve, () -> popular, refresh, 2, Duration.ofSeconds(30)).run();
        assertEquals(-1, failures.get(), "asked until it answered");
        assertEquals(2, asked.size());
    }

    @Test
    void failingFeedsAndAnAbsentStoreStillEndInReady() {
        var warmup = new FeedWarmup(r -> {
            throw new IllegalStateException("boom");
        }, List::of, () -> {
            throw new IllegalStateException("down");
        }, 3, Duration.ofMillis(300));
        warmup.run();
        assertTrue(warmup.done());
    }

    @Test
    void zeroRequestsIsReadyAtOnce() {
        var warmup = new FeedWarmup(this::serve, () -> popular, () -> {}, 0, Duration.ofSeconds(30));
        assertTrue(warmup.done());
        assertEquals(List.of(), asked);
    }
}
