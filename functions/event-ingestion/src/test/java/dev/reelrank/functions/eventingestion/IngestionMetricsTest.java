package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** event-ingestion's series under the catalogue's names and tags (docs/metrics.md). */
class IngestionMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestionMetrics metrics = new IngestionMetrics(registry);

    private static LoggedEvent event(EventTypes type, com.google.protobuf.Message payload) {
        return new LoggedEvent("id", URI.create("/test"), type, OffsetDateTime.parse("2026-12-01T10:00:00Z"), payload);
    }

    @Test
    void acceptedEventsCountedByCloudEventType() {
        metrics.accepted(List.of(event(EventTypes.INTERACTION, Interaction.getDefaultInstance()),
                event(EventTypes.INTERACTION, Interaction.getDefaultInstance()),
                event(EventTypes.VIDEO_PUBLISHED, VideoPublished.getDefaultInstance())));

        assertEquals(2.0, registry.get("reelrank.events.accepted").tags("type", "video.interaction").counter().count());
        assertEquals(1.0, registry.get("reelrank.events.accepted").tags("type", "video.published").counter().count());

        // Interleaved types, in a later batch: counted by runs, added to the same series.
        metrics.accepted(List.of(event(EventTypes.VIDEO_PUBLISHED, VideoPublished.getDefaultInstance()),
                event(EventTypes.INTERACTION, Interaction.getDefaultInstance()),
                event(EventTypes.VIDEO_PUBLISHED, VideoPublished.getDefaultInstance())));
        metrics.accepted(List.of());
        assertEquals(3.0, registry.get("reelrank.events.accepted").tags("type", "video.interaction").counter().count());
        assertEquals(3.0, registry.get("reelrank.events.accepted").tags("type", "video.published").counter().count());
    }

    @Test
    void rejectedRequestsCountedByShortReason() {
        metrics.rejected(Problem.invalidEvent("no id", "id", null));
        metrics.rejected(Problem.invalidEvent("bad field", null, "data.userId").atIndex(3));
        metrics.rejected(Problem.tooLarge("big"));
        metrics.rejected(Problem.unsupportedMediaType("text/plain"));
        metrics.rejected(Problem.eventLogUnavailable("no ack"));

        assertEquals(2.0, registry.get("reelrank.events.rejected").tags("reason", "invalid").counter().count());
        assertEquals(1.0, registry.get("reelrank.events.rejected").tags("reason", "too_large").counter().count());
        assertEquals(1.0, registry.get("reelrank.events.rejected").tags("reason", "unsupported_media_type").counter().count());
        assertEquals(1.0, registry.get("reelrank.events.rejected").tags("reason", "kafka_unavailable").counter().count());
    }
}
