package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.model.FeedFilter;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.Surface;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedParamsTest {
    private final FeedParams params = new FeedParams(20, 100, "anonymous", 3);

    @Test
    void theGatewaysHeadersBecomeTheRequestContext() {
        var r = params.home("u", null, new FeedParams.Headers("Mobile", "br", "2026-12-06T19:30:00+01:00", null), null);
        assertEquals(new RequestContext("mobile", "BR", Instant.parse("2026-12-06T19:30:00Z")), r.context());
        assertEquals(19, r.context().localHour());
        assertEquals(RequestContext.UNKNOWN, params.home("u", null, FeedParams.Headers.NONE, null).context());
        var upNext = params.upNext("v", null, null, new FeedParams.Headers(null, null, "2026-12-06T06:00:00-03:00", null), null);
        assertEquals(new RequestContext(null, null, Instant.parse("2026-12-06T06:00:00Z")), upNext.context());
    }

    @Test
    void aBadLocalTimeOrZoneIsAProblemNamingTheHeader() {
        assertEquals("X-Local-Time", assertThrows(InvalidParameterException.class,
                () -> params.home("u", null, new FeedParams.Headers(null, null, "19:30", null), null)).name());
        assertEquals("X-Timezone", assertThrows(InvalidParameterException.class,
                () -> params.upNext("v", "u", null, new FeedParams.Headers(null, null, null, "Nowhere/Land"), null)).name());
    }

    @Test
    void homeWithDefaults() {
        var r = params.home("user-1", null, null, null, null);
        assertEquals("user-1", r.userId());
        assertEquals(Surface.home, r.surface());
        assertEquals(20, r.limit());
        assertNull(r.seedVideoId());
        UUID.fromString(r.requestId());
    }

    @Test
    void headersAndLimitAreCarried() {
        var r = params.home("u", " 100 ", "Mobile", "br", "req-7");
        assertEquals(100, r.limit());
        assertEquals("req-7", r.requestId());
        assertEquals("mobile", r.context().device());
        assertEquals("BR", r.context().region());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "101", "abc", "1.5", "99999999999"})
    void badLimitNamesTheParameter(String limit) {
        var e = assertThrows(InvalidParameterException.class, () -> params.home("u", limit, null, null, null));
        assertEquals("limit", e.name());
        assertEquals("query", e.in());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-starts-with-dash", "has space", "semi;colon", "ü"})
    void badUserIdNamesTheParameter(String userId) {
        var e = assertThrows(InvalidParameterException.class, () -> params.home(userId, null, null, null, null));
        assertEquals("userId", e.name());
        assertEquals("path", e.in());
    }

    @Test
    void tooLongIdsAreRefused() {
        assertEquals("a".repeat(128), params.home("a".repeat(128), null, null, null, null).userId());
        assertThrows(InvalidParameterException.class, () -> params.home("a".repeat(129), null, null, null, null));
    }

    @Test
    void badHeadersNameTheHeader() {
        assertEquals("X-Region", assertThrows(InvalidParameterException.class,
                () -> params.home("u", null, null, "BRA", null)).name());
        assertEquals("X-Device", assertThrows(InvalidParameterException.class,
                () -> params.home("u", null, "tv box", null, null)).name());
        assertEquals("X-Request-Id", assertThrows(InvalidParameterException.class,
                () -> params.home("u", null, null, null, "<script>")).name());
    }

    @Test
    void upNextWithoutUserIsAnonymous() {
        var r = params.upNext("video-9", null, "5", null, null, null);
        assertEquals("anonymous", r.userId());
        assertEquals("video-9", r.seedVideoId());
        assertEquals(Surface.up_next, r.surface());
        assertEquals(5, r.limit());
        assertEquals("anonymous", params.upNext("video-9", "", null, null, null, null).userId());
    }

    @Test
    void upNextValidatesBothIds() {
        assertEquals("videoId", assertThrows(InvalidParameterException.class,
                () -> params.upNext("bad id", "u", null, null, null, null)).name());
        var e = assertThrows(InvalidParameterException.class, () -> params.upNext("v", "bad id", null, null, null, null));
        assertEquals("userId", e.name());
        assertEquals("query", e.in());
    }

    @Test
    void inconsistentLimitsAreAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new FeedParams(200, 100, "a", 500));
        assertThrows(IllegalArgumentException.class, () -> new FeedParams(0, 100, "a", 500));
        assertThrows(IllegalArgumentException.class, () -> new FeedParams(20, 100, "a", -1));
    }

    @Test
    void absentFilterParametersConstrainNothing() {
        assertEquals(FeedFilter.NONE, params.filter(null, null, null, null));
        assertEquals(FeedFilter.NONE, params.filter(List.of(), null, null, null));
        assertEquals(FeedFilter.NONE, params.filter(List.of(""), null, null, null), "an empty list of shown videos");
    }

    @Test
    void excludeIsCommaSeparatedIdsAndMayBeRepeated() {
        var f = params.filter(List.of("v1, v2", "v3"), null, null, null);
        assertEquals(Set.of("v1", "v2", "v3"), f.excludedVideoIds());
        assertEquals(Set.of("v1"), params.filter(List.of("v1,v1,v1"), null, null, null).excludedVideoIds(), "duplicates count");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1,,v2", "v1,", "has space", "-dash", "semi;colon", "ü"})
    void aBadIdInExcludeNamesTheParameter(String exclude) {
        var e = assertThrows(InvalidParameterException.class, () -> params.filter(List.of(exclude), null, null, null));
        assertEquals("exclude", e.name());
        assertEquals("query", e.in());
    }

    @Test
    void excludeIsBoundedByMaxExcludeAcrossRepeats() {
        // max-exclude is 3 here.
        assertEquals(3, params.filter(List.of("a,b,c"), null, null, null).excludedVideoIds().size());
        var e = assertThrows(InvalidParameterException.class, () -> params.filter(List.of("a,b", "c,d"), null, null, null));
        assertEquals("exclude", e.name());
        assertTrue(e.getMessage().contains("more than 3"), e.getMessage());
        assertThrows(InvalidParameterException.class, () -> params.filter(List.of("a,a,a,a"), null, null, null));
        assertThrows(InvalidParameterException.class, () -> params.filter(List.of("a," + "x".repeat(129)), null, null, null));
    }

    @Test
    void categoryAndLanguageAreCarriedStripped() {
        var f = params.filter(null, " Film & Animation ", "pt-BR", "600");
        assertEquals("Film & Animation", f.category());
        assertEquals("pt-BR", f.language());
        assertEquals(600, f.maxDurationSeconds());
        assertEquals("x".repeat(64), params.filter(null, "x".repeat(64), null, null).category());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "tab\tinside"})
    void anEmptyOrControlCharacterValueNamesTheParameter(String value) {
        assertEquals("category", assertThrows(InvalidParameterException.class, () -> params.filter(null, value, null, null)).name());
        assertEquals("language", assertThrows(InvalidParameterException.class, () -> params.filter(null, null, value, null)).name());
    }

    @Test
    void anOverlongCategoryOrLanguageIsRefused() {
        assertEquals("category", assertThrows(InvalidParameterException.class,
                () -> params.filter(null, "x".repeat(65), null, null)).name());
        assertEquals("language", assertThrows(InvalidParameterException.class,
                () -> params.filter(null, null, "x".repeat(65), null)).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-5", "1.5", "abc", "86401", "99999999999"})
    void maxDurationSecondsMustBeAPositiveWholeNumber(String raw) {
        var e = assertThrows(InvalidParameterException.class, () -> params.filter(null, null, null, raw));
        assertEquals("maxDurationSeconds", e.name());
        assertEquals("query", e.in());
    }

    @Test
    void maxDurationSecondsBounds() {
        assertEquals(1, params.filter(null, null, null, "1").maxDurationSeconds());
        assertEquals(86_400, params.filter(null, null, null, " 86400 ").maxDurationSeconds());
    }
}
