package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.model.ServedImpressions;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.Surface;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Against the real stack (scripts/stack up): a served feed's impressions are on the interactions
 * topic, keyed by the user, one per item with the response's bucket, the item's position and source.
 */
@QuarkusTest
@TestProfile(ImpressionLogProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImpressionLogIT {
    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;
    @ConfigProperty(name = "reelrank.feed.impressions.kafka-bootstrap-servers")
    String bootstrap;

    private final String run = "imp-" + UUID.randomUUID().toString().substring(0, 8);
    private FeatureSeeder seeder;
    private KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    @BeforeAll
    void seedAndRead() {
        seeder = new FeatureSeeder(session, redis);
        double top = FeatureSeeder.topScore();
        for (int i = 0; i < 8; i++) {
            String video = run + "-v" + i;
            seeder.video(video, run + "-ch" + (i % 4));
            seeder.popular(video, top - i);
        }
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        var infos = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> consumer.partitionsFor(Topics.INTERACTIONS, Duration.ofSeconds(5)), p -> p != null && !p.isEmpty());
        var partitions = infos.stream().map(p -> new TopicPartition(Topics.INTERACTIONS, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(10)));
    }

    @AfterAll
    void cleanUp() throws Exception {
        consumer.close(Duration.ofSeconds(2));
        seeder.removePopularity();
    }

    private List<LoggedEvent> impressionsOf(String requestId) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        var out = new ArrayList<LoggedEvent>();
        for (var r : seen) {
            LoggedEvent e;
            try {
                e = LoggedEvent.fromRecord(r);
            } catch (RuntimeException notOurs) {
                continue;
            }
            if (e.payload() instanceof Interaction i && requestId.equals(i.getRequestId())) out.add(e);
        }
        out.sort(Comparator.comparingInt(e -> ((Interaction) e.payload()).getPosition()));
        return out;
    }

    private void assertLogged(String requestId, String userId, Surface surface, Map<String, Object> body) {
        @SuppressWarnings("unchecked") var items = (List<Map<String, Object>>) body.get("items");
        String bucket = (String) body.get("bucket");
        assertFalse(items.isEmpty(), "the feed served something: " + body);
        assertTrue(List.of("control", "no-explore").contains(bucket), "bucket named: " + body);
        await().atMost(Duration.ofSeconds(20)).until(() -> impressionsOf(requestId).size() >= items.size());
        var events = impressionsOf(requestId);
        assertEquals(items.size(), events.size(), "one impression per item, no more");
        var ids = new HashSet<String>();
        for (int p = 0; p < items.size(); p++) {
            LoggedEvent e = events.get(p);
            var imp = (Interaction) e.payload();
            assertEquals(userId, e.key(), "keyed by userId");
            assertEquals(Action.impression, imp.getAction());
            assertEquals(p, imp.getPosition());
            assertEquals(items.get(p).get("videoId"), imp.getVideoId());
            assertEquals(items.get(p).get("source"), imp.getSource());
            assertEquals(bucket, imp.getBucket());
            assertEquals(surface, imp.getSurface());
            assertEquals(ServedImpressions.eventId(requestId, imp.getVideoId()), e.id());
            ids.add(e.id());
        }
        assertEquals(items.size(), ids.size());
    }

    @Test
    void aHomeFeedsImpressionsAreOnTheInteractionsTopicWithBucketAndPositions() {
        String user = run + "-user", requestId = run + "-home";
        Map<String, Object> body = given().header("X-Request-Id", requestId).queryParam("limit", 6)
                .when().get("/v1/users/{userId}/feed/home", user).then().statusCode(200).extract().jsonPath().getMap("");
        assertLogged(requestId, user, Surface.home, body);
    }

    @Test
    void anUpNextListIsLoggedToo() {
        String user = run + "-viewer", requestId = run + "-upnext";
        Map<String, Object> body = given().header("X-Request-Id", requestId).queryParam("limit", 5).queryParam("userId", user)
                .when().get("/v1/videos/{videoId}/up-next", run + "-v0").then().statusCode(200).extract().jsonPath().getMap("");
        assertLogged(requestId, user, Surface.up_next, body);
    }

    /** A user's bucket does not change between requests. */
    @Test
    void theBucketIsStablePerUser() {
        for (int u = 0; u < 5; u++) {
            String user = run + "-u" + u;
            var buckets = new HashSet<String>();
            for (int r = 0; r < 3; r++) {
                buckets.add(given().queryParam("limit", 3).when().get("/v1/users/{userId}/feed/home", user)
                        .then().statusCode(200).extract().jsonPath().getString("bucket"));
            }
            assertEquals(1, buckets.size(), user + ": " + buckets);
        }
    }
}
