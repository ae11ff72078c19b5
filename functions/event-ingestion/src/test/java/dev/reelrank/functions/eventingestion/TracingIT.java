package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reelrank.eventlog.Topics;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;

/**
 * Against the real local Kafka ({@code scripts/stack up}): an event posted with a traceparent
 * header lands on {@code interactions} with a {@code ce_traceparent} of the same trace, and an
 * event's own traceparent attribute wins for that event; no collector runs, so nothing is exported.
 */
@QuarkusTest
class TracingIT {
    @ConfigProperty(name = "reelrank.ingestion.kafka.bootstrap-servers")
    String bootstrap;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theCallersTraceReachesTheInteractionsRecord() {
        String callerTrace = UUID.randomUUID().toString().replace("-", "");
        String eventTrace = UUID.randomUUID().toString().replace("-", "");
        String viaHeader = "trace-h-" + run, viaAttribute = "trace-a-" + run;
        String data = """
                {"userId":"u-%s","videoId":"v-1","action":"like","surface":"home","position":1}""".formatted(run);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> consumer.partitionsFor(Topics.INTERACTIONS, Duration.ofSeconds(5)), p -> p != null && !p.isEmpty())
                    .stream().map(p -> new TopicPartition(Topics.INTERACTIONS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(10)));

            given().contentType("application/json")
                    .header("ce-specversion", "1.0").header("ce-id", viaHeader).header("ce-source", "/it")
                    .header("ce-type", "video.interaction")
                    .header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01")
                    .body(data)
                    .when().post("/v1/events").then().statusCode(202);
            given().contentType("application/cloudevents+json")
                    .header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01")
                    .body("""
                            {"specversion":"1.0","id":"%s","source":"/it","type":"video.interaction",
                             "traceparent":"00-%s-b7ad6b7169203331-01","data":%s}""".formatted(viaAttribute, eventTrace, data))
                    .when().post("/v1/events").then().statusCode(202);

            var seen = new ArrayList<ConsumerRecord<String, byte[]>>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return header(seen, viaHeader, "ce_traceparent") != null && header(seen, viaAttribute, "ce_traceparent") != null;
            });
            assertEquals(callerTrace, header(seen, viaHeader, "ce_traceparent").split("-")[1]);
            assertEquals(eventTrace, header(seen, viaAttribute, "ce_traceparent").split("-")[1]);
        }
    }

    /** The header {@code name} of the record whose ce_id is {@code ceId}, or null. */
    static String header(List<ConsumerRecord<String, byte[]>> records, String ceId, String name) {
        for (var r : records) {
            var id = r.headers().lastHeader("ce_id");
            if (id == null || !ceId.equals(new String(id.value(), StandardCharsets.UTF_8))) continue;
            var h = r.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
        return null;
    }
}
