package dev.reelrank.functions.feedassembly;

import dev.reelrank.eventlog.rollouts.VersionSwitch;
import dev.reelrank.model.Candidate;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.FeedFilter;
import dev.reelrank.model.FeedItem;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.PostProcessor;
import dev.reelrank.model.Reason;
import dev.reelrank.model.ServedContext;
import dev.reelrank.model.WarningGate;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Serves one feed request. The assembler already degrades on dependency failures; this layer
 * adds the last guard: a bug or an unexpected exception anywhere in the pipeline still gets
 * the cached popular list (flagged as a fallback) instead of a 500.
 */
@Singleton
public class FeedService {
    static final String INTERNAL_ERROR = "internal_error";
    static final String OVERLOADED = "overloaded";
    static final String DEADLINE_EXCEEDED = "deadline_exceeded";
    private static final Logger LOG = Logger.getLogger(FeedService.class);

    private final Experiment experiment;
    private final Supplier<List<Candidate>> popular;
    private final Supplier<Map<String, VideoFeatures>> popularContent;
    private final String retrievalVersion;
    private final VersionSwitch<ServedVersion> served;
    private final ImpressionLog impressions;
    private final Admission admission;
    private final Semaphore permits;
    private final WarningGate shedWarning = new WarningGate(Duration.ofSeconds(30));
    private final WarningGate deadlineWarning = new WarningGate(Duration.ofSeconds(30));
    /** Admitted feeds run here when there is a deadline, so the request can stop waiting for one (trace context carried). */
    private final ExecutorService assembly = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());

    /**
     * At most {@code maxInFlight} feeds assembled at once. Requests run on virtual threads, so nothing
     * else bounds them: past the box's capacity every feed shared the CPU with all the others, each
     * took longer than its client waited, and the ones still running when their clients had given up
     * made every later feed late too (50 feeds/s with 1,000 events/s on this 2-core box: all 2,500
     * requests timed out, feeds inside the function took 15 s on average). A request that gets no
     * slot within {@code maxWait} is served the popular list for its user at once.
     */
    /*
     * {@code deadline}: the longest an admitted request waits for its feed. Every step has a timeout of
     * its own, but on a box whose CPU stalls (or a dependency that is slow in a way no step's timeout
     * covers, e.g. a restarted Cassandra still compiling its read path) the steps' times add up past
     * what a client waits. Past the deadline the request is answered with the cached popular list
     * ({@code deadline_exceeded}); the feed goes on to its end in the background, holding its slot of
     * {@code maxInFlight}, and its answer is dropped. ZERO: no deadline (the feed runs on the request's thread).
     */
    record Admission(int maxInFlight, Duration maxWait, Duration deadline) {
        static final Admission UNBOUNDED = new Admission(0, Duration.ZERO, Duration.ZERO);

        Admission(int maxInFlight, Duration maxWait) {
            this(maxInFlight, maxWait, Duration.ZERO);
        }

        Semaphore newPermits() {
            return maxInFlight > 0 ? new Semaphore(maxInFlight) : null;
        }
    }

    /** A feed and the retrieval model version its version-bound sources used (null: none served). */
    public record Answer(Feed feed, String retrievalVersion) {}

    @Inject
    FeedService(Experiment experiment, PopularFallback popular, FeedSettings config, RetrievalIndex retrieval, ImpressionLog impressions) {
        this(experiment, popular, popular::content, config.retrievalVersion(), retrieval.served(), impressions,
                new Admission(config.maxInFlight(), config.admissionWait(), config.deadline()));
    }

    FeedService(FeedAssembler assembler, Supplier<List<Candidate>> popular, List<PostProcessor> postProcessors,
                String retrievalVersion) {
        this(assembler, popular, Map::of, postProcessors, retrievalVersion, new VersionSwitch<>(null));
    }

    FeedService(FeedAssembler assembler, Supplier<List<Candidate>> popular, List<PostProcessor> postProcessors,
                String retrievalVersion, VersionSwitch<ServedVersion> served) {
        this(assembler, popular, Map::of, postProcessors, retrievalVersion, served);
    }

    /** @param popularContent the features of the popular list's videos, as far as known (a content filter is checked on them) */
    FeedService(FeedAssembler assembler, Supplier<List<Candidate>> popular, Supplier<Map<String, VideoFeatures>> popularContent,
                List<PostProcessor> postProcessors, String retrievalVersion, VersionSwitch<ServedVersion> served) {
        this(Experiment.single(assembler, postProcessors), popular, popularContent, retrievalVersion, served, ImpressionLog.OFF);
    }

    FeedService(Experiment experiment, Supplier<List<Candidate>> popular, Supplier<Map<String, VideoFeatures>> popularContent,
                String retrievalVersion, VersionSwitch<ServedVersion> served, ImpressionLog impressions) {
        this(experiment, popular, popularContent, retrievalVersion, served, impressions, Admission.UNBOUNDED);
    }

    FeedService(Experiment experiment, Supplier<List<Candidate>> popular, Supplier<Map<String, VideoFeatures>> popularContent,
                String retrievalVersion, VersionSwitch<ServedVersion> served, ImpressionLog impressions, Admission admission) {
        this.admission = admission;
        this.permits = admission.newPermits();
        this.experiment = experiment;
        this.popular = popular;
        this.popularContent = popularContent;
        this.retrievalVersion = retrievalVersion;
        this.served = served;
        this.impressions = impressions;
    }

    public Feed serve(FeedRequest request) {
        return answer(request).feed();
    }

    /**
     * Serves with the retrieval version pinned once for the whole request (see {@link VersionSwitch}),
     * on the pipeline of the user's experiment bucket; every list served, fallbacks included, is
     * handed to the impression log (which never blocks or fails the answer).
     */
    public Answer answer(FeedRequest request) {
        long started = System.nanoTime();
        Experiment.Route route = experiment.route(request.userId());
        // The pin is released by whoever finishes the feed: a feed abandoned at the deadline still uses its version.
        var pin = served.pin(request);
        String version = pin.value() == null ? null : pin.value().version();
        boolean admitted = acquire();
        Feed feed;
        Future<Feed> running = null;
        if (admitted && !admission.deadline().isZero()) {
            try {
                running = assembly.submit(() -> assemble(route, request, true, pin));
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                running = null; // assembled here instead
            }
        }
        feed = running != null ? withinDeadline(running, request, route, started) : assemble(route, request, admitted, pin);
        feed = feed.withBucket(route.bucket());
        // The pipeline resolves the context beside the user's features; a feed it did not finish says the headers' alone.
        if (feed.context() == null) feed = feed.withContext(ServedContext.of(request.context(), UserFeatures.getDefaultInstance()));
        impressions.served(request, feed);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("feed requestId=%s surface=%s userId=%s bucket=%s limit=%d items=%d retrievalVersion=%s modelVersion=%s fallback=%s reason=%s tookMs=%.1f",
                    request.requestId(), request.surface(), request.userId(), route.bucket(), request.limit(), feed.items().size(), version,
                    feed.modelVersion(), feed.fallback(), feed.fallbackReason(), (System.nanoTime() - started) / 1e6);
        }
        return new Answer(feed, version);
    }

    /** The feed, or the popular list past the pipeline's failure; releases the slot (if admitted) and the pin. */
    private Feed assemble(Experiment.Route route, FeedRequest request, boolean admitted, VersionSwitch.Pin<ServedVersion> pin) {
        try (pin) {
            return admitted ? route.assembler().assemble(request) : route.assembler().popular(request, OVERLOADED);
        } catch (RuntimeException e) {
            LOG.errorf(e, "feed pipeline failed for request %s, serving the popular fallback", request.requestId());
            return emergencyFeed(request, route.postProcessors(), INTERNAL_ERROR);
        } finally {
            if (admitted && permits != null) permits.release();
        }
    }

    private Feed withinDeadline(Future<Feed> feed, FeedRequest request, Experiment.Route route, long started) {
        long left = admission.deadline().toNanos() - (System.nanoTime() - started);
        try {
            return feed.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (deadlineWarning.open()) {
                LOG.warnf("a feed took longer than reelrank.feed.deadline (%d ms): serving the popular list (deadline_exceeded; "
                        + "further ones not logged for 30 s)", admission.deadline().toMillis());
            }
            return emergencyFeed(request, route.postProcessors(), DEADLINE_EXCEEDED);
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "feed pipeline failed for request %s, serving the popular fallback", request.requestId());
            return emergencyFeed(request, route.postProcessors(), INTERNAL_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return emergencyFeed(request, route.postProcessors(), INTERNAL_ERROR);
        }
    }

    private boolean acquire() {
        if (permits == null) return true;
        try {
            if (permits.tryAcquire(admission.maxWait().toNanos(), TimeUnit.NANOSECONDS)) return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Under overload every shed request would log: one WARNING per 30 s says so.
        if (shedWarning.open()) {
            LOG.warnf("%d feeds in flight: serving the popular list (overloaded) to requests that wait over %d ms "
                    + "(reelrank.feed.max-in-flight, reelrank.feed.admission-wait; further ones not logged for 30 s)",
                    admission.maxInFlight(), admission.maxWait().toMillis());
        }
        return false;
    }

    /**
     * The cached list, still filtered and diversified (without the user's features: they may be what
     * failed), named by the configured retrieval version and scored by position like any feed in
     * retrieval order ({@link FeedItem#byPosition}). The request's filter is applied before the
     * post-processors and apart from them, so it holds even when they fail; its content constraints
     * are checked on the features the list was cached with (a video without them is left out).
     */
    Feed emergencyFeed(FeedRequest request, List<PostProcessor> postProcessors, String reason) {
        FeedFilter filter = request.filter();
        Map<String, VideoFeatures> content = filter.constrainsContent() ? popularContent.get() : Map.of();
        List<Candidate> candidates = popular.get().stream()
                .filter(c -> !filter.excludes(c.videoId()) && filter.admitsContent(content.get(c.videoId())))
                .toList();
        try {
            for (PostProcessor p : postProcessors) candidates = p.apply(request, UserFeatures.getDefaultInstance(), candidates, false);
        } catch (RuntimeException e) {
            LOG.warnf("post-processing of the fallback failed, serving it unprocessed: %s", e.toString());
        }
        var items = FeedItem.byPosition(candidates, request.limit(), Reason.Rule.of(request, UserFeatures.getDefaultInstance()));
        return new Feed(request.requestId(), request.userId(), retrievalVersion, true, reason, items);
    }

    @PreDestroy
    void close() {
        assembly.shutdown();
    }
}
