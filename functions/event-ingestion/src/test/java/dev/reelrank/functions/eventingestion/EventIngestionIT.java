package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.VideoPublished;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real local Kafka ({@code scripts/stack up}): what 202 promises is on the topics. */
@QuarkusTest
class EventIngestionIT {
    @ConfigProperty(name = "reelrank.ingestion.kafka.bootstrap-servers")
    String bootstrap;

    KafkaConsumer<String, byte[]> consumer;
    final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Reads both topics from their current ends, so only this test's records are seen. */
    @BeforeEach
    void startReading() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        var partitions = new ArrayList<TopicPartition>();
        for (String topic : List.of(Topics.INTERACTIONS, Topics.VIDEOS)) {
            // The shared stack may be (re)starting: give the broker a moment rather than fail at once.
            var infos = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)), p -> p != null && !p.isEmpty());
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(10))); // resolve the lazy seek now
    }

    @AfterEach
    void stopReading() {
        consumer.close(Duration.ofSeconds(2));
    }

    ConsumerRecord<String, byte[]> awaitRecord(String topic, String ceId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> find(topic, ceId) != null);
        return find(topic, ceId);
    }

    ConsumerRecord<String, byte[]> find(String topic, String ceId) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> r.topic().equals(topic) && ceId.equals(ceIdOf(r))).findFirst().orElse(null);
    }

    static String ceIdOf(ConsumerRecord<String, byte[]> r) {
        var h = r.headers().lastHeader("ce_id");
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static <M extends Message> M proto(String json, M prototype) throws Exception {
        Message.Builder b = prototype.newBuilderForType();
        JsonFormat.parser().merge(json, b);
        @SuppressWarnings("unchecked") M m = (M) b.build();
        return m;
    }

    static String structured(String id, String type, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"/it","type":"%s","data":%s}""".formatted(id, type, data);
    }

    @Test
    void binaryModeReachesTheInteractionsTopic() throws Exception {
        String id = "bin-" + run;
        String data = """
                {"userId":"u-%s","videoId":"v-1","action":"watch","watchSeconds":42.5,"surface":"up_next","position":1,
                 "occurredAt":"2026-11-25T10:00:00Z"}""".formatted(run);
        given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/it")
                .header("ce-type", "video.interaction").header("ce-time", "2026-11-25T10:00:01Z")
                .body(data)
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1)).body("ids", equalTo(List.of(id)));

        var record = awaitRecord(Topics.INTERACTIONS, id);
        assertEquals("u-" + run, record.key());
        LoggedEvent logged = LoggedEvent.fromRecord(record);
        assertEquals(proto(data, Interaction.getDefaultInstance()), logged.payload());
        assertEquals("/it", logged.source().toString());
    }

    @Test
    void structuredModeReachesTheVideosTopicWithPublishedAtFromTheEventTime() throws Exception {
        String id = "str-" + run;
        String data = """
                {"videoId":"v-%s","channelId":"c-1","title":"Hello","tags":["a","b"],"durationSeconds":95,"language":"en"}""".formatted(run);
        String event = """
                {"specversion":"1.0","id":"%s","source":"/it","type":"video.published","time":"2026-11-25T09:00:00Z","data":%s}"""
                .formatted(id, data);
        given().contentType("application/cloudevents+json").body(event)
                .when().post("/v1/events")
                .then().statusCode(202).body("ids", equalTo(List.of(id)));

        var record = awaitRecord(Topics.VIDEOS, id);
        assertEquals("v-" + run, record.key());
        VideoPublished expected = proto(data, VideoPublished.getDefaultInstance()).toBuilder()
                .setPublishedAt(com.google.protobuf.util.Timestamps.parse("2026-11-25T09:00:00Z")).build();
        assertEquals(expected, LoggedEvent.fromRecord(record).payload());
    }

    @Test
    void batchModeReachesBothTopics() throws Exception {
        String click = """
                {"userId":"u-%s","videoId":"v-2","action":"click","surface":"home","occurredAt":"2026-11-25T11:00:00Z"}""".formatted(run);
        String video = """
                {"videoId":"v-b-%s","channelId":"c-2","durationSeconds":10,"publishedAt":"2026-11-25T08:00:00Z"}""".formatted(run);
        String a = "batch-a-" + run, b = "batch-b-" + run;
        given().contentType("application/cloudevents-batch+json")
                .body("[" + structured(a, "video.interaction", click) + "," + structured(b, "video.published", video) + "]")
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(2)).body("ids", equalTo(List.of(a, b)));

        var r1 = awaitRecord(Topics.INTERACTIONS, a);
        assertEquals("u-" + run, r1.key());
        assertEquals(proto(click, Interaction.getDefaultInstance()), LoggedEvent.fromRecord(r1).payload());
        var r2 = awaitRecord(Topics.VIDEOS, b);
        assertEquals("v-b-" + run, r2.key());
        assertEquals(proto(video, VideoPublished.getDefaultInstance()), LoggedEvent.fromRecord(r2).payload());
    }

    @Test
    void aMalformedBatchIsRejectedAndNothingOfItIsPublished() {
        String user = "u-bad-" + run;
        String good = structured("bad-a-" + run, "video.interaction", """
                {"userId":"%s","videoId":"v-3","action":"like"}""".formatted(user));
        String bad = structured("bad-b-" + run, "video.interaction", """
                {"userId":"%s","videoId":"v-3","action":"watch"}""".formatted(user));
        given().contentType("application/cloudevents-batch+json").body("[" + good + "," + bad + "]")
                .when().post("/v1/events")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://reelrank.dev/problems/invalid-event"))
                .body("status", equalTo(400))
                .body("field", equalTo("data.watchSeconds"))
                .body("index", equalTo(1));

        // A later event of the same user lands on the same partition, behind anything of the rejected batch.
        String sentinel = "sentinel-" + run;
        given().contentType("application/cloudevents+json")
                .body(structured(sentinel, "video.interaction", """
                        {"userId":"%s","videoId":"v-3","action":"click"}""".formatted(user)))
                .when().post("/v1/events")
                .then().statusCode(202);
        awaitRecord(Topics.INTERACTIONS, sentinel);
        assertTrue(seen.stream().noneMatch(r -> String.valueOf(ceIdOf(r)).startsWith("bad-")),
                "a record of the rejected batch reached Kafka");
    }

    @Test
    void aBatchWithAnOversizeOrNonStringIdPublishesNothing() {
        String user = "u-poison-" + run;
        String good = structured("poison-a-" + run, "video.interaction", """
                {"userId":"%s","videoId":"v-4","action":"like"}""".formatted(user));
        String huge = structured("poison-b-" + run, "video.interaction", """
                {"userId":"%s","videoId":"v-4","action":"like"}""".formatted("u".repeat(70_000)));
        String number = structured("poison-c-" + run, "video.interaction", """
                {"userId":0,"videoId":"v-4","action":"like","surface":0}""");
        for (String bad : List.of(huge, number)) {
            given().contentType("application/cloudevents-batch+json").body("[" + good + "," + bad + "]")
                    .when().post("/v1/events")
                    .then().statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("field", equalTo("data.userId"))
                    .body("index", equalTo(1));
        }
        String sentinel = "sentinel-p-" + run;
        given().contentType("application/cloudevents+json")
                .body(structured(sentinel, "video.interaction", """
                        {"userId":"%s","videoId":"v-4","action":"click"}""".formatted(user)))
                .when().post("/v1/events")
                .then().statusCode(202);
        awaitRecord(Topics.INTERACTIONS, sentinel);
        assertTrue(seen.stream().noneMatch(r -> String.valueOf(ceIdOf(r)).startsWith("poison-")),
                "a record of a rejected batch reached Kafka");
    }

    @Test
    void malformedBinaryEventNamesTheAttribute() {
        given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-source", "/it").header("ce-type", "video.interaction")
                .body("{\"userId\":\"u\",\"videoId\":\"v\",\"action\":\"click\"}")
                .when().post("/v1/events")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("attribute", equalTo("id"));
    }

    @Test
    void unknownContentTypeIs415Problem() {
        given().contentType("text/plain").body("hello")
                .when().post("/v1/events")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE).body("status", equalTo(415));
    }

    @Test
    void readinessSaysKafkaIsUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")).body("checks.name", hasItems("kafka"));
    }

    @Test
    void openApiDescribesTheThreeModesAndTheProblems() {
        String doc = given().accept("application/json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        for (String s : List.of("application/cloudevents+json", "application/cloudevents-batch+json",
                "application/problem+json", "\"202\"", "\"400\"", "\"413\"", "\"503\"", "Retry-After")) {
            assertTrue(doc.contains(s), "OpenAPI lacks " + s);
        }
        assertFalse(doc.contains("\"*/*\""), "the wildcard @Consumes leaked into the OpenAPI request body");
    }
}
