package dev.reelrank.functions.eventarchiver;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reelrank.eventlog.LoggedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP binding as a Knative KafkaSource drives it, against the stack's Kafka (for the
 * dead-letter topic) and a local archive folder: concurrent binary-mode deliveries, redeliveries,
 * a poison event; the files are read back by DuckDB, a reader that is not ours.
 */
@QuarkusTest
@TestProfile(HttpDeliveryIT.KafkaSourceDelivers.class)
class HttpDeliveryIT {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String DEAD_LETTERS = "it-fn-archiver-http-" + RUN + "-dead-letter";
    static final Path ROOT = Path.of("target", "it-http-archive-" + RUN).toAbsolutePath();
    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    public static class KafkaSourceDelivers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (var admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
                admin.createTopics(List.of(new NewTopic(DEAD_LETTERS, 1, (short) 1))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test topic (is scripts/stack up running?)", e);
            }
            return Map.of(
                    "reelrank.archive.kafka.enabled", "false",
                    "reelrank.archive.kafka.bootstrap-servers", BOOTSTRAP,
                    "reelrank.archive.dead-letter.topic", DEAD_LETTERS,
                    "reelrank.archive.location", ROOT.toUri().toString(),
                    "reelrank.archive.pseudonym-key", "base64:" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                    "reelrank.archive.http.batch-window", "200MS");
        }
    }

    @AfterAll
    static void dropTopic() {
        try (var admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.deleteTopics(List.of(DEAD_LETTERS));
        }
    }

    @Test
    void concurrentDeliveriesAndTheirRedeliveriesAreArchivedOnce() throws Exception {
        var when = Instant.now();
        var events = new ArrayList<LoggedEvent>();
        for (int n = 0; n < 60; n++) events.add(TestDeliveries.interaction("http-" + RUN + "-" + n, "http-user-" + (n % 7), when));
        for (int n = 0; n < 5; n++) events.add(TestDeliveries.video("http-" + RUN + "-v" + n, when));

        // Like a KafkaSource with unordered delivery: many requests in flight at once.
        var statuses = postAll(events, 8);
        assertTrue(statuses.stream().allMatch("archived"::equals), statuses.toString());
        // Redelivered (the KafkaSource did not see the 200s, or restarted before committing).
        var again = postAll(events.subList(0, 20), 4);
        assertTrue(again.stream().allMatch("duplicate"::equals), again.toString());

        String interactions = "read_parquet('" + ROOT.resolve("interactions") + "/**/*.parquet', hive_partitioning = true)";
        String videos = "read_parquet('" + ROOT.resolve("videos") + "/**/*.parquet', hive_partitioning = true)";
        var props = new java.util.Properties();
        // DuckDB takes 80% of RAM by default; the box is shared. The driver is named, not looked up:
        // DriverManager does not see drivers in Quarkus's test class loader.
        props.setProperty("memory_limit", "512MB");
        props.setProperty("threads", "2");
        try (var db = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", props); var st = db.createStatement()) {
            try (var rs = st.executeQuery("select count(*), count(distinct event_id), count(distinct user_key), "
                    + "sum(case when user_key like 'http-user-%' then 1 else 0 end) from " + interactions)) {
                rs.next();
                assertEquals(60, rs.getLong(1));
                assertEquals(60, rs.getLong(2));
                assertEquals(7, rs.getLong(3));
                assertEquals(0, rs.getLong(4)); // pseudonymized, as over Kafka
            }
            try (var rs = st.executeQuery("select count(*) from " + videos)) {
                rs.next();
                assertEquals(5, rs.getLong(1));
            }
        }
        given().get("/q/health/live").then().statusCode(200).body("checks[0].data.archived", equalTo(65))
                .body("checks[0].data.duplicates", equalTo(20));
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicWithItsReason() {
        byte[] body = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("ce-partitionkey", "poison-" + RUN).body(body).post("/").then().statusCode(200)
                .body("status", equalTo("deadLettered")).body("reason", org.hamcrest.Matchers.startsWith("not a Reelrank CloudEvent"));

        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var tp = new TopicPartition(DEAD_LETTERS, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            var got = new ArrayList<ConsumerRecord<String, byte[]>>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return !got.isEmpty();
            });
            var letter = got.getFirst();
            assertEquals("poison-" + RUN, letter.key());
            assertArrayEquals(body, letter.value());
            var reason = letter.headers().lastHeader(DeadLetters.REASON);
            assertNotNull(reason);
            assertTrue(new String(reason.value(), StandardCharsets.UTF_8).startsWith("not a Reelrank CloudEvent"));
            assertEquals("event-archiver", new String(letter.headers().lastHeader(DeadLetters.CONSUMER).value(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> postAll(List<LoggedEvent> events, int inFlight) throws Exception {
        try (var pool = Executors.newFixedThreadPool(inFlight)) {
            var calls = new ArrayList<Callable<String>>();
            for (LoggedEvent e : events)
                calls.add(() -> given().body(e.payload().toByteArray()).headers(TestDeliveries.ceHeaders(e)).post("/")
                        .then().statusCode(200).extract().path("status"));
            var statuses = new ArrayList<String>();
            for (var f : pool.invokeAll(calls)) statuses.add(f.get());
            return statuses;
        }
    }
}
