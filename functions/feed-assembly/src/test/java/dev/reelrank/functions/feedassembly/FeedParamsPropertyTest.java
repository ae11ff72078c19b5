package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The feed routes' parameter checks against 10,000 hostile value sets, in process (seeded): each
 * set is either taken or refused with an {@link InvalidParameterException} naming a parameter
 * (what becomes the 400 problem); nothing else is thrown. Try {@code i} draws from a {@link Random}
 * seeded with the fixed seed and {@code i}, so a failure names the try that replays it. The HTTP
 * half is {@link FeedFuzzIT}.
 */
class FeedParamsPropertyTest {
    static final long SEED = 20261206L;
    static final int TRIES = Integer.getInteger("reelrank.fuzz.property-tries", 10_000);
    private static final String[] JUNK = {"", " ", "0", "-1", "101", "1e3", "99999999999999999999", "NaN", "u1", "v1,v2",
            ",,", "\u0000", "\u202e", "\ud800", "US", "ios", "2026-12-06T19:30:00+01:00", "2026-13-45T99:99:99+99:00",
            "Europe/Berlin", "Mars/Olympus", "+18:00", "u".repeat(129), "u".repeat(128)};
    final FeedParams params = new FeedParams(20, 100, "anonymous", 500);

    /** Any string (4 in 11), a known-awkward value (4), a long one (1), or null (2). */
    static String hostile(Random r) {
        int pick = r.nextInt(11);
        if (pick < 4) return anyString(r, r.nextInt(301));
        if (pick < 8) return JUNK[r.nextInt(JUNK.length)];
        if (pick < 9) {
            var sb = new StringBuilder();
            int n = 100 + r.nextInt(4_901);
            for (int i = 0; i < n; i++) sb.append((char) ('a' + r.nextInt(26)));
            return sb.toString();
        }
        return null;
    }

    /** Code units from the whole BMP, surrogates and controls included: unpaired halves are the point. */
    static String anyString(Random r, int length) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = r.nextInt(4);
            sb.append(kind == 0 ? (char) r.nextInt(0x20) : kind == 1 ? (char) (0x20 + r.nextInt(0x5f)) : (char) r.nextInt(0x10000));
        }
        return sb.toString();
    }

    @Test
    void homeAndUpNextRefuseOnlyWithANamedParameter() {
        tries(r -> {
            String id = hostile(r), limit = hostile(r), device = hostile(r), region = hostile(r), localTime = hostile(r),
                    timezone = hostile(r), requestId = hostile(r), viewer = hostile(r);
            var headers = new FeedParams.Headers(device, region, localTime, timezone);
            check(() -> params.home(id, limit, headers, requestId));
            check(() -> params.upNext(id, viewer, limit, headers, requestId));
        });
    }

    @Test
    void filtersRefuseOnlyWithANamedParameter() {
        tries(r -> {
            String exclude = hostile(r), category = hostile(r), language = hostile(r), maxDuration = hostile(r);
            List<String> excludes = exclude == null ? null : Arrays.asList(exclude, exclude + ",v9");
            check(() -> params.filter(excludes, category, language, maxDuration));
        });
    }

    static void tries(Consumer<Random> oneTry) {
        for (int i = 0; i < TRIES; i++) {
            try {
                oneTry.accept(new Random(SEED * 1_000_003L + i));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("try " + i + " of seed " + SEED + ": " + e, e);
            }
        }
    }

    static void check(Runnable call) {
        try {
            call.run();
        } catch (InvalidParameterException e) {
            assertTrue(e.name() != null && !e.name().isEmpty() && List.of("path", "query", "header").contains(e.in()), e.toString());
        }
    }
}
