package dev.reelrank.functions.feedassembly;

import dev.reelrank.retrieval.ColdStart;
import dev.reelrank.retrieval.FreshContentSource;
import dev.reelrank.retrieval.SourcePlan;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code reelrank.sources.*}: which candidate sources run and how many candidates each may give;
 * documented in application.properties. Read as a {@link SourcePlan} ({@link #toPlan}); its
 * defaults are {@link SourcePlan#DEFAULTS} (SourceSettingsTest fails if they drift apart).
 */
@ConfigMapping(prefix = "reelrank.sources")
public interface SourceSettings {
    Source ann();

    Source trending();

    Source subscriptions();

    Source fresh();

    Source upNext();

    interface Source {
        @WithDefault("true")
        boolean enabled();

        int quota();

        default SourcePlan.Source toSource() {
            return new SourcePlan.Source(enabled(), quota());
        }
    }

    /** Extra results a source asks for to make up for watched / not-interested videos it drops. */
    @WithDefault("100")
    int overfetchCap();

    /** Subscribed channels read per request (the newest subscriptions), and uploads per channel. */
    @WithDefault("50")
    int subscriptionsMaxChannels();

    @WithDefault("5")
    int subscriptionsPerChannel();

    /** Up Next query = normalize(w · watched video + (1 − w) · user); w here. */
    @WithDefault("0.7")
    double upNextSeedWeight();

    Fresh freshMatching();

    /** FreshContentSource.Config. */
    interface Fresh {
        @WithDefault("3")
        int topCategories();

        @WithDefault("1")
        int topLanguages();

        @WithDefault("20")
        int historyVideos();

        @WithDefault("50")
        int perList();

        @WithDefault("1.0")
        double categoryWeight();

        @WithDefault("1.0")
        double tagWeight();

        @WithDefault("0.5")
        double languageWeight();

        @WithDefault("0.25")
        double regionWeight();

        default FreshContentSource.Config toConfig() {
            return new FreshContentSource.Config(topCategories(), topLanguages(), historyVideos(), perList(), categoryWeight(),
                    tagWeight(), languageWeight(), regionWeight());
        }
    }

    ColdStartQuotas coldStart();

    /** ColdStart: the Home quotas of a user with no history (nothing watched, nothing recent, no embedding). */
    interface ColdStartQuotas {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("0")
        int annQuota();

        @WithDefault("300")
        int trendingQuota();

        @WithDefault("150")
        int freshQuota();

        default ColdStart toColdStart() {
            return new ColdStart(enabled(), annQuota(), trendingQuota(), freshQuota());
        }
    }

    /** @param popularQuota {@code reelrank.feed.popular-quota} (the popular source is the feed's, not a {@code reelrank.sources} one) */
    default SourcePlan toPlan(int popularQuota) {
        return new SourcePlan(ann().toSource(), upNext().toSource(), subscriptions().toSource(), trending().toSource(),
                fresh().toSource(), popularQuota, overfetchCap(), subscriptionsMaxChannels(), subscriptionsPerChannel(),
                upNextSeedWeight(), freshMatching().toConfig(), coldStart().toColdStart());
    }
}
