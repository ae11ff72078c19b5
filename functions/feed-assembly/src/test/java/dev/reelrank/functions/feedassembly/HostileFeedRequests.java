package dev.reelrank.functions.feedassembly;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile requests for the feed routes, as pure data: the request target (path and query, exactly
 * the bytes sent, so malformed escapes such as {@code %ZZ} get through, which {@link java.net.URI}
 * would refuse) and the headers. Everything comes from the {@link Random} passed in: a seed replays
 * a run. Nothing here needs a server.
 *
 * <p>What the HTTP layer refuses before any route runs is left out on purpose: a target that
 * {@link URI} does not accept (a malformed escape such as {@code %ZZ}: Quarkus's root handler
 * answers those with an empty 400 before the router), raw spaces or control characters in the
 * request line, control characters in header values, a request line over
 * {@code quarkus.http.limits.max-initial-line-length} (64 KiB), headers over the server's header
 * limit. Those get the HTTP layer's bare 400/414/431, which no code of ours can shape.
 */
public final class HostileFeedRequests {
    /** The two public routes. */
    public enum Route { HOME, UP_NEXT }

    /** Which part of the valid request was made hostile; {@link #NONE} leaves it valid. */
    public enum Mutation { NONE, PATH_SEGMENT, QUERY, HEADERS, ALL }

    /** One request: {@code target} is the raw request target, {@code headers} every header but Host. */
    public record Request(Route route, Mutation mutation, String target, Map<String, String> headers) {
        @Override
        public String toString() {
            String t = target.length() > 300 ? target.substring(0, 300) + "...(" + target.length() + ")" : target;
            return route + "/" + mutation + " GET " + t + " " + headers;
        }
    }

    /** Longest request target sent: under the 64 KiB line limit with room for the method and version. */
    static final int MAX_TARGET = 60_000;
    /** Longest single header value: well under the server's header size limit. */
    static final int MAX_HEADER_VALUE = 4_000;

    private static final String[] JUNK_SEGMENTS = {"%00", "%2F", "%2f..%2f", "%25", "%ZZ", "%", "%2", "%C3%28", "%FF%FE",
            "%ED%A0%80", "%C0%80", "%E2%80%AE", "%0A", "%0D%0A", "%09", "%20", "..", ".", "~", "@", ":", ";", "a;b=c",
            "u%3Bx", "%7B%7D", "%22%27", "%3Cscript%3E", "%F0%9F%8E%AC", "%C3%A9", "null", "undefined", "0", "-", "_",
            "%u0041", "+", "a+b", "%2B", "=", "&", "%26", "%3F", "?", "#"};
    private static final String[] JUNK_VALUES = {"", "-1", "0", "1", "100", "101", "1e3", "1.5", "+5", "0x10", "00020",
            "99999999999999999999", "-2147483649", "NaN", "Infinity", "abc", "%00", "%0A", "%ZZ", "%", "%C3%28", "true",
            "null", "[]", "%2C%2C%2C", ",,,", "a,b,,c", "%E2%80%AE", "%F0%9F%8E%AC", "x%00y"};
    private static final String[] QUERY_NAMES = {"limit", "exclude", "category", "language", "maxDurationSeconds",
            "userId", "unknown", "LIMIT", "limit[]", "", "%00", "exclude%5B%5D"};
    private static final String[] HEADER_NAMES = {"X-Device", "X-Region", "X-Local-Time", "X-Timezone", "X-Request-Id",
            "Accept", "Accept-Language", "Accept-Encoding", "Content-Type", "X-Forwarded-For"};
    private static final String[] HEADER_JUNK = {"", " ", "ios", "a b", "x".repeat(33), "ZZZ", "1", "us", "U1",
            "2026-12-06T19:30:00+01:00", "2026-13-45T99:99:99+99:00", "not a time", "9999999999-01-01T00:00:00Z",
            "Europe/Berlin", "Mars/Olympus", "../../etc/passwd", "UTC+25", "GMT+14", "Etc/GMT-14", "+18:00", "-18:01",
            "text/plain", "application/xml", "*/*", "application/json;q=0", "application/problem+json", "garbage/",
            "\u00e9\u00e8", "\t", "x;y=z", "%0A", "${jndi:ldap://x}", "'\"<>", "r".repeat(129)};

    private HostileFeedRequests() {}

    /** A request of the route, valid (about one in eight) or with one part or all of it hostile. */
    public static Request next(Route route, Random random) {
        Mutation m = random.nextInt(8) == 0 ? Mutation.NONE : Mutation.values()[1 + random.nextInt(Mutation.values().length - 1)];
        return next(route, m, random);
    }

    public static Request next(Route route, Mutation mutation, Random random) {
        Request r;
        do {
            r = draw(route, mutation, random);
        } while (!uriAccepted(r.target()));
        return r;
    }

    static boolean uriAccepted(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Request draw(Route route, Mutation mutation, Random random) {
        boolean path = mutation == Mutation.PATH_SEGMENT || mutation == Mutation.ALL;
        boolean query = mutation == Mutation.QUERY || mutation == Mutation.ALL;
        boolean headers = mutation == Mutation.HEADERS || mutation == Mutation.ALL;
        String id = path ? hostileSegment(random) : validId(random, route == Route.HOME ? "fu" : "fv");
        String target = (route == Route.HOME ? "/v1/users/" + id + "/feed/home" : "/v1/videos/" + id + "/up-next")
                + (query ? hostileQuery(random, route) : validQuery(random, route));
        if (target.length() > MAX_TARGET) target = target.substring(0, MAX_TARGET);
        return new Request(route, mutation, target, headers ? hostileHeaders(random) : validHeaders(random));
    }

    static String validId(Random random, String prefix) {
        return prefix + random.nextInt(100_000);
    }

    private static String validQuery(Random random, Route route) {
        var parts = new ArrayList<String>();
        if (random.nextBoolean()) parts.add("limit=" + (1 + random.nextInt(100)));
        if (random.nextInt(4) == 0) parts.add("exclude=" + validId(random, "fv") + "," + validId(random, "fv"));
        if (random.nextInt(4) == 0) parts.add("category=music");
        if (random.nextInt(4) == 0) parts.add("language=en");
        if (random.nextInt(4) == 0) parts.add("maxDurationSeconds=" + (1 + random.nextInt(86_400)));
        if (route == Route.UP_NEXT && random.nextBoolean()) parts.add("userId=" + validId(random, "fu"));
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static Map<String, String> validHeaders(Random random) {
        var h = new LinkedHashMap<String, String>();
        if (random.nextBoolean()) h.put("X-Device", pick(random, List.of("ios", "android", "web", "tv")));
        if (random.nextBoolean()) h.put("X-Region", pick(random, List.of("US", "DE", "JP")));
        if (random.nextInt(4) == 0) h.put("X-Timezone", "Europe/Berlin");
        if (random.nextInt(4) == 0) h.put("X-Local-Time", "2026-12-06T19:30:00+01:00");
        if (random.nextInt(4) == 0) h.put("Accept", "application/json");
        return h;
    }

    private static String hostileSegment(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> pick(random, List.of(JUNK_SEGMENTS));
            case 1 -> validId(random, "u") + pick(random, List.of(JUNK_SEGMENTS)) + "x";
            case 2 -> "u".repeat(pick(random, List.of(129, 1_000, 10_000, 50_000)));
            case 3 -> percentEncoded(randomBytes(random, 1 + random.nextInt(64)));
            case 4 -> percentEncoded(pick(random, List.of("\u00e9", "\u4e2d", "\ud83c\udfac", "\u202e", "\u0000", "u 1", "u/1", "\u2028"))
                    .getBytes(StandardCharsets.UTF_8));
            default -> {
                var s = new StringBuilder();
                int n = 1 + random.nextInt(6);
                for (int i = 0; i < n; i++) s.append(pick(random, List.of(JUNK_SEGMENTS)));
                yield s.toString();
            }
        };
    }

    private static String hostileQuery(Random random, Route route) {
        var parts = new ArrayList<String>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            String name = pick(random, List.of(QUERY_NAMES));
            String value = switch (random.nextInt(5)) {
                case 0 -> pick(random, List.of(JUNK_VALUES));
                case 1 -> "x".repeat(pick(random, List.of(65, 129, 5_000)));
                case 2 -> manyIds(random);
                case 3 -> percentEncoded(randomBytes(random, 1 + random.nextInt(40)));
                default -> pick(random, List.of(JUNK_VALUES)) + pick(random, List.of(JUNK_SEGMENTS));
            };
            parts.add(random.nextInt(10) == 0 ? name : name + "=" + value);
        }
        if (route == Route.UP_NEXT && random.nextBoolean()) parts.add("userId=" + hostileSegment(random));
        String q = String.join(random.nextInt(10) == 0 ? "&&" : "&", parts);
        return random.nextInt(10) == 0 ? "?" + q + "#frag" : (q.isEmpty() ? pick(random, List.of("", "?", "?&")) : "?" + q);
    }

    /** An exclude list over reelrank.feed.max-exclude (500), or with odd members. */
    private static String manyIds(Random random) {
        int n = pick(random, List.of(3, 499, 500, 501, 2_000));
        var s = new StringBuilder();
        for (int i = 0; i < n && s.length() < MAX_TARGET / 2; i++) {
            if (i > 0) s.append(',');
            s.append(random.nextInt(50) == 0 ? pick(random, List.of(JUNK_SEGMENTS)) : "v" + i);
        }
        return s.toString();
    }

    private static Map<String, String> hostileHeaders(Random random) {
        var h = new LinkedHashMap<String, String>(validHeaders(random));
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String value = random.nextInt(4) == 0 ? "h".repeat(pick(random, List.of(33, 129, 1_000, MAX_HEADER_VALUE)))
                    : pick(random, List.of(HEADER_JUNK));
            h.put(pick(random, List.of(HEADER_NAMES)), value);
        }
        return h;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static String percentEncoded(byte[] bytes) {
        var s = new StringBuilder();
        for (byte b : bytes) s.append(String.format("%%%02X", b & 0xff));
        return s.toString();
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
