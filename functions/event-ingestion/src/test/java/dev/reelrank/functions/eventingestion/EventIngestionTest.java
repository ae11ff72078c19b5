package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.VideoPublished;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Parsing and validation of the three modes, without any server. */
class EventIngestionTest {
    static final Instant RECEIVED = Instant.parse("2026-11-25T12:00:00Z");
    static final String WATCH = """
            {"userId":"u1","videoId":"v1","action":"watch","watchSeconds":12.5,"surface":"home","position":2}""";

    final EventIngestion ingestion = new EventIngestion(new IngestionLimits(10_000, 3), ShippedConfig.fieldLimits());

    List<LoggedEvent> binary(Map<String, String> ce, String body) {
        var headers = new LinkedHashMap<String, List<String>>();
        headers.put("Content-Type", List.of("application/json"));
        ce.forEach((k, v) -> headers.put(k, List.of(v)));
        return ingestion.accept("application/json", headers, bytes(body), RECEIVED);
    }

    static Map<String, String> ceHeaders(String type) {
        var m = new LinkedHashMap<String, String>();
        m.put("ce-specversion", "1.0");
        m.put("ce-id", "e1");
        m.put("ce-source", "/test");
        m.put("ce-type", type);
        return m;
    }

    List<LoggedEvent> structured(String body) {
        return ingestion.accept("application/cloudevents+json; charset=utf-8", Map.of(), bytes(body), RECEIVED);
    }

    List<LoggedEvent> batch(String body) {
        return ingestion.accept("application/cloudevents-batch+json", Map.of(), bytes(body), RECEIVED);
    }

    static String event(String id, String type, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"/test","type":"%s","data":%s}""".formatted(id, type, data);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Problem rejected(Runnable r) {
        return assertThrows(RejectedEventException.class, r::run).problem();
    }

    static void assertAttribute(String attribute, Problem p) {
        assertEquals(400, p.status(), p.toString());
        assertEquals(attribute, p.attribute(), p.toString());
        assertNull(p.field(), p.toString());
    }

    static void assertField(String field, Problem p) {
        assertEquals(400, p.status(), p.toString());
        assertEquals(field, p.field(), p.toString());
        assertNull(p.attribute(), p.toString());
    }

    @Nested
    class Binary {
        @Test
        void readsAnInteractionAndTakesOccurredAtFromTheEventTime() {
            var ce = ceHeaders("video.interaction");
            ce.put("ce-time", "2026-11-25T10:00:00Z");
            LoggedEvent e = binary(ce, WATCH).getFirst();
            assertEquals("e1", e.id());
            assertEquals(URI.create("/test"), e.source());
            assertEquals(EventTypes.INTERACTION, e.type());
            assertEquals("u1", e.key());
            Interaction expected = Interaction.newBuilder().setUserId("u1").setVideoId("v1").setAction(Action.watch)
                    .setWatchSeconds(12.5).setSurface(Surface.home).setPosition(2)
                    .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.parse("2026-11-25T10:00:00Z").getEpochSecond()))
                    .build();
            assertEquals(expected, e.payload());
        }

        @Test
        void headerNamesAreCaseInsensitive() {
            var ce = new LinkedHashMap<String, String>();
            ceHeaders("video.interaction").forEach((k, v) -> ce.put(k.toUpperCase(), v));
            assertEquals("e1", binary(ce, WATCH).getFirst().id());
        }

        @Test
        void eachMissingRequiredHeaderIsNamed() {
            for (String a : List.of("specversion", "id", "source", "type")) {
                var ce = ceHeaders("video.interaction");
                ce.remove("ce-" + a);
                assertAttribute(a, rejected(() -> binary(ce, WATCH)));
            }
        }

        @Test
        void otherSpecVersionsAreRejected() {
            var ce = ceHeaders("video.interaction");
            ce.put("ce-specversion", "0.3");
            assertAttribute("specversion", rejected(() -> binary(ce, WATCH)));
        }

        @Test
        void badTimeIsRejected() {
            var ce = ceHeaders("video.interaction");
            ce.put("ce-time", "yesterday");
            assertAttribute("time", rejected(() -> binary(ce, WATCH)));
        }

        @Test
        void badSourceIsRejected() {
            var ce = ceHeaders("video.interaction");
            ce.put("ce-source", "not a uri");
            assertAttribute("source", rejected(() -> binary(ce, WATCH)));
        }

        @Test
        void unknownTypeIsRejected() {
            assertAttribute("type", rejected(() -> binary(ceHeaders("video.deleted"), WATCH)));
        }

        @Test
        void emptyOrMalformedBodyNamesTheData() {
            assertField("data", rejected(() -> binary(ceHeaders("video.interaction"), "")));
            assertField("data", rejected(() -> binary(ceHeaders("video.interaction"), "{not json")));
            assertField("data", rejected(() -> binary(ceHeaders("video.interaction"), "[1,2]")));
        }
    }

    @Nested
    class Structured {
        @Test
        void readsAVideoAndDefaultsPublishedAtToTheReceiveTime() {
            LoggedEvent e = structured(event("p1", "video.published", """
                    {"videoId":"v9","channelId":"c1","title":"T","tags":["a","b"],"durationSeconds":60,"language":"en"}""")).getFirst();
            assertEquals(EventTypes.VIDEO_PUBLISHED, e.type());
            assertEquals("v9", e.key());
            var v = (VideoPublished) e.payload();
            assertEquals(List.of("a", "b"), v.getTagsList());
            assertEquals(RECEIVED.getEpochSecond(), v.getPublishedAt().getSeconds());
        }

        @Test
        void keepsTheClientsTimestampAndAcceptsProtoFieldNames() {
            var i = (Interaction) structured(event("i1", "video.interaction", """
                    {"user_id":"u1","video_id":"v1","action":"click","occurredAt":"2026-01-02T03:04:05.5Z"}""")).getFirst().payload();
            assertEquals("u1", i.getUserId());
            assertEquals(Instant.parse("2026-01-02T03:04:05Z").getEpochSecond(), i.getOccurredAt().getSeconds());
            assertEquals(500_000_000, i.getOccurredAt().getNanos());
        }

        @Test
        void acceptsDataBase64() {
            String b64 = Base64.getEncoder().encodeToString(bytes(WATCH));
            var e = structured("""
                    {"specversion":"1.0","id":"b1","source":"/test","type":"video.interaction","datacontenttype":"application/json","data_base64":"%s"}"""
                    .formatted(b64)).getFirst();
            assertEquals("u1", e.key());
        }

        @Test
        void eachMissingAttributeIsNamed() {
            for (String a : List.of("specversion", "id", "source", "type")) {
                String body = event("x", "video.interaction", WATCH).replaceFirst("\"" + a + "\":\"[^\"]*\",", "");
                assertAttribute(a, rejected(() -> structured(body)));
            }
        }

        @Test
        void nonStringAttributeIsNamed() {
            assertAttribute("id", rejected(() -> structured(event("x", "video.interaction", WATCH).replace("\"id\":\"x\"", "\"id\":7"))));
        }

        @Test
        void nonJsonContentTypeIsRejected() {
            String body = event("x", "video.interaction", WATCH).replace("\"data\"", "\"datacontenttype\":\"text/plain\",\"data\"");
            assertAttribute("datacontenttype", rejected(() -> structured(body)));
        }

        @Test
        void missingDataIsNamed() {
            assertField("data", rejected(() -> structured("""
                    {"specversion":"1.0","id":"x","source":"/test","type":"video.interaction"}""")));
        }

        @Test
        void notAnObjectOrNotJsonIsRejected() {
            assertEquals(400, rejected(() -> structured("[]")).status());
            assertEquals(400, rejected(() -> structured("{")).status());
        }

        @Test
        void unknownFieldIsNamed() {
            assertField("data.colour", rejected(() -> structured(event("x", "video.interaction", """
                    {"userId":"u1","videoId":"v1","action":"click","colour":"red"}"""))));
        }

        @Test
        void unknownEnumValueIsNamed() {
            assertField("data.action", rejected(() -> structured(event("x", "video.interaction", """
                    {"userId":"u1","videoId":"v1","action":"WATCH"}"""))));
        }

        @Test
        void wrongTypeIsNamed() {
            assertField("data.position", rejected(() -> structured(event("x", "video.interaction", """
                    {"userId":"u1","videoId":"v1","action":"click","position":"first"}"""))));
        }
    }

    @Nested
    class InteractionRules {
        Problem invalid(String data) {
            return rejected(() -> structured(event("x", "video.interaction", data)));
        }

        @Test
        void userIdAndActionAreRequired() {
            assertField("data.userId", invalid("""
                    {"videoId":"v1","action":"click"}"""));
            assertField("data.action", invalid("""
                    {"userId":"u1","videoId":"v1"}"""));
            assertField("data.action", invalid("""
                    {"userId":"u1","videoId":"v1","action":"action_unspecified"}"""));
        }

        @Test
        void videoIdIsRequiredExceptForChannelActions() {
            assertField("data.videoId", invalid("""
                    {"userId":"u1","action":"like"}"""));
            assertField("data.channelId", invalid("""
                    {"userId":"u1","action":"subscribe"}"""));
            var ok = structured(event("s", "video.interaction", """
                    {"userId":"u1","action":"unsubscribe","channelId":"c1"}"""));
            assertEquals("u1", ok.getFirst().key());
        }

        @Test
        void watchNeedsNonNegativeWatchSeconds() {
            assertField("data.watchSeconds", invalid("""
                    {"userId":"u1","videoId":"v1","action":"watch"}"""));
            assertField("data.watchSeconds", invalid("""
                    {"userId":"u1","videoId":"v1","action":"watch","watchSeconds":-1}"""));
            assertField("data.watchSeconds", invalid("""
                    {"userId":"u1","videoId":"v1","action":"watch","watchSeconds":"NaN"}"""));
            var zero = (Interaction) structured(event("w", "video.interaction", """
                    {"userId":"u1","videoId":"v1","action":"watch","watchSeconds":0}""")).getFirst().payload();
            assertEquals(0.0, zero.getWatchSeconds());
        }

        @Test
        void channelLevelNotInterestedNeedsChannelId() {
            assertField("data.channelId", invalid("""
                    {"userId":"u1","videoId":"v1","action":"not_interested","target":"channel"}"""));
            structured(event("n", "video.interaction", """
                    {"userId":"u1","videoId":"v1","action":"not_interested","target":"video"}"""));
        }

        @Test
        void positionMustNotBeNegative() {
            assertField("data.position", invalid("""
                    {"userId":"u1","videoId":"v1","action":"impression","position":-3}"""));
        }
    }

    @Nested
    class VideoRules {
        Problem invalid(String data) {
            return rejected(() -> structured(event("x", "video.published", data)));
        }

        @Test
        void videoIdAndChannelIdAreRequired() {
            assertField("data.videoId", invalid("""
                    {"channelId":"c1"}"""));
            assertField("data.channelId", invalid("""
                    {"videoId":"v1"}"""));
        }

        @Test
        void durationMustNotBeNegative() {
            assertField("data.durationSeconds", invalid("""
                    {"videoId":"v1","channelId":"c1","durationSeconds":-5}"""));
        }
    }

    @Nested
    class Batch {
        @Test
        void readsEveryEventInOrder() {
            var events = batch("[" + event("a", "video.interaction", WATCH) + ","
                    + event("b", "video.published", "{\"videoId\":\"v2\",\"channelId\":\"c\"}") + "]");
            assertEquals(List.of("a", "b"), events.stream().map(LoggedEvent::id).toList());
            assertEquals(List.of("u1", "v2"), events.stream().map(LoggedEvent::key).toList());
        }

        @Test
        void anInvalidEventRejectsTheBatchWithItsIndex() {
            Problem p = rejected(() -> batch("[" + event("a", "video.interaction", WATCH) + ","
                    + event("b", "video.interaction", "{\"userId\":\"u1\",\"videoId\":\"v1\",\"action\":\"watch\"}") + "]"));
            assertField("data.watchSeconds", p);
            assertEquals(1, p.index());
        }

        @Test
        void attributeErrorsCarryTheIndexToo() {
            Problem p = rejected(() -> batch("[" + event("a", "video.interaction", WATCH) + ","
                    + event("b", "video.nope", WATCH) + "]"));
            assertAttribute("type", p);
            assertEquals(1, p.index());
            Problem missing = rejected(() -> batch("[{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"video.interaction\",\"data\":{}}]"));
            assertAttribute("id", missing);
            assertEquals(0, missing.index());
        }

        @Test
        void duplicateIdsAreRejected() {
            Problem p = rejected(() -> batch("[" + event("a", "video.interaction", WATCH) + ","
                    + event("a", "video.interaction", WATCH) + "]"));
            assertAttribute("id", p);
            assertEquals(1, p.index());
        }

        @Test
        void tooManyEventsIs413() {
            String one = event("a", "video.interaction", WATCH);
            assertEquals(413, rejected(() -> batch("[" + String.join(",", one, one, one, one) + "]")).status());
        }

        @Test
        void emptyBatchAcceptsNothing() {
            assertEquals(List.of(), batch("[]"));
        }

        @Test
        void aBatchMustBeAnArray() {
            assertEquals(400, rejected(() -> batch(event("a", "video.interaction", WATCH))).status());
        }
    }

    @Nested
    class Limits {
        @Test
        void oversizeBodyIs413() {
            String big = event("a", "video.published", "{\"videoId\":\"v\",\"channelId\":\"c\",\"description\":\"" + "x".repeat(10_000) + "\"}");
            assertEquals(413, rejected(() -> structured(big)).status());
        }

        @Test
        void otherContentTypesAre415() {
            assertEquals(415, rejected(() -> ingestion.accept("text/plain", Map.of(), bytes(WATCH), RECEIVED)).status());
            assertEquals(415, rejected(() -> ingestion.accept(null, Map.of(), bytes(WATCH), RECEIVED)).status());
        }
    }
}
