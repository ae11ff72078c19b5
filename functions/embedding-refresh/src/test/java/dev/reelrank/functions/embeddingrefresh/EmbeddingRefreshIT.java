package dev.reelrank.functions.embeddingrefresh;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventPublisher;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.featurestore.RetrievalStoreConfig;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.TieredRetrievalSignals;
import dev.reelrank.model.RetrievalSignals.FreshScope;
import dev.reelrank.model.RetrievalSignals.Upload;
import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.HistoryEntry;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real Kafka, Cassandra and Redis ({@code scripts/stack up}): events go in through the log exactly
 * as ingestion writes them, and the test waits until the stores show their effect.
 */
@QuarkusTest
class EmbeddingRefreshIT {
    private static final URI SOURCE = URI.create("urn:reelrank:test:embedding-refresh-it");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "reelrank.refresh.dead-letter.topic")
    String deadLetterTopic;

    @Inject
    CassandraFeatures cassandra;

    @Inject
    RedisFeatures redis;

    @Inject
    UserEmbedder embedder;

    private EventPublisher publisher;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void open() {
        publisher = new EventPublisher(bootstrap, Map.of());
    }

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void readinessReportsKafkaCassandraAndRedis() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void publishedVideosAndInteractionsReachTheFeatureStore() {
        String videoId = "it-" + run + "-video", userId = "it-" + run + "-user", region = "it-" + run;
        VideoPublished video = VideoPublished.newBuilder().setVideoId(videoId).setChannelId("it-" + run + "-channel")
                .setTitle("Refresh me").setCategory("music").setDurationSeconds(180).setRegion("PT").setLanguage("en")
                .setPublishedAt(now()).build();

        // The test's consumer group starts at the end of the topics, so events sent before its
        // partitions are positioned are never seen: repeat the (idempotent) upsert until it lands.
        LoggedEvent published = event(EventTypes.VIDEO_PUBLISHED, video);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            publisher.publish(published).join();
            return get(cassandra.videos().video(videoId)).isPresent();
        });
        waitUntilInteractionsAreConsumed();

        // A record that is not one of our CloudEvents, on this user's partition ahead of their events:
        // it must be dead-lettered without blocking what follows.
        sendPoison(userId);
        publisher.publishAll(List.of(
                event(EventTypes.INTERACTION, interaction(userId, videoId, Action.impression, 0, region, secondsAgo(4))),
                event(EventTypes.INTERACTION, interaction(userId, videoId, Action.click, 0, region, secondsAgo(3))),
                event(EventTypes.INTERACTION, interaction(userId, videoId, Action.watch, 90, region, secondsAgo(2))),
                event(EventTypes.INTERACTION, interaction(userId, videoId, Action.like, 0, region, secondsAgo(1))))).join();

        await().atMost(PATIENCE).until(() -> get(cassandra.users().user(userId)).map(UserFeatures::getInteractionCount).orElse(0L) == 4);
        // The user's Cassandra row is written first, then Redis, then the history rows: wait for the last.
        await().atMost(PATIENCE).until(() -> get(cassandra.users().history(userId, 10)).size() >= 3);

        VideoFeatures stats = get(cassandra.videos().video(videoId)).orElseThrow();
        assertEquals("Refresh me", stats.getTitle());
        assertEquals(1, stats.getImpressions());
        assertEquals(1, stats.getClicks());
        assertEquals(1, stats.getViews());
        assertEquals(90.0, stats.getWatchSeconds(), 1e-9);
        assertEquals(1, stats.getLikes());

        UserFeatures user = get(cassandra.users().user(userId)).orElseThrow();
        assertEquals(List.of(videoId), user.getWatchedVideoIdsList());
        assertEquals(List.of(Action.like, Action.watch, Action.click), user.getRecentList().stream().map(HistoryEntry::getAction).toList());
        assertEquals("music", user.getRecent(0).getCategory(), "folded with the video's features");
        assertEquals(0.5, user.getRecent(1).getWatchRatio(), 1e-9);
        assertTrue(user.getCategoryAffinityOrDefault("music", 0) > 0);
        assertEquals(Optional.of(user), get(redis.user(userId)), "Redis holds the same user");

        List<HistoryEntry> history = get(cassandra.users().history(userId, 10));
        assertEquals(3, history.size(), "impressions are not history");
        assertTrue(history.stream().allMatch(h -> h.getVideoId().equals(videoId)));

        // click 1 + watch (0.5 + 1.5 min) + like 2, in the event's region scope and globally.
        assertEquals(List.of(new ScoredVideo(videoId, 5.0)), get(redis.topPopular(region, 5)));
        assertEquals(List.of(new ScoredVideo(videoId, 5.0)), get(cassandra.popularity().topPopular(region, 5)));

        // The user tower of the deployed model re-embedded the user after the non-impressions.
        assertEquals(embedder.version().orElseThrow(), user.getEmbeddingVersion());
        assertEquals(64, user.getEmbeddingCount());
        double norm = 0;
        for (float x : user.getEmbeddingList()) norm += x * x;
        assertEquals(1.0, norm, 1e-3, "a unit vector");

        // Retrieval signals: trending in the region, the channel's uploads, the fresh lists.
        var signals = new TieredRetrievalSignals(cassandra, redis, RetrievalStoreConfig.defaults(), java.time.Clock.systemUTC());
        assertEquals(List.of(new ScoredVideo(videoId, 5.0)), signals.trending(region, 5));
        Upload upload = new Upload(videoId, video.getChannelId(), java.time.Instant.ofEpochSecond(video.getPublishedAt().getSeconds()));
        assertEquals(List.of(upload), signals.channelUploads(List.of(video.getChannelId()), 5));
        assertTrue(signals.fresh(FreshScope.CATEGORY, "music", 1000).stream().anyMatch(u -> u.videoId().equals(videoId)));
        assertTrue(signals.fresh(FreshScope.REGION, "PT", 1000).stream().anyMatch(u -> u.videoId().equals(videoId)));
    }

    @Test
    void republishingAVideoUpdatesItAndDropsTheCachedCopy() {
        String videoId = "it-" + run + "-republished";
        var first = VideoPublished.newBuilder().setVideoId(videoId).setChannelId("c").setTitle("v1").setCategory("news").build();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            publisher.publish(event(EventTypes.VIDEO_PUBLISHED, first)).join();
            return get(cassandra.videos().video(videoId)).isPresent();
        });
        // A repeat of the first publish still in flight deletes the cached copy again: cache until it stays.
        VideoFeatures stored = get(cassandra.videos().video(videoId)).orElseThrow();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            get(redis.putVideos(List.of(stored), Duration.ofMinutes(5)));
            return !get(redis.videos(List.of(videoId))).isEmpty();
        });

        publisher.publish(event(EventTypes.VIDEO_PUBLISHED, first.toBuilder().setTitle("v2").build())).join();
        await().atMost(PATIENCE).until(() -> get(cassandra.videos().video(videoId)).map(VideoFeatures::getTitle).orElse("").equals("v2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(redis.videos(List.of(videoId))).isEmpty());
    }

    @Test
    void impressionsAloneReachTheStoredFeaturesAsFatigueTalliesAndAPlayClearsThem() {
        String userId = "it-" + run + "-impressed", tired = "it-" + run + "-tired", played = "it-" + run + "-played";
        waitUntilInteractionsAreConsumed();
        publisher.publishAll(List.of(
                event(EventTypes.INTERACTION, interaction(userId, tired, Action.impression, 0, "", secondsAgo(6))),
                event(EventTypes.INTERACTION, interaction(userId, played, Action.impression, 0, "", secondsAgo(5))),
                event(EventTypes.INTERACTION, interaction(userId, tired, Action.impression, 0, "", secondsAgo(4))),
                event(EventTypes.INTERACTION, interaction(userId, tired, Action.impression, 0, "", secondsAgo(3))))).join();
        await().atMost(PATIENCE).until(() -> get(cassandra.users().user(userId)).map(UserFeatures::getInteractionCount).orElse(0L) == 4);
        UserFeatures user = get(cassandra.users().user(userId)).orElseThrow();
        assertEquals(List.of(played, tired), user.getImpressionTalliesList().stream().map(t -> t.getVideoId()).toList());
        assertEquals(3, user.getImpressionTallies(1).getCount());
        assertEquals(0, user.getRecentCount(), "impressions are not history");
        // Redis is written just after Cassandra.
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(Optional.of(user), get(redis.user(userId)), "Redis holds the same user"));

        publisher.publish(event(EventTypes.INTERACTION, interaction(userId, played, Action.click, 0, "", secondsAgo(1)))).join();
        await().atMost(PATIENCE).until(() -> get(cassandra.users().user(userId)).map(UserFeatures::getInteractionCount).orElse(0L) == 5);
        assertEquals(List.of(tired), get(cassandra.users().user(userId)).orElseThrow().getImpressionTalliesList().stream()
                .map(t -> t.getVideoId()).toList(), "a click ends the played video's run");
    }

    @Test
    void aRedeliveredEventIsFoldedOnce() {
        String userId = "it-" + run + "-redelivered", videoId = "it-" + run + "-video-r";
        VideoPublished video = VideoPublished.newBuilder().setVideoId(videoId).setChannelId("it-" + run + "-channel-r")
                .setCategory("music").setDurationSeconds(60).setPublishedAt(now()).build();
        LoggedEvent published = event(EventTypes.VIDEO_PUBLISHED, video);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            publisher.publish(published).join();
            return get(cassandra.videos().video(videoId)).isPresent();
        });
        waitUntilInteractionsAreConsumed();
        LoggedEvent watch = event(EventTypes.INTERACTION, interaction(userId, videoId, Action.watch, 30, "", secondsAgo(2)));
        LoggedEvent like = event(EventTypes.INTERACTION, interaction(userId, videoId, Action.like, 0, "", secondsAgo(1)));
        // What Kafka does after a consumer restart: the same records (same CloudEvent id) again.
        publisher.publishAll(List.of(watch, watch, like, watch, like)).join();
        LoggedEvent marker = event(EventTypes.INTERACTION, interaction(userId, "", Action.subscribe, 0, "", now()));
        publisher.publish(marker).join();

        await().atMost(PATIENCE).until(() -> get(cassandra.users().user(userId)).map(u -> u.getSubscribedChannelIdsCount() > 0).orElse(false));
        UserFeatures user = get(cassandra.users().user(userId)).orElseThrow();
        assertEquals(3, user.getInteractionCount(), "watch, like and the marker, each once");
        assertEquals(1, get(cassandra.videos().video(videoId)).map(VideoFeatures::getLikes).orElse(0L), "counters too");
    }

    /**
     * One user's events over several poll batches (more than max.poll.records), which the fold
     * pipelines: each batch folded onto the previous one's state while its write is in flight. Every
     * event counts once and the user's last row is the last batch's, whatever order the writes of
     * different batches finished in.
     */
    @Test
    void aUsersEventsOverManyPipelinedBatchesAreAllFoldedInOrder() {
        String userId = "it-" + run + "-pipelined", videoId = "it-" + run + "-video-p";
        waitUntilInteractionsAreConsumed();
        int impressions = 6_000;
        var events = new ArrayList<LoggedEvent>(impressions + 3);
        for (int i = 0; i < impressions; i++) {
            events.add(event(EventTypes.INTERACTION, interaction(userId, videoId, Action.impression, 0, "", secondsAgo(10))));
        }
        for (int i = 0; i < 3; i++) {
            events.add(event(EventTypes.INTERACTION, interaction(userId, videoId + "-" + i, Action.click, 0, "", secondsAgo(3 - i))));
        }
        publisher.publishAll(events).join();

        await().atMost(PATIENCE).until(() -> get(cassandra.users().user(userId)).map(UserFeatures::getInteractionCount).orElse(0L) == impressions + 3);
        UserFeatures user = get(cassandra.users().user(userId)).orElseThrow();
        assertEquals(List.of(videoId + "-2", videoId + "-1", videoId + "-0"),
                user.getRecentList().stream().map(HistoryEntry::getVideoId).limit(3).toList(), "the clicks in log order, newest first");
    }

    @Test
    void aPublishedVideoIsEmbeddedByTheServedVersionAndPublishedForTheIndex() {
        String videoId = "it-" + run + "-new-upload";
        String version = embedder.version().orElseThrow();
        VideoPublished video = VideoPublished.newBuilder().setVideoId(videoId).setChannelId("it-" + run + "-channel-new")
                .setTitle("Fresh").setCategory("music").setLanguage("en").setRegion("PT").setDurationSeconds(120).setPublishedAt(now()).build();
        var props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.VIDEO_EMBEDDINGS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the start before the video is published
            var found = new java.util.concurrent.atomic.AtomicReference<dev.reelrank.proto.v1.VideoEmbedding>();
            LoggedEvent published = event(EventTypes.VIDEO_PUBLISHED, video);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (get(cassandra.videos().video(videoId)).isEmpty()) publisher.publish(published).join();
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key().equals(version + "/" + videoId)) found.set(dev.reelrank.proto.v1.VideoEmbedding.parseFrom(r.value()));
                }
                return found.get() != null;
            });
            var embedding = found.get();
            assertEquals(version, embedding.getModelVersion());
            assertEquals(64, embedding.getVectorCount());
            assertEquals("music", embedding.getCategory());
            assertEquals(video.getChannelId(), embedding.getChannelId());
        }
    }

    /**
     * Videos come in poll batches (a back-fill is thousands at once): every good video of a batch is
     * stored and embedded, a video published twice in it is stored as its last record says, and a
     * poison record among them is dead-lettered without holding up the rest.
     */
    @Test
    void aBatchOfVideosIsStoredAndEmbeddedAndItsPoisonIsDeadLettered() {
        String version = embedder.version().orElseThrow();
        String prefix = "it-" + run + "-batch-";
        String hostile = prefix + "x".repeat(70_000);
        var ids = new java.util.ArrayList<String>();
        var sends = new java.util.ArrayList<java.util.concurrent.CompletableFuture<?>>();
        var props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = new java.util.ArrayList<org.apache.kafka.common.TopicPartition>();
            for (String topic : List.of(Topics.VIDEO_EMBEDDINGS, deadLetterTopic)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the start before anything is published
            for (int i = 0; i < 60; i++) {
                String videoId = prefix + i;
                ids.add(videoId);
                sends.add(publisher.publish(event(EventTypes.VIDEO_PUBLISHED, VideoPublished.newBuilder().setVideoId(videoId)
                        .setChannelId(prefix + "ch" + (i % 7)).setTitle("v1").setCategory("music").setLanguage("en").setRegion("PT")
                        .setDurationSeconds(60 + i).setPublishedAt(now()).build())));
                if (i == 30) {
                    sends.add(publisher.publish(event(EventTypes.VIDEO_PUBLISHED, VideoPublished.newBuilder().setVideoId(hostile)
                            .setChannelId(prefix + "ch0").setTitle("hostile").setPublishedAt(now()).build())));
                }
            }
            // The same video again, later in the log: its last record is what stays.
            sends.add(publisher.publish(event(EventTypes.VIDEO_PUBLISHED, VideoPublished.newBuilder().setVideoId(prefix + 5)
                    .setChannelId(prefix + "ch5").setTitle("v2").setCategory("music").setLanguage("en").setRegion("PT")
                    .setDurationSeconds(65).setPublishedAt(now()).build())));
            sends.forEach(java.util.concurrent.CompletableFuture::join);

            var embedded = new java.util.HashSet<String>();
            var deadReason = new java.util.concurrent.atomic.AtomicReference<String>();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(Topics.VIDEO_EMBEDDINGS) && r.key().startsWith(version + "/" + prefix)) {
                        embedded.add(r.key().substring(version.length() + 1));
                    } else if (r.topic().equals(deadLetterTopic) && hostile.equals(r.key())) {
                        deadReason.set(new String(r.headers().lastHeader(DeadLetters.REASON).value(), java.nio.charset.StandardCharsets.UTF_8));
                        assertEquals(Topics.VIDEOS, new String(r.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value()));
                    }
                }
                return embedded.containsAll(ids) && deadReason.get() != null;
            });
            assertTrue(deadReason.get().contains("videoId of 70"), deadReason.get());
            assertTrue(!embedded.contains(hostile));
        }
        Map<String, VideoFeatures> stored = cassandra.videos().videos(ids).toCompletableFuture().join();
        assertEquals(new java.util.HashSet<>(ids), stored.keySet(), "every good video of the batch stored");
        await().atMost(PATIENCE).until(() -> get(cassandra.videos().video(prefix + 5)).map(VideoFeatures::getTitle).orElse("").equals("v2"));
    }

    /**
     * The HTTP binding, driven the way a Knative KafkaSource drives it: each record of the topics
     * (a CloudEvent in Kafka's binary mode) arrives as one binary-mode HTTP request, ce-* headers
     * and the Protobuf bytes as the body; several users' events at once.
     */
    @Test
    void eventsDeliveredOverHttpAreFoldedLikePolledOnesAndPoisonIsDeadLettered() throws Exception {
        String videoId = "it-" + run + "-http-video", channel = "it-" + run + "-http-channel";
        var video = VideoPublished.newBuilder().setVideoId(videoId).setChannelId(channel).setCategory("news").setDurationSeconds(60)
                .setPublishedAt(now()).build();
        given().body(video.toByteArray()).headers(ceHeaders(event(EventTypes.VIDEO_PUBLISHED, video)))
                .post("/").then().statusCode(200).body("status", equalTo("applied"));
        assertEquals(channel, get(cassandra.videos().video(videoId)).orElseThrow().getChannelId());

        var users = List.of("it-" + run + "-http-a", "it-" + run + "-http-b", "it-" + run + "-http-c");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(users.size());
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (String u : users) {
                answers.add(pool.submit(() -> {
                    LoggedEvent watch = event(EventTypes.INTERACTION, interaction(u, videoId, Action.watch, 30, "", secondsAgo(2)));
                    return given().body(watch.payload().toByteArray()).headers(ceHeaders(watch)).post("/").then()
                            .body("status", equalTo("applied")).extract().statusCode();
                }));
            }
            for (var a : answers) assertEquals(200, a.get());
        } finally {
            pool.shutdown();
        }
        for (String u : users) {
            UserFeatures f = get(cassandra.users().user(u)).orElseThrow();
            assertEquals(List.of(videoId), f.getWatchedVideoIdsList(), "applied before the 200");
        }

        // The same event again (a redelivery after a lost answer): 200, counted once.
        LoggedEvent like = event(EventTypes.INTERACTION, interaction(users.get(0), videoId, Action.like, 0, "", secondsAgo(1)));
        for (int i = 0; i < 2; i++) given().body(like.payload().toByteArray()).headers(ceHeaders(like)).post("/").then().statusCode(200);
        assertEquals(2, get(cassandra.users().user(users.get(0))).orElseThrow().getInteractionCount());
        assertEquals(1, get(cassandra.videos().video(videoId)).orElseThrow().getLikes());

        // Structured mode works too.
        LoggedEvent share = event(EventTypes.INTERACTION, interaction(users.get(1), videoId, Action.share, 0, "", now()));
        String structured = "{\"specversion\":\"1.0\",\"id\":\"" + share.id() + "\",\"source\":\"" + SOURCE + "\",\"type\":\"video.interaction\","
                + "\"datacontenttype\":\"application/protobuf\",\"data_base64\":\""
                + java.util.Base64.getEncoder().encodeToString(share.payload().toByteArray()) + "\"}";
        given().contentType("application/cloudevents+json").body(structured).post("/").then().statusCode(200).body("status", equalTo("applied"));
        assertEquals(2, get(cassandra.users().user(users.get(1))).orElseThrow().getInteractionCount());

        // Poison: not a CloudEvent, and a user id no store takes. Dead-lettered with the reason, never retried.
        given().contentType("application/json").body("{\"hello\":1}").post("/").then().statusCode(200)
                .body("status", equalTo("deadLettered")).body("reason", org.hamcrest.Matchers.startsWith("not a Reelrank CloudEvent"));
        LoggedEvent hostile = event(EventTypes.INTERACTION, interaction("h".repeat(70_000), videoId, Action.click, 0, "", now()));
        given().body(hostile.payload().toByteArray()).headers(ceHeaders(hostile)).post("/").then().statusCode(200)
                .body("status", equalTo("deadLettered")).body("reason", org.hamcrest.Matchers.containsString("exceeds the limit"));
    }

    /** The headers of a binary-mode HTTP CloudEvent, as a KafkaSource forwards a record of our topics. */
    private static Map<String, String> ceHeaders(LoggedEvent e) {
        return Map.of("ce-specversion", "1.0", "ce-id", e.id(), "ce-source", e.source().toString(), "ce-type", e.type().type,
                "ce-time", e.time().toString(), "Content-Type", "application/protobuf");
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheStreamMovesOn() {
        String userId = "it-" + run + "-dlq", videoId = "it-" + run + "-video-dlq";
        // What Cassandra refused in the fuzzing run that stopped the stream: a 70,000-character key.
        String hostileUser = "it-" + run + "-hostile-" + "x".repeat(70_000);
        waitUntilInteractionsAreConsumed();
        LoggedEvent hostile = event(EventTypes.INTERACTION, interaction(hostileUser, videoId, Action.watch, 10, "", secondsAgo(3)));
        publisher.publish(event(EventTypes.INTERACTION, interaction(userId, videoId, Action.click, 0, "", secondsAgo(4)))).join();
        publisher.publish(hostile).join();
        sendPoison(userId);
        publisher.publish(event(EventTypes.INTERACTION, interaction(userId, videoId, Action.like, 0, "", secondsAgo(2)))).join();

        await().atMost(PATIENCE).until(() -> get(cassandra.users().user(userId)).map(UserFeatures::getInteractionCount).orElse(0L) == 2);

        var letters = new java.util.HashMap<String, String>(); // key prefix -> reason
        var props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(PATIENCE).until(() -> {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null || !(r.key().equals(userId) || r.key().equals(hostileUser))) continue;
                    var reason = r.headers().lastHeader(DeadLetters.REASON);
                    letters.put(r.key().equals(userId) ? "poison" : "hostile", new String(reason.value(), java.nio.charset.StandardCharsets.UTF_8));
                    assertEquals(Topics.INTERACTIONS, new String(r.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value()));
                }
                return letters.size() == 2;
            });
        }
        assertTrue(letters.get("poison").startsWith("not a Reelrank CloudEvent"), letters.get("poison"));
        assertTrue(letters.get("hostile").contains("userId of 70"), letters.get("hostile"));
    }

    /** Same idea as for videos: a throw-away user's impression, repeated until it is folded in. */
    private void waitUntilInteractionsAreConsumed() {
        String probeUser = "it-" + run + "-probe-" + UUID.randomUUID().toString().substring(0, 4);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            publisher.publish(event(EventTypes.INTERACTION, interaction(probeUser, "", Action.subscribe, 0, "", now()))).join();
            return get(cassandra.users().user(probeUser)).isPresent();
        });
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

    private Interaction interaction(String userId, String videoId, Action action, double watchSeconds, String region, Timestamp at) {
        var b = Interaction.newBuilder().setUserId(userId).setVideoId(videoId).setAction(action)
                .setWatchSeconds(watchSeconds).setRegion(region).setDevice("test").setOccurredAt(at);
        if (action == Action.subscribe) b.setChannelId("it-" + run + "-channel");
        return b.build();
    }

    private static LoggedEvent event(EventTypes type, com.google.protobuf.Message payload) {
        return new LoggedEvent(UUID.randomUUID().toString(), SOURCE, type, OffsetDateTime.now(ZoneOffset.UTC), payload);
    }

    private static Timestamp now() {
        return Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000).build();
    }

    /** Distinct times (history rows are keyed by time and video, at Cassandra's millisecond precision). */
    private static Timestamp secondsAgo(int s) {
        return Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000 - s).build();
    }

    private static <T> T get(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
