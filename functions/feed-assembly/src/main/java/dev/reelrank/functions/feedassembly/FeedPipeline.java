package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.ChannelDiversityCap;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.PopularSource;
import dev.reelrank.model.PostProcessor;
import dev.reelrank.model.SeenFilter;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires the framework-free {@link FeedAssembler} from configuration and the stage adapters. */
public class FeedPipeline {

    /** Candidate sources are I/O-bound: one virtual thread per source call. */
    @Produces
    @Singleton
    @Named("retrieval")
    ExecutorService retrievalExecutor() {
        return Executors.newVirtualThreadPerTaskExecutor();
    }

    void closeExecutor(@Disposes @Named("retrieval") ExecutorService executor) {
        executor.close();
    }

    /** Post-processing in order: drop what the user has seen or refused, then cap each channel. */
    @Produces
    @Singleton
    List<PostProcessor> postProcessors(FeedConfig config) {
        return List.of(new SeenFilter(), new ChannelDiversityCap(config.maxPerChannel()));
    }

    @Produces
    @Singleton
    FeedAssembler assembler(FeedConfig config, RankingSettings ranking, GrpcRanker ranker, OnlineFeatures features,
                            @Named("retrieval") ExecutorService executor, PopularFallback fallback,
                            List<PostProcessor> postProcessors) {
        var sources = List.of(new FeedAssembler.SourceQuota(new PopularSource(features), config.popularQuota()));
        return new FeedAssembler(sources, ranking.enabled() ? ranker : null, postProcessors, features, executor,
                config.retrievalVersion(), fallback);
    }
}
