package dev.reelrank.functions.embeddingrefresh;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventPublisher;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Real Kafka, Cassandra and Redis ({@code scripts/stack up}): an interaction and a poison record go through
 * the fold, then /q/metrics shows them as applied and dead-lettered, with the group's lag gauge beside them.
 */
@QuarkusTest
class RefreshMetricsIT {
    private static final URI SOURCE = URI.create("urn:reelrank:test:refresh-metrics-it");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void foldedAndDeadLetteredEventsShowUpWithTheConsumerLag() {
        String run = UUID.randomUUID().toString().substring(0, 8), user = "it-" + run + "-user";
        var click = Interaction.newBuilder().setUserId(user).setVideoId("it-" + run + "-video").setAction(Action.click)
                .setDevice("test").setOccurredAt(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000)).build();
        try (var publisher = new EventPublisher(bootstrap, Map.of())) {
            // The test's consumer group starts at the end of the topics: send again until the fold has seen both.
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
                publisher.publish(new LoggedEvent(UUID.randomUUID().toString(), SOURCE, EventTypes.INTERACTION,
                        OffsetDateTime.now(ZoneOffset.UTC), click)).join();
                sendPoison(user);
                String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
                return nonZero(metrics, "reelrank_fold_events_total", "outcome=\"applied\"", "topic=\"interactions\"")
                        && nonZero(metrics, "reelrank_fold_events_total", "outcome=\"dead_lettered\"", "topic=\"interactions\"")
                        && metrics.contains("reelrank_consumer_lag{function=\"embedding-refresh\",group=")
                        && metrics.contains("jvm_memory_used_bytes");
            });
        }
    }

    private void sendPoison(String key) {
        var props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.INTERACTIONS, key, "not a cloud event".getBytes())).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Some sample of {@code series} whose labels contain every one of {@code labels} is above 0. */
    static boolean nonZero(String exposition, String series, String... labels) {
        var line = Pattern.compile("^" + Pattern.quote(series) + "\\{([^}]*)\\} ([0-9.eE+-]+)(?: #.*)?$", Pattern.MULTILINE).matcher(exposition);
        while (line.find()) {
            boolean all = true;
            for (String l : labels) all &= line.group(1).contains(l);
            if (all && Double.parseDouble(line.group(2)) > 0) return true;
        }
        return false;
    }
}
