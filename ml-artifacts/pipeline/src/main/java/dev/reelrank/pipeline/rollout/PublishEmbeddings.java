package dev.reelrank.pipeline.rollout;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.reelrank.eventlog.Topics;
import dev.reelrank.eventlog.embeddings.EmbeddingPublisher;
import dev.reelrank.featurestore.cassandra.CassandraVideos;
import dev.reelrank.pipeline.io.CassandraSessions;
import dev.reelrank.proto.v1.VideoEmbedding;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.retrievalmodel.ArtifactStore;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Embeds every video of a catalogue with one two-tower model and publishes the vectors to the
 * compacted {@code video-embeddings} topic (keyed by video, tagged with the model version), from
 * which every replica's vector index builds itself ({@code EmbeddingTopicConsumer}).
 *
 * <pre>
 * mvn -B -q -pl ml-artifacts/pipeline -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
 *   -cp "ml-artifacts/pipeline/target/reelrank-pipeline-0.1.0-SNAPSHOT.jar:ml-artifacts/pipeline/target/lib/*" \
 *   dev.reelrank.pipeline.rollout.PublishEmbeddings --model ml-artifacts/models --videos-from cassandra
 * </pre>
 *
 * Options: {@code --model <dir>} a version folder ({@code .../two-tower/<version>}) or the root
 * holding {@code two-tower/LATEST} (default {@code ml-artifacts/models});
 * {@code --videos-from cassandra|<dataset folder or videos.csv.gz>} (default cassandra);
 * {@code --bootstrap} Kafka (env KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092);
 * {@code --cassandra} host:port (env CASSANDRA_CONTACT_POINTS, default 127.0.0.1:9042);
 * {@code --dc} (env CASSANDRA_LOCAL_DATACENTER, default datacenter1); {@code --topic} (default
 * video-embeddings); {@code --batch} videos per forward pass and per publish (default 1024);
 * {@code --as-of} the instant video ages are computed for (default now).
 */
public final class PublishEmbeddings {
    record Options(Path model, String videosFrom, String bootstrap, String cassandra, String dc, String topic, int batch, Instant asOf) {
        static Options parse(String[] args) {
            Path model = Path.of("ml-artifacts/models");
            String from = "cassandra", bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
            String cassandra = env("CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042"), dc = env("CASSANDRA_LOCAL_DATACENTER", "datacenter1");
            String topic = Topics.VIDEO_EMBEDDINGS;
            int batch = 1024;
            Instant asOf = Instant.now();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) throw new IllegalArgumentException("help");
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a);
                String v = args[++i];
                switch (a) {
                    case "--model" -> model = Path.of(v);
                    case "--videos-from" -> from = v;
                    case "--bootstrap" -> bootstrap = v;
                    case "--cassandra" -> cassandra = v;
                    case "--dc" -> dc = v;
                    case "--topic" -> topic = v;
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--as-of" -> asOf = Instant.parse(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1");
            return new Options(model, from, bootstrap, cassandra, dc, topic, batch, asOf);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println((e.getMessage().equals("help") ? "" : "publish-embeddings: " + e.getMessage() + "\n")
                    + "usage: PublishEmbeddings [--model <version dir | models root>] [--videos-from cassandra|<dataset>]"
                    + " [--bootstrap host:port] [--cassandra host:port] [--dc name] [--topic name] [--batch n] [--as-of instant]");
            System.exit(2);
            return;
        }
        try (TwoTowerModel model = load(o.model());
             var publisher = new EmbeddingPublisher(o.bootstrap(), o.topic(), Map.of())) {
            long n = run(o, model, publisher, System.out);
            System.out.printf("publish-embeddings: %d videos of %s published to %s%n", n, model.version(), o.topic());
        }
    }

    static TwoTowerModel load(Path model) throws IOException {
        return Files.exists(model.resolve("metadata.json")) ? TwoTowerModel.load(model) : TwoTowerModel.loadLatest(model);
    }

    /** @return videos published */
    static long run(Options o, TwoTowerModel model, EmbeddingPublisher publisher, PrintStream out) throws IOException {
        var batcher = new Batcher(model, publisher, o.batch(), o.asOf(), out);
        if (o.videosFrom().equals("cassandra")) {
            try (CqlSession session = CassandraSessions.open(o.cassandra(), o.dc())) {
                new CassandraVideos(session).forEachVideo(Math.min(5000, Math.max(100, o.batch())), batcher);
            }
        } else {
            DatasetVideos.forEach(Path.of(o.videosFrom()), batcher);
        }
        batcher.flush();
        return batcher.published;
    }

    /** Embeds and publishes one batch at a time: memory stays bounded, and a failure stops the run. */
    static final class Batcher implements java.util.function.Consumer<VideoFeatures> {
        private final TwoTowerModel model;
        private final EmbeddingPublisher publisher;
        private final int size;
        private final Instant asOf;
        private final PrintStream out;
        private final List<VideoFeatures> pending = new ArrayList<>();
        private final long start = System.nanoTime();
        private long published;
        private long lastReport = System.nanoTime();

        Batcher(TwoTowerModel model, EmbeddingPublisher publisher, int size, Instant asOf, PrintStream out) {
            this.model = model;
            this.publisher = publisher;
            this.size = size;
            this.asOf = asOf;
            this.out = out;
        }

        @Override
        public void accept(VideoFeatures v) {
            pending.add(v);
            if (pending.size() >= size) flush();
        }

        void flush() {
            if (pending.isEmpty()) return;
            float[][] vectors = model.videoEmbeddings(pending, asOf);
            var embeddings = new ArrayList<VideoEmbedding>(pending.size());
            for (int i = 0; i < pending.size(); i++) embeddings.add(embedding(pending.get(i), vectors[i], model.version()));
            publisher.publishAll(embeddings).join();
            published += pending.size();
            pending.clear();
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                out.printf("publish-embeddings: %d videos, %.0f/s%n", published, published / ((lastReport - start) / 1e9));
            }
        }
    }

    static VideoEmbedding embedding(VideoFeatures v, float[] vector, String version) {
        return EmbeddingPublisher.embedding(v, vector, version);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private PublishEmbeddings() {}
}
