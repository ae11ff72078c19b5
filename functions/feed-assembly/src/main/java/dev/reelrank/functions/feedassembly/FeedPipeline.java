package dev.reelrank.functions.feedassembly;

import dev.reelrank.featurestore.ConnectingFeatureStore;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.MaximalMarginalRelevance;
import dev.reelrank.model.NegativeFeedback;
import dev.reelrank.model.PostProcessor;
import dev.reelrank.model.Ranker;
import dev.reelrank.model.RankingDepth;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.retrieval.SourcePlan;
import jakarta.enterprise.inject.Disposes;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import dev.reelrank.ranking.ScoreCombiner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires the framework-free {@link FeedAssembler} from configuration and the stage adapters. */
public class FeedPipeline {

    /** Candidate sources are I/O-bound: one virtual thread per source call. */
    @Produces
    @Singleton
    @Named("retrieval")
    ExecutorService retrievalExecutor() {
        // Each retrieval task runs in the feed request's trace context, so its calls stay in the trace.
        return io.opentelemetry.context.Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());
    }

    void closeExecutor(@Disposes @Named("retrieval") ExecutorService executor) {
        executor.close();
    }

    /** The vectors of the version the request pinned, so MMR compares what retrieval searched; none while no version serves. */
    static MaximalMarginalRelevance.Embeddings embeddings(RetrievalIndex retrieval) {
        return (request, ids) -> retrieval.served().of(request).map(v -> v.index().vectors(ids)).orElse(Map.of());
    }

    /** One pipeline per experiment bucket, all over the same adapters; the breaker in front of re-ranking is shared. */
    @Produces
    @Singleton
    Experiment experiment(Inputs in, ExperimentSettings experiments, GrpcRanker ranker, FeedMetrics metrics) {
        var routes = new ArrayList<Experiment.Route>();
        for (FeedVariant v : in.variants(experiments)) {
            routes.add(new Experiment.Route(v.bucket(), in.assembler(v, guarded(ranker, v.combiner(), metrics), metrics), in.postProcessors(v)));
        }
        return new Experiment(experiments.assignment(), routes);
    }

    /** The configured pipeline for {@link FeedWarmup}, calling re-ranking past the circuit breaker. */
    @Produces
    @Singleton
    FeedWarmup.Pipeline warmupPipeline(Inputs in, GrpcRanker ranker) {
        FeedVariant v = in.configured();
        // No metrics: the warm-up's calls are no feed's and would skew the served latencies.
        return in.assembler(v, (request, user, candidates) -> ranker.rankUnguarded(request, user, candidates, v.combiner()), null)::assemble;
    }

    /** What every served pipeline and the warm-up's are built from; they differ in their {@link FeedVariant} and how ranking is called. */
    @Singleton
    static final class Inputs {
        private final FeedSettings config;
        private final RankingSettings ranking;
        private final ConnectingFeatureStore features;
        private final ExecutorService executor;
        private final PopularFallback fallback;
        private final SourceSettings sources;
        private final RetrievalIndex retrieval;
        private final RetrievalSignals signals;
        private final NegativeFeedback negativeFeedback;

        Inputs(FeedSettings config, RankingSettings ranking, ConnectingFeatureStore features, @Named("retrieval") ExecutorService executor,
               PopularFallback fallback, SourceSettings sources, RetrievalIndex retrieval,
               RetrievalSignals signals, NegativeFeedback negativeFeedback) {
            this.config = config;
            this.ranking = ranking;
            this.features = features;
            this.executor = executor;
            this.fallback = fallback;
            this.sources = sources;
            this.retrieval = retrieval;
            this.signals = signals;
            this.negativeFeedback = negativeFeedback;
        }

        FeedVariant configured() {
            return FeedVariant.configured(config, sources, ranking);
        }

        List<FeedVariant> variants(ExperimentSettings experiments) {
            return experiments.variants(configured());
        }

        /**
         * Post-processing in shared-model's order (the evaluator's too): drop what the user has seen or
         * refused, diversify the head (MMR over the request's pinned retrieval version's vectors, channel
         * spread), cap each channel, explore; with the bucket's tunables.
         */
        List<PostProcessor> postProcessors(FeedVariant v) {
            return v.postProcessing().steps(embeddings(retrieval), features);
        }

        /** @param metrics null: the sources' calls are not measured */
        FeedAssembler assembler(FeedVariant v, Ranker ranker, FeedMetrics metrics) {
            var planned = sources(v.sources(), retrieval, features, signals);
            if (metrics != null) planned = timed(planned, metrics);
            // The bucket's window decides how deep a page can reach into the merge.
            var depth = new RankingDepth(v.combiner().retrievalWindow(), ranking.depthPerItem());
            return new FeedAssembler(planned, ranking.enabled() ? depth.bound(ranker) : null,
                    postProcessors(v), features, negativeFeedback, executor, config.retrievalVersion(), fallback);
        }
    }

    /**
     * The breaker's refusal in the framework-free pipeline's terms (a fallback reason of its own); every
     * call is measured as {@code reelrank.ranking.latency} with its outcome.
     */
    static Ranker guarded(GrpcRanker ranker, ScoreCombiner combiner, FeedMetrics metrics) {
        return measured((request, user, candidates) -> ranker.rank(request, user, candidates, combiner), metrics);
    }

    /** {@code call} (the breaker's bean method) timed by outcome, its breaker refusal translated. */
    static Ranker measured(Ranker call, FeedMetrics metrics) {
        return (request, user, candidates) -> {
            long started = System.nanoTime();
            String outcome = FeedMetrics.ERROR;
            try {
                var ranking = call.rank(request, user, candidates);
                outcome = FeedMetrics.OK;
                return ranking;
            } catch (CircuitBreakerOpenException e) {
                outcome = FeedMetrics.BREAKER_OPEN;
                throw new Ranker.CircuitOpen(e.getMessage());
            } catch (Ranker.Timeout e) {
                outcome = FeedMetrics.TIMEOUT;
                throw e;
            } finally {
                metrics.ranking(outcome, System.nanoTime() - started);
            }
        };
    }

    /** Each source measured ({@code reelrank.retrieval.*}), same quota and surface it leads on. */
    static List<FeedAssembler.SourceQuota> timed(List<FeedAssembler.SourceQuota> sources, FeedMetrics metrics) {
        return sources.stream()
                .map(sq -> new FeedAssembler.SourceQuota(new TimedSource(sq.source(), metrics), sq.quota(), sq.leadsOn()))
                .toList();
    }

    /**
     * The sources of {@link SourcePlan#sources} (a bucket's plan: {@code reelrank.sources.*} and
     * {@code reelrank.feed.popular-quota} with the bucket's quotas): the same factory the offline
     * evaluator builds its merged feed with. Version-bound sources (ann, up_next) follow the rollout
     * switch: built per served version, chosen per request.
     */
    static List<FeedAssembler.SourceQuota> sources(SourcePlan plan, RetrievalIndex retrieval,
                                                   ConnectingFeatureStore features, RetrievalSignals signals) {
        var served = retrieval.served();
        SourcePlan.VersionBinding versions = (name, build) -> new PinnedSource(name, served,
                v -> build.apply(SourcePlan.VersionInputs.of(v.version(), v.index(), v.model().orElse(null), features)));
        return plan.sources(new SourcePlan.Inputs(versions, signals, features, features));
    }
}
