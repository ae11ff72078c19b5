package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Assembles {@code reelrank.feed.warmup.requests} feeds for nobody before the function reports
 * ready: the JIT compiles the retrieval, merge and ranking-call paths, the gRPC channel to
 * re-ranking and the store sessions connect, and the first real feeds are served at speed. Cold,
 * the demo's first feeds all missed the 80 ms ranking deadline, the breaker opened, and an
 * open-loop load at 25 feeds/s from a fresh start timed out for its first seconds.
 *
 * <p>The feeds go through the same pipeline with the ranker called past its circuit breaker (a
 * re-ranking still starting must not leave the breaker open for the first real feeds); their users
 * ({@value #USER_PREFIX}n) are unknown to the store, Up Next ones are seeded with the popular
 * list's videos, and nothing is written anywhere (feed-assembly only reads). Ready when done, or
 * after {@code max-duration} whatever is left, so a slow dependency delays readiness but never
 * blocks it.
 */
@Readiness
@ApplicationScoped
public class FeedWarmup implements AsyncHealthCheck {
    static final String USER_PREFIX = "reelrank-warmup-";
    private static final Logger LOG = Logger.getLogger(FeedWarmup.class);

    private final Function<FeedRequest, Feed> pipeline;
    private final Supplier<List<Candidate>> popular;
    private final Runnable refreshPopular;
    private final int requests;
    private final long maxNanos;
    private volatile boolean done;
    private volatile String summary = "not started";

    /** The feed pipeline the warm-up runs (the served one, ranking called past its circuit breaker). */
    public interface Pipeline extends Function<FeedRequest, Feed> {}

    @Inject
    FeedWarmup(Pipeline pipeline, PopularFallback popular, FeedSettings config) {
        this(pipeline, popular, popular::refresh, config.warmup().requests(), config.warmup().maxDuration());
    }

    FeedWarmup(Function<FeedRequest, Feed> pipeline, Supplier<List<Candidate>> popular, Runnable refreshPopular,
               int requests, Duration maxDuration) {
        this.pipeline = pipeline;
        this.popular = popular;
        this.refreshPopular = refreshPopular;
        this.requests = Math.max(0, requests);
        this.maxNanos = maxDuration.toNanos();
        this.done = this.requests == 0;
        if (done) summary = "disabled";
    }

    void onStart(@Observes StartupEvent start) {
        if (done) return;
        Thread.ofPlatform().name("feed-warmup").daemon().start(this::run);
    }

    /** Runs the warm-up feeds on the calling thread; marks the function ready at the end, whatever happened. */
    void run() {
        long started = System.nanoTime();
        var outcomes = new TreeMap<String, Integer>();
        int served = 0;
        try {
            // The seeds of Up Next. Also waits for the store sessions, which connect in the background:
            // feeds assembled before would only exercise the failure paths.
            while (true) {
                try {
                    refreshPopular.run();
                    break;
                } catch (RuntimeException e) {
                    if (System.nanoTime() - started >= maxNanos) break;
                    LOG.debugf("warm-up: store not ready yet: %s", e.toString());
                    sleepQuietly(100);
                }
            }
            List<Candidate> seeds = popular.get();
            for (; served < requests && System.nanoTime() - started < maxNanos; served++) {
                String user = USER_PREFIX + (served % 50);
                FeedRequest request = served % 2 == 1 && !seeds.isEmpty()
                        ? FeedRequest.upNext("warmup-" + served, user, seeds.get((served / 2) % seeds.size()).videoId(), 20, RequestContext.UNKNOWN)
                        : FeedRequest.home("warmup-" + served, user, 20, RequestContext.UNKNOWN);
                String outcome;
                try {
                    Feed feed = pipeline.apply(request);
                    outcome = feed.fallback() ? feed.fallbackReason() : "ranked";
                } catch (RuntimeException e) {
                    outcome = e.getClass().getSimpleName();
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
        } finally {
            summary = String.format("%d feeds in %d ms %s", served, (System.nanoTime() - started) / 1_000_000, outcomes);
            done = true;
            LOG.infof("feed-assembly: warmed up, %s", summary);
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean done() {
        return done;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> HealthCheckResponse.named("feed-warmup").status(done)
                .withData("warmup", summary).build());
    }
}
