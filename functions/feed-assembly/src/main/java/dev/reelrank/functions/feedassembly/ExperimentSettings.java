package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.BucketAssignment;
import dev.reelrank.model.PostProcessing;
import dev.reelrank.ranking.ScoreCombiner;
import dev.reelrank.retrieval.SourcePlan;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code reelrank.experiments.*}: the A/B buckets and what each changes in the served pipeline;
 * documented in application.properties. A bucket states only what it changes: every property left
 * out is the function's own ({@code reelrank.feed.*}, {@code reelrank.sources.*},
 * {@code reelrank.ranking.*}), so the control bucket is the deployment as configured.
 */
@ConfigMapping(prefix = "reelrank.experiments")
public interface ExperimentSettings {
    /** Part of the hash: a new salt re-shuffles every user (a new experiment on a fresh split). */
    @WithDefault("reelrank")
    String salt();

    /** Resolution of the split: a bucket's size is a whole number of slots (10,000: 0.01 % steps). */
    @WithDefault("10000")
    int slots();

    /** By name; none configured: everyone in {@code control}, as configured. */
    Map<String, Bucket> buckets();

    interface Bucket {
        /** Relative size: shares are divided by their sum (percentages are the usual unit). */
        double share();

        Quotas quotas();

        Optional<Double> mmrLambda();

        Optional<Double> channelSpreadPenalty();

        Optional<Double> exploreShare();

        /** Replaces all of {@code reelrank.ranking.weights} when any is given (objectives not listed count 0). */
        Map<String, Double> rankingWeights();

        Optional<ScoreCombiner.Mode> rankingCombine();

        Optional<Integer> rankingRetrievalWindow();

        /** The most candidates each source may give (0 = the source does not run for this bucket). */
        interface Quotas {
            Optional<Integer> ann();

            Optional<Integer> upNext();

            Optional<Integer> subscriptions();

            Optional<Integer> trending();

            Optional<Integer> fresh();

            Optional<Integer> popular();
        }

        default FeedVariant applyTo(String name, FeedVariant base) {
            PostProcessing p = base.postProcessing();
            PostProcessing post = new PostProcessing(p.maxPerChannel(), mmrLambda().orElse(p.mmrLambda()), p.mmrWindowFactor(),
                    channelSpreadPenalty().orElse(p.channelSpreadPenalty()), p.channelSpreadGap(),
                    exploreShare().orElse(p.exploreShare()), p.exploreMaxImpressions(), p.explorePool());
            SourcePlan s = base.sources();
            Quotas q = quotas();
            SourcePlan sources = new SourcePlan(quota(s.ann(), q.ann()), quota(s.upNext(), q.upNext()),
                    quota(s.subscriptions(), q.subscriptions()), quota(s.trending(), q.trending()), quota(s.fresh(), q.fresh()),
                    q.popular().orElse(s.popularQuota()), s.overfetchCap(), s.subscriptionsMaxChannels(), s.subscriptionsPerChannel(),
                    s.upNextSeedWeight(), s.freshMatching());
            ScoreCombiner c = base.combiner();
            ScoreCombiner combiner = new ScoreCombiner(rankingWeights().isEmpty() ? c.weights() : rankingWeights(),
                    rankingCombine().orElse(c.mode()), rankingRetrievalWindow().orElse(c.retrievalWindow()));
            return new FeedVariant(name, post, sources, combiner);
        }

        private static SourcePlan.Source quota(SourcePlan.Source base, Optional<Integer> quota) {
            return quota.map(base::withQuota).orElse(base);
        }
    }

    /** Buckets in name order (the slot runs follow it, so the split does not depend on the map's iteration order). */
    default BucketAssignment assignment() {
        if (buckets().isEmpty()) return BucketAssignment.single();
        var list = new ArrayList<BucketAssignment.Bucket>();
        new TreeMap<>(buckets()).forEach((name, b) -> list.add(new BucketAssignment.Bucket(name, b.share())));
        return new BucketAssignment(list, slots(), salt());
    }

    /** Each bucket's pipeline settings: {@code base} with the bucket's overrides, in name order. */
    default List<FeedVariant> variants(FeedVariant base) {
        if (buckets().isEmpty()) return List.of(base.named(BucketAssignment.CONTROL));
        var out = new ArrayList<FeedVariant>();
        new TreeMap<>(buckets()).forEach((name, b) -> out.add(b.applyTo(name, base)));
        return out;
    }
}
