package dev.reelrank.functions.reranking;

import dev.reelrank.ranking.HeuristicScorer;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Tunables of the ranking RPC; documented in application.properties. */
@ConfigMapping(prefix = "reelrank.ranking")
public interface RankingSettings {
    /** Larger requests are refused with INVALID_ARGUMENT (the proto promises up to 1,000). */
    @WithDefault("1000")
    int maxCandidates();

    /**
     * {@code mmoe}: the learned model (the version model-rollouts names, else {@link Mmoe#version},
     * else {@code mmoe/LATEST}), with the heuristic only while none can be loaded; {@code heuristic}:
     * the rule alone.
     */
    @WithDefault("mmoe")
    String model();

    Mmoe mmoe();

    Warmup warmup();

    /**
     * Rank calls answered for nobody before the function reports ready, after the model's own
     * per-shape warm-up: the feature read, row assembly and answer building run compiled from the
     * first real call (cold, the first calls after a start missed feed-assembly's 80 ms deadline).
     */
    interface Warmup {
        /** In-process Rank calls over the store's most popular videos; 0 = none. */
        @WithDefault("100")
        int calls();

        /** Candidates per warm-up call. */
        @WithDefault("500")
        int candidates();

        /** Ready after this whatever is left (a store still connecting makes each call wait). */
        @WithDefault("60s")
        java.time.Duration maxDuration();
    }

    Rollouts rollouts();

    Heuristic heuristic();

    /** Where the learned model comes from and how it runs. */
    interface Mmoe {
        /** The models root holding {@code mmoe/<version>/} and {@code mmoe/LATEST}. */
        @WithDefault("ml-artifacts/models")
        String dir();

        /** Serve this version at start instead of LATEST (a rollout record still wins once read). */
        Optional<String> version();

        /** Requests are padded to the smallest of these (each warmed up before the function is ready). */
        @WithDefault("16,64,256,512,1024")
        List<Integer> batchSizes();

        /** Where DJL's PyTorch native libraries are unpacked (once, ~430 MB). */
        @WithDefault("var/djl")
        String djlCacheDir();

        /**
         * Platform threads that run forward passes (0: one per core). Rank calls wait for one, so at
         * most this many passes run at once (more only queue up on the cores), and PyTorch's native
         * calls never pin the virtual threads that read features.
         */
        @WithDefault("0")
        int inferenceThreads();

        /** Expected watch seconds = watch ratio × duration; this duration where the video's is unknown. */
        @WithDefault("120")
        double defaultDurationSeconds();
    }

    /** Following {@code model-rollouts} for the ranking model ({@code scripts/model publish <v> --model mmoe}). */
    interface Rollouts {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("model-rollouts")
        String topic();

        /** How long reading the topic to its end (the version to serve) may take at start. */
        @WithDefault("30s")
        Duration topicCatchUpTimeout();

        /** Wait before following again after Kafka failed (or the topic is missing). */
        @WithDefault("5s")
        Duration retryDelay();

        /** The replaced model is closed this long after a switch (Rank calls in flight may still use it). */
        @WithDefault("30s")
        Duration retireGrace();
    }

    /** Parameters of {@link HeuristicScorer}; see {@link HeuristicScorer.Params}. */
    interface Heuristic {
        @WithDefault("1")
        double clickPriorClicks();

        @WithDefault("20")
        double clickPriorImpressions();

        @WithDefault("30")
        double watchPriorSeconds();

        @WithDefault("1")
        double watchPriorViews();

        @WithDefault("120")
        double watchHalfSeconds();

        @WithDefault("0.1")
        double affinityBonus();

        @WithDefault("5")
        double affinityHalf();

        default HeuristicScorer.Params params() {
            return new HeuristicScorer.Params(clickPriorClicks(), clickPriorImpressions(), watchPriorSeconds(),
                    watchPriorViews(), watchHalfSeconds(), affinityBonus(), affinityHalf());
        }
    }
}
