package dev.reelrank.functions.feedassembly;

import dev.reelrank.featurestore.ConnectingFeatureStore;
import dev.reelrank.model.ChannelDiversityCap;
import dev.reelrank.model.FeedAssembler;
import dev.reelrank.model.NegativeFeedback;
import dev.reelrank.model.PopularSource;
import dev.reelrank.model.PostProcessor;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.model.SeenFilter;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.retrieval.AnnSource;
import dev.reelrank.retrieval.FreshContentSource;
import dev.reelrank.retrieval.ModelSeedVectors;
import dev.reelrank.retrieval.SeedVectors;
import dev.reelrank.retrieval.SubscriptionSource;
import dev.reelrank.retrieval.TrendingSource;
import dev.reelrank.retrieval.TwoTowerTowers;
import dev.reelrank.retrieval.UpNextSource;
import dev.reelrank.retrieval.UserEmbeddings;
import java.util.ArrayList;
import java.util.Optional;
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
    FeedAssembler assembler(FeedConfig config, RankingSettings ranking, GrpcRanker ranker, ConnectingFeatureStore features,
                            @Named("retrieval") ExecutorService executor, PopularFallback fallback,
                            List<PostProcessor> postProcessors, SourceSettings sources, RetrievalIndex retrieval,
                            RetrievalSignals signals, NegativeFeedback negativeFeedback) {
        return new FeedAssembler(sources(config, sources, retrieval, features, signals), ranking.enabled() ? ranker : null,
                postProcessors, features, negativeFeedback, executor, config.retrievalVersion(), fallback);
    }

    /**
     * Enabled sources with a quota, in merge order: a video proposed by several keeps the first
     * one as its {@code source}. Personal sources first, popularity last; on Up Next requests the
     * up_next source leads (the video being watched anchors the list).
     */
    static List<FeedAssembler.SourceQuota> sources(FeedConfig config, SourceSettings s, RetrievalIndex retrieval,
                                                   ConnectingFeatureStore features, RetrievalSignals signals) {
        var out = new ArrayList<FeedAssembler.SourceQuota>();
        // Version-bound sources follow the rollout switch: built per served version, chosen per request.
        var served = retrieval.served();
        if (on(s.ann())) {
            out.add(new FeedAssembler.SourceQuota(new PinnedSource(AnnSource.NAME, served,
                    v -> new AnnSource(v.index(), users(v), s.overfetchCap())), s.ann().quota()));
        }
        if (on(s.upNext())) {
            out.add(new FeedAssembler.SourceQuota(new PinnedSource(UpNextSource.NAME, served, v -> {
                // Seeds from the model's video tower: works for videos no index holds yet. Without a model, no seeds.
                SeedVectors seeds = v.model().<SeedVectors>map(m -> new ModelSeedVectors(features, TwoTowerTowers.video(m), v.version()))
                        .orElse(id -> Optional.empty());
                return new UpNextSource(v.index(), seeds, users(v), s.upNextSeedWeight(), s.overfetchCap());
            }), s.upNext().quota(), Surface.up_next));
        }
        if (on(s.subscriptions())) {
            out.add(new FeedAssembler.SourceQuota(new SubscriptionSource(signals, s.subscriptionsMaxChannels(), s.subscriptionsPerChannel()),
                    s.subscriptions().quota()));
        }
        if (on(s.trending())) out.add(new FeedAssembler.SourceQuota(new TrendingSource(signals, s.overfetchCap()), s.trending().quota()));
        if (on(s.fresh())) {
            var f = s.freshMatching();
            var fc = new FreshContentSource.Config(f.topCategories(), f.topLanguages(), f.historyVideos(), f.perList(),
                    f.categoryWeight(), f.tagWeight(), f.languageWeight(), f.regionWeight());
            out.add(new FeedAssembler.SourceQuota(new FreshContentSource(signals, features, fc), s.fresh().quota()));
        }
        if (config.popularQuota() > 0) out.add(new FeedAssembler.SourceQuota(new PopularSource(features), config.popularQuota()));
        return out;
    }

    /** Stored embeddings of the version, else its user tower: never another version's. */
    private static UserEmbeddings users(ServedVersion v) {
        return new UserEmbeddings(v.version(), v.model().map(TwoTowerTowers::user).orElse(null));
    }

    private static boolean on(SourceSettings.Source source) {
        return source.enabled() && source.quota() > 0;
    }
}
