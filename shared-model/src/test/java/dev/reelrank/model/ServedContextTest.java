package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.reelrank.proto.v1.UserFeatures;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** Which context a feed says it used, and the wall-clock convention of the local time. */
class ServedContextTest {
    private static final UserFeatures HOME_DE = UserFeatures.newBuilder().setUserId("u").setHomeRegion("DE").build();
    private static final UserFeatures NO_HOME = UserFeatures.getDefaultInstance();

    @Test
    void theLocalTimeKeepsTheUsersWallClockNotTheInstant() {
        Instant wall = RequestContext.wallClock(OffsetDateTime.parse("2026-12-06T19:30:00+01:00"));
        assertEquals(Instant.parse("2026-12-06T19:30:00Z"), wall);
        assertEquals(19, new RequestContext(null, null, wall).localHour());
        assertEquals(3, new RequestContext(null, null,
                RequestContext.wallClock(OffsetDateTime.parse("2026-12-07T03:05:00-08:00"))).localHour());
        assertNull(RequestContext.UNKNOWN.localHour());
    }

    @Test
    void theHomeRegionStandsInOnlyForAMissingRegion() {
        var withRegion = new RequestContext("tv", "BR", null);
        assertSame(withRegion, withRegion.orHomeRegion("DE"));
        assertEquals(new RequestContext("tv", "DE", null), new RequestContext("tv", null, null).orHomeRegion("DE"));
        assertEquals(new RequestContext("tv", "DE", null), new RequestContext("tv", " ", null).orHomeRegion("DE"));
        assertSame(RequestContext.UNKNOWN, RequestContext.UNKNOWN.orHomeRegion(""));
        assertSame(RequestContext.UNKNOWN, RequestContext.UNKNOWN.orHomeRegion(null));
    }

    @Test
    void everyValueFromTheHeadersSaysHeader() {
        var wall = Instant.parse("2026-12-06T07:10:00Z");
        var c = ServedContext.of(new RequestContext("mobile", "BR", wall), HOME_DE);
        assertEquals(new ServedContext("mobile", ServedContext.HEADER, "BR", ServedContext.HEADER, 7, ServedContext.HEADER), c);
    }

    @Test
    void aMissingRegionComesFromTheProfile() {
        var c = ServedContext.of(new RequestContext("mobile", null, null), HOME_DE);
        assertEquals(new ServedContext("mobile", ServedContext.HEADER, "DE", ServedContext.PROFILE, null, ServedContext.NONE), c);
    }

    @Test
    void nothingKnownSaysNone() {
        assertEquals(new ServedContext(null, ServedContext.NONE, null, ServedContext.NONE, null, ServedContext.NONE),
                ServedContext.of(RequestContext.UNKNOWN, NO_HOME));
    }
}
