package dev.reelrank.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What the gateway tells us about the request beyond the user: device class, region (ISO
 * 3166-1 alpha-2) and the user's local time. Any of them may be unknown (null).
 *
 * <p>{@code localTime} is the user's wall clock written as if it were UTC (19:30 in Berlin is
 * {@code …T19:30:00Z}), not the instant of the request: the ranking features read the hour of it
 * in UTC ({@code RankingFeatures.Context}), and so does {@code RankContext.local_time} on the wire.
 * Build it with {@link #wallClock}.
 */
public record RequestContext(String device, String region, Instant localTime) {
    public static final RequestContext UNKNOWN = new RequestContext(null, null, null);

    /** The wall clock of a local time, as {@code localTime} holds it (the offset dropped, the digits kept). */
    public static Instant wallClock(OffsetDateTime local) {
        return local.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    /** The user's local hour, 0-23, or null when the local time is unknown. */
    public Integer localHour() {
        return localTime == null ? null : localTime.atOffset(ZoneOffset.UTC).getHour();
    }

    /**
     * This context with the user's home region standing in for a region the request did not give:
     * the region trending reads (TrendingSource) and the one the ranking features were trained with
     * (TrainingExamples fills an event without a region the same way).
     *
     * @param homeRegion {@code UserFeatures.home_region}; blank or null: unknown
     */
    public RequestContext orHomeRegion(String homeRegion) {
        if (!isBlank(region) || isBlank(homeRegion)) return this;
        return new RequestContext(device, homeRegion, localTime);
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
