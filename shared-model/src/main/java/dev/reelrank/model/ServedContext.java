package dev.reelrank.model;

import dev.reelrank.proto.v1.UserFeatures;

/**
 * The request context a feed was served with, and where each value came from, so a client (and
 * whoever debugs a feed) can tell a regional list from a global one without guessing.
 *
 * @param device          device class, null when unknown
 * @param deviceSource    {@link #HEADER} or {@link #NONE}
 * @param region          region (ISO 3166-1 alpha-2), null when unknown
 * @param regionSource    {@link #HEADER}, {@link #PROFILE} (the user's home region) or {@link #NONE}
 * @param localHour       the user's local hour 0-23, null when unknown
 * @param localHourSource {@link #HEADER} or {@link #NONE}
 */
public record ServedContext(String device, String deviceSource, String region, String regionSource,
                            Integer localHour, String localHourSource) {
    /** The gateway's header gave it. */
    public static final String HEADER = "header";
    /** The user's stored features gave it (the home region). */
    public static final String PROFILE = "profile";
    /** Unknown: nothing gave it. */
    public static final String NONE = "none";

    /**
     * @param requested the context of the request's headers
     * @param user      the features the feed was assembled with (the default instance for an unknown
     *                  user or a failed read)
     */
    public static ServedContext of(RequestContext requested, UserFeatures user) {
        RequestContext used = requested.orHomeRegion(user.getHomeRegion());
        String regionSource = RequestContext.isBlank(used.region()) ? NONE
                : RequestContext.isBlank(requested.region()) ? PROFILE : HEADER;
        return new ServedContext(blankToNull(used.device()), RequestContext.isBlank(used.device()) ? NONE : HEADER,
                blankToNull(used.region()), regionSource,
                used.localHour(), used.localTime() == null ? NONE : HEADER);
    }

    private static String blankToNull(String s) {
        return RequestContext.isBlank(s) ? null : s;
    }
}
