package dev.reelrank.pipeline.rollout;

import dev.reelrank.eventlog.Topics;
import dev.reelrank.eventlog.embeddings.EmbeddingPublisher;
import dev.reelrank.eventlog.rollouts.ModelRollout;
import dev.reelrank.eventlog.rollouts.ModelRollouts;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code scripts/model publish <version> | rollback | status | retire <version>}: rolls retrieval
 * model versions out without restarting anything; with {@code --model mmoe}, ranking model
 * versions (nothing to publish but the rollout record: every re-ranking replica loads the version
 * from its models folder beside the current one and switches when it is warm).
 *
 * <ul>
 *   <li>publish: embeds every video (metadata from Cassandra, or {@code --videos-from <dataset>})
 *   with the version's video tower, publishes them to {@code video-embeddings} under keys
 *   {@code <version>/<videoId>}, waits for every acknowledgement, then writes the rollout record
 *   (model-rollouts, key two-tower). Serving replicas build the version's index beside the current
 *   one and switch when it is complete.</li>
 *   <li>rollback: points the rollout record back at the previous version (its embeddings are still
 *   on the topic, its index still on every replica's disk).</li>
 *   <li>retire: tombstones every {@code <version>/...} key, so compaction drops the version.
 *   Refuses the serving version and the one a rollback would return to.</li>
 * </ul>
 */
public final class ModelCommand {
    static final String USAGE = """
            usage: scripts/model publish <version> [--videos-from cassandra|<dataset>] [--batch N] [--as-of instant]
                   scripts/model rollback
                   scripts/model status
                   scripts/model retire <version>
              --model NAME     two-tower (retrieval, the default) or mmoe (ranking: publish and rollback only
                               write the rollout record; re-ranking loads <models>/mmoe/<version>)
              --models DIR     models root holding two-tower/<version> and mmoe/<version> (default ml-artifacts/models)
              --bootstrap H:P  Kafka (env KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092)
              --cassandra H:P  (env CASSANDRA_CONTACT_POINTS, default 127.0.0.1:9042)   --dc NAME (default datacenter1)
              --rollouts T     rollout topic (default model-rollouts)   --topic T  embeddings topic (default video-embeddings)
            """;

    private ModelCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        String cmd = args[0];
        var rest = new ArrayList<>(List.of(args).subList(1, args.length));
        String version = !rest.isEmpty() && !rest.getFirst().startsWith("--") ? rest.removeFirst() : null;
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            if (i + 1 >= rest.size() || !rest.get(i).startsWith("--")) {
                System.err.println("model: expected --option value, got " + rest.get(i) + "\n" + USAGE);
                System.exit(2);
            }
            opts.put(rest.get(i), rest.get(++i));
        }
        Path models = Path.of(opts.getOrDefault("--models", "ml-artifacts/models"));
        String bootstrap = opts.getOrDefault("--bootstrap", env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        String rollouts = opts.getOrDefault("--rollouts", ModelRollout.TOPIC);
        String topic = opts.getOrDefault("--topic", Topics.VIDEO_EMBEDDINGS);
        var out = System.out;
        String model = opts.getOrDefault("--model", ModelRollout.TWO_TOWER);
        try {
            if (model.equals(ModelRollout.RANKING)) {
                switch (cmd) {
                    case "publish" -> {
                        if (version == null) fail("publish needs a version");
                        publishRanking(bootstrap, rollouts, models, version, out);
                    }
                    case "rollback" -> rollback(bootstrap, rollouts, models, ModelRollout.RANKING, out);
                    case "status" -> status(bootstrap, rollouts, models, ModelRollout.RANKING, out);
                    case "retire" -> fail("a ranking version has nothing on Kafka to retire: delete " + models.resolve(ModelRollout.RANKING) + "/<version> once no replica serves it");
                    default -> fail("unknown command " + cmd);
                }
                return;
            }
            if (!model.equals(ModelRollout.TWO_TOWER)) fail("unknown model " + model + " (two-tower or mmoe)");
            switch (cmd) {
                case "publish" -> {
                    if (version == null) fail("publish needs a version");
                    var o = new PublishEmbeddings.Options(new ArtifactStore(models).versionDir(ArtifactStore.checkVersion(version)),
                            opts.getOrDefault("--videos-from", "cassandra"), bootstrap,
                            opts.getOrDefault("--cassandra", env("CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042")),
                            opts.getOrDefault("--dc", env("CASSANDRA_LOCAL_DATACENTER", "datacenter1")), topic,
                            Integer.parseInt(opts.getOrDefault("--batch", "1024")),
                            opts.containsKey("--as-of") ? Instant.parse(opts.get("--as-of")) : Instant.now());
                    publish(o, rollouts, out);
                }
                case "rollback" -> rollback(bootstrap, rollouts, models, ModelRollout.TWO_TOWER, out);
                case "status" -> status(bootstrap, rollouts, models, ModelRollout.TWO_TOWER, out);
                case "retire" -> {
                    if (version == null) fail("retire needs a version");
                    retire(bootstrap, rollouts, topic, version, out);
                }
                default -> fail("unknown command " + cmd);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("model: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Embeddings first (all acknowledged), the rollout record last: a replica that sees the record can read the whole version. */
    public static ModelRollout publish(PublishEmbeddings.Options o, String rollouts, PrintStream out) throws Exception {
        if (!Files.exists(o.model().resolve("metadata.json"))) throw new IllegalArgumentException("no model version at " + o.model());
        ModelRollouts.ensureTopic(o.bootstrap(), rollouts);
        Optional<ModelRollout> current = ModelRollouts.current(o.bootstrap(), rollouts, ModelRollout.TWO_TOWER, Duration.ofSeconds(30));
        long n;
        String version;
        try (TwoTowerModel model = TwoTowerModel.load(o.model());
             var publisher = new EmbeddingPublisher(o.bootstrap(), o.topic(), Map.of())) {
            version = model.version();
            n = PublishEmbeddings.run(o, model, publisher, out);
            publisher.flush();
        }
        String previous = current.map(ModelRollout::version).filter(v -> !v.equals(version))
                .orElse(current.map(ModelRollout::previous).orElse(null));
        var rollout = new ModelRollout(ModelRollout.TWO_TOWER, version, previous, n, Instant.now(), "publish");
        ModelRollouts.publish(o.bootstrap(), rollouts, rollout);
        out.printf("model: %s published (%d video embeddings); serving replicas switch once their index has them all (was %s)%n",
                version, n, previous == null ? "none" : previous);
        return rollout;
    }

    /**
     * The ranking model's rollout: only the record, once the version is complete on disk. A replica
     * that cannot load or warm it keeps serving what it serves (and says so in its log).
     */
    public static ModelRollout publishRanking(String bootstrap, String rollouts, Path models, String version, PrintStream out) {
        ArtifactStore.checkVersion(version);
        if (!Files.exists(versionDir(models, ModelRollout.RANKING, version).resolve("metadata.json"))) {
            throw new IllegalArgumentException("no ranking model version at " + versionDir(models, ModelRollout.RANKING, version));
        }
        ModelRollouts.ensureTopic(bootstrap, rollouts);
        Optional<ModelRollout> current = ModelRollouts.current(bootstrap, rollouts, ModelRollout.RANKING, Duration.ofSeconds(30));
        String previous = current.map(ModelRollout::version).filter(v -> !v.equals(version))
                .orElse(current.map(ModelRollout::previous).orElse(null));
        var rollout = new ModelRollout(ModelRollout.RANKING, version, previous, 0, Instant.now(), "publish");
        ModelRollouts.publish(bootstrap, rollouts, rollout);
        out.printf("model: ranking %s published; re-ranking replicas switch once it is loaded and warm (was %s)%n",
                version, previous == null ? "none" : previous);
        return rollout;
    }

    static Path versionDir(Path models, String model, String version) {
        return model.equals(ModelRollout.TWO_TOWER) ? new ArtifactStore(models).versionDir(version) : models.resolve(model).resolve(version);
    }

    public static ModelRollout rollback(String bootstrap, String rollouts, Path models, PrintStream out) {
        return rollback(bootstrap, rollouts, models, ModelRollout.TWO_TOWER, out);
    }

    public static ModelRollout rollback(String bootstrap, String rollouts, Path models, String model, PrintStream out) {
        ModelRollout current = ModelRollouts.current(bootstrap, rollouts, model, Duration.ofSeconds(30))
                .orElseThrow(() -> new IllegalStateException("nothing was published yet: no " + model + " rollout record on " + rollouts));
        if (current.previous() == null) throw new IllegalStateException(current.version() + " has no previous version to return to");
        if (!Files.exists(versionDir(models, model, current.previous()).resolve("metadata.json"))) {
            throw new IllegalStateException("the previous version " + current.previous() + " is not under " + models + " any more");
        }
        var rollout = new ModelRollout(model, current.previous(), current.version(), 0, Instant.now(), "rollback");
        ModelRollouts.publish(bootstrap, rollouts, rollout);
        out.printf("model: rolled back to %s (from %s)%n", rollout.version(), current.version());
        return rollout;
    }

    static void status(String bootstrap, String rollouts, Path models, String model, PrintStream out) throws Exception {
        Optional<ModelRollout> current;
        try {
            current = ModelRollouts.current(bootstrap, rollouts, model, Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            out.println("rollouts: " + e.getMessage());
            current = Optional.empty();
        }
        out.println("serving:  " + current.map(r -> r.version() + " (" + r.reason() + " at " + r.at() + ", " + r.videos() + " videos)").orElse("nothing published (replicas serve their configured/LATEST version)"));
        out.println("previous: " + current.map(ModelRollout::previous).orElse("-"));
        Path dir = models.resolve(model);
        Path latest = dir.resolve(ArtifactStore.LATEST);
        out.println("LATEST:   " + (Files.exists(latest) ? Files.readString(latest).strip() : "-"));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> dirs = Files.list(dir)) {
                out.println("on disk:  " + String.join(" ", dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList()));
            }
        }
    }

    /** @return tombstones written */
    public static long retire(String bootstrap, String rollouts, String topic, String version, PrintStream out) {
        ArtifactStore.checkVersion(version);
        var current = ModelRollouts.current(bootstrap, rollouts, ModelRollout.TWO_TOWER, Duration.ofSeconds(30));
        if (current.isPresent() && (version.equals(current.get().version()) || version.equals(current.get().previous()))) {
            throw new IllegalStateException(version + " is serving or is the rollback target; publish another version first");
        }
        String prefix = version + "/";
        var ids = new java.util.LinkedHashSet<String>();
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            var parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null || !r.key().startsWith(prefix)) continue;
                    String id = r.key().substring(prefix.length());
                    if (r.value() == null) ids.remove(id);
                    else ids.add(id);
                }
            }
        }
        try (var publisher = new EmbeddingPublisher(bootstrap, topic, Map.of())) {
            var futures = ids.stream().map(id -> publisher.publishTombstone(id, version)).toList();
            futures.forEach(java.util.concurrent.CompletableFuture::join);
        }
        out.printf("model: %s retired: %d tombstones on %s (replicas may delete <index-dir>/%s)%n", version, ids.size(), topic, version);
        return ids.size();
    }

    private static void fail(String message) {
        throw new IllegalArgumentException(message + "\n" + USAGE);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
