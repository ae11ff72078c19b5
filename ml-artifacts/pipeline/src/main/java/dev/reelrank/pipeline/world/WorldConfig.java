package dev.reelrank.pipeline.world;

import java.time.Duration;
import java.time.Instant;

/**
 * Size and shape of a generated world. Everything is derived from {@code seed}: the same config
 * writes the same files whatever the thread count.
 *
 * @param channels          number of channels (sizes follow a power law)
 * @param topicsPerCategory latent topics per category (20 categories)
 * @param start             start of the interaction period; 80% of videos were uploaded in the two years before
 * @param span              length of the interaction period (interests drift linearly over it)
 * @param slateSize         impressions per feed request
 * @param viralVideos       videos with a burst of exposure after upload
 * @param threads           worker threads (output does not depend on it)
 * @param idPrefix          put before every user, video and channel id ("" by default), so several
 *                          worlds can share one feature store without their ids colliding
 * @param durationScale     every video's duration is multiplied by this (1 by default), after all
 *                          random draws, so a world with another scale differs only in durations and
 *                          what users do because of them: a controlled shift for drift tests
 * @param behaviourSeed     seed of the users' behaviour only ({@code seed} by default): the same
 *                          catalogue and users with another sample of who watched what, the "nothing
 *                          changed" baseline of drift tests ({@code seed} also draws topic popularity,
 *                          channel regions and user activity, so another {@code seed} is another world)
 */
public record WorldConfig(int videos, int users, long interactions, long seed, int channels, int topicsPerCategory,
                          Instant start, Duration span, int slateSize, int viralVideos, int threads,
                          String idPrefix, double durationScale, long behaviourSeed) {
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    public WorldConfig {
        if (videos < 1 || users < 1 || interactions < 0) throw new IllegalArgumentException("videos and users must be >= 1, interactions >= 0");
        if (channels < 1 || channels > videos) throw new IllegalArgumentException("channels must be in 1..videos");
        if (topicsPerCategory < 1 || slateSize < 1 || threads < 1) throw new IllegalArgumentException("topicsPerCategory, slateSize and threads must be >= 1");
        if (idPrefix == null || !idPrefix.matches("[A-Za-z0-9_.-]*")) throw new IllegalArgumentException("idPrefix may hold only letters, digits, '_', '.' and '-'");
        if (!(durationScale > 0)) throw new IllegalArgumentException("durationScale must be > 0");
    }

    /** Durations as drawn (scale 1). */
    public WorldConfig(int videos, int users, long interactions, long seed, int channels, int topicsPerCategory,
                       Instant start, Duration span, int slateSize, int viralVideos, int threads, String idPrefix) {
        this(videos, users, interactions, seed, channels, topicsPerCategory, start, span, slateSize, viralVideos, threads, idPrefix, 1.0, seed);
    }

    public static WorldConfig of(int videos, int users, long interactions, long seed) {
        return new WorldConfig(videos, users, interactions, seed, Math.max(1, videos / 20), 5, DEFAULT_START,
                Duration.ofDays(30), 10, Math.max(3, videos / 10_000), Runtime.getRuntime().availableProcessors(), "");
    }

    public int topics() {
        return Vocabulary.CATEGORIES.size() * topicsPerCategory;
    }

    public long startMs() {
        return start.toEpochMilli();
    }

    public long spanMs() {
        return span.toMillis();
    }

    public WorldConfig withThreads(int n) {
        return new WorldConfig(videos, users, interactions, seed, channels, topicsPerCategory, start, span, slateSize, viralVideos, n, idPrefix, durationScale, behaviourSeed);
    }

    public WorldConfig withChannels(int n) {
        return new WorldConfig(videos, users, interactions, seed, n, topicsPerCategory, start, span, slateSize, viralVideos, threads, idPrefix, durationScale, behaviourSeed);
    }

    public WorldConfig withIdPrefix(String prefix) {
        return new WorldConfig(videos, users, interactions, seed, channels, topicsPerCategory, start, span, slateSize, viralVideos, threads, prefix, durationScale, behaviourSeed);
    }

    public WorldConfig withBehaviourSeed(long s) {
        return new WorldConfig(videos, users, interactions, seed, channels, topicsPerCategory, start, span, slateSize, viralVideos, threads, idPrefix, durationScale, s);
    }

    public WorldConfig withDurationScale(double scale) {
        return new WorldConfig(videos, users, interactions, seed, channels, topicsPerCategory, start, span, slateSize, viralVideos, threads, idPrefix, scale, behaviourSeed);
    }
}
