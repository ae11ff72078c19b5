package dev.reelrank.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import java.net.URI;
import java.time.OffsetDateTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class LoggedEventTest {
    @Test
    void roundTripsThroughAKafkaRecordInBinaryMode() {
        var payload = Interaction.newBuilder().setUserId("u1").setVideoId("v9").setAction(Action.watch).setWatchSeconds(42).build();
        var event = new LoggedEvent("e-1", URI.create("/test"), EventTypes.INTERACTION, OffsetDateTime.parse("2026-11-25T10:00:00Z"), payload);

        var produced = event.toRecord();
        assertEquals("interactions", produced.topic());
        assertEquals("u1", produced.key());
        assertEquals("e-1", new String(produced.headers().lastHeader("ce_id").value()));

        var consumed = new ConsumerRecord<>(produced.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0,
                produced.key(), produced.value(), new RecordHeaders(produced.headers().toArray()), java.util.Optional.empty());
        var back = LoggedEvent.fromRecord(consumed);
        assertEquals(event, back);
    }

    @Test
    void rejectsUnknownTypes() {
        var ce = io.cloudevents.core.builder.CloudEventBuilder.v1().withId("x").withSource(URI.create("/s"))
                .withType("video.unknown").withData(new byte[0]).build();
        assertThrows(IllegalArgumentException.class, () -> LoggedEvent.fromCloudEvent(ce));
    }

    private static ConsumerRecord<String, byte[]> consumed(org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> produced) {
        return new ConsumerRecord<>(produced.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0,
                produced.key(), produced.value(), new RecordHeaders(produced.headers().toArray()), java.util.Optional.empty());
    }

    private static LoggedEvent sample() {
        var payload = Interaction.newBuilder().setUserId("u1").setVideoId("v9").setAction(Action.click).build();
        return new LoggedEvent("e-2", URI.create("https://api.example/v1/events"), EventTypes.INTERACTION,
                OffsetDateTime.parse("2026-11-25T10:00:00.123+02:00"), payload);
    }

    @Test
    void theHeaderFastPathDecodesWhatTheSdkDecodes() {
        var record = consumed(sample().toRecord());
        record.headers().add("ce_traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes());
        record.headers().add("ce_someextension", "x".getBytes());
        var viaSdk = LoggedEvent.fromCloudEvent(io.cloudevents.kafka.KafkaMessageFactory.createReader(record).toEvent());
        assertEquals(viaSdk, LoggedEvent.fromRecord(record));
        assertEquals(sample(), LoggedEvent.fromRecord(record));
    }

    @Test
    void aRecordWithoutTimeDecodesWithoutOne() {
        var record = consumed(sample().toRecord());
        record.headers().remove("ce_time");
        assertEquals(null, LoggedEvent.fromRecord(record).time());
    }

    @Test
    void whatTheFastPathCannotReadIsStillRefusedWithAReason() {
        var noId = consumed(sample().toRecord());
        noId.headers().remove("ce_id");
        assertThrows(RuntimeException.class, () -> LoggedEvent.fromRecord(noId));

        var noSpec = consumed(sample().toRecord());
        noSpec.headers().remove("ce_specversion");
        assertThrows(RuntimeException.class, () -> LoggedEvent.fromRecord(noSpec));

        var badTime = consumed(sample().toRecord());
        badTime.headers().remove("ce_time");
        badTime.headers().add("ce_time", "yesterday".getBytes());
        var e = assertThrows(IllegalArgumentException.class, () -> LoggedEvent.fromRecord(badTime));
        assertTrue(e.getMessage().contains("time"), e.getMessage());

        var badSource = consumed(sample().toRecord());
        badSource.headers().remove("ce_source");
        badSource.headers().add("ce_source", "not a uri".getBytes());
        assertThrows(IllegalArgumentException.class, () -> LoggedEvent.fromRecord(badSource));

        var unknownType = consumed(sample().toRecord());
        unknownType.headers().remove("ce_type");
        unknownType.headers().add("ce_type", "video.unknown".getBytes());
        e = assertThrows(IllegalArgumentException.class, () -> LoggedEvent.fromRecord(unknownType));
        assertTrue(e.getMessage().contains("video.unknown"), e.getMessage());

        var notProtobuf = consumed(sample().toRecord());
        var garbage = new ConsumerRecord<>(notProtobuf.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0,
                notProtobuf.key(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, notProtobuf.headers(), java.util.Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> LoggedEvent.fromRecord(garbage));
    }
}
