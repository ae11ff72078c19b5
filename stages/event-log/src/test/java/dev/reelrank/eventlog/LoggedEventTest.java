package dev.reelrank.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
