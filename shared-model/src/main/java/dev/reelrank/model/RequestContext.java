package dev.reelrank.model;

import java.time.Instant;

/**
 * What the gateway tells us about the request beyond the user: device class, region (ISO
 * 3166-1 alpha-2) and the user's local time. Any of them may be unknown (null).
 */
public record RequestContext(String device, String region, Instant localTime) {
    public static final RequestContext UNKNOWN = new RequestContext(null, null, null);
}
