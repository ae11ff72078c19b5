package dev.reelrank.model;

import dev.reelrank.model.Popularity.ScoredVideo;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Non-embedding signals the candidate sources read: windowed trending counts, channels' recent
 * uploads and the newest uploads per content scope. Backed by the feature store (Redis sorted
 * sets with Cassandra behind them); written by embedding-refresh through {@link RetrievalSignalWriter}.
 * Implementations are thread-safe and blocking.
 */
public interface RetrievalSignals {

    /**
     * The videos with the most engagement in {@code region} ({@link Popularity#GLOBAL} for all
     * regions) over the store's trending window, best first.
     */
    List<ScoredVideo> trending(String region, int n);

    /** Up to {@code perChannel} newest uploads of each channel, all of them newest first. */
    List<Upload> channelUploads(Collection<String> channelIds, int perChannel);

    /** The {@code n} newest uploads of one content scope (a category, a language, a region), newest first. */
    List<Upload> fresh(FreshScope scope, String value, int n);

    /**
     * Several fresh lists at once, in the order asked, each as {@link #fresh(FreshScope, String, int)}
     * answers it. A store may read them in one round trip (a feed asks for up to five: its top
     * categories, a language, its region); this default asks one by one.
     */
    default List<List<Upload>> fresh(List<FreshList> lists, int n) {
        var out = new java.util.ArrayList<List<Upload>>(lists.size());
        for (FreshList l : lists) out.add(fresh(l.scope(), l.value(), n));
        return out;
    }

    /** What a fresh-upload list is keyed by. */
    enum FreshScope { CATEGORY, LANGUAGE, REGION }

    /** One fresh list: its scope and the value within it (a category name, a language, a region). */
    record FreshList(FreshScope scope, String value) {}

    /** @param channelId null when the list does not know it (fresh lists) */
    record Upload(String videoId, String channelId, Instant publishedAt) {}
}
