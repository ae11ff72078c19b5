package dev.reelrank.functions.reranking;

import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.Popularity;
import dev.reelrank.proto.v1.RankCandidate;
import dev.reelrank.proto.v1.RankContext;
import dev.reelrank.proto.v1.RankRequest;
import dev.reelrank.proto.v1.RankResponse;
import dev.reelrank.proto.v1.Surface;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Answers {@code reelrank.ranking.warmup.calls} Rank calls for nobody through the service's own
 * {@code rank} method before the function reports ready ({@link RankingModelReadiness} waits for
 * it): the feature reads, row assembly, scoring and answer building are compiled and the store
 * sessions connected when the first real call arrives. The candidates are the store's most
 * popular videos (real features to decode), or made-up ids on an empty store; the user is unknown
 * to the store. Nothing is written.
 */
@ApplicationScoped
public class RankWarmup {
    private static final Logger LOG = Logger.getLogger(RankWarmup.class);
    static final String USER = "reelrank-warmup";

    private final RankingGrpcService service;
    private final FeatureStore features;
    private final RankingSettings.Warmup config;
    private final DriftService drift;
    private volatile boolean done;
    private volatile String summary = "not started";

    RankWarmup(@GrpcService RankingGrpcService service, FeatureStore features, RankingSettings settings, DriftService drift) {
        this.service = service;
        this.drift = drift;
        this.features = features;
        this.config = settings.warmup();
        this.done = config.calls() <= 0;
        if (done) summary = "disabled";
    }

    void onStart(@Observes StartupEvent start) {
        if (done) return;
        Thread.ofPlatform().name("rank-warmup").daemon().start(this::run);
    }

    void run() {
        long started = System.nanoTime();
        var outcomes = new TreeMap<String, Integer>();
        int calls = 0;
        try {
            RankRequest.Builder request = RankRequest.newBuilder().setUserId(USER)
                    .setContext(RankContext.newBuilder().setSurface(Surface.home));
            for (String id : candidates(started)) request.addCandidates(RankCandidate.newBuilder().setVideoId(id).addSources("warmup"));
            for (; calls < config.calls() && System.nanoTime() - started < config.maxDuration().toNanos(); calls++) {
                var answer = new Outcome();
                try {
                    service.rank(request.setRequestId("warmup-" + calls).build(), answer);
                } catch (RuntimeException e) {
                    answer.outcome = e.getClass().getSimpleName();
                }
                outcomes.merge(answer.outcome, 1, Integer::sum);
            }
        } finally {
            summary = String.format("%d calls in %d ms %s", calls, (System.nanoTime() - started) / 1_000_000, outcomes);
            // Its rows (an unknown user, the most popular videos) are not traffic: keep them out of the drift window.
            drift.clear();
            done = true;
            LOG.infof("ranking: Rank path warmed up, %s", summary);
        }
    }

    /**
     * The most popular videos; also waits for the store sessions, which connect in the background
     * (calls made before would only exercise the UNAVAILABLE path).
     */
    private List<String> candidates(long started) {
        var ids = new ArrayList<String>(config.candidates());
        while (features instanceof Popularity popularity) {
            try {
                features.user(USER);
                for (var v : popularity.top(Popularity.GLOBAL, config.candidates())) ids.add(v.videoId());
                break;
            } catch (RuntimeException e) {
                if (System.nanoTime() - started >= config.maxDuration().toNanos()) break;
                LOG.debugf("warm-up: store not ready yet (%s)", e.toString());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (int i = 0; ids.size() < config.candidates(); i++) ids.add("reelrank-warmup-video-" + i);
        return ids;
    }

    boolean done() {
        return done;
    }

    String summary() {
        return summary;
    }

    /** What one call answered: "scored", or the gRPC status it failed with. */
    private static final class Outcome implements StreamObserver<RankResponse> {
        String outcome = "no answer";

        @Override
        public void onNext(RankResponse value) {
            outcome = "scored";
        }

        @Override
        public void onError(Throwable t) {
            outcome = io.grpc.Status.fromThrowable(t).getCode().name();
        }

        @Override
        public void onCompleted() {
        }
    }
}
