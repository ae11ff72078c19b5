package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.model.Feed;
import dev.reelrank.model.FeedItem;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.ServedImpressions;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.Surface;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ImpressionEventsTest {
    private static final URI SOURCE = URI.create("/reelrank/feed-assembly");
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123Z");

    private static Feed feed(String bucket, boolean fallback) {
        return new Feed("r-1", "u1", "m", fallback, fallback ? "ranking_timeout" : null, List.of(
                new FeedItem("v1", "c1", 0.9, "ann", "because_you_watched", "v0"),
                new FeedItem("v2", "c2", 0.8, "trending", "trending", null),
                new FeedItem("v3", "c3", 0.8, "explore", "fresh", null)), bucket);
    }

    @Test
    void theUsersUtcOffsetComesFromTheRequestsLocalTimeSoTrainingReadsTheServedHour() {
        // 11:45 on the user's wall clock when it is 10:15:30 UTC: UTC+1:30 after rounding a
        // slightly wrong client clock to the quarter hour.
        Instant wallClock = Instant.parse("2026-12-01T11:47:02Z");
        var request = FeedRequest.home("r-1", "u1", 3, new RequestContext("ios", "IN", wallClock));
        for (LoggedEvent e : ImpressionEvents.of(request, feed(null, false), SOURCE, AT)) {
            Interaction imp = (Interaction) e.payload();
            assertTrue(imp.hasUtcOffsetMinutes());
            assertEquals(90, imp.getUtcOffsetMinutes());
        }
        var west = FeedRequest.home("r-2", "u1", 3, new RequestContext("ios", "US", Instant.parse("2026-12-01T02:15:00Z")));
        assertEquals(-480, ((Interaction) ImpressionEvents.of(west, feed(null, false), SOURCE, AT).get(0).payload()).getUtcOffsetMinutes());
        var none = FeedRequest.home("r-3", "u1", 3, new RequestContext("ios", "US", null));
        assertTrue(!((Interaction) ImpressionEvents.of(none, feed(null, false), SOURCE, AT).get(0).payload()).hasUtcOffsetMinutes(),
                "no local time: no offset (training falls back to UTC)");
        var absurd = FeedRequest.home("r-4", "u1", 3, new RequestContext("ios", "US", AT.plus(Duration.ofHours(20))));
        assertTrue(!((Interaction) ImpressionEvents.of(absurd, feed(null, false), SOURCE, AT).get(0).payload()).hasUtcOffsetMinutes(),
                "a wall clock 20 h off is not a time zone");
    }

    @Test
    void oneImpressionPerItemWithPositionRequestBucketSourceAndSurface() {
        var request = FeedRequest.upNext("r-1", "u1", "v0", 3, new RequestContext("ios", "BR", null));
        List<LoggedEvent> events = ImpressionEvents.of(request, feed("low-lambda", true), SOURCE, AT);
        assertEquals(3, events.size());
        for (int i = 0; i < 3; i++) {
            LoggedEvent e = events.get(i);
            Interaction imp = (Interaction) e.payload();
            assertEquals(EventTypes.INTERACTION, e.type());
            assertEquals(SOURCE, e.source());
            assertEquals("u1", e.key(), "keyed by userId like every interaction");
            assertEquals(Action.impression, imp.getAction());
            assertEquals(i, imp.getPosition());
            assertEquals("r-1", imp.getRequestId());
            assertEquals("low-lambda", imp.getBucket());
            assertEquals(Surface.up_next, imp.getSurface());
            assertEquals("ios", imp.getDevice());
            assertEquals("BR", imp.getRegion());
            assertEquals(AT.getEpochSecond(), imp.getOccurredAt().getSeconds());
            assertEquals(AT, e.time().toInstant());
            assertEquals(ServedImpressions.eventId("r-1", imp.getVideoId()), e.id());
        }
        assertEquals(List.of("v1", "v2", "v3"), events.stream().map(e -> ((Interaction) e.payload()).getVideoId()).toList());
        assertEquals(List.of("ann", "trending", "explore"), events.stream().map(e -> ((Interaction) e.payload()).getSource()).toList());
    }

    /** The record is what event-ingestion publishes: binary CloudEvent, Protobuf value, the interactions topic. */
    @Test
    void theRecordDecodesAsAnyLoggedInteraction() {
        var request = FeedRequest.home("r-1", "u1", 3, RequestContext.UNKNOWN);
        LoggedEvent e = ImpressionEvents.of(request, feed("control", false), SOURCE, AT).getFirst();
        var record = e.toRecord();
        assertEquals(Topics.INTERACTIONS, record.topic());
        assertEquals("u1", record.key());
        var consumed = new ConsumerRecord<>(record.topic(), 0, 0L, record.key(), record.value());
        record.headers().forEach(h -> consumed.headers().add(h));
        LoggedEvent back = LoggedEvent.fromRecord(consumed);
        assertEquals(e.id(), back.id());
        assertEquals(e.payload(), back.payload());
        var imp = (Interaction) back.payload();
        assertEquals("", imp.getDevice());
        assertEquals(Surface.home, imp.getSurface());
    }

    @Test
    void servingTheSameRequestAgainLogsTheSameIds() {
        var request = FeedRequest.home("r-1", "u1", 3, RequestContext.UNKNOWN);
        var once = ImpressionEvents.of(request, feed("control", false), SOURCE, AT);
        var again = ImpressionEvents.of(request, feed("control", false), SOURCE, AT.plusSeconds(3));
        assertEquals(once.stream().map(LoggedEvent::id).toList(), again.stream().map(LoggedEvent::id).toList());
        assertEquals(3, once.stream().map(LoggedEvent::id).distinct().count());
    }

    @Test
    void aFullBufferDropsAndCountsWithoutBlockingTheFeed() throws Exception {
        var release = new CountDownLatch(1);
        var sent = new ConcurrentLinkedQueue<LoggedEvent>();
        // A Kafka that hangs: the drainer is stuck on the first event.
        var log = new KafkaImpressionLog(4, Duration.ofSeconds(30), SOURCE, Clock.fixed(AT, ZoneOffset.UTC), e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            sent.add(e);
        }, () -> {});
        var request = FeedRequest.home("r-1", "u1", 3, RequestContext.UNKNOWN);
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) log.served(request, feed("control", false));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "served() never waits for Kafka");
        // 30 offered: at most the buffer (4) and the batch the drainer took out of it (1 + 4) survive.
        assertTrue(log.dropped() >= 30 - 9, "dropped " + log.dropped());
        release.countDown();
        log.close();
        assertEquals(30 - log.dropped(), sent.size());
    }

    @Test
    void failedAcknowledgementsAreDropsAndABrokenBuildNeverReachesTheCaller() {
        var log = new KafkaImpressionLog(100, Duration.ofSeconds(30), SOURCE, Clock.fixed(AT, ZoneOffset.UTC), e -> {}, () -> {});
        log.acknowledged(new RuntimeException("broker down"));
        log.acknowledged(null);
        assertEquals(1, log.dropped());
        assertEquals(1, log.sent());
        // An item without a video id cannot be an event: the feed is still answered.
        var broken = new Feed("r", "u", "m", false, null, List.of(new FeedItem(null, "c", 1, "ann", "recommended", null)), "control");
        log.served(FeedRequest.home("r", "u", 1, RequestContext.UNKNOWN), broken);
        assertEquals(2, log.dropped());
        log.close();
    }

    @Test
    void impressionRecordsCarryTheTraceOfTheFeedRequestThatServedThem() throws Exception {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        var records = new ConcurrentLinkedQueue<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>>();
        var log = new KafkaImpressionLog(100, Duration.ofSeconds(30), SOURCE, Clock.fixed(AT, ZoneOffset.UTC),
                e -> records.add(KafkaImpressionLog.traced(e)), () -> {});
        var request = io.opentelemetry.context.Context.root().with(io.opentelemetry.api.trace.Span.wrap(
                io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(trace, "00f067aa0ba902b7",
                        io.opentelemetry.api.trace.TraceFlags.getSampled(), io.opentelemetry.api.trace.TraceState.getDefault())));
        try (var ignored = request.makeCurrent()) {
            log.served(FeedRequest.home("r-1", "u1", 3, RequestContext.UNKNOWN), feed("control", false));
        }
        log.close(); // drains what is queued
        assertEquals(3, records.size());
        for (var r : records) {
            String traceparent = new String(r.headers().lastHeader("ce_traceparent").value(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(trace, traceparent.split("-")[1], traceparent);
        }
    }
}
