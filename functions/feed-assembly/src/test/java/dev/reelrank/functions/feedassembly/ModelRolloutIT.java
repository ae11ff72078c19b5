package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import dev.reelrank.eventlog.embeddings.EmbeddingPublisher;
import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.ModelRollouts;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.TieredFeatureWriter;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoEmbedding;
import dev.reelrank.proto.v1.VideoPublished;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Feeds requested continuously from several threads while a new retrieval version is published
 * and switched to: every response is a 200, no response mixes versions (its ANN videos all belong
 * to the version named by its Reelrank-Retrieval-Version header, and only the user whose stored
 * embedding has that version gets any), and the new version answers within a bound; the time from
 * the rollout record to the first response of the new version is measured and printed.
 */
@QuarkusTest
@TestProfile(ModelRolloutProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelRolloutIT {
    private static final int VIDEOS_PER_VERSION = 3000;
    private static final Duration SWITCH_BOUND = Duration.ofSeconds(60);

    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;

    private final String run = ModelRolloutProfile.RUN;
    private final String userA = "ro-" + run + "-user-a";
    private final String userB = "ro-" + run + "-user-b";

    private TieredFeatureWriter writer;

    record Observed(long startedNanos, long endedNanos, int status, String user, String version, List<String> annVideos) {}

    @BeforeAll
    void seed() {
        writer = new TieredFeatureWriter(new CassandraFeatures(session), new RedisFeatures(redis, Duration.ofSeconds(5)),
                FeatureStoreConfig.defaults(), RetrievalStoreConfig.defaults(), Clock.systemUTC());
        // Each user's stored embedding belongs to one version: served against the other version, it must be ignored.
        writer.putUser(UserFeatures.newBuilder().setUserId(userA).setEmbeddingVersion(ModelRolloutProfile.VERSION_A)
                .addEmbedding(1).addEmbedding(0).addEmbedding(0).build());
        writer.putUser(UserFeatures.newBuilder().setUserId(userB).setEmbeddingVersion(ModelRolloutProfile.VERSION_B)
                .addEmbedding(0).addEmbedding(1).addEmbedding(0).build());
        publish(ModelRolloutProfile.VERSION_A, "a");
    }

    @AfterAll
    void dropTopic() {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ModelRolloutProfile.BOOTSTRAP);
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(List.of(ModelRolloutProfile.TOPIC)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("rollout IT: could not delete " + ModelRolloutProfile.TOPIC + ": " + e);
        }
    }

    /** Disjoint video ids per version ("<run>-a-17", "<run>-b-17"): an ANN item names the index it came from. */
    private void publish(String version, String tag) {
        var rnd = new SplittableRandom(tag.hashCode());
        var batch = new ArrayList<VideoEmbedding>(VIDEOS_PER_VERSION);
        for (int i = 0; i < VIDEOS_PER_VERSION; i++) {
            var b = VideoEmbedding.newBuilder().setVideoId("ro-" + run + "-" + tag + "-" + i).setModelVersion(version)
                    .setChannelId("ro-" + run + "-ch-" + i);
            double x = rnd.nextGaussian(), y = rnd.nextGaussian(), z = rnd.nextGaussian(), n = Math.sqrt(x * x + y * y + z * z);
            b.addVector((float) (x / n)).addVector((float) (y / n)).addVector((float) (z / n));
            batch.add(b.build());
            // The feed serves only videos whose video.published is stored, as every indexed video's is.
            writer.upsertVideo(VideoPublished.newBuilder().setVideoId(b.getVideoId()).setChannelId(b.getChannelId()).build());
        }
        try (var publisher = new EmbeddingPublisher(ModelRolloutProfile.BOOTSTRAP)) {
            publisher.publishAll(batch).join();
        }
    }

    private Observed request(String user) {
        long t0 = System.nanoTime();
        Response r = given().queryParam("limit", 10).when().get("/v1/users/{userId}/feed/home", user);
        long t1 = System.nanoTime();
        List<String> ann = new ArrayList<>();
        if (r.statusCode() == 200) {
            List<Map<String, Object>> items = r.jsonPath().getList("items");
            for (var item : items) if ("ann".equals(item.get("source"))) ann.add((String) item.get("videoId"));
        }
        return new Observed(t0, t1, r.statusCode(), user, r.header(FeedResource.RETRIEVAL_VERSION_HEADER), ann);
    }

    @Test
    void feedsStayConsistentWhileANewVersionIsPublishedAndSwitchedTo() throws Exception {
        // Version A's index fills in the background after start.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> request(userA).annVideos().size() == 10);

        var observed = new ConcurrentLinkedQueue<Observed>();
        var stop = new AtomicBoolean();
        long publishedAt;
        long recordAt;
        try (var pool = Executors.newFixedThreadPool(3)) {
            var workers = new ArrayList<Future<?>>();
            for (int t = 0; t < 3; t++) {
                String user = t % 2 == 0 ? userA : userB;
                workers.add(pool.submit(() -> {
                    while (!stop.get()) observed.add(request(user));
                }));
            }
            Thread.sleep(500);
            publishedAt = System.nanoTime();
            publish(ModelRolloutProfile.VERSION_B, "b");
            ModelRollouts.publish(ModelRolloutProfile.BOOTSTRAP, ModelRolloutProfile.TOPIC, new ModelRollout(ModelRollout.TWO_TOWER,
                    ModelRolloutProfile.VERSION_B, ModelRolloutProfile.VERSION_A, VIDEOS_PER_VERSION, Instant.now(), "publish"));
            recordAt = System.nanoTime();
            await().atMost(SWITCH_BOUND).pollInterval(Duration.ofMillis(20)).until(() -> observed.stream()
                    .anyMatch(o -> ModelRolloutProfile.VERSION_B.equals(o.version()) && o.user().equals(userB) && !o.annVideos().isEmpty()));
            Thread.sleep(1000);
            stop.set(true);
            for (var w : workers) w.get(30, TimeUnit.SECONDS);
        }

        var all = List.copyOf(observed);
        long firstB = all.stream().filter(o -> ModelRolloutProfile.VERSION_B.equals(o.version()))
                .mapToLong(Observed::endedNanos).min().orElseThrow();
        for (Observed o : all) {
            assertEquals(200, o.status(), "every response during the rollout is a 200");
            assertTrue(ModelRolloutProfile.VERSION_A.equals(o.version()) || ModelRolloutProfile.VERSION_B.equals(o.version()), "version header: " + o.version());
            String tag = o.version().equals(ModelRolloutProfile.VERSION_A) ? "a" : "b";
            for (String v : o.annVideos()) {
                assertTrue(v.startsWith("ro-" + run + "-" + tag + "-"), "ANN video " + v + " in a response of " + o.version());
            }
            boolean ownVersion = o.user().equals(userA) == tag.equals("a");
            if (!ownVersion) assertEquals(List.of(), o.annVideos(), "a stored embedding of another version is never searched");
            else assertEquals(10, o.annVideos().size(), "the user of the served version always gets a full ANN list: " + o.user() + " on "
                    + o.version() + ", started " + (o.startedNanos() - recordAt) / 1e6 + " ms after the rollout record, first B "
                    + (firstB - recordAt) / 1e6 + " ms");
            // Once B answered, a request that started later is never served by A again.
            if (o.startedNanos() > firstB) assertEquals(ModelRolloutProfile.VERSION_B, o.version());
        }
        double publishSeconds = (recordAt - publishedAt) / 1e9;
        double switchSeconds = (firstB - recordAt) / 1e9;
        long countA = all.stream().filter(o -> o.version().equals(ModelRolloutProfile.VERSION_A)).count();
        System.out.printf("rollout IT: %d responses (%d of A, %d of B), all 200, none mixed; publishing %d embeddings took %.2f s;"
                        + " first response of the new version %.2f s after the rollout record (bound %s)%n",
                all.size(), countA, all.size() - countA, VIDEOS_PER_VERSION, publishSeconds, switchSeconds, SWITCH_BOUND);
        assertTrue(countA > 0 && all.size() - countA > 0);
        assertTrue(switchSeconds < SWITCH_BOUND.toSeconds());
    }
}
