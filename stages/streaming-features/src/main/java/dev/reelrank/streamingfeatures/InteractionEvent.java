package dev.reelrank.streamingfeatures;

import dev.reelrank.model.VideoStatsDelta;

/**
 * The part of an accepted interaction this job uses: its video, region (blank when unknown), the
 * counter increments, its trending weight and its event time (epoch ms, see
 * {@link DecodeInteractions#eventTime}). {@code countingKey}: for an impression naming its request, the
 * (user, request, video) it is counted once by ({@code ServedImpressions#countingKey}); null otherwise.
 */
public record InteractionEvent(String videoId, String region, VideoStatsDelta delta, double trendingWeight,
                               long eventTimeMillis, String countingKey) {
    public InteractionEvent(String videoId, String region, VideoStatsDelta delta, double trendingWeight, long eventTimeMillis) {
        this(videoId, region, delta, trendingWeight, eventTimeMillis, null);
    }
}
