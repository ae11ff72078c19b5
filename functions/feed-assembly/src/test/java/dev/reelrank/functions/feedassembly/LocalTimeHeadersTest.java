package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user's local time from X-Local-Time and X-Timezone, on a fixed server clock. */
class LocalTimeHeadersTest {
    /** 18:30 UTC on the server: 19:30 in Berlin (CET), 13:30 in New York (EST). */
    private final LocalTimeHeaders headers = new LocalTimeHeaders(Clock.fixed(Instant.parse("2026-12-06T18:30:00Z"), ZoneOffset.UTC));

    @Test
    void noHeaderIsNoLocalTime() {
        assertNull(headers.wallClock(null, null));
        assertNull(headers.wallClock(" ", ""));
    }

    @Test
    void theLocalTimeHeaderGivesItsOwnWallClock() {
        assertEquals(Instant.parse("2026-12-06T19:30:00Z"), headers.wallClock("2026-12-06T19:30:00+01:00", null));
        assertEquals(Instant.parse("2026-12-06T07:05:09.250Z"), headers.wallClock(" 2026-12-06T07:05:09.25-05:00 ", null));
        assertEquals(Instant.parse("2026-12-06T19:30:00Z"), headers.wallClock("2026-12-06T19:30:00Z", null));
    }

    @Test
    void theTimezoneHeaderReadsTheServerClockInThatZone() {
        assertEquals(Instant.parse("2026-12-06T19:30:00Z"), headers.wallClock(null, "Europe/Berlin"));
        assertEquals(Instant.parse("2026-12-06T13:30:00Z"), headers.wallClock(null, "America/New_York"));
        assertEquals(Instant.parse("2026-12-07T03:30:00Z"), headers.wallClock(null, "Asia/Tokyo"));
    }

    @Test
    void theDevicesClockWinsOverTheGuessedZoneButBothAreChecked() {
        assertEquals(Instant.parse("2026-12-06T08:00:00Z"), headers.wallClock("2026-12-06T08:00:00-08:00", "Europe/Berlin"));
        assertEquals(LocalTimeHeaders.TIMEZONE, assertThrows(InvalidParameterException.class,
                () -> headers.wallClock("2026-12-06T08:00:00-08:00", "Mars/Olympus")).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"19:30", "2026-12-06T19:30:00", "2026-12-06 19:30:00+01:00", "tomorrow", "2026-13-06T19:30:00+01:00",
            "2026-12-06T19:30:00+25:00", "1765045800"})
    void aBadLocalTimeIsRefusedNamingTheHeader(String value) {
        var e = assertThrows(InvalidParameterException.class, () -> headers.wallClock(value, null));
        assertEquals(LocalTimeHeaders.LOCAL_TIME, e.name());
        assertEquals("header", e.in());
    }

    @Test
    void anOverLongLocalTimeIsRefusedWithoutEchoingItAll() {
        var e = assertThrows(InvalidParameterException.class, () -> headers.wallClock("2026-12-06T19:30:00+01:00" + "0".repeat(5000), null));
        assertEquals(LocalTimeHeaders.LOCAL_TIME, e.name());
        assertEquals(true, e.getMessage().length() < 200, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Atlantis", "Berlin", "CET; DROP", "../../etc/passwd", "Europe/Berlin\u0000"})
    void aBadTimezoneIsRefusedNamingTheHeader(String value) {
        var e = assertThrows(InvalidParameterException.class, () -> headers.wallClock(null, value));
        assertEquals(LocalTimeHeaders.TIMEZONE, e.name());
        assertEquals("header", e.in());
    }
}
