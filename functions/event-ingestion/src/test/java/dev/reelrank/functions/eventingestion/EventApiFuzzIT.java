package dev.reelrank.functions.eventingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.Topics;
import dev.reelrank.functions.eventingestion.HostileRequests.Mode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 21's fuzz against the real local Kafka ({@code scripts/stack up}): 10,000 hostile requests
 * per content mode (seed {@link #SEED}, {@code -Dreelrank.fuzz.tries=N} for another count). Every
 * answer is 2xx or 4xx with a problem body, never 5xx; afterwards the function is still ready and
 * a valid event is still accepted; and nothing already accepted is lost: every event id a 202
 * named is on the topics, read from the end offsets taken before the run.
 */
@QuarkusTest
class EventApiFuzzIT {
    static final long SEED = 20261206L;
    static final int TRIES = Integer.getInteger("reelrank.fuzz.tries", 10_000);

    @ConfigProperty(name = "reelrank.ingestion.kafka.bootstrap-servers")
    String bootstrap;

    @TestHTTPResource("/v1/events")
    URI events;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void noHostileRequestGets5xxAndNoAcceptedEventIsLost(Mode mode) {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> start = consumer.endOffsets(partitions, Duration.ofSeconds(30));

            var client = new FuzzClient(events);
            var random = new Random(SEED + mode.ordinal());
            Set<String> accepted = new HashSet<>();
            for (int i = 0; i < TRIES; i++) {
                var request = HostileRequests.next(mode, random);
                var response = client.send(request, HostileRequests.accept(random));
                int status = response.statusCode();
                assertTrue(status >= 200 && status < 500,
                        "try " + i + " (seed " + SEED + ", " + mode + "): " + status + " " + response.body() + " for " + request);
                if (status >= 400) FuzzClient.assertProblem(response, request);
                if (status == 202) accepted.addAll(FuzzClient.acceptedIds(response));
            }
            assertTrue(!accepted.isEmpty(), "no request of " + TRIES + " was accepted: the generator's valid share is broken");

            given().when().get("/q/health/ready").then().statusCode(200);
            var valid = HostileRequests.valid(mode, new Random(SEED - 1));
            var answer = client.send(valid, null);
            assertEquals(202, answer.statusCode(), answer.body());
            accepted.addAll(FuzzClient.acceptedIds(answer));

            assertAllOnTheTopics(consumer, start, accepted);
        }
    }

    /** Reads every record written since {@code start} until each accepted id has been seen. */
    void assertAllOnTheTopics(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> start, Set<String> accepted) {
        consumer.assign(start.keySet());
        start.forEach(consumer::seek);
        Set<String> missing = new HashSet<>(accepted);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                var h = r.headers().lastHeader("ce_id");
                if (h != null) missing.remove(new String(h.value(), StandardCharsets.UTF_8));
            });
            return missing.isEmpty();
        });
        assertEquals(Set.of(), missing, "accepted (202) but not on the topics");
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        var partitions = new ArrayList<TopicPartition>();
        for (String topic : List.of(Topics.INTERACTIONS, Topics.VIDEOS)) {
            // The shared stack may be (re)starting: give the broker a moment rather than fail at once.
            var infos = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)), p -> p != null && !p.isEmpty());
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return partitions;
    }
}
