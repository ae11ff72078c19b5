package dev.reelrank.pipeline.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.reelrank.eventlog.embeddings.EmbeddingPublisher;
import dev.reelrank.eventlog.embeddings.EmbeddingTopicConsumer;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.FeatureStores;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.tiered.VideoBackfill;
import dev.reelrank.pipeline.Cli;
import dev.reelrank.pipeline.datasets.Dataset;
import dev.reelrank.pipeline.datasets.EventStreamer;
import dev.reelrank.pipeline.datasets.StreamPart;
import dev.reelrank.proto.v1.VideoEmbedding;
import dev.reelrank.proto.v1.VideoPublished;
import dev.reelrank.vectorindex.lucene.EmbeddedHnswIndex;
import dev.reelrank.vectorindex.lucene.HnswConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk load against the running stack (scripts/stack up): a generated world of 2,000 videos
 * with ids of its own, an embeddings topic of its own and an index in a temporary folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueLoadIT {
    static final String BOOTSTRAP = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    static final String CASSANDRA = env("CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042");
    static final String REDIS = env("REDIS_URL", "redis://127.0.0.1:6379");
    /** The repository's shipped two-tower version (module dir is the working directory). */
    static final Path MODEL = Path.of("../../ml-artifacts/models/two-tower/tt-20261125-040745");
    static final int VIDEOS = 2_000;

    @TempDir
    Path tmp;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String topic = "video-embeddings-bulk-it-" + run;
    CqlSession session;
    Vertx vertx;
    Redis redis;
    Path dataset;

    @BeforeAll
    void stack() throws Exception {
        session = dev.reelrank.pipeline.io.CassandraSessions.open(CASSANDRA, "datacenter1");
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(REDIS));
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
    }

    @AfterAll
    void close() throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
        session.close();
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static final Duration CACHE_TTL = Duration.ofMinutes(10);

    /** Every step but the cache's (the stores are compared with the live writer's, which only deletes cached videos). */
    private CatalogueLoad.Options options(Path indexDir) {
        return options(indexDir, EnumSet.of(CatalogueLoad.Step.stores, CatalogueLoad.Step.embeddings, CatalogueLoad.Step.index));
    }

    private CatalogueLoad.Options options(Path indexDir, EnumSet<CatalogueLoad.Step> steps) {
        return new CatalogueLoad.Options(dataset, MODEL, indexDir, BOOTSTRAP, topic, "model-rollouts", CASSANDRA, "datacenter1", REDIS,
                Duration.ofSeconds(30), 500, new VideoBackfill.Settings(50, 16), 256, 4, 2, 64, Duration.ofMinutes(2),
                Instant.parse("2026-12-01T00:00:00Z"), StreamPart.DEFAULT_UNTIMED_START, steps, CACHE_TTL);
    }

    @Test
    void loadsTheFoldsRowsPublishesTheVectorsAndBuildsAnIndexThatResumesAfterThem() throws Exception {
        dataset = tmp.resolve("world");
        String prefix = "bl" + run + "-";
        assertEquals(0, Cli.commandLine().execute("generate", "--videos", String.valueOf(VIDEOS), "--users", "100", "--interactions",
                "1000", "--threads", "1", "--quiet", "--id-prefix", prefix, "--out", dataset.toString()));
        Dataset d = Dataset.loadCatalogue(dataset);
        StreamPart part = StreamPart.all(d, StreamPart.DEFAULT_UNTIMED_START);
        String version = MODEL.getFileName().toString();

        // A record of the same version already on the topic: the index must hold it too (it mirrors the topic).
        try (var publisher = new EmbeddingPublisher(BOOTSTRAP, topic, Map.of())) {
            float[] v = new float[64];
            v[0] = 1;
            publisher.publishAll(List.of(EmbeddingPublisher.embedding(dev.reelrank.proto.v1.VideoFeatures.newBuilder()
                    .setVideoId(prefix + "earlier").build(), v, version))).join();
        }

        Path indexDir = tmp.resolve("index");
        var out = new java.io.ByteArrayOutputStream();
        var r = CatalogueLoad.run(options(indexDir), new PrintStream(out, true));
        String log = out.toString();
        assertEquals(VIDEOS, r.videos());
        assertEquals(version, r.modelVersion());
        assertEquals(VIDEOS + 1, r.indexSize(), log);
        assertTrue(r.interleaved().isEmpty(), log);
        assertEquals(VIDEOS + 1, r.resume().values().stream().mapToLong(Long::longValue).sum(), "resume at the topic's end: " + log);
        assertTrue(r.requests() < r.rows() / 2, "rows batched per partition: " + r.rows() + " rows in " + r.requests() + " requests");
        assertTrue(log.contains("ETA"), log);

        // Stores: for two videos (of the biggest channel, and of a small one), what the live writer
        // writes for the same event, compared after taking the bulk-written rows and members away.
        var live = new FeatureStores(session, redis, FeatureStoreConfig.defaults()).newWriter(RetrievalStoreConfig.defaults(), Clock.systemUTC());
        // The newest video of the biggest channel (older ones may be trimmed from its set of 100) and of another.
        int[] perChannel = new int[d.channels.size()];
        for (int v = 0; v < VIDEOS; v++) perChannel[d.videoChannel[v]]++;
        int bigChannel = 0;
        for (int c = 0; c < perChannel.length; c++) if (perChannel[c] > perChannel[bigChannel]) bigChannel = c;
        int big = newest(d, bigChannel), other = newest(d, d.videoChannel[big] == d.videoChannel[0] ? d.videoChannel[VIDEOS - 1] : d.videoChannel[0]);
        assertTrue(perChannel[bigChannel] > 1 && d.videoChannel[big] != d.videoChannel[other]);
        for (int v : new int[] {big, other}) {
            VideoPublished video = EventStreamer.videoPublished(d, part, v);
            Map<String, Object> bulk = snapshot(video);
            assertNotNull(bulk.get("video_features"), "row of " + video.getVideoId());
            assertTrue(((Map<?, ?>) bulk.get("redis")).get("ch") != null, "channel set of " + video.getVideoId() + ": " + bulk);
            forget(video);
            assertEquals(null, snapshot(video).get("video_features"));
            live.upsertVideo(video);
            live.recordUpload(video);
            assertEquals(bulk, snapshot(video), "live writer vs bulk load for " + video.getVideoId());
        }

        // The index as feed-assembly opens it: resumes after the load's records, reads none of them again.
        try (var index = new EmbeddedHnswIndex(indexDir.resolve(version), HnswConfig.DEFAULT.withRefreshInterval(Duration.ZERO))) {
            assertEquals(VIDEOS + 1, index.size());
            // While feed-assembly holds the directory, a load refuses to start (before writing anything).
            var locked = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> CatalogueLoad.openIndex(options(indexDir), version));
            assertTrue(locked.getMessage().contains("open in another process"), locked.getMessage());
            try (var consumer = consumer(index, version)) {
                assertEquals(0, consumer.catchUp(Duration.ofMinutes(1)), "records read again");
            }
            // Whatever is published after the load is read, and only that.
            try (var publisher = new EmbeddingPublisher(BOOTSTRAP, topic, Map.of())) {
                float[] v = new float[64];
                v[1] = 1;
                publisher.publishAll(List.of(EmbeddingPublisher.embedding(dev.reelrank.proto.v1.VideoFeatures.newBuilder()
                        .setVideoId(prefix + "later").build(), v, version))).join();
            }
            try (var consumer = consumer(index, version)) {
                assertEquals(1, consumer.catchUp(Duration.ofMinutes(1)));
            }
            index.refresh();
            assertEquals(VIDEOS + 2, index.size());
            // A loaded vector is the one its record on the topic carries (normalised, as the consumer indexes it).
            String id = d.videos.value(0);
            float[] stored = index.vectors(List.of(id)).get(id);
            VideoEmbedding published = lastRecord(id, version);
            float norm = 0;
            for (float x : published.getVectorList()) norm += x * x;
            norm = (float) Math.sqrt(norm);
            for (int i = 0; i < stored.length; i++) assertEquals(published.getVector(i) / norm, stored[i], 1e-5);
        }

        // Idempotent: a second run changes no row, member or index size (the vectors are upserted again).
        String channel = d.channels.value(d.videoChannel[big]);
        long channelRows = one("SELECT count(*) FROM reelrank.channel_uploads WHERE channel_id = ?", channel).getLong(0);
        long channelSet = send(Request.cmd(Command.ZCARD).arg("ch:" + channel + ":uploads")).toLong();
        var again = CatalogueLoad.run(options(indexDir), new PrintStream(new java.io.ByteArrayOutputStream(), true));
        assertEquals(VIDEOS + 2, again.indexSize());
        assertTrue(again.interleaved().isEmpty());
        assertEquals(channelRows, one("SELECT count(*) FROM reelrank.channel_uploads WHERE channel_id = ?", channel).getLong(0));
        assertEquals(channelSet, send(Request.cmd(Command.ZCARD).arg("ch:" + channel + ":uploads")).toLong());

        // The cache step alone (as after a Redis restart): every video cached with what Cassandra
        // holds, each key expiring within [TTL/2, TTL].
        String cachedId = EventStreamer.videoPublished(d, part, big).getVideoId();
        assertEquals(0, send(Request.cmd(Command.EXISTS).arg("v:" + cachedId)).toLong(), "the stores step leaves no cached copy");
        var warmed = CatalogueLoad.run(options(indexDir, EnumSet.of(CatalogueLoad.Step.cache)),
                new PrintStream(new java.io.ByteArrayOutputStream(), true));
        assertEquals(VIDEOS, warmed.cached());
        var value = dev.reelrank.proto.v1.VideoFeatures.parseFrom(send(Request.cmd(Command.GET).arg("v:" + cachedId)).toBytes());
        assertEquals(cachedId, value.getVideoId());
        assertEquals(EventStreamer.videoPublished(d, part, big).getChannelId(), value.getChannelId());
        long pttl = send(Request.cmd(Command.PTTL).arg("v:" + cachedId)).toLong();
        assertTrue(pttl > CACHE_TTL.toMillis() / 2 - 60_000 && pttl <= CACHE_TTL.toMillis(), "PTTL " + pttl);
    }

    private static int newest(Dataset d, int channel) {
        int best = -1;
        for (int v = 0; v < d.videoCount(); v++) {
            if (d.videoChannel[v] == channel && (best < 0 || d.videoPublished[v] > d.videoPublished[best])) best = v;
        }
        return best;
    }

    private Row one(String cql, Object... values) {
        return session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(cql, values)).one();
    }

    private Iterable<Row> all(String cql, Object... values) {
        return session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(cql, values));
    }

    private EmbeddingTopicConsumer consumer(EmbeddedHnswIndex index, String version) {
        // As feed-assembly's EmbeddedVersionIndexes builds it.
        return new EmbeddingTopicConsumer(new EmbeddingTopicConsumer.Config(BOOTSTRAP, topic, version, 0, 2000, Duration.ofMillis(500),
                Duration.ofSeconds(10), Map.of()), index, CatalogueLoad.checkpoint(index));
    }

    private VideoEmbedding lastRecord(String videoId, String version) throws Exception {
        var props = new java.util.Properties();
        props.put("bootstrap.servers", BOOTSTRAP);
        props.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        props.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        VideoEmbedding last = null;
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(props)) {
            var parts = c.partitionsFor(topic).stream().map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (var rec : c.poll(Duration.ofMillis(500))) {
                    if (rec.key().equals(EmbeddingPublisher.key(version, videoId))) last = VideoEmbedding.parseFrom(rec.value());
                }
            }
        }
        assertNotNull(last, "record of " + videoId);
        return last;
    }

    /** The fold's rows and keys of one video: Cassandra (all but updated_at) and Redis. */
    private Map<String, Object> snapshot(VideoPublished v) {
        var out = new LinkedHashMap<String, Object>();
        Row row = one("SELECT video_id, channel_id, title, category, tags, language, region, duration_seconds, published_at,"
                + " embedding_version FROM reelrank.video_features WHERE video_id = ?", v.getVideoId());
        out.put("video_features", row == null ? null : columns(row));
        var channelRows = new ArrayList<Map<String, Object>>();
        for (Row c : all("SELECT channel_id, published_at, video_id FROM reelrank.channel_uploads WHERE channel_id = ?", v.getChannelId())) {
            if (c.getString("video_id").equals(v.getVideoId())) channelRows.add(columns(c));
        }
        out.put("channel_uploads", channelRows);
        Instant published = Instant.ofEpochSecond(v.getPublishedAt().getSeconds(), v.getPublishedAt().getNanos());
        var fresh = new TreeMap<String, Object>();
        for (String scope : List.of("cat:" + v.getCategory(), "lang:" + v.getLanguage(), "region:" + v.getRegion())) {
            Row f = one("SELECT scope, published_at, video_id, channel_id FROM reelrank.fresh_uploads WHERE scope = ?"
                    + " AND published_at = ? AND video_id = ?", scope, published, v.getVideoId());
            fresh.put(scope, f == null ? null : columns(f));
        }
        out.put("fresh_uploads", fresh);
        var keys = new TreeMap<String, Object>();
        String ch = "ch:" + v.getChannelId() + ":uploads";
        keys.put("ch", score(ch, v.getVideoId()));
        keys.put("ch-set", send(Request.cmd(Command.ZRANGE).arg(ch).arg(0).arg(-1).arg("WITHSCORES")).toString());
        keys.put("ch-expires", send(Request.cmd(Command.PTTL).arg(ch)).toLong() > 0);
        keys.put("fresh-cat", score("fresh:" + v.getCategory(), v.getVideoId()));
        keys.put("fresh-lang", score("fresh:lang:" + v.getLanguage(), v.getVideoId()));
        keys.put("fresh-region", score("fresh:region:" + v.getRegion(), v.getVideoId()));
        keys.put("cached", send(Request.cmd(Command.EXISTS).arg("v:" + v.getVideoId())).toLong());
        out.put("redis", keys);
        return out;
    }

    /** Takes the video's rows and set members away, so the live writer starts from nothing. */
    private void forget(VideoPublished v) {
        Instant published = Instant.ofEpochSecond(v.getPublishedAt().getSeconds(), v.getPublishedAt().getNanos());
        all("DELETE FROM reelrank.video_features WHERE video_id = ?", v.getVideoId());
        all("DELETE FROM reelrank.channel_uploads WHERE channel_id = ? AND published_at = ? AND video_id = ?",
                v.getChannelId(), published, v.getVideoId());
        for (String scope : List.of("cat:" + v.getCategory(), "lang:" + v.getLanguage(), "region:" + v.getRegion())) {
            all("DELETE FROM reelrank.fresh_uploads WHERE scope = ? AND published_at = ? AND video_id = ?", scope, published, v.getVideoId());
        }
        for (String key : List.of("ch:" + v.getChannelId() + ":uploads", "fresh:" + v.getCategory(), "fresh:lang:" + v.getLanguage(),
                "fresh:region:" + v.getRegion())) {
            send(Request.cmd(Command.ZREM).arg(key).arg(v.getVideoId()));
        }
    }

    private String score(String key, String member) {
        Response r = send(Request.cmd(Command.ZSCORE).arg(key).arg(member));
        return r == null ? null : r.toString();
    }

    private Response send(Request request) {
        return redis.send(request).toCompletionStage().toCompletableFuture().join();
    }

    private static Map<String, Object> columns(Row row) {
        var m = new LinkedHashMap<String, Object>();
        for (var c : row.getColumnDefinitions()) m.put(c.getName().asInternal(), row.getObject(c.getName()));
        return m;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
