package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.PostProcessing;
import dev.reelrank.ranking.ScoreCombiner;
import dev.reelrank.retrieval.SourcePlan;
import java.util.Objects;

/**
 * What one experiment bucket's pipeline is built from besides the shared adapters: its candidate
 * sources and quotas, how the ranker's objectives become the order, and its post-processing. The
 * function's configuration is the base every bucket starts from ({@link ExperimentSettings.Bucket#applyTo}).
 * The ranking model itself is not per bucket: RankRequest cannot pin a model version (re-ranking
 * serves the one it loaded), so buckets compare combinations, not models.
 */
public record FeedVariant(String bucket, PostProcessing postProcessing, SourcePlan sources, ScoreCombiner combiner) {
    public FeedVariant {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(postProcessing, "postProcessing");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(combiner, "combiner");
    }

    /** The function as configured, before any bucket's overrides. */
    static FeedVariant configured(FeedSettings feed, SourceSettings sources, RankingSettings ranking) {
        return new FeedVariant("", feed.postProcessing(), sources.toPlan(feed.popularQuota()), ranking.combiner());
    }

    FeedVariant named(String name) {
        return new FeedVariant(name, postProcessing, sources, combiner);
    }
}
