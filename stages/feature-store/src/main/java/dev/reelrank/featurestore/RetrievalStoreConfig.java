package dev.reelrank.featurestore;

import dev.reelrank.featurestore.cassandra.CassandraVideos;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the retrieval signals (trending, channel uploads, fresh uploads).
 *
 * @param trendingBucket        width of one trending count bucket ({@code trend:{region}:{bucket}});
 *                              smaller buckets make the window slide more smoothly and cost more
 *                              keys per read (window / bucket of them)
 * @param trendingWindow        how far back trending looks: the union of the last
 *                              {@code window / bucket} buckets, the current one included; a
 *                              whole multiple of the bucket
 * @param trendingBucketMaxSize videos kept per bucket (the weakest are trimmed on write): trending
 *                              reads only the head, and a region-hour of a big catalogue can touch
 *                              millions of videos
 * @param channelUploadsKept    newest uploads mirrored in Redis per channel ({@code ch:{channelId}:uploads});
 *                              the subscriptions source never needs more than this per channel
 * @param channelUploadsTtl     expiry of a channel's Redis set, renewed by each upload; matches the
 *                              90-day TTL of {@code channel_uploads}
 * @param freshKept             newest uploads kept per fresh list ({@code fresh:{category}},
 *                              {@code fresh:lang:{language}}, {@code fresh:region:{region}})
 * @param maxInFlight           Cassandra partitions read at once when Redis cannot answer
 * @param trendDecay            the streaming features job's decayed trending sets, which trending
 *                              (and popularity, see
 *                              {@link dev.reelrank.featurestore.tiered.TieredFeatureStore#top}) read
 *                              before the buckets above; must match the job's prefix and half-life
 */
public record RetrievalStoreConfig(Duration trendingBucket, Duration trendingWindow, int trendingBucketMaxSize,
                                   int channelUploadsKept, Duration channelUploadsTtl, int freshKept, int maxInFlight,
                                   TrendDecay trendDecay) {

    public RetrievalStoreConfig {
        Objects.requireNonNull(trendingBucket, "trendingBucket");
        Objects.requireNonNull(trendingWindow, "trendingWindow");
        Objects.requireNonNull(channelUploadsTtl, "channelUploadsTtl");
        Objects.requireNonNull(trendDecay, "trendDecay");
        if (trendingBucket.compareTo(Duration.ofMinutes(1)) < 0) throw new IllegalArgumentException("trendingBucket must be >= 1 minute");
        if (trendingWindow.compareTo(trendingBucket) < 0 || trendingWindow.toMillis() % trendingBucket.toMillis() != 0) {
            throw new IllegalArgumentException("trendingWindow must be a whole multiple of trendingBucket (" + trendingBucket + "), was " + trendingWindow);
        }
        if (trendingWindow.toMillis() / trendingBucket.toMillis() > 168) throw new IllegalArgumentException("trendingWindow spans more than 168 buckets");
        if (trendingBucketMaxSize < 1) throw new IllegalArgumentException("trendingBucketMaxSize must be >= 1");
        if (channelUploadsKept < 1) throw new IllegalArgumentException("channelUploadsKept must be >= 1");
        if (channelUploadsTtl.toSeconds() < 1) throw new IllegalArgumentException("channelUploadsTtl must be >= 1 s");
        if (freshKept < 1) throw new IllegalArgumentException("freshKept must be >= 1");
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
    }

    public static RetrievalStoreConfig defaults() {
        return new RetrievalStoreConfig(Duration.ofHours(1), Duration.ofHours(6), 10_000, 100, Duration.ofDays(90), 1_000,
                CassandraVideos.DEFAULT_MAX_IN_FLIGHT, TrendDecay.defaults());
    }

    /** Buckets in one window. */
    public int trendingBuckets() {
        return (int) (trendingWindow.toMillis() / trendingBucket.toMillis());
    }
}
