package dev.reelrank.functions.feedassembly;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedItem;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.ServedImpressions;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A served list as the {@code impression} interactions it is: one per item, in the encoding
 * event-ingestion publishes (so every consumer of {@code interactions} reads them unchanged), with
 * the item's position, source and the response's bucket, and the event id of
 * {@link ServedImpressions#eventId}: serving the same request id again logs the same ids.
 * Impressions of the same request and video that clients send are one exposure with these (see
 * {@link ServedImpressions} for how the counters tell).
 */
final class ImpressionEvents {
    private ImpressionEvents() {}

    static List<LoggedEvent> of(FeedRequest request, Feed feed, URI source, Instant servedAt) {
        var time = Timestamp.newBuilder().setSeconds(servedAt.getEpochSecond()).setNanos(servedAt.getNano()).build();
        OffsetDateTime ceTime = OffsetDateTime.ofInstant(servedAt, ZoneOffset.UTC);
        var base = Interaction.newBuilder().setUserId(request.userId()).setAction(Action.impression).setSurface(request.surface())
                .setRequestId(request.requestId()).setOccurredAt(time);
        if (request.context().device() != null) base.setDevice(request.context().device());
        if (request.context().region() != null) base.setRegion(request.context().region());
        if (feed.bucket() != null) base.setBucket(feed.bucket());
        Integer offset = utcOffsetMinutes(request.context().localTime(), servedAt);
        if (offset != null) base.setUtcOffsetMinutes(offset);
        var events = new ArrayList<LoggedEvent>(feed.items().size());
        List<FeedItem> items = feed.items();
        for (int position = 0; position < items.size(); position++) {
            FeedItem item = items.get(position);
            var i = base.clone().setVideoId(item.videoId()).setPosition(position);
            if (item.source() != null) i.setSource(item.source());
            events.add(new LoggedEvent(ServedImpressions.eventId(request.requestId(), item.videoId()), source, EventTypes.INTERACTION,
                    ceTime, i.build()));
        }
        return events;
    }

    /** Offsets are whole quarter hours everywhere; rounding to one absorbs a client clock off by minutes. */
    private static final long QUARTER_HOUR_MILLIS = 15 * 60_000L;
    /** UTC-12 to UTC+14 are the offsets in use; outside ±14 h the wall clock is not a clock. */
    static final int MAX_OFFSET_MINUTES = 14 * 60;

    /**
     * The user's UTC offset, from their wall clock (the request's local time, written as if it were
     * UTC) and the time the feed was served; null without a local time or when the two disagree by
     * more than any offset can.
     */
    static Integer utcOffsetMinutes(Instant localWallClock, Instant servedAt) {
        if (localWallClock == null) return null;
        long diff = localWallClock.toEpochMilli() - servedAt.toEpochMilli();
        long minutes = Math.round((double) diff / QUARTER_HOUR_MILLIS) * 15;
        return Math.abs(minutes) > MAX_OFFSET_MINUTES ? null : (int) minutes;
    }
}
