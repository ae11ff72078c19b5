package dev.reelrank.featurestore;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.reelrank.featurestore.tiered.TieredFeatureStore;
import dev.reelrank.featurestore.tiered.TieredRetrievalSignals;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.RetrievalSignals;
import dev.reelrank.model.RetrievalSignals.FreshList;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The tiered feature store (Redis → Cassandra) over a Cassandra session that connects in the
 * background (the Quarkus extension's reconnect-on-init), so a serving function starts and answers
 * while Cassandra is down. Until the session is up every read fails fast with an
 * {@link IllegalStateException}, which the feed pipeline and the ranker already treat as
 * "dependency unavailable"; the first read after that builds the stage ({@link FeatureStores})
 * once. A failed build (the session failed, a statement could not be prepared) is retried by the
 * next read.
 */
public final class ConnectingFeatureStore implements FeatureStore, Popularity {
    private final CompletionStage<? extends CqlSession> session;
    private final Lazy<FeatureStores> stores;
    private final Lazy<TieredFeatureStore> store;

    /** Popularity over the job's sets as it writes them by default ({@link TrendDecay#defaults()}). */
    public ConnectingFeatureStore(CompletionStage<? extends CqlSession> session, Redis redis, FeatureStoreConfig config) {
        this(session, redis, config, TrendDecay.defaults(), Clock.systemUTC());
    }

    /**
     * @param trendDecay the job's decayed sets that {@link #top} prefers: pass the one of the
     *                   retrieval config given to {@link #signals}, so trending and popularity read
     *                   the same sets
     */
    public ConnectingFeatureStore(CompletionStage<? extends CqlSession> session, Redis redis, FeatureStoreConfig config,
                                  TrendDecay trendDecay, Clock clock) {
        this.session = Objects.requireNonNull(session, "session");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(trendDecay, "trendDecay");
        Objects.requireNonNull(clock, "clock");
        this.stores = new Lazy<>(() -> new FeatureStores(session.toCompletableFuture().join(), redis, config));
        this.store = new Lazy<>(() -> stores().newStore(trendDecay, clock));
    }

    @Override
    public Optional<UserFeatures> user(String userId) {
        return store.get().user(userId);
    }

    @Override
    public Map<String, VideoFeatures> videos(Collection<String> videoIds) {
        return store.get().videos(videoIds);
    }

    @Override
    public Map<String, VideoFeatures> videoMetadata(Collection<String> videoIds) {
        return store.get().videoMetadata(videoIds);
    }

    @Override
    public List<ScoredVideo> top(String scope, int n) {
        return store.get().top(scope, n);
    }

    /** Trending, channel uploads and fresh lists over the same tiers, failing fast the same way until the session is up. */
    public RetrievalSignals signals(RetrievalStoreConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        return new Signals(new Lazy<>(() -> stores().newSignals(config, clock)));
    }

    private FeatureStores stores() {
        if (!session.toCompletableFuture().isDone()) throw new IllegalStateException("Cassandra session not connected yet");
        return stores.get();
    }

    private record Signals(Supplier<TieredRetrievalSignals> signals) implements RetrievalSignals {
        @Override
        public List<ScoredVideo> trending(String region, int n) {
            return signals.get().trending(region, n);
        }

        @Override
        public List<Upload> channelUploads(Collection<String> channelIds, int perChannel) {
            return signals.get().channelUploads(channelIds, perChannel);
        }

        @Override
        public List<Upload> fresh(FreshScope scope, String value, int n) {
            return signals.get().fresh(scope, value, n);
        }

        @Override
        public List<List<Upload>> fresh(List<FreshList> lists, int n) {
            return signals.get().fresh(lists, n);
        }
    }
}
