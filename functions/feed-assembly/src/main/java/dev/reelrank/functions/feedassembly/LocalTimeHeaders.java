package dev.reelrank.functions.feedassembly;

import dev.reelrank.model.RequestContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The user's local time from the gateway's headers, as {@link RequestContext#localTime} holds it
 * (the wall clock written as UTC). Two headers, because gateways know different things:
 * <ul>
 *   <li>{@code X-Local-Time}: an ISO-8601 offset date-time, {@code 2026-12-06T19:30:00+01:00}: the
 *       device's own clock, passed on by the gateway (or set by the app);
 *   <li>{@code X-Timezone}: an IANA zone id, {@code Europe/Berlin}: what a CDN or gateway derives
 *       from the client's address; the local time is then the server's clock in that zone.
 * </ul>
 * Both are checked when both are given; {@code X-Local-Time} wins, since a zone guessed from an
 * address is wrong behind a VPN and the device's clock is not.
 */
final class LocalTimeHeaders {
    static final String LOCAL_TIME = "X-Local-Time";
    static final String TIMEZONE = "X-Timezone";
    /** Longer than any offset date-time with nanoseconds, or any IANA id: more is not a time. */
    private static final int MAX_LENGTH = 64;
    /** The characters of IANA ids (Europe/Berlin, America/Argentina/Buenos_Aires, Etc/GMT+5) and offsets (+01:00). */
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9/_+:-]{1," + MAX_LENGTH + "}");

    private final Clock clock;

    /** @param clock the server's clock, read for {@code X-Timezone} */
    LocalTimeHeaders(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the local wall clock as UTC, or null when neither header is given (or both are blank)
     * @throws InvalidParameterException naming the header that is not a time or a zone
     */
    Instant wallClock(String localTime, String timezone) {
        ZoneId zone = zone(timezone);
        OffsetDateTime local = localTime(localTime);
        if (local == null && zone != null) local = OffsetDateTime.now(clock.withZone(zone));
        return local == null ? null : RequestContext.wallClock(local);
    }

    private static OffsetDateTime localTime(String raw) {
        if (raw == null || raw.isBlank()) return null;
        String value = raw.strip();
        try {
            if (value.length() <= MAX_LENGTH) return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            // answered below, as an over-long value is
        }
        throw new InvalidParameterException(LOCAL_TIME, "header", "must be an ISO-8601 date-time with an offset, "
                + "like 2026-12-06T19:30:00+01:00, was '" + FeedParams.abbreviate(raw) + "'");
    }

    private static ZoneId zone(String raw) {
        if (raw == null || raw.isBlank()) return null;
        String value = raw.strip();
        try {
            if (ZONE.matcher(value).matches()) return ZoneId.of(value);
        } catch (DateTimeException e) {
            // answered below, as a value of other characters is
        }
        throw new InvalidParameterException(TIMEZONE, "header", "must be an IANA time zone id like Europe/Berlin, was '"
                + FeedParams.abbreviate(raw) + "'");
    }
}
