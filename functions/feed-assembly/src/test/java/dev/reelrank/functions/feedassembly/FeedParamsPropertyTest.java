package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The feed routes' parameter checks against 10,000 hostile value sets, in process (seeded): each
 * set is either taken or refused with an {@link InvalidParameterException} naming a parameter
 * (what becomes the 400 problem); nothing else is thrown. The HTTP half is {@link FeedFuzzIT}.
 */
class FeedParamsPropertyTest {
    static final String SEED = "20261206";
    final FeedParams params = new FeedParams(20, 100, "anonymous", 500);

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<String> junk = Arbitraries.of("", " ", "0", "-1", "101", "1e3", "99999999999999999999", "NaN", "u1", "v1,v2",
                ",,", "\u0000", "\u202e", "\ud800", "US", "ios", "2026-12-06T19:30:00+01:00", "2026-13-45T99:99:99+99:00",
                "Europe/Berlin", "Mars/Olympus", "+18:00", "u".repeat(129), "u".repeat(128));
        Arbitrary<String> longOnes = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(100).ofMaxLength(5_000);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, any), net.jqwik.api.Tuple.of(4, junk), net.jqwik.api.Tuple.of(1, longOnes),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(null)));
    }

    @Property(tries = 10_000, seed = SEED)
    void homeAndUpNextRefuseOnlyWithANamedParameter(
            @ForAll("hostile") String id, @ForAll("hostile") String limit, @ForAll("hostile") String device,
            @ForAll("hostile") String region, @ForAll("hostile") String localTime, @ForAll("hostile") String timezone,
            @ForAll("hostile") String requestId, @ForAll("hostile") String viewer) {
        var headers = new FeedParams.Headers(device, region, localTime, timezone);
        check(() -> params.home(id, limit, headers, requestId));
        check(() -> params.upNext(id, viewer, limit, headers, requestId));
    }

    @Property(tries = 10_000, seed = SEED)
    void filtersRefuseOnlyWithANamedParameter(@ForAll("hostile") String exclude, @ForAll("hostile") String category,
                                              @ForAll("hostile") String language, @ForAll("hostile") String maxDuration) {
        List<String> excludes = exclude == null ? null : Arrays.asList(exclude, exclude + ",v9");
        check(() -> params.filter(excludes, category, language, maxDuration));
    }

    static void check(Runnable call) {
        try {
            call.run();
        } catch (InvalidParameterException e) {
            assertTrue(e.name() != null && !e.name().isEmpty() && List.of("path", "query", "header").contains(e.in()), e.toString());
        }
    }
}
