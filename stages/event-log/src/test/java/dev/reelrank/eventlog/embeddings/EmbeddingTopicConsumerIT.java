package dev.reelrank.eventlog.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.model.VectorIndex.Filter;
import dev.reelrank.model.VectorIndex.Neighbor;
import dev.reelrank.proto.v1.VideoEmbedding;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

/**
 * Against the stack's real Kafka ({@code scripts/stack up}) and its {@code video-embeddings}
 * topic. Each run uses its own model version, so records of earlier runs (and of other
 * versions) are read and skipped, as a real replica would.
 */
class EmbeddingTopicConsumerIT {
    private static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String VERSION = "it-" + RUN;
    private static final int DIM = 16;
    private static final HnswConfig CONFIG = HnswConfig.DEFAULT.withRefreshInterval(Duration.ZERO).withEfSearch(100);

    @TempDir
    Path dir;

    @BeforeAll
    static void kafkaIsUp() {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            Set<String> topics = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            assertTrue(topics.contains("video-embeddings"), "topic video-embeddings missing on " + BOOTSTRAP + ": run scripts/stack up");
        } catch (Exception e) {
            throw new AssertionError("Kafka is not reachable on " + BOOTSTRAP + ": run scripts/stack up (" + e + ")", e);
        }
    }

    private static String vid(int i) {
        return "it-" + RUN + "-v" + i;
    }

    private static VideoEmbedding embedding(String id, String version, float[] v, String region) {
        var b = VideoEmbedding.newBuilder().setVideoId(id).setModelVersion(version).setChannelId("c-" + id)
                .setRegion(region).setLanguage("en").setCategory("music")
                .setPublishedAt(Timestamp.newBuilder().setSeconds(1_790_000_000));
        for (float x : v) b.addVector(x);
        return b.build();
    }

    private static float[] random(SplittableRandom rnd) {
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) v[j] = (float) rnd.nextGaussian();
        return v;
    }

    /** Offsets in the Lucene commit's user data, as feed-assembly keeps them. */
    private static OffsetCheckpoint inCommitOf(EmbeddedHnswIndex index) {
        return OffsetCheckpoint.inCommitData(index::committedUserData, index::commit);
    }

    private static EmbeddingTopicConsumer.Config config() {
        var d = EmbeddingTopicConsumer.Config.defaults(BOOTSTRAP, VERSION);
        return new EmbeddingTopicConsumer.Config(d.bootstrapServers(), d.topic(), VERSION, DIM, 500,
                Duration.ofMillis(200), Duration.ofMillis(200), Map.of());
    }

    @Test
    void buildsTheIndexFromTheTopicAndResumesFromItsSavedOffsets() throws Exception {
        var rnd = new SplittableRandom(17);
        List<float[]> vectors = new ArrayList<>();
        List<VideoEmbedding> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            vectors.add(random(rnd));
            batch.add(embedding(vid(i), VERSION, vectors.get(i), i % 10 == 0 ? "IS" : "US"));
        }
        try (var publisher = new EmbeddingPublisher(BOOTSTRAP)) {
            publisher.publishAll(batch).get(60, TimeUnit.SECONDS);
            // Another model version of the same video must not leak into this index.
            publisher.publish(embedding(vid(1), VERSION + "-other", random(rnd), "US")).get(30, TimeUnit.SECONDS);
            publisher.publishDeletion(vid(2), VERSION).get(30, TimeUnit.SECONDS);
            publisher.publishTombstone(vid(3), VERSION).get(30, TimeUnit.SECONDS);
        }

        Path indexDir = dir.resolve(VERSION);
        try (var index = new EmbeddedHnswIndex(indexDir, CONFIG);
             var consumer = new EmbeddingTopicConsumer(config(), index, inCommitOf(index))) {
            long read = consumer.catchUp(Duration.ofSeconds(120));
            assertTrue(read >= 303, "read " + read);
            index.refresh();
            assertEquals(298, index.size());
            var stats = consumer.stats();
            assertTrue(stats.otherVersions() >= 1, stats.toString());

            List<Neighbor> hits = index.search(vectors.get(0), 5, Filter.NONE);
            assertEquals(vid(0), hits.get(0).videoId());
            assertEquals(1.0, hits.get(0).score(), 1e-4);
            assertEquals(vid(1), index.search(vectors.get(1), 1, Filter.NONE).get(0).videoId(), "the other version was ignored");
            List<Neighbor> iceland = index.search(vectors.get(5), 100, new Filter(Set.of("IS"), null, null, null));
            assertEquals(30, iceland.size());
            assertTrue(iceland.stream().allMatch(n -> Integer.parseInt(n.videoId().substring(n.videoId().lastIndexOf('v') + 1)) % 10 == 0));
            assertFalse(index.search(vectors.get(2), 10, Filter.NONE).stream().anyMatch(n -> n.videoId().equals(vid(2))));
            assertFalse(index.search(vectors.get(3), 10, Filter.NONE).stream().anyMatch(n -> n.videoId().equals(vid(3))));
            assertFalse(inCommitOf(index).load("video-embeddings").isEmpty());
        }

        // Restart: resumes from the offsets committed with the index, reading only what is new,
        // then follows the topic live.
        float[] late = random(rnd);
        try (var index = new EmbeddedHnswIndex(indexDir, CONFIG.withRefreshInterval(Duration.ofMillis(100)));
             var consumer = new EmbeddingTopicConsumer(config(), index, inCommitOf(index))) {
            assertEquals(298, index.size());
            // Other processes may publish meanwhile, but a replay from offset 0 would read >= 303.
            long reread = consumer.catchUp(Duration.ofSeconds(60));
            assertTrue(reread < 303, "re-read " + reread + " records after a restart");
            var runner = Executors.newSingleThreadExecutor();
            try {
                runner.submit(consumer::run);
                try (var publisher = new EmbeddingPublisher(BOOTSTRAP)) {
                    publisher.publish(embedding(vid(1000), VERSION, late, "US")).get(30, TimeUnit.SECONDS);
                    publisher.publishDeletion(vid(0), VERSION).get(30, TimeUnit.SECONDS);
                }
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        index.size() == 298 && !index.search(late, 1, Filter.NONE).isEmpty()
                                && index.search(late, 1, Filter.NONE).get(0).videoId().equals(vid(1000)));
                assertEquals(1, consumer.stats().upserts());
                assertEquals(1, consumer.stats().deletes());
            } finally {
                consumer.close();
                runner.shutdown();
                assertTrue(runner.awaitTermination(30, TimeUnit.SECONDS));
            }
        }
    }

    /** Stands in for a shared index (Qdrant): one map all "replicas" write into, counting writes. */
    private static final class SharedIndex implements dev.reelrank.model.VectorIndex {
        final java.util.concurrent.ConcurrentHashMap<String, float[]> vectors = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void upsert(List<Entry> entries) {
            entries.forEach(e -> vectors.put(e.videoId(), e.vector()));
            writes.addAndGet(entries.size());
        }

        @Override
        public void delete(List<String> videoIds) {
            videoIds.forEach(vectors::remove);
        }

        @Override
        public List<Neighbor> search(float[] query, int k, Filter filter) {
            return List.of();
        }

        @Override
        public long size() {
            return vectors.size();
        }
    }

    @Test
    void replicasInASharedGroupSplitTheTopicAndResumeFromKafkasOffsets() throws Exception {
        String version = VERSION + "-shared";
        String group = "reelrank-vector-index-it-" + RUN;
        var rnd = new SplittableRandom(23);
        List<VideoEmbedding> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) batch.add(embedding(vid(i), version, random(rnd), "US"));
        try (var publisher = new EmbeddingPublisher(BOOTSTRAP)) {
            publisher.publishAll(batch).get(60, TimeUnit.SECONDS);
        }
        var d = config();
        var shared = new EmbeddingTopicConsumer.Config(d.bootstrapServers(), d.topic(), version, DIM, 100,
                d.pollTimeout(), d.checkpointInterval(), Map.of());
        var index = new SharedIndex();
        var pool = Executors.newFixedThreadPool(2);
        try (var a = EmbeddingTopicConsumer.sharedGroup(shared, index, group);
             var b = EmbeddingTopicConsumer.sharedGroup(shared, index, group)) {
            // Each replica's catch-up ends only when the group as a whole has committed the end offsets.
            var fa = pool.submit(() -> a.catchUp(Duration.ofSeconds(120)));
            var fb = pool.submit(() -> b.catchUp(Duration.ofSeconds(120)));
            fa.get(150, TimeUnit.SECONDS);
            fb.get(150, TimeUnit.SECONDS);
            assertEquals(300, index.size());
            // Written about once, not once per replica (a rebalance may replay a batch: idempotent).
            assertTrue(index.writes.get() < 2 * 300, "writes " + index.writes.get());
        } finally {
            pool.shutdown();
        }
        // A replica joining later starts from the group's committed offsets, not from the beginning.
        long before = index.writes.get();
        try (var c = EmbeddingTopicConsumer.sharedGroup(shared, index, group)) {
            c.catchUp(Duration.ofSeconds(60));
            assertTrue(index.writes.get() - before < 300, "re-wrote " + (index.writes.get() - before));
        }
    }
}
