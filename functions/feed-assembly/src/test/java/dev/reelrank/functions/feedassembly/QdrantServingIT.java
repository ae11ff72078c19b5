package dev.reelrank.functions.feedassembly;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import dev.reelrank.vectorindex.qdrant.QdrantConfig;
import dev.reelrank.vectorindex.qdrant.QdrantVectorIndex;
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
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * feed-assembly serving from Qdrant (kind=qdrant): the served version's embeddings, published to
 * {@code video-embeddings}, reach its collection through the replicas' consumer group and come back
 * as ANN feed items and as the vectors MMR reads; a rollout then serves a second version from a
 * collection of its own. Needs the stack (Kafka, Cassandra, Redis) and a Qdrant at QDRANT_URL
 * (gRPC port, e.g. http://127.0.0.1:6334); skipped without QDRANT_URL.
 */
@QuarkusTest
@TestProfile(QdrantServingProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QdrantServingIT {
    private static final int VIDEOS = 500;

    @Inject
    QuarkusCqlSession session;
    @Inject
    Redis redis;
    @Inject
    RetrievalIndex retrieval;

    private final String run = QdrantServingProfile.RUN;
    private final String userA = "qd-" + run + "-user-a";
    private final String userB = "qd-" + run + "-user-b";
    private TieredFeatureWriter writer;

    @BeforeAll
    void seed() {
        assumeTrue(QdrantServingProfile.qdrantGiven(),
                "QDRANT_URL is not set: skipping feed-assembly's Qdrant serving test (set it to a Qdrant gRPC endpoint, e.g. http://127.0.0.1:6334)");
        writer = new TieredFeatureWriter(new CassandraFeatures(session), new RedisFeatures(redis, Duration.ofSeconds(5)),
                FeatureStoreConfig.defaults(), RetrievalStoreConfig.defaults(), Clock.systemUTC());
        writer.putUser(UserFeatures.newBuilder().setUserId(userA).setEmbeddingVersion(QdrantServingProfile.VERSION_A)
                .addEmbedding(1).addEmbedding(0).addEmbedding(0).build());
        writer.putUser(UserFeatures.newBuilder().setUserId(userB).setEmbeddingVersion(QdrantServingProfile.VERSION_B)
                .addEmbedding(0).addEmbedding(1).addEmbedding(0).build());
        publish(QdrantServingProfile.VERSION_A, "a");
    }

    @AfterAll
    void dropCollections() {
        if (!QdrantServingProfile.qdrantGiven()) return;
        for (String version : List.of(QdrantServingProfile.VERSION_A, QdrantServingProfile.VERSION_B)) {
            try (var index = collection(version)) {
                index.dropCollection();
            } catch (RuntimeException e) {
                System.err.println("Qdrant IT: could not drop the collection of " + version + ": " + e);
            }
        }
    }

    private static QdrantVectorIndex collection(String version) {
        var d = QdrantConfig.defaults(QdrantServingProfile.QDRANT_URL, version, 3);
        return new QdrantVectorIndex(new QdrantConfig(d.url(), System.getenv("QDRANT_API_KEY"), QdrantServingProfile.PREFIX + version,
                3, d.m(), d.efConstruct(), d.efSearch(), d.upsertBatchSize(), d.timeout()));
    }

    private void publish(String version, String tag) {
        var rnd = new SplittableRandom(tag.hashCode());
        var batch = new ArrayList<VideoEmbedding>(VIDEOS);
        for (int i = 0; i < VIDEOS; i++) {
            var b = VideoEmbedding.newBuilder().setVideoId("qd-" + run + "-" + tag + "-" + i).setModelVersion(version)
                    .setChannelId("qd-" + run + "-ch-" + i);
            double x = rnd.nextGaussian(), y = rnd.nextGaussian(), z = rnd.nextGaussian(), n = Math.sqrt(x * x + y * y + z * z);
            b.addVector((float) (x / n)).addVector((float) (y / n)).addVector((float) (z / n));
            batch.add(b.build());
            writer.upsertVideo(VideoPublished.newBuilder().setVideoId(b.getVideoId()).setChannelId(b.getChannelId()).build());
        }
        try (var publisher = new EmbeddingPublisher(QdrantServingProfile.BOOTSTRAP)) {
            publisher.publishAll(batch).join();
        }
    }

    private record Served(String version, List<String> ann) {}

    private Served request(String user) {
        Response r = given().queryParam("limit", 10).when().get("/v1/users/{userId}/feed/home", user);
        assertEquals(200, r.statusCode(), r.asString());
        List<String> ann = new ArrayList<>();
        List<Map<String, Object>> items = r.jsonPath().getList("items");
        for (var item : items) if ("ann".equals(item.get("source"))) ann.add((String) item.get("videoId"));
        return new Served(r.header(FeedResource.RETRIEVAL_VERSION_HEADER), ann);
    }

    @Test
    void servesANewVersionFromItsOwnCollection() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> request(userA).ann().size() == 10);
        var a = request(userA);
        assertEquals(QdrantServingProfile.VERSION_A, a.version());
        assertTrue(a.ann().stream().allMatch(v -> v.startsWith("qd-" + run + "-a-")), a.ann().toString());

        // The served index is the shared collection, and it returns the vectors MMR diversifies with.
        var served = retrieval.served().current().orElseThrow();
        var index = assertInstanceOf(QdrantVectorIndex.class, served.index());
        assertEquals(QdrantServingProfile.PREFIX + QdrantServingProfile.VERSION_A, index.config().collection());
        assertEquals(a.ann().size(), index.vectors(a.ann()).size());
        try (var direct = collection(QdrantServingProfile.VERSION_A)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> direct.size() == VIDEOS);
        }

        publish(QdrantServingProfile.VERSION_B, "b");
        ModelRollouts.publish(QdrantServingProfile.BOOTSTRAP, QdrantServingProfile.TOPIC, new ModelRollout(ModelRollout.TWO_TOWER,
                QdrantServingProfile.VERSION_B, QdrantServingProfile.VERSION_A, VIDEOS, Instant.now(), "publish"));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> QdrantServingProfile.VERSION_B.equals(request(userB).version()));
        var b = request(userB);
        assertEquals(10, b.ann().size(), "the new version's collection was complete at the switch");
        assertTrue(b.ann().stream().allMatch(v -> v.startsWith("qd-" + run + "-b-")), b.ann().toString());
        assertEquals(List.of(), request(userA).ann(), "a stored embedding of the old version is not searched in the new collection");
        try (var old = collection(QdrantServingProfile.VERSION_A)) {
            assertEquals(VIDEOS, old.size(), "the old version's collection stays for a rollback");
        }
    }
}
