package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.FeedFilter;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns raw route parameters and gateway headers into a {@link FeedRequest}, or an
 * {@link InvalidParameterException} naming the first parameter at fault.
 *
 * @param defaultLimit    items when {@code limit} is absent
 * @param maxLimit        largest {@code limit} accepted
 * @param anonymousUserId user id of signed-out Up Next viewers
 * @param maxExclude      most video ids {@code exclude} may list
 * @param localTime       reads the user's local time from {@code X-Local-Time} / {@code X-Timezone}
 */
public record FeedParams(int defaultLimit, int maxLimit, String anonymousUserId, int maxExclude, LocalTimeHeaders localTime) {
    /** Ids are opaque to us but end up in Redis keys, logs and CQL: keep them plain and short. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    /** As event-ingestion bounds a video's category and language: a longer value matches no video. */
    static final int MAX_CONTENT_VALUE_LENGTH = 64;
    /** As event-ingestion bounds durationSeconds: no video is longer. */
    static final int MAX_DURATION_SECONDS = 86_400;

    public FeedParams {
        if (maxLimit < 1 || defaultLimit < 1 || defaultLimit > maxLimit) {
            throw new IllegalArgumentException("need 1 <= default-limit <= max-limit, got " + defaultLimit + "/" + maxLimit);
        }
        if (maxExclude < 0) throw new IllegalArgumentException("max-exclude must be >= 0, got " + maxExclude);
        Objects.requireNonNull(localTime, "localTime");
    }

    /** Local times from {@code X-Timezone} read on the system clock. */
    public FeedParams(int defaultLimit, int maxLimit, String anonymousUserId, int maxExclude) {
        this(defaultLimit, maxLimit, anonymousUserId, maxExclude, new LocalTimeHeaders(Clock.systemUTC()));
    }

    /** The gateway's headers: {@code X-Device}, {@code X-Region}, {@code X-Local-Time}, {@code X-Timezone}. */
    public record Headers(String device, String region, String localTime, String timezone) {
        public static final Headers NONE = new Headers(null, null, null, null);
    }

    public FeedRequest home(String userId, String limit, String device, String region, String requestId) {
        return home(userId, limit, new Headers(device, region, null, null), requestId);
    }

    public FeedRequest home(String userId, String limit, Headers headers, String requestId) {
        return FeedRequest.home(requestId(requestId), id("userId", "path", userId), limit(limit), context(headers));
    }

    /** @param userId may be null or blank: a signed-out viewer */
    public FeedRequest upNext(String videoId, String userId, String limit, String device, String region,
                              String requestId) {
        return upNext(videoId, userId, limit, new Headers(device, region, null, null), requestId);
    }

    /** @param userId may be null or blank: a signed-out viewer */
    public FeedRequest upNext(String videoId, String userId, String limit, Headers headers, String requestId) {
        String video = id("videoId", "path", videoId);
        String user = userId == null || userId.isBlank() ? anonymousUserId : id("userId", "query", userId);
        return FeedRequest.upNext(requestId(requestId), user, video, limit(limit), context(headers));
    }

    RequestContext context(Headers h) {
        RequestContext c = context(h.device(), h.region());
        Instant local = localTime.wallClock(h.localTime(), h.timezone());
        return local == null ? c : new RequestContext(c.device(), c.region(), local);
    }

    /**
     * The request's {@code exclude}, {@code category}, {@code language} and {@code maxDurationSeconds}.
     * Absent parameters constrain nothing. An empty {@code exclude} is an empty list (a client joining
     * the ids it shows may have none); an empty {@code category}, {@code language} or
     * {@code maxDurationSeconds} is refused rather than read as "any", since it means nothing.
     *
     * @param exclude every {@code exclude} value (the parameter may be repeated), each comma-separated ids
     */
    public FeedFilter filter(List<String> exclude, String category, String language, String maxDurationSeconds) {
        return new FeedFilter(exclude(exclude), content("category", category), content("language", language),
                maxDurationSeconds(maxDurationSeconds));
    }

    Set<String> exclude(List<String> raw) {
        if (raw == null || raw.isEmpty()) return Set.of();
        var ids = new LinkedHashSet<String>();
        int listed = 0;
        for (String value : raw) {
            if (value == null || value.isBlank()) continue;
            for (String part : value.split(",", -1)) {
                // Counted before checking, so a huge list is refused without matching every id of it.
                if (++listed > maxExclude) {
                    throw new InvalidParameterException("exclude", "query", "lists more than " + maxExclude + " video ids");
                }
                String id = part.strip();
                if (!ID.matcher(id).matches()) {
                    throw new InvalidParameterException("exclude", "query", "must be comma-separated video ids of 1-128 "
                            + "letters, digits and ._:@- starting with a letter or digit, had '" + abbreviate(part) + "'");
                }
                ids.add(id);
            }
        }
        return ids;
    }

    static String content(String name, String raw) {
        if (raw == null) return null;
        String value = raw.strip();
        if (value.isEmpty()) throw new InvalidParameterException(name, "query", "must not be empty when given");
        if (value.length() > MAX_CONTENT_VALUE_LENGTH) {
            throw new InvalidParameterException(name, "query", "must be at most " + MAX_CONTENT_VALUE_LENGTH
                    + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException(name, "query", "must not contain control characters");
        }
        return value;
    }

    static int maxDurationSeconds(String raw) {
        if (raw == null) return 0;
        int value;
        try {
            value = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > MAX_DURATION_SECONDS) {
            throw new InvalidParameterException("maxDurationSeconds", "query", "must be a whole number of seconds between 1 and "
                    + MAX_DURATION_SECONDS + ", was '" + abbreviate(raw) + "'");
        }
        return value;
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
    static String abbreviate(String raw) {
        if (raw == null) return "";
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
