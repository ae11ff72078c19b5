package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.ImpressionFatigue;
import dev.reelrank.model.PostProcessing;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Tunables of the feed routes and pipeline; documented in application.properties. The
 * post-processing ones are read as shared-model's {@link PostProcessing} ({@link #postProcessing}),
 * whose defaults they repeat (PostProcessingSettingsTest fails if they drift apart).
 */
@ConfigMapping(prefix = "reelrank.feed")
public interface FeedSettings {
    /** Items returned when the request gives no {@code limit}. */
    @WithDefault("20")
    int defaultLimit();

    /** Largest {@code limit} accepted; more is a 400. */
    @WithDefault("100")
    int maxLimit();

    /** Videos of one channel allowed in a feed before the rest are pushed to the end. */
    @WithDefault("3")
    int maxPerChannel();

    /** MMR: weight of relevance against similarity to what is already on the page; 1 = embeddings play no part. */
    @WithDefault("0.7")
    double mmrLambda();

    /** MMR considers the first limit × this candidates. */
    @WithDefault("3")
    int mmrWindowFactor();

    /** MMR: subtracted from a video of a channel among the last channel-spread-gap placed; 0 = off. */
    @WithDefault("1.0")
    double channelSpreadPenalty();

    @WithDefault("1")
    int channelSpreadGap();

    /** Share of the page given to exploration (fresh and under-exposed videos); 0 = off. */
    @WithDefault("0.1")
    double exploreShare();

    /** A video with fewer impressions (or proposed by the fresh source) may be explored. */
    @WithDefault("100")
    long exploreMaxImpressions();

    /** Candidates just below the page that exploration considers (their counters are read). */
    @WithDefault("100")
    int explorePool();

    /** Impressions without a play, in one run, that rest a video for the user; 0 = off. */
    @WithDefault("3")
    int fatigueImpressions();

    /**
     * A gap this long ends a run of impressions, and a rested video comes back this long after it was
     * last shown. embedding-refresh's reelrank.refresh.fatigue-window must be the same.
     */
    @WithDefault("72h")
    Duration fatigueWindow();

    default PostProcessing postProcessing() {
        // The tally limit is the fold's (embedding-refresh); the feed only reads what is stored.
        var fatigue = new ImpressionFatigue(fatigueImpressions(), fatigueWindow(), ImpressionFatigue.DEFAULTS.limit());
        return new PostProcessing(maxPerChannel(), mmrLambda(), mmrWindowFactor(), channelSpreadPenalty(), channelSpreadGap(),
                exploreShare(), exploreMaxImpressions(), explorePool(), fatigue);
    }

    /** Candidates the popularity source contributes to ranking. */
    @WithDefault("500")
    int popularQuota();

    /** {@code modelVersion} reported when no ranker ordered the feed. */
    @WithDefault("popularity-v0")
    String retrievalVersion();

    /**
     * Feeds assembled at once (retrieval, ranking, post-processing); a request that finds them all busy
     * waits up to {@link #admissionWait()} and is then served the popular list ({@code overloaded}).
     * 0: no bound.
     */
    @WithDefault("16")
    int maxInFlight();

    /** How long a request waits for one of {@link #maxInFlight()} before it is served the popular list. */
    @WithDefault("50ms")
    Duration admissionWait();

    /**
     * The longest a request waits for its feed; past it the cached popular list is served
     * ({@code deadline_exceeded}) and the feed, still running, is dropped when done. Below a
     * client's own timeout, so that a box or dependency slower than every step's timeout still
     * answers. 0: no deadline.
     */
    @WithDefault("800ms")
    Duration deadline();

    /**
     * Most video ids one request's {@code exclude} may list; more is a 400. Each costs a set lookup
     * per candidate; the URL must fit quarkus.http.limits.max-initial-line-length.
     */
    @WithDefault("500")
    int maxExclude();

    /** User id for Up Next requests of viewers who are not signed in. */
    @WithDefault("anonymous")
    String anonymousUserId();

    PopularFallback popularFallback();

    /**
     * Every served list (Home and Up Next, ranked or fallback) is published as {@code impression}
     * interactions on the {@code interactions} topic, asynchronously; false: nothing is published.
     */
    @WithDefault("true")
    boolean logImpressions();

    Impressions impressions();

    /** How served impressions reach Kafka ({@link KafkaImpressionLog}). */
    interface Impressions {
        @WithDefault("127.0.0.1:9092")
        String kafkaBootstrapServers();

        /** Events waiting for the producer; past it impressions are dropped (counted) rather than slow the feed. */
        @WithDefault("20000")
        int bufferSize();

        /** Dropped impressions are reported at most this often. */
        @WithDefault("30s")
        Duration dropLogInterval();

        /** The CloudEvent source of the served impressions. */
        @WithDefault("/reelrank/feed-assembly")
        String source();
    }

    Warmup warmup();

    /**
     * Feeds served to nobody before the function reports ready, so the first real requests do not
     * pay for cold code: interpreted retrieval and merge code, a gRPC channel and a Cassandra session
     * still connecting made the demo's first feeds miss the ranking deadline and open the breaker.
     */
    interface Warmup {
        /** Feeds assembled (Home and Up Next alternately) before ready; 0 = ready at once, cold. */
        @WithDefault("200")
        int requests();

        /** Ready after this even if the feeds are not all done (a slow or absent dependency). */
        @WithDefault("60s")
        Duration maxDuration();
    }

    /** The in-memory global popular list served when everything else failed. */
    interface PopularFallback {
        /** Videos kept; more than max-limit so filtering seen videos still fills a page. */
        @WithDefault("300")
        int size();

        /** How often it is re-read from the feature store in the background. */
        @WithDefault("30s")
        Duration refreshInterval();
    }
}
