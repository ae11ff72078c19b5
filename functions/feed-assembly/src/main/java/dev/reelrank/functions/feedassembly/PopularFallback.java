package dev.reelrank.functions.feedassembly;

import dev.reelrank.featurestore.ConnectingFeatureStore;
import dev.reelrank.model.Candidate;
import dev.reelrank.model.FeatureStore;
import dev.reelrank.model.PopularSource;
import dev.reelrank.model.Popularity;
import dev.reelrank.proto.v1.VideoFeatures;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The global popular list kept in memory: the answer of last resort, so a feed is served even
 * when Redis and Cassandra are both down. Refreshed in the background; empty until the first
 * refresh succeeds, and a failed refresh keeps the previous list.
 */
@Singleton
public class PopularFallback implements Supplier<List<Candidate>> {
    private static final Logger LOG = Logger.getLogger(PopularFallback.class);

    private final Popularity popularity;
    private final FeatureStore features;
    private final int size;
    private volatile List<Candidate> current = List.of();
    /** The features of {@link #current}'s videos as read with it: what a content filter is checked on. */
    private volatile Map<String, VideoFeatures> content = Map.of();

    PopularFallback(ConnectingFeatureStore store, FeedSettings config) {
        this.popularity = store;
        this.features = store;
        this.size = config.popularFallback().size();
    }

    @Override
    public List<Candidate> get() {
        return current;
    }

    /**
     * The features of the listed videos the store knew at the last refresh (none for the others), so
     * the emergency feed can meet a request's content filter without a store read of its own.
     */
    public Map<String, VideoFeatures> content() {
        return content;
    }

    @Scheduled(every = "${reelrank.feed.popular-fallback.refresh-interval:30s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("popular fallback not refreshed, keeping %d videos: %s", current.size(), e.toString());
        }
    }

    /** Re-reads the list; channels are filled in here because the fallback path skips retrieval's lookup. */
    public void refresh() {
        var top = popularity.top(Popularity.GLOBAL, size);
        Map<String, VideoFeatures> known;
        try {
            known = top.isEmpty() ? Map.of() : features.videoMetadata(top.stream().map(Popularity.ScoredVideo::videoId).toList());
        } catch (RuntimeException e) {
            LOG.debugf("popular fallback without channels: %s", e.toString());
            known = Map.of();
        }
        var list = new ArrayList<Candidate>(top.size());
        for (var v : top) {
            var f = known.get(v.videoId());
            String channel = f != null && !f.getChannelId().isEmpty() ? f.getChannelId() : null;
            list.add(Candidate.of(v.videoId(), channel, v.score(), PopularSource.NAME));
        }
        var read = Map.copyOf(known);
        // The list before its content: a reader pairing them sees content for the same or a newer list,
        // and a video it cannot find content for is only left out.
        content = read;
        current = List.copyOf(list);
    }
}
