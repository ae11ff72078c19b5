package dev.reelrank.streamingfeatures;

import dev.reelrank.model.VideoStatsDelta;

/**
 * The part of an accepted interaction this job uses: its video, region (blank when unknown), the
 * counter increments, its trending weight and its event time (epoch ms, see
 * {@link DecodeInteractions#eventTime}).
 */
public record InteractionEvent(String videoId, String region, VideoStatsDelta delta, double trendingWeight,
                               long eventTimeMillis) {
}
