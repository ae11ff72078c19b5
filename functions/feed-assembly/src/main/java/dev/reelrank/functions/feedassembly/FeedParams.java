package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns raw route parameters and gateway headers into a {@link FeedRequest}, or an
 * {@link InvalidParameterException} naming the first parameter at fault.
 *
 * @param defaultLimit    items when {@code limit} is absent
 * @param maxLimit        largest {@code limit} accepted
 * @param anonymousUserId user id of signed-out Up Next viewers
 */
public record FeedParams(int defaultLimit, int maxLimit, String anonymousUserId) {
    /** Ids are opaque to us but end up in Redis keys, logs and CQL: keep them plain and short. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    public FeedParams {
        if (maxLimit < 1 || defaultLimit < 1 || defaultLimit > maxLimit) {
            throw new IllegalArgumentException("need 1 <= default-limit <= max-limit, got " + defaultLimit + "/" + maxLimit);
        }
    }

    public FeedRequest home(String userId, String limit, String device, String region, String requestId) {
        return FeedRequest.home(requestId(requestId), id("userId", "path", userId), limit(limit),
                context(device, region));
    }

    /** @param userId may be null or blank: a signed-out viewer */
    public FeedRequest upNext(String videoId, String userId, String limit, String device, String region,
                              String requestId) {
        String video = id("videoId", "path", videoId);
        String user = userId == null || userId.isBlank() ? anonymousUserId : id("userId", "query", userId);
        return FeedRequest.upNext(requestId(requestId), user, video, limit(limit), context(device, region));
    }

    int limit(String raw) {
        if (raw == null || raw.isBlank()) return defaultLimit;
        int value;
        try {
            value = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("limit", "query", "must be an integer between 1 and " + maxLimit
                    + ", was '" + abbreviate(raw) + "'");
        }
        if (value < 1 || value > maxLimit) {
            throw new InvalidParameterException("limit", "query", "must be between 1 and " + maxLimit + ", was " + value);
        }
        return value;
    }

    static String id(String name, String in, String raw) {
        if (raw == null || !ID.matcher(raw).matches()) {
            throw new InvalidParameterException(name, in, "must be 1-128 characters of letters, digits and ._:@- "
                    + "starting with a letter or digit, was '" + abbreviate(raw) + "'");
        }
        return raw;
    }

    static String requestId(String raw) {
        if (raw == null || raw.isBlank()) return UUID.randomUUID().toString();
        if (!ID.matcher(raw).matches()) {
            throw new InvalidParameterException("X-Request-Id", "header",
                    "must be 1-128 characters of letters, digits and ._:@-, was '" + abbreviate(raw) + "'");
        }
        return raw;
    }

    static RequestContext context(String device, String region) {
        String d = null;
        if (device != null && !device.isBlank()) {
            if (!DEVICE.matcher(device).matches()) {
                throw new InvalidParameterException("X-Device", "header",
                        "must be 1-32 characters of letters, digits and ._-, was '" + abbreviate(device) + "'");
            }
            d = device.toLowerCase(Locale.ROOT);
        }
        String r = null;
        if (region != null && !region.isBlank()) {
            if (!REGION.matcher(region).matches()) {
                throw new InvalidParameterException("X-Region", "header",
                        "must be an ISO 3166-1 alpha-2 code, was '" + abbreviate(region) + "'");
            }
            r = region.toUpperCase(Locale.ROOT);
        }
        return d == null && r == null ? RequestContext.UNKNOWN : new RequestContext(d, r, null);
    }

    /** Echo enough of a bad value to recognise it, never a megabyte of it. */
    private static String abbreviate(String raw) {
        if (raw == null) return "";
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
