package dev.reelrank.streamingfeatures;

import dev.reelrank.model.VideoStatsDelta;

/**
 * A video's absolute counters from the job's state: totals since the job's first event and the
 * sliding windows as of {@code asOfMillis} (event time; see {@link MinuteBuckets} for the window edges).
 */
public record VideoStreamStats(String videoId, long asOfMillis, VideoStatsDelta total,
                               VideoStatsDelta last5m, VideoStatsDelta last1h, VideoStatsDelta last24h) {

    /** Clicks per impression, or null when there were no impressions. */
    public static Double ctr(VideoStatsDelta d) {
        return d.impressions() == 0 ? null : (double) d.clicks() / d.impressions();
    }
}
