package dev.reelrank.featurestore.tiered;

import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The tiers behind the local cache as the video read path uses them. A seam so that path (the
 * freshness window, the fallback, the result's order) is tested without servers; production goes
 * through {@link #over}.
 */
interface VideoTiers {
    /** One MGET of distinct ids, by position, null where Redis has none (see {@link RedisFeatures#videosAt}). */
    CompletionStage<VideoFeatures[]> cached(List<String> distinctIds);

    /** Cassandra; ids it does not know are absent. */
    CompletionStage<Map<String, VideoFeatures>> durable(List<String> ids);

    /** Cassandra's metadata rows alone, counters and windows unset; ids it does not know are absent. */
    CompletionStage<Map<String, VideoFeatures>> durableMetadata(List<String> ids);

    /** SET NX with the video TTL: a value read just before the writer refreshed the key must not replace the newer one. */
    CompletionStage<Void> writeBack(Collection<VideoFeatures> videos);

    /** SET XX with the video TTL: refreshes cached values, never re-creates a key a writer deleted. */
    CompletionStage<Void> refresh(Collection<VideoFeatures> videos);

    static VideoTiers over(CassandraFeatures cassandra, RedisFeatures redis, Duration videoTtl) {
        return new VideoTiers() {
            @Override
            public CompletionStage<VideoFeatures[]> cached(List<String> distinctIds) {
                return redis.videosAt(distinctIds);
            }

            @Override
            public CompletionStage<Map<String, VideoFeatures>> durable(List<String> ids) {
                return cassandra.videos().videos(ids);
            }

            @Override
            public CompletionStage<Map<String, VideoFeatures>> durableMetadata(List<String> ids) {
                return cassandra.videos().metadata(ids);
            }

            @Override
            public CompletionStage<Void> writeBack(Collection<VideoFeatures> videos) {
                return redis.putVideosIfAbsent(videos, videoTtl);
            }

            @Override
            public CompletionStage<Void> refresh(Collection<VideoFeatures> videos) {
                return redis.refreshVideos(videos, videoTtl);
            }
        };
    }
}
