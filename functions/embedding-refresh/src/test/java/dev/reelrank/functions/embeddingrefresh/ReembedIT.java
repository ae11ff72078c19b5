package dev.reelrank.functions.embeddingrefresh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.reelrank.eventlog.EventPublisher;
import dev.reelrank.eventlog.EventTypes;
import dev.reelrank.eventlog.LoggedEvent;
import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.ModelRollouts;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.UserFeatures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A rollout re-embeds the recently active users without any new event of theirs, and leaves
 * everything else they have untouched. Real Kafka, Cassandra and Redis; the rollouts topic and the
 * model root are the test's own (the root holds the shipped model under two version names).
 */
@QuarkusTest
@TestProfile(ReembedIT.OwnRollouts.class)
class ReembedIT {
    private static final URI SOURCE = URI.create("urn:reelrank:test:reembed-it");
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String TOPIC = "model-rollouts-it-" + RUN;
    static final String FIRST = "tt-it-first-" + RUN, NEXT = "tt-it-next-" + RUN;

    public static class OwnRollouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelrank.refresh.model.dir", modelRoot(FIRST, NEXT).toString(),
                    "reelrank.refresh.rollouts.enabled", "true",
                    "reelrank.refresh.rollouts.topic", TOPIC,
                    "reelrank.refresh.reembed.progress-interval", "1s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    CassandraFeatures cassandra;

    @Inject
    Reembedder reembedder;

    @Inject
    dev.reelrank.model.ActiveUsers activeUsers;

    @Test
    void aRolloutReembedsRecentlyActiveUsersAndKeepsTheirFeatures() {
        List<String> users = List.of("rx-" + RUN + "-a", "rx-" + RUN + "-b", "rx-" + RUN + "-c");
        String inactive = "rx-" + RUN + "-inactive";
        try (var publisher = new EventPublisher(bootstrap, Map.of())) {
            // The test's consumer group starts at the end of the topic: repeat the first user's event until it lands.
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
                publisher.publish(event(interaction(users.get(0), "rx-video-0", Action.like))).join();
                return cassandra.users().user(users.get(0)).toCompletableFuture().join().isPresent();
            });
            for (String u : users) publisher.publish(event(interaction(u, "rx-video-1", Action.watch))).join();
        }
        await().atMost(PATIENCE).until(() -> users.stream().allMatch(u -> version(u).equals(FIRST)));
        // A user stored without going through the event stream is not in the active-user log.
        cassandra.users().putUser(UserFeatures.newBuilder().setUserId(inactive).setEmbeddingVersion(FIRST).build()).toCompletableFuture().join();
        // An active user whose embedding is of neither version: not this switch's to change.
        String otherVersion = "rx-" + RUN + "-other-version";
        cassandra.users().putUser(UserFeatures.newBuilder().setUserId(otherVersion).setEmbeddingVersion("tt-someone-else").build()).toCompletableFuture().join();
        activeUsers.markActive(otherVersion, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        Map<String, UserFeatures> before = users.stream().collect(java.util.stream.Collectors.toMap(u -> u, this::stored));

        ModelRollouts.ensureTopic(bootstrap, TOPIC);
        ModelRollouts.publish(bootstrap, TOPIC, new ModelRollout(ModelRollout.TWO_TOWER, NEXT, FIRST, 0, Instant.now(), "reembed-it"));

        await().atMost(PATIENCE).until(() -> users.stream().allMatch(u -> version(u).equals(NEXT)));
        for (String u : users) {
            UserFeatures after = stored(u);
            assertEquals(64, after.getEmbeddingCount());
            assertEquals(before.get(u).toBuilder().clearEmbedding().clearEmbeddingVersion().build(),
                    after.toBuilder().clearEmbedding().clearEmbeddingVersion().build(), "only the embedding changed");
        }
        await().atMost(PATIENCE).until(() -> reembedder.current() != null && reembedder.current().finished());
        assertEquals(NEXT, reembedder.current().version());
        assertTrue(reembedder.current().rewritten() >= 2, "the users not re-embedded by their own events were re-embedded by the job");
        assertEquals(FIRST, version(inactive), "users outside the active window are left to their next event");
        assertEquals("tt-someone-else", version(otherVersion), "only embeddings of the replaced version are rewritten");
    }

    @Inject
    com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession session;

    @Inject
    dev.reelrank.featurestore.redis.RedisFeatures redis;

    @Inject
    ReembedSettings settings;

    @Test
    void replicasShareTheJobAndEachUserIsReembeddedOnce() throws Exception {
        // Users of an old version, spread over many parts, as a rollout would find them.
        String old = "tt-it-old-" + RUN;
        List<String> users = java.util.stream.IntStream.range(0, 60).mapToObj(i -> "rs-" + RUN + "-" + i).toList();
        var today = java.time.LocalDate.now(ZoneOffset.UTC);
        for (String u : users) {
            cassandra.users().putUser(UserFeatures.newBuilder().setUserId(u).setInteractionCount(1).setEmbeddingVersion(old).build())
                    .toCompletableFuture().join();
            activeUsers.markActive(u, today);
        }
        var model = dev.reelrank.retrievalmodel.TwoTowerModel.load(modelRoot(FIRST, NEXT).resolve("two-tower").resolve(NEXT));
        var rewrites = new java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger>();
        var real = new dev.reelrank.featurestore.cassandra.CassandraUserRewriter(cassandra.users(), redis);
        dev.reelrank.model.UserRewriter counting = (userId, change) -> {
            var outcome = real.rewrite(userId, change);
            if (outcome == dev.reelrank.model.UserRewriter.Outcome.REWRITTEN) {
                rewrites.computeIfAbsent(userId, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            }
            return outcome;
        };
        var claims = new dev.reelrank.featurestore.cassandra.CassandraWorkClaims(session);
        var oneDay = new ReembedSettingsView(settings, 1);
        try (var a = new Reembedder(activeUsers, counting, claims, "replica-a-" + RUN, oneDay, java.time.Clock.systemUTC());
             var b = new Reembedder(activeUsers, counting, claims, "replica-b-" + RUN, oneDay, java.time.Clock.systemUTC())) {
            a.start(model, old);
            b.start(model, old);
            await().atMost(PATIENCE).until(() -> a.current().finished() && b.current().finished());
            for (String u : users) assertEquals(model.version(), version(u), u);
            for (String u : users) assertEquals(1, rewrites.get(u).get(), u + " re-embedded " + rewrites.get(u) + " times");
            assertEquals(users.size(), a.current().rewritten() + b.current().rewritten());
            // Every part was done once: what one replica did, the other found completed.
            assertEquals(256, a.current().partsByOthers() + b.current().partsByOthers());
        } finally {
            model.close();
        }
    }

    /** The function's settings with another active-days window. */
    record ReembedSettingsView(ReembedSettings base, int days) implements ReembedSettings {
        public boolean enabled() { return true; }
        public int activeDays() { return days; }
        public int parallelism() { return base.parallelism(); }
        public Duration progressInterval() { return base.progressInterval(); }
        public int rememberedUsers() { return base.rememberedUsers(); }
        public int pageSize() { return base.pageSize(); }
        public Duration claimLease() { return base.claimLease(); }
        public Duration claimPoll() { return Duration.ofMillis(200); }
    }

    private UserFeatures stored(String userId) {
        return cassandra.users().user(userId).toCompletableFuture().join().orElseThrow();
    }

    private String version(String userId) {
        return cassandra.users().user(userId).toCompletableFuture().join().map(UserFeatures::getEmbeddingVersion).orElse("");
    }

    private static Interaction interaction(String userId, String videoId, Action action) {
        return Interaction.newBuilder().setUserId(userId).setVideoId(videoId).setAction(action)
                .setWatchSeconds(action == Action.watch ? 60 : 0).setDevice("test").setRegion("PT")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000)).build();
    }

    private static LoggedEvent event(Interaction payload) {
        return new LoggedEvent(UUID.randomUUID().toString(), SOURCE, EventTypes.INTERACTION, OffsetDateTime.now(ZoneOffset.UTC), payload);
    }

    /** A model root whose two versions are copies of the shipped default, LATEST = {@code first}. */
    static Path modelRoot(String first, String next) {
        try {
            Path shipped = Path.of("../../ml-artifacts/models/two-tower");
            Path source = shipped.resolve(Files.readString(shipped.resolve("LATEST")).trim());
            Path root = Path.of("target/reembed-it-models-" + RUN).toAbsolutePath();
            if (Files.exists(root.resolve("two-tower").resolve("LATEST"))) return root;   // made for this run already
            for (String version : List.of(first, next)) {
                Path dir = root.resolve("two-tower").resolve(version);
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path f : files.toList()) {
                        Path to = dir.resolve(source.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(to);
                        else Files.copy(f, to);
                    }
                }
                Path meta = dir.resolve("metadata.json");
                String json = Files.readString(meta);
                Files.writeString(meta, json.replaceFirst("\"version\"\\s*:\\s*\"[^\"]*\"", "\"version\": \"" + version + "\""));
            }
            Files.writeString(root.resolve("two-tower").resolve("LATEST"), first + "\n");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
